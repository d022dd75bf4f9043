"""Demo minutes and reflections: Dan Dale (the demo ALIS) has minutes on his ten latest
sessions, picked from the catalogue, each with what was agreed and what to follow up, and
reflections (one shared with his supervisor, one private, one on a plan period). Runs after
the plans (it needs the catalogue). Idempotent: rows are found by session or by text."""

from datetime import timedelta

from django.utils import timezone

from placements.models import LearningObjective, Placement, PlanPeriod
from supervision.models import Reflection, SessionMinutes, SupervisionSession

DAN = "dan@demo.alisvest.no"
WANTED = 10

AGREED = [
    ("Dan leser Helsedirektoratets veileder om KOLS.", "Gå gjennom tre KOLS-pasienter fra lista."),
    ("Bruke sjekklisten for sykmelding i to uker.", "Hvordan gikk sjekklisten i praksis?"),
    ("Hospitere en dag på sykehjemmet.", "Erfaringer fra sykehjemmet."),
    ("Ta opp et vanskelig kasus i gruppen.", "Tilbakemelding fra gruppeveiledningen."),
    ("Lage en plan for legevaktsforberedelser.", "Gå gjennom planen før første vakt."),
    ("Skrive ned tre henvisninger som ble returnert.", "Hva hadde hver henvisning manglet?"),
    ("Øve på samtaler om alkohol med to pasienter.", "Hvordan ble samtalene mottatt?"),
    ("Lese om antibiotikabruk ved luftveisinfeksjon.", "Egen forskrivning siste måned."),
    ("Sette av tid til journalføring hver dag.", "Har journalene blitt liggende?"),
    ("Melde seg på kurs i akuttmedisin.", "Kursdato og hva som må dekkes opp."),
]


def seed(stdout):
    placement = (
        Placement.objects.filter(doctor__user__email=DAN)
        .select_related("programme")
        .order_by("-start")
        .first()
    )
    if placement is None:
        return
    assignment = placement.supervisor_assignments.order_by("-start").first()
    if assignment is None:
        return
    sessions = _sessions(placement, assignment.supervisor)
    objectives = list(
        LearningObjective.objects.filter(programme=placement.programme_id).order_by("order", "code")
    )
    previous = None
    for index, session in enumerate(sessions):
        _minutes(session, index, objectives, previous)
        previous = session
    _reflections(placement, sessions, objectives)
    stdout.write(f"Referater for {DAN}: {len(sessions)}")


def _sessions(placement, supervisor):
    """Dan's ten latest sessions, oldest first. If he has fewer, short "other" sessions are
    added: they do not count towards the monthly requirement, so the demo's checks stand."""
    have = placement.supervision_sessions.count()
    today = timezone.localdate()
    for n in range(max(0, WANTED - have)):
        day = max(placement.start, today - timedelta(days=3 + 7 * n))
        SupervisionSession.objects.get_or_create(
            placement=placement,
            date=day,
            kind=SupervisionSession.Kind.OTHER,
            defaults={"supervisor": supervisor, "minutes": 30, "topics": "Kort oppfølging"},
        )
    latest = placement.supervision_sessions.order_by("-date", "-pk")[:WANTED]
    return list(reversed(latest))


def _minutes(session, index, objectives, previous):
    agreed, follow_ups = AGREED[index % len(AGREED)]
    record, created = SessionMinutes.objects.get_or_create(
        session=session,
        defaults={"agreed": agreed, "follow_ups": follow_ups, "follows_up": previous},
    )
    if created and objectives:
        picked = {objectives[(index * 3 + k) % len(objectives)] for k in range(1 + index % 3)}
        record.objectives.set(picked)


def _reflections(placement, sessions, objectives):
    author = placement.doctor.user
    rows = [
        {
            "session": sessions[-1],
            "text": "Gjennomgangen av KOLS-pasientene ga meg en fast rekkefølge jeg kan bruke.",
            "shared": True,
        }
    ]
    if objectives:
        rows.append(
            {
                "objective": objectives[0],
                "text": "Jeg er fortsatt usikker her og vil øve mer før jeg ber om signatur.",
                "shared": False,
            }
        )
    period = PlanPeriod.objects.filter(plan__placement=placement).order_by("start").first()
    if period is not None:
        rows.append(
            {
                "period": period,
                "text": "Det første året i åpen praksis har gitt bredde; legevakt var tyngst.",
                "shared": True,
            }
        )
    for row in rows:
        Reflection.objects.get_or_create(
            placement=placement, text=row.pop("text"), defaults={"author": author, **row}
        )
