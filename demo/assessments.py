"""Demo assessments for Dan Dale: one completed case discussion with his colleague's
answers and one multi-source feedback with five responses, so the summary shows. Rows are
written directly (no e-mails go out from a demo). Idempotent: one of each kind."""

from datetime import timedelta

from django.utils import timezone

from placements.models import LearningObjective, Placement
from supervision.models import Assessment, AssessmentResponse, AssessorInvitation

DAN = "dan@demo.alisvest.no"
CASE = {
    "resonnering": "som",
    "utredning": "over",
    "oppfolging": "som",
    "samlet": "som",
    "styrker": "Grundig anamnese og en tydelig plan for oppfølging.",
    "forslag": "Oppsummer planen for pasienten før konsultasjonen avsluttes.",
}
MSF = [
    ("Nina Nilsen", "sykepleier", [5, 4, 4, 4, 5], "Lett å samarbeide med, lytter til oss."),
    ("Per Pedersen", "lege", [4, 4, 3, 4, 4], "Spør gjerne om råd ved tvil."),
    ("Rita Rønning", "medarbeider", [5, 5, 4, 3, 5], "Vennlig i skranken og på telefon."),
    ("Ola Opsahl", "sykepleier", [4, 3, 4, 4, 4], ""),
    ("Kari Kvamme", "lege", [4, 4, 5, 4, 4], "Faglig trygg på legevakt."),
]
MSF_KEYS = ["pasienter", "samarbeid", "palitelig", "faglig", "respekt"]


def _assessment(placement, kind, when, **fields):
    assessment, _created = Assessment.objects.get_or_create(
        placement=placement,
        kind=kind,
        defaults={
            "requested_by": placement.doctor.user,
            "created_at": when,
            "status": Assessment.Status.COMPLETE,
            "completed_at": when + timedelta(days=5),
            **fields,
        },
    )
    return assessment


def _answer(assessment, name, relation, answers, when):
    email = name.split()[0].lower() + "@demo.alisvest.no"
    invitation, _created = AssessorInvitation.objects.get_or_create(
        assessment=assessment,
        email=email,
        defaults={
            "name": name,
            "relation": relation,
            "created_at": when,
            "expires_at": when + timedelta(days=14),
            "sent_at": when,
            "used_at": when + timedelta(days=2),
        },
    )
    AssessmentResponse.objects.get_or_create(
        invitation=invitation,
        defaults={"answers": answers, "submitted_at": when + timedelta(days=2)},
    )


def seed(stdout):
    placement = (
        Placement.objects.filter(doctor__user__email=DAN).select_related("doctor__user").first()
    )
    if placement is None:
        return
    when = timezone.now() - timedelta(days=40)
    objective = LearningObjective.objects.filter(programme=placement.programme_id).first()
    case = _assessment(
        placement,
        Assessment.Kind.CASE_DISCUSSION,
        when,
        learning_objective=objective,
        context="Eldre pasient med nyoppstått tungpust",
    )
    _answer(case, "Per Pedersen", "lege", CASE, when)
    msf = _assessment(placement, Assessment.Kind.MULTI_SOURCE, when, context="Våren")
    for name, relation, ratings, comment in MSF:
        answers = {k: str(v) for k, v in zip(MSF_KEYS, ratings, strict=True)}
        _answer(msf, name, relation, answers | {"kommentar": comment}, when)
    stdout.write(f"Vurderinger: {Assessment.objects.filter(placement=placement).count()} for Dan.")
