from django.urls import path

from placements.register.views import (
    absences,
    assignments,
    cost_shares,
    directory,
    doctors,
    placements,
    substitutes,
    transfer,
)

urlpatterns = [
    path("leger/", doctors.doctor_list, name="doctor_list"),
    path("leger/ny/", doctors.doctor_create, name="doctor_create"),
    path("leger/<int:pk>/", doctors.doctor_detail, name="doctor_detail"),
    path("leger/<int:pk>/endre/", doctors.doctor_edit, name="doctor_edit"),
    path("leger/<int:pk>/inviter/", doctors.doctor_invite, name="doctor_invite"),
    path("stillinger/", placements.placement_list, name="placement_list"),
    path(
        "stillinger/eksport.<str:fmt>",
        placements.placement_export,
        name="placement_export",
    ),
    path("stillinger/ny/", placements.placement_create, name="placement_create"),
    path("stillinger/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path(
        "stillinger/<int:pk>/kostnadsandeler/",
        cost_shares.placement_cost_shares,
        name="placement_cost_shares",
    ),
    path("stillinger/<int:pk>/endre/", placements.placement_edit, name="placement_edit"),
    path("stillinger/<int:pk>/overfor/", transfer.placement_transfer, name="placement_transfer"),
    path(
        "stillinger/<int:pk>/veiledere/ny/",
        assignments.supervisor_assign,
        name="supervisor_assign",
    ),
    path("stillinger/<int:pk>/fravaer/nytt/", assignments.absence_create, name="absence_create"),
    path(
        "stillinger/<int:pk>/fravaer/<int:absence_pk>/endre/",
        absences.absence_edit,
        name="absence_edit",
    ),
    path(
        "stillinger/<int:pk>/fravaer/<int:absence_pk>/slett/",
        absences.absence_delete,
        name="absence_delete",
    ),
    path(
        "stillinger/<int:pk>/fravaer/<int:absence_pk>/flytt-slutt/",
        assignments.absence_move_end,
        name="absence_move_end",
    ),
    path("stillinger/<int:pk>/vikar/ny/", substitutes.substitute_create, name="substitute_create"),
    path("veileder/", assignments.my_alis, name="my_alis"),
    path("veiledere/", directory.supervisor_directory, name="supervisor_directory"),
    path(
        "kommuner/<str:number>/rekruttering/ny/",
        assignments.recruitment_round_create,
        name="recruitment_round_create",
    ),
]
