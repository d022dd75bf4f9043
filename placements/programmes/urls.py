from django.urls import path

from placements.programmes import views

urlpatterns = [
    path("programmer/", views.programme_list, name="programme_list"),
    path("programmer/ny/", views.programme_create, name="programme_create"),
    path("programmer/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmer/<slug:slug>/endre/", views.programme_edit, name="programme_edit"),
    path("programmer/<slug:slug>/velg/", views.programme_switch, name="programme_switch"),
]
