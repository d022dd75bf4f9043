from django.urls import path

from .views import consents, planning, retention, studies, surveys

app_name = "research"
urlpatterns = [
    path("planlegging/", planning.planning, name="planning"),
    path("forskning/", studies.study_list, name="study_list"),
    path("forskning/ny/", studies.study_create, name="study_create"),
    path("forskning/<int:pk>/", studies.study_detail, name="study_detail"),
    path("forskning/<int:pk>/endre/", studies.study_edit, name="study_edit"),
    path("forskning/mine-samtykker/", consents.my_consents, name="my_consents"),
    path("forskning/<int:pk>/samtykker/", consents.consent_list, name="consent_list"),
    path("forskning/<int:pk>/samtykker/ny/", consents.consent_create, name="consent_create"),
    path("forskning/<int:pk>/samtykker/tekst/", consents.information_text, name="information_text"),
    path("forskning/<int:pk>/samtykker/inviter/", consents.consent_invite, name="consent_invite"),
    path(
        "forskning/<int:pk>/samtykker/<int:consent_pk>/trekk-tilbake/",
        consents.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "forskning/<int:pk>/samtykker/<int:consent_pk>/samtykke.pdf",
        consents.consent_pdf,
        name="consent_pdf",
    ),
    path("samtykke/<str:token>/", consents.consent_by_link, name="consent_by_link"),
    path("forskning/<int:pk>/intervju/ny/", studies.round_form, name="round_create"),
    path(
        "forskning/<int:pk>/intervju/<int:round_pk>/",
        studies.round_detail,
        name="round_detail",
    ),
    path(
        "forskning/<int:pk>/intervju/<int:round_pk>/endre/",
        studies.round_form,
        name="round_edit",
    ),
    path(
        "forskning/<int:pk>/intervju/<int:round_pk>/slett/<int:interview_pk>/",
        studies.interview_delete,
        name="interview_delete",
    ),
    path("forskning/<int:pk>/uttrekk/", studies.export_page, name="export"),
    path("forskning/<int:pk>/undersokelser/ny/", surveys.wave_form, name="wave_create"),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/",
        surveys.wave_detail,
        name="wave_detail",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/endre/",
        surveys.wave_form,
        name="wave_edit",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/svarprosent/",
        surveys.wave_rate,
        name="wave_rate",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/send/",
        surveys.wave_invite,
        name="wave_invite",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/paminn/",
        surveys.wave_remind,
        name="wave_remind",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/mottakere/",
        surveys.wave_recipients,
        name="wave_recipients",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/adresse/",
        surveys.wave_address,
        name="wave_address",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/sporsmal/<int:question_pk>/endre/",
        surveys.question_edit,
        name="question_edit",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/sporsmal/<int:question_pk>/slett/",
        surveys.question_delete,
        name="question_delete",
    ),
    path(
        "forskning/<int:pk>/undersokelser/<int:wave_pk>/svar.<str:fmt>",
        surveys.wave_answers,
        name="wave_answers",
    ),
    path("sporreundersokelse/<str:token>/", surveys.survey_link, name="survey_link"),
    path(
        "sporreundersokelse/<str:number>/<str:token>/",
        surveys.survey_answer,
        name="survey_answer",
    ),
    path("forskning/<int:pk>/stabilitet/", retention.retention_page, name="retention"),
    path(
        "forskning/<int:pk>/stabilitet/rapport.pdf",
        retention.retention_pdf,
        name="retention_pdf",
    ),
    path(
        "forskning/<int:pk>/stabilitet/personer/",
        retention.retention_people,
        name="retention_people",
    ),
    path(
        "forskning/<int:pk>/stabilitet/<str:name>.<str:fmt>",
        retention.retention_figure,
        name="retention_figure",
    ),
]
