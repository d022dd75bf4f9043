from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("veiledning/", views.home, name="home"),
    path("veiledning/stilling/<int:pk>/", views.placement_sessions, name="placement"),
    path("veiledning/stilling/<int:pk>/ny/", views.session_create, name="session_create"),
    path("veiledning/stilling/<int:pk>/flere/", views.session_batch, name="session_batch"),
    path("veiledning/timer/<int:pk>/endre/", views.session_edit, name="session_edit"),
    path("veiledning/timer/<int:pk>/slett/", views.session_delete, name="session_delete"),
    path("veiledning/timer/<int:pk>/bekreft/", views.session_confirm, name="session_confirm"),
    path("veiledning/timer/<int:pk>/bestrid/", views.session_dispute, name="session_dispute"),
    path("veiledning/timer/<int:pk>/avklar/", views.session_resolve, name="session_resolve"),
    path("veiledning/stilling/<int:pk>/portefolje/", views.portfolio_page, name="portfolio"),
    path(
        "veiledning/stilling/<int:pk>/portefolje/fremdrift/",
        views.portfolio_progress,
        name="portfolio_progress",
    ),
    path(
        "veiledning/stilling/<int:pk>/portefolje.pdf",
        views.portfolio_download,
        name="portfolio_download",
    ),
    path("veiledning/stilling/<int:pk>/halvarsvurderinger/", views.review_list, name="review_list"),
    path(
        "veiledning/stilling/<int:pk>/halvarsvurderinger/<int:half_year>/ny/",
        views.review_create,
        name="review_create",
    ),
    path("veiledning/halvarsvurdering/<int:pk>/", views.review_detail, name="review_detail"),
    path("veiledning/halvarsvurdering/<int:pk>/endre/", views.review_edit, name="review_edit"),
    path(
        "veiledning/halvarsvurdering/<int:pk>/ny-versjon/", views.review_amend, name="review_amend"
    ),
    path("veiledning/halvarsvurdering/<int:pk>/signer/", views.review_sign, name="review_sign"),
    path("veiledning/stilling/<int:pk>/evaluering/", views.evaluation, name="evaluation"),
    path("veiledning/evalueringer/", views.evaluation_summary, name="evaluation_summary"),
    path(
        "veiledning/stilling/<int:pk>/vurderinger/",
        views.assessment_list,
        name="assessment_list",
    ),
    path(
        "veiledning/stilling/<int:pk>/vurderinger/ny/",
        views.assessment_create,
        name="assessment_create",
    ),
    path("veiledning/vurderinger/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path(
        "veiledning/vurderinger/<int:pk>/send-lenker/",
        views.assessment_resend,
        name="assessment_resend",
    ),
    path("vurdering/<str:token>/", views.assessment_answer, name="assessment_answer"),
    path(
        "veiledning/stilling/<int:pk>/refleksjon/ny/",
        views.reflection_create,
        name="reflection_create",
    ),
    path("veiledning/refleksjoner/<int:pk>/", views.reflection_edit, name="reflection_edit"),
    path(
        "veiledning/refleksjoner/<int:pk>/slett/",
        views.reflection_delete,
        name="reflection_delete",
    ),
    path("veiledning/etterlevelse/", views.compliance, name="compliance"),
    path("veiledning/arskontroll/", views.yearly_check, name="yearly_check"),
    path("veiledning/grupper/", views.group_list, name="group_list"),
    path("veiledning/grupper/<int:pk>/", views.group_detail, name="group_detail"),
    path("veiledning/grupper/ny/", views.group_create, name="group_create"),
    path("veiledning/grupper/<int:pk>/endre/", views.group_edit, name="group_edit"),
    path("veiledning/grupper/<int:pk>/slett/", views.group_delete, name="group_delete"),
    path("veiledning/grupper/<int:pk>/medlemmer/", views.group_members, name="group_members"),
    path("veiledning/grupper/<int:pk>/mote/ny/", views.meeting_create, name="meeting_create"),
    path(
        "veiledning/grupper/<int:pk>/mote/<int:meeting_pk>/endre/",
        views.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "veiledning/grupper/<int:pk>/mote/<int:meeting_pk>/slett/",
        views.meeting_delete,
        name="meeting_delete",
    ),
]
