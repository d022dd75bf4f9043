"""Demo data for placements: the ALIS-VEST programme, its phase-1 municipalities with the 2017
recruitment figures, one medical centre each, and one demo user per role."""

from datetime import date

from alisvest.models import User
from alisvest.roles import Role, grant_role
from demo.register import seed as seed_register
from placements.models import (
    MedicalCentre,
    Municipality,
    Participation,
    Programme,
    RecruitmentRound,
)

DEMO_PASSWORD = "demo-alisvest-2026"

# (2017 number, applicants or None, hired, round label) from the 2018 status talk.
PHASE_ONE = [
    ("1219", 12, 2, "Høsten 2017"),
    ("1228", 14, 2, "Høsten 2017"),
    ("1221", 14, 1, "Høsten 2017"),
    ("1413", 15, 1, "Høsten 2017"),
    ("1422", 4, 2, "Høsten 2017"),
    ("1424", 5, 1, "Høsten 2017"),
    ("1201", 72, 2, "Høsten 2017"),
    ("1266", None, 1, "Høsten 2017"),  # shared post with Modalen
    ("1252", None, 0, "Høsten 2017"),
    ("1411", None, 1, "Høsten 2017"),
    ("1241", None, 1, "Høsten 2017"),
    ("1238", None, 1, "Høsten 2018"),
]

CENTRES = {
    "4601": ("Åsane legesenter", 6, 4),
    "4613": ("Bømlo legesenter", 5, 3),
    "4614": ("Stord legesenter", 7, 4),
    "4618": ("Odda legesenter", 4, 2),
    "4622": ("Kvam legesenter", 4, 2),
    "4624": ("Fusa legekontor", 3, 1),
    "4629": ("Modalen legekontor", 2, 1),
    "4634": ("Masfjorden legekontor", 2, 1),
    "4635": ("Gulen legekontor", 3, 1),
    "4637": ("Hyllestad legekontor", 2, 1),
    "4642": ("Lærdal legesenter", 3, 2),
    "4643": ("Årdal legesenter", 4, 2),
}

USERS = [
    ("leder@demo.alisvest.no", "Liv Leder", Role.PROJECT_LEADER),
    ("styring@demo.alisvest.no", "Steinar Styre", Role.STEERING_GROUP),
    ("alice@demo.alisvest.no", "Alice Aas (helseleder Bergen)", Role.MANAGER),
    ("bob@demo.alisvest.no", "Bob Berg (helseleder Stord)", Role.MANAGER),
    ("carol@demo.alisvest.no", "Carol Corneliussen (veileder)", Role.SUPERVISOR),
    ("dan@demo.alisvest.no", "Dan Dale (ALIS)", Role.ALIS),
    ("erin@demo.alisvest.no", "Erin Eide (forsker)", Role.RESEARCHER),
]


def seed(stdout):
    former = {m.number: m for m in Municipality.objects.exclude(valid_to=None)}
    current = {m.number: m for m in Municipality.objects.current()}
    vest, _ = Programme.objects.update_or_create(
        slug="alis-vest",
        defaults={
            "name": "ALIS-VEST",
            "started": date(2017, 1, 1),
            "lead_municipality": current["4601"],
            "description": "Faste ALIS-stillinger i Vestland, Rogaland og Møre og Romsdal.",
            "monthly_supervision_minutes": 120,
            "host_name": "Bergen kommune",
            "host_organisation_number": "964338531",
            "host_address": "Postboks 7700\n5020 Bergen",
            "host_account_number": "52010612345",
        },
    )
    Municipality.objects.filter(pk=current["4601"].pk).update(organisation_number="964338531")
    _phase_one(vest, former)
    _centres(current)
    _users(vest, current)
    seed_register(vest, User.objects.get(email="carol@demo.alisvest.no"), stdout)


def _phase_one(vest, former):
    """The phase-1 municipalities (by their 2017 numbers) and their recruitment rounds."""
    for number, applicants, hired, label in PHASE_ONE:
        municipality = former[number]
        Participation.objects.get_or_create(
            programme=vest,
            municipality=municipality,
            defaults={"phase": 1, "joined": date(2017, 9, 1)},
        )
        RecruitmentRound.objects.update_or_create(
            programme=vest,
            municipality=municipality,
            label=label,
            defaults={
                "date": date(2017, 9, 1) if "2017" in label else date(2018, 9, 1),
                "applicants": applicants,
                "hired": hired,
                "note": "Delt stilling med Modalen" if number == "1266" else "",
            },
        )


def _centres(current):
    for number, (name, doctors, specialists) in CENTRES.items():
        MedicalCentre.objects.get_or_create(
            municipality=current[number],
            name=name,
            defaults={
                "doctor_count": doctors,
                "specialist_count": specialists,
                "has_alis_office": True,
                "support_staff_count": doctors,
                "support_staff_competence": "Sykepleier, helsesekretær",
                "equipment": ["ekg", "spirometri", "laboratorium"],
            },
        )


def _users(vest, current):
    """One user per role: programme roles on ALIS-VEST, managers on their municipality."""
    scope = {
        Role.PROJECT_LEADER: vest,
        Role.STEERING_GROUP: vest,
        Role.RESEARCHER: vest,
    }
    managed = {
        "alice@demo.alisvest.no": current["4601"],
        "bob@demo.alisvest.no": current["4614"],
    }
    for email, name, role in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
        grant_role(user, role, scope.get(role) or managed.get(email))
