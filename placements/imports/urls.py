from django.urls import path

from placements.imports import views

urlpatterns = [
    path("stillinger/import/", views.placement_import, name="placement_import"),
    path(
        "stillinger/import/mal.xlsx",
        views.placement_import_template,
        name="placement_import_template",
    ),
    path(
        "stillinger/import/<slug:token>/",
        views.placement_import_preview,
        name="placement_import_preview",
    ),
]
