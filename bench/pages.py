"""The most used pages and API list endpoints, as (name, user e-mail, url) in the synthetic
data: the benchmark times them (bench/run.py), the load test browses them
(bench/locustfile.py) and tests/product/test_query_counts.py pins their query counts. A page
whose URL name does not resolve comes back with url None."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from demo.synthetic import DOMAIN, PROGRAMME_SLUG
from placements.models import Call, Municipality, Placement, SupervisorAssignment
from research.models import Study

LEADER = f"leder1@{DOMAIN}"
MANAGER = f"helseleder1@{DOMAIN}"
BOARD = f"styring1@{DOMAIN}"
RESEARCHER = f"forsker1@{DOMAIN}"
API = [
    "programme",
    "municipality",
    "centre",
    "call",
    "application",
    "review",
    "supervision-session",
    "supervision-check",
    "placement",
    "doctor",
    "grant-scheme",
    "expense",
    "grant-statement",
    "study",
    "survey-wave",
    "task",
]


def subjects():
    """The objects the pages show: the first active placement today, its supervisor and
    ALIS (a user too), its county, the latest call and the first study."""
    today = timezone.localdate()
    active = Placement.objects.filter(programme__slug=PROGRAMME_SLUG).active(today)
    placement = active.order_by("pk").first()
    supervisor = (
        SupervisorAssignment.objects.filter(placement=placement, start__lte=today)
        .order_by("-start")
        .values_list("supervisor__email", flat=True)
        .first()
    )
    study = Study.objects.filter(programme__slug=PROGRAMME_SLUG).values_list("pk", flat=True)
    return {
        "placement": placement,
        "supervisor": supervisor,
        "alis": placement.doctor.user.email,
        "county": Municipality.objects.get(pk=placement.municipality_id).county,
        "call": Call.objects.filter(programme__slug=PROGRAMME_SLUG).order_by("-deadline").first(),
        "study": study.first() or 0,
    }


def dashboards(s):
    return [
        ("Oversikt: prosjektleder", LEADER, "dashboard", {}, ""),
        ("Oversikt: styringsgruppe", BOARD, "dashboard", {}, ""),
        ("Oversikt: helseleder", MANAGER, "dashboard", {}, ""),
        ("Oversikt: veileder", s["supervisor"], "dashboard", {}, ""),
        ("Oversikt: ALIS", s["alis"], "dashboard", {}, ""),
        ("Oversikt: forsker", RESEARCHER, "dashboard", {}, ""),
    ]


def todo_pages(s):
    """The to-do list is the first page everyone sees: every role's."""
    return [
        ("Oppgaver: prosjektleder", LEADER, "tasks", {}, ""),
        ("Oppgaver: styringsgruppe", BOARD, "tasks", {}, ""),
        ("Oppgaver: helseleder", MANAGER, "tasks", {}, ""),
        ("Oppgaver: veileder", s["supervisor"], "tasks", {}, ""),
        ("Oppgaver: ALIS", s["alis"], "tasks", {}, ""),
        ("Oppgaver: forsker", RESEARCHER, "tasks", {}, ""),
    ]


def work_pages(s):
    placement, supervisor = {"pk": s["placement"].pk}, s["supervisor"]
    return [
        ("Veiledning: veileders start", supervisor, "supervision:home", {}, ""),
        ("Stillinger, filtrert (aktive i fylket)", LEADER, "placements:placement_list", {},
         f"?status=aktiv&fylke={s['county']}"),
        ("Stilling", LEADER, "placements:placement_detail", placement, ""),
        ("Veiledning: skjema ny time", supervisor, "supervision:session_create", placement, ""),
        ("Veiledning: timer i stillingen", supervisor, "supervision:placement", placement, ""),
        ("Etterlevelse (varmekart)", LEADER, "supervision:compliance", {}, ""),
        ("Etterlevelse (helseleder)", MANAGER, "supervision:compliance", {}, ""),
        ("Søknader til vurdering (utlysning)", LEADER, "placements:call_detail",
         {"pk": s["call"].pk}, ""),
        ("Leger (register)", LEADER, "placements:doctor_list", {}, ""),
        ("Økonomi: oversikt", LEADER, "funding:overview", {}, ""),
        ("Økonomi: oppgjør", LEADER, "funding:statement_list", {}, ""),
        ("Økonomi: krav (helseleder)", MANAGER, "funding:claim_list", {}, ""),
        ("Planlegging (styringsgruppe)", BOARD, "research:planning", {}, ""),
        ("Følgeforskning: retensjon", RESEARCHER, "research:retention", {"pk": s["study"]}, ""),
    ]  # fmt: skip


def resolve(url_name, kwargs, query):
    try:
        return reverse(url_name, kwargs=kwargs) + query
    except NoReverseMatch:
        return None


def pages():
    """(name, user e-mail, url): each role's dashboard and the most used pages."""
    s = subjects()
    wanted = dashboards(s) + todo_pages(s) + work_pages(s)
    wanted += [(f"API: {name}-list", LEADER, f"{name}-list", {}, "") for name in API]
    return [(name, email, resolve(*rest)) for name, email, *rest in wanted]
