from django.urls import path

from . import views, views_retention, views_studies, views_surveys

app_name = "research"
urlpatterns = [
    path("planlegging/", views.planning, name="planning"),
    path("forskning/", views_studies.study_list, name="study_list"),
    path("forskning/ny/", views_studies.study_create, name="study_create"),
    path("forskning/<int:pk>/", views_studies.study_detail, name="study_detail"),
    path("forskning/<int:pk>/endre/", views_studies.study_edit, name="study_edit"),
    path("forskning/<int:pk>/samtykker/", views_studies.consent_list, name="consent_list"),
    path("forskning/<int:pk>/samtykker/ny/", views_studies.consent_create, name="consent_create"),
    path(
        "forskning/<int:pk>/samtykker/<int:consent_pk>/trekk-tilbake/",
        views_studies.consent_withdraw,
        name="consent_withdraw",
    ),
    path("forskning/<int:pk>/intervju/ny/", views_studies.round_form, name="round_create"),
    path(
        "forskning/<int:pk>/intervju/<int:round_pk>/",
        views_studies.round_detail,
        name="round_detail",
    ),
    path(
        "forskning/<int:pk>/intervju/<int:round_pk>/endre/",
        views_studies.round_form,
        name="round_edit",
    ),
    path(
        "forskning/<int:pk>/intervju/<int:round_pk>/slett/<int:interview_pk>/",
        views_studies.interview_delete,
        name="interview_delete",
    ),
    path("forskning/<int:pk>/uttrekk/", views_studies.export_page, name="export"),
    path("forskning/<int:pk>/undersokelser/ny/", views_surveys.wave_form, name="wave_create"),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/",
        views_surveys.wave_detail,
        name="wave_detail",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/endre/",
        views_surveys.wave_form,
        name="wave_edit",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/svarprosent/",
        views_surveys.wave_rate,
        name="wave_rate",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/send/",
        views_surveys.wave_invite,
        name="wave_invite",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/paminn/",
        views_surveys.wave_remind,
        name="wave_remind",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/sporsmal/<int:question_pk>/slett/",
        views_surveys.question_delete,
        name="question_delete",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/svar.<str:fmt>",
        views_surveys.wave_answers,
        name="wave_answers",
    ),
    path(
        "sporreundersokelse/<str:number>/<str:token>/",
        views_surveys.survey_answer,
        name="survey_answer",
    ),
    path("forskning/<int:pk>/stabilitet/", views_retention.retention_page, name="retention"),
    path(
        "forskning/<int:pk>/stabilitet/rapport.pdf",
        views_retention.retention_pdf,
        name="retention_pdf",
    ),
    path(
        "forskning/<int:pk>/stabilitet/personer/",
        views_retention.retention_people,
        name="retention_people",
    ),
    path(
        "forskning/<int:pk>/stabilitet/<str:name>.<str:fmt>",
        views_retention.retention_figure,
        name="retention_figure",
    ),
]
