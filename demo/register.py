"""Demo data for the register: ALIS-VEST's phase-1 placements as the recruitment figures
tell them. 14 ALIS from 1 September 2017 and Kvam's in autumn 2018, each with an
individual supervisor; five leave within the first year for the reasons the follow-up
study gives, and Stord's post is filled again, so 16 placements for the 16 funded posts.
Records keep the 2017 municipality ("Odda"), which counts towards today's (Ullensvang).

The doctors' HPR numbers, names and start dates are those research/demo.py uses for the
same cohorts, so whichever demo runs first creates the rows and the other finds them.
Idempotent: rows are found by their natural keys."""

from datetime import date

from alisvest.models import User
from alisvest.roles import Role, grant_role
from placements.models import Doctor, MedicalCentre, Municipality, Placement, SupervisorAssignment

P = Placement
START = date(2017, 9, 1)  # the kick-off seminar

# (name, hpr, 2017 municipality, start, actual end, end reason, destination)
PHASE_ONE = [
    ("Anna Askeland", "9200001", "1219", START, None, "", ""),
    ("Bjørn Bø", "9200002", "1219", START, date(2018, 6, 30), P.EndReason.FAMILY,
     P.Destination.LEFT_MUNICIPALITY),
    ("Cecilie Dahl", "9200003", "1228", START, None, "", ""),
    ("David Eik", "9200004", "1228", START, date(2018, 3, 31), P.EndReason.NOT_GENERAL_PRACTICE,
     P.Destination.HOSPITAL),
    ("Eva Fjell", "9200005", "1221", START, date(2018, 8, 31), P.EndReason.OWN_LIST,
     P.Destination.OWN_LIST_SAME),
    ("Frode Gran", "9200006", "1413", START, None, "", ""),
    ("Guro Haug", "9200007", "1422", START, date(2018, 5, 31), P.EndReason.PAY_CONDITIONS,
     P.Destination.LEFT_MUNICIPALITY),
    ("Helge Ims", "9200008", "1422", START, None, "", ""),
    ("Ingrid Jore", "9200009", "1424", START, None, "", ""),
    ("Jon Kleppe", "9200010", "1201", START, date(2018, 7, 31), P.EndReason.FAMILY,
     P.Destination.LEFT_MUNICIPALITY),
    ("Kari Lunde", "9200011", "1201", START, date(2020, 12, 31), P.EndReason.OWN_LIST,
     P.Destination.OWN_LIST_SAME),
    ("Lars Moe", "9200012", "1266", START, None, "", ""),  # shared with Modalen
    ("Mona Nes", "9200013", "1411", START, date(2021, 2, 28), P.EndReason.PAY_CONDITIONS,
     P.Destination.OTHER_MUNICIPAL_POST),
    ("Nils Ottesen", "9200014", "1241", START, None, "", ""),
    ("Ola Prestegård", "9200015", "1238", date(2018, 9, 1), None, "", ""),
    # Stord's post filled again after Eva Fjell moved to her own list.
    ("Pia Rød", "9200016", "1221", date(2018, 9, 1), date(2019, 10, 31),
     P.EndReason.NOT_GENERAL_PRACTICE, P.Destination.HOSPITAL),
]  # fmt: skip

END_NOTES = {
    "9200002": "Flyttet av familiehensyn.",
    "9200004": "Valgte spesialisering i indremedisin.",
    "9200005": "Tok over egen fastlegeliste i kommunen – en suksess for rekrutteringen.",
    "9200007": "Misfornøyd med lønn og vaktbelastning.",
    "9200010": "Partner fikk jobb i en annen landsdel.",
}

# Individual supervisors, one per 2017 municipality: (email, name, specialist, same centre).
# None: Carol, the demo supervisor login, supervises Bergen's ALIS.
SUPERVISORS = {
    "1219": ("veileder.bomlo@demo.alisvest.no", "Ragnhild Sæbø", True, True),
    "1228": ("veileder.odda@demo.alisvest.no", "Kjell Tveito", False, True),
    "1221": ("veileder.stord@demo.alisvest.no", "Marit Hope", True, True),
    "1413": ("veileder.hyllestad@demo.alisvest.no", "Einar Hellebust", True, True),
    "1422": ("veileder.laerdal@demo.alisvest.no", "Solveig Øren", True, True),
    "1424": ("veileder.ardal@demo.alisvest.no", "Arne Hæreid", True, True),
    "1201": None,
    "1266": ("veileder.modalen@demo.alisvest.no", "Torunn Hauge", True, False),
    "1411": ("veileder.gulen@demo.alisvest.no", "Per Brosvik", True, True),
    "1241": ("veileder.fusa@demo.alisvest.no", "Liv Eikeland", True, True),
    "1238": ("veileder.kvam@demo.alisvest.no", "Geir Steinsland", True, True),
}


def _supervisor(number, carol):
    spec = SUPERVISORS[number]
    if spec is None:
        return carol, True, True
    email, name, specialist, same_centre = spec
    user = User.objects.filter(email=email).first()
    if user is None:
        # Supervisors of 2017 without a login: the record names them, nobody signs in.
        user = User.objects.create_user(email=email, password=None, name=name)
        grant_role(user, Role.SUPERVISOR)
    return user, specialist, same_centre


def seed(vest, carol, stdout=None):
    former = {m.number: m for m in Municipality.objects.exclude(valid_to=None)}
    modalen = former["1252"]
    created = 0
    for name, hpr, number, start, end, reason, destination in PHASE_ONE:
        municipality = former[number]
        centre = (
            MedicalCentre.objects.filter(municipality=municipality.merged_into)
            .order_by("pk")
            .first()
        )
        doctor, _ = Doctor.objects.get_or_create(
            hpr_number=hpr,
            defaults={
                "programme": vest,
                "name": name,
                "email": f"alis{hpr[-2:]}@demo.alisvest.no",
            },
        )
        placement, made = Placement.objects.get_or_create(
            doctor=doctor,
            start=start,
            defaults={
                "programme": vest,
                "municipality": municipality,
                "second_municipality": modalen if number == "1266" else None,
                "centre": centre,
                "contract_type": P.ContractType.FIXED_SALARY,
                "planned_end": start.replace(year=start.year + 5),
                "actual_end": end,
                "end_reason": reason,
                "end_note": END_NOTES.get(hpr, ""),
                "destination": destination,
                "list_length": 750,
                "other_work_percent": 20,
            },
        )
        created += made
        if not placement.supervisor_assignments.exists():
            supervisor, specialist, same_centre = _supervisor(number, carol)
            SupervisorAssignment.objects.create(
                placement=placement,
                supervisor=supervisor,
                start=placement.start,
                end=placement.end,
                is_specialist=specialist,
                same_centre=same_centre,
            )
    if stdout is not None:
        stdout.write(f"Register: {len(PHASE_ONE)} fase 1-stillinger ({created} nye).")
