from django.urls import path

from . import views, views_doctors, views_import, views_placements, views_register
from .urls_applications import urlpatterns as application_urlpatterns
from .urls_plans import urlpatterns as plan_urlpatterns

app_name = "placements"
urlpatterns = [
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality_detail"),
    path("kommuner/<str:number>/legesentre/ny/", views.centre_create, name="centre_create"),
    path("legesentre/<int:pk>/", views.centre_detail, name="centre_detail"),
    path("legesentre/<int:pk>/endre/", views.centre_edit, name="centre_edit"),
    path("leger/", views_doctors.doctor_list, name="doctor_list"),
    path("leger/ny/", views_doctors.doctor_create, name="doctor_create"),
    path("leger/<int:pk>/", views_doctors.doctor_detail, name="doctor_detail"),
    path("leger/<int:pk>/endre/", views_doctors.doctor_edit, name="doctor_edit"),
    path("leger/<int:pk>/inviter/", views_doctors.doctor_invite, name="doctor_invite"),
    path("stillinger/", views_placements.placement_list, name="placement_list"),
    path(
        "stillinger/eksport.<str:fmt>",
        views_placements.placement_export,
        name="placement_export",
    ),
    path("stillinger/import/", views_import.placement_import, name="placement_import"),
    path(
        "stillinger/import/mal.xlsx",
        views_import.placement_import_template,
        name="placement_import_template",
    ),
    path(
        "stillinger/import/<slug:token>/",
        views_import.placement_import_preview,
        name="placement_import_preview",
    ),
    path("stillinger/ny/", views_placements.placement_create, name="placement_create"),
    path("stillinger/<int:pk>/", views_placements.placement_detail, name="placement_detail"),
    path("stillinger/<int:pk>/endre/", views_placements.placement_edit, name="placement_edit"),
    path(
        "stillinger/<int:pk>/veiledere/ny/",
        views_register.supervisor_assign,
        name="supervisor_assign",
    ),
    path("stillinger/<int:pk>/fravaer/nytt/", views_register.absence_create, name="absence_create"),
    path(
        "stillinger/<int:pk>/fravaer/<int:absence_pk>/flytt-slutt/",
        views_register.absence_move_end,
        name="absence_move_end",
    ),
    path("veileder/", views_register.my_alis, name="my_alis"),
    path(
        "kommuner/<str:number>/rekruttering/ny/",
        views_register.recruitment_round_create,
        name="recruitment_round_create",
    ),
]
urlpatterns += application_urlpatterns
urlpatterns += plan_urlpatterns
