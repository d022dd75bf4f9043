"""The product's URLs plus one that fails, to see the 500 page the product's handler gives."""

from django.urls import path

from alisvest.urls import handler500, urlpatterns

__all__ = ["handler500", "urlpatterns"]


def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("feiler/", fails), *urlpatterns]
