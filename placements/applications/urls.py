from django.urls import path

from placements.applications import views

urlpatterns = [
    path("utlysninger/", views.call_list, name="call_list"),
    path("utlysninger/ny/", views.call_create, name="call_create"),
    path("utlysninger/<int:pk>/", views.call_detail, name="call_detail"),
    path(
        "utlysninger/<int:pk>/<str:number>/sok/",
        views.application_start,
        name="application_start",
    ),
    path(
        "utlysninger/<int:pk>/<str:number>/pamelding/",
        views.meeting_signup,
        name="meeting_signup",
    ),
    path("soknader/<int:pk>/", views.application_detail, name="application_detail"),
    path("soknader/<int:pk>/endre/", views.application_edit, name="application_edit"),
    path("soknader/<int:pk>/trekk/", views.application_withdraw, name="application_withdraw"),
    path(
        "soknader/<int:pk>/behandle/<str:action>/",
        views.application_review,
        name="application_review",
    ),
    path("utlysninger/<int:pk>/eksport.<str:kind>", views.call_export, name="call_export"),
    path("soknader/<int:pk>/pdf/", views.application_pdf, name="application_pdf"),
    path("soknader/<int:pk>/vedtak.pdf", views.decision_pdf, name="decision_pdf"),
    path("soknader/<int:pk>/vurdering/", views.application_score, name="application_score"),
    path("soknader/<int:pk>/vedlegg/", views.attachment_upload, name="attachment_upload"),
    path(
        "soknader/<int:pk>/vedlegg/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "soknader/<int:pk>/vedlegg/<int:attachment_pk>/slett/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
