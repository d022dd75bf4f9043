from django.urls import path

from placements.applications.views import (
    applications,
    attachments,
    calls,
    changes,
    decisions,
    exports,
    reviews,
)

urlpatterns = [
    path("utlysninger/", calls.call_list, name="call_list"),
    path("utlysninger/ny/", calls.call_create, name="call_create"),
    path("utlysninger/<int:pk>/", calls.call_detail, name="call_detail"),
    path("utlysninger/<int:pk>/endre/", calls.call_correct, name="call_correct"),
    path("utlysninger/<int:pk>/etter-fristen/", calls.call_accept_late, name="call_accept_late"),
    path(
        "utlysninger/<int:pk>/<str:number>/sok/",
        calls.application_start,
        name="application_start",
    ),
    path(
        "utlysninger/<int:pk>/<str:number>/pamelding/",
        calls.meeting_signup,
        name="meeting_signup",
    ),
    path("soknader/<int:pk>/", applications.application_detail, name="application_detail"),
    path("soknader/<int:pk>/endringer/", changes.application_changes, name="application_changes"),
    path("soknader/<int:pk>/endre/", applications.application_edit, name="application_edit"),
    path(
        "soknader/<int:pk>/trekk/", applications.application_withdraw, name="application_withdraw"
    ),
    path(
        "soknader/<int:pk>/behandle/<str:action>/",
        reviews.application_review,
        name="application_review",
    ),
    path("soknader/<int:pk>/vedtak/", decisions.application_decide, name="application_decide"),
    path("soknader/<int:pk>/stemme/", decisions.application_vote, name="application_vote"),
    path(
        "soknader/<int:pk>/stillinger/<int:slot>/utlys/",
        decisions.slot_announce,
        name="slot_announce",
    ),
    path("soknader/<int:pk>/stillinger/<int:slot>/besett/", decisions.slot_fill, name="slot_fill"),
    path(
        "soknader/<int:pk>/stillinger/<int:slot>/lever-tilbake/",
        decisions.slot_return,
        name="slot_return",
    ),
    path("utlysninger/<int:pk>/fylker/", decisions.call_quotas, name="call_quotas"),
    path("utlysninger/<int:pk>/protokoll.pdf", decisions.call_minutes, name="call_minutes"),
    path("utlysninger/<int:pk>/eksport.<str:kind>", exports.call_export, name="call_export"),
    path("soknader/<int:pk>/pdf/", applications.application_pdf, name="application_pdf"),
    path("soknader/<int:pk>/vedtak.pdf", applications.decision_pdf, name="decision_pdf"),
    path("soknader/<int:pk>/vurdering/", reviews.application_score, name="application_score"),
    path("soknader/<int:pk>/vedlegg/", attachments.attachment_upload, name="attachment_upload"),
    path(
        "soknader/<int:pk>/vedlegg/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "soknader/<int:pk>/vedlegg/<int:attachment_pk>/slett/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
]
