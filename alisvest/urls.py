from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from funding import api as funding_api
from placements.agreements import api as agreements_api
from placements.applications import api as applications_api
from placements.municipalities import api as municipalities_api
from placements.plans import api as plans_api
from placements.register import api as register_api
from research import api as research_api
from research.views import erasure as views_erasure
from supervision import api as supervision_api
from supervision import portfolio_api, reviews_api
from supervision.assessments import api as assessments_api

from . import language, me_api, todo_api
from .views import accounts, audit, calendar, health, pages, todo

router = DefaultRouter()
router.register("programmes", municipalities_api.ProgrammeViewSet, basename="programme")
router.register("municipalities", municipalities_api.MunicipalityViewSet, basename="municipality")
router.register("centres", municipalities_api.MedicalCentreViewSet, basename="centre")
router.register("doctors", register_api.DoctorViewSet, basename="doctor")
router.register("placements", register_api.PlacementViewSet, basename="placement")
router.register(
    "supervisor-assignments",
    register_api.SupervisorAssignmentViewSet,
    basename="supervisor-assignment",
)
router.register("absences", register_api.AbsenceViewSet, basename="absence")
router.register(
    "recruitment-rounds", register_api.RecruitmentRoundViewSet, basename="recruitment-round"
)
router.register("agreements", agreements_api.AgreementViewSet, basename="agreement")
router.register("calls", applications_api.CallViewSet, basename="call")
router.register("applications", applications_api.ApplicationViewSet, basename="application")
router.register("reviews", applications_api.ReviewViewSet, basename="review")
router.register(
    "learning-objectives", plans_api.LearningObjectiveViewSet, basename="learning-objective"
)
router.register(
    "objective-progress", plans_api.ObjectiveProgressViewSet, basename="objective-progress"
)
router.register(
    "supervision-sessions",
    supervision_api.SupervisionSessionViewSet,
    basename="supervision-session",
)
router.register(
    "supervision-checks", supervision_api.MonthlyCheckViewSet, basename="supervision-check"
)
router.register("progress-reviews", reviews_api.ProgressReviewViewSet, basename="progress-review")
router.register("post-evaluations", reviews_api.PostEvaluationViewSet, basename="post-evaluation")
router.register("assessments", assessments_api.AssessmentViewSet, basename="assessment")
router.register(
    "session-minutes", supervision_api.SessionMinutesViewSet, basename="session-minutes"
)
router.register("reflections", supervision_api.ReflectionViewSet, basename="reflection")
router.register("grant-schemes", funding_api.GrantSchemeViewSet, basename="grant-scheme")
router.register("expenses", funding_api.ExpenseViewSet, basename="expense")
router.register("grant-statements", funding_api.GrantStatementViewSet, basename="grant-statement")
router.register("credit-notes", funding_api.CreditNoteViewSet, basename="credit-note")
router.register("national-claims", funding_api.NationalClaimViewSet, basename="national-claim")

router.register("studies", research_api.StudyViewSet, basename="study")
router.register("consents", research_api.ConsentViewSet, basename="consent")
router.register("interview-rounds", research_api.InterviewRoundViewSet, basename="interview-round")
router.register("survey-waves", research_api.SurveyWaveViewSet, basename="survey-wave")
router.register("exports", research_api.ExportLogViewSet, basename="export-log")
router.register("tasks", todo_api.TaskViewSet, basename="task")
router.register("me", me_api.MeViewSet, basename="me")

admin.site.site_header = "ALIS-VEST"
admin.site.site_title = "ALIS-VEST"
# No side door: the admin's own login form takes a password without MFA or allauth's rate
# limits, so it sends people to allauth's login (which asks for the second factor) instead.
admin.site.login = secure_admin_login(admin.site.login)

handler500 = "alisvest.views.errors.server_error"

urlpatterns = [
    path("", pages.home, name="home"),
    path("oversikt/", pages.dashboard, name="dashboard"),
    path("oppgaver/", todo.task_list, name="tasks"),
    path("oppgaver/antall/", todo.task_count, name="task_count"),
    path("profil/", accounts.profile, name="profile"),
    path("profil/varsler/", accounts.email_settings, name="email_settings"),
    path("profil/sprak/", accounts.language_settings, name="language_settings"),
    path("profil/nokler/<int:pk>/trekk-tilbake/", accounts.revoke_token, name="revoke_token"),
    path("profil/kalender/ny-adresse/", calendar.calendar_new_address, name="calendar_new_address"),
    path("kalender/<str:feed>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("invitasjoner/", accounts.invitations, name="invitations"),
    path("invitasjoner/<int:pk>/send-igjen/", accounts.resend_invitation, name="resend_invitation"),
    path("invitasjon/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("revisjon/", audit.audit_log, name="audit_log"),
    path("revisjon/eksport.csv", audit.audit_export, name="audit_export"),
    path("personvern/", views_erasure.erasure_people, name="erasure_people"),
    path("personvern/lege/<int:pk>/slett/", views_erasure.erase_doctor, name="erase_doctor"),
    path("personvern/person/<int:pk>/slett/", views_erasure.erase_person, name="erase_person"),
    path(
        "personvern/deltaker/<int:pk>/slett/",
        views_erasure.erase_participant,
        name="erase_participant",
    ),
    path(
        "personvern/undersokelse/<int:pk>/slett/",
        views_erasure.erase_survey_contact,
        name="erase_survey_contact",
    ),
    path("healthz", pages.healthz, name="healthz"),
    path("tilgjengelighet/", pages.accessibility, name="accessibility"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("", include("placements.urls")),
    path("", include("supervision.urls")),
    path("", include("research.urls")),
    path("", include("funding.urls")),
    path("", include("alisvest.identity.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path(
        "api/v1/placements/<int:pk>/portfolio.pdf",
        portfolio_api.PortfolioPdfView.as_view(),
        name="placement-portfolio",
    ),
    path("api/v1/", include(router.urls)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
