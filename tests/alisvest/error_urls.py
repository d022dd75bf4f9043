"""The product's URLs plus one that fails and one that refuses: the 500 and 400 pages
the product's handlers give."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from alisvest.urls import handler500, urlpatterns

__all__ = ["handler500", "urlpatterns"]


def fails(request):
    raise RuntimeError("a bug")


def refuses(request):
    raise SuspiciousOperation("hostile input")


urlpatterns = [path("feiler/", fails), path("ugyldig/", refuses), *urlpatterns]
