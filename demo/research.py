"""Demo data for the follow-up research: the first ALIS-VEST cohorts with the departures
the follow-up study describes, NSDM's study "Følgestudie ALIS-Vest" with consents (one
withdrawn), the interview rounds of the 2022 report, and a survey wave with some answers.
Idempotent: rows are found by their natural keys."""

from datetime import UTC, date, datetime

from alisvest.models import MunicipalityUserObjectPermission, User
from placements.models import (
    Doctor,
    MedicalCentre,
    Municipality,
    Participation,
    Placement,
    Programme,
)
from research.models import (
    Category,
    Consent,
    Interview,
    InterviewRound,
    Question,
    RoundTarget,
    Study,
    SurveyInvitation,
    SurveyResponse,
    SurveyWave,
)
from research.services import publish_text

P = Placement
# (name, hpr, municipality number today, start, contract, actual end, reason, destination)
COHORTS = [
    ("Anna Askeland", "9200001", "4613", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Bjørn Bø", "9200002", "4613", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     date(2018, 6, 30), P.EndReason.FAMILY, P.Destination.LEFT_MUNICIPALITY),
    ("Cecilie Dahl", "9200003", "4618", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("David Eik", "9200004", "4618", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     date(2018, 3, 31), P.EndReason.NOT_GENERAL_PRACTICE, P.Destination.HOSPITAL),
    ("Eva Fjell", "9200005", "4614", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     date(2018, 8, 31), P.EndReason.OWN_LIST, P.Destination.OWN_LIST_SAME),
    ("Frode Gran", "9200006", "4637", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Guro Haug", "9200007", "4642", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     date(2018, 5, 31), P.EndReason.PAY_CONDITIONS, P.Destination.LEFT_MUNICIPALITY),
    ("Helge Ims", "9200008", "4642", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Ingrid Jore", "9200009", "4643", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Jon Kleppe", "9200010", "4601", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     date(2018, 7, 31), P.EndReason.FAMILY, P.Destination.LEFT_MUNICIPALITY),
    ("Kari Lunde", "9200011", "4601", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     date(2020, 12, 31), P.EndReason.OWN_LIST, P.Destination.OWN_LIST_SAME),
    ("Lars Moe", "9200012", "4634", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Mona Nes", "9200013", "4635", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     date(2021, 2, 28), P.EndReason.PAY_CONDITIONS, P.Destination.OTHER_MUNICIPAL_POST),
    ("Nils Ottesen", "9200014", "4624", date(2017, 9, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Ola Prestegård", "9200015", "4622", date(2018, 9, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Pia Rød", "9200016", "4614", date(2018, 9, 1), P.ContractType.FIXED_SALARY_BONUS,
     date(2019, 10, 31), P.EndReason.NOT_GENERAL_PRACTICE, P.Destination.HOSPITAL),
    # Phase 2, Rogaland, from 2019: næringsdrift and fastlønn side by side.
    ("Rune Sande", "9200017", "1111", date(2019, 1, 1), P.ContractType.SELF_EMPLOYED,
     date(2019, 12, 31), P.EndReason.PAY_CONDITIONS, P.Destination.LEFT_MUNICIPALITY),
    ("Siv Tangen", "9200018", "1111", date(2019, 1, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Tor Ulvik", "9200019", "1133", date(2019, 1, 1), P.ContractType.SELF_EMPLOYED,
     date(2020, 6, 30), P.EndReason.FAMILY, P.Destination.LEFT_MUNICIPALITY),
    ("Unni Vik", "9200020", "1133", date(2019, 1, 1), P.ContractType.FIXED_SALARY,
     None, "", ""),
    ("Vidar Aas", "9200021", "1133", date(2019, 1, 1), P.ContractType.SELF_EMPLOYED,
     None, "", ""),
]  # fmt: skip

PHASE_TWO = {"1111": "Sokndal legesenter", "1133": "Hjelmeland legekontor"}

# The 2022 report's table "Oversikt over intervju: ALIS-Vest".
ROUNDS = [
    (1, date(2017, 10, 1), date(2018, 2, 28), "", {"helseleder": 10, "alis": 12}),
    (2, date(2018, 5, 1), date(2018, 9, 30), "", {"helseleder": 8, "alis": 9}),
    (3, date(2019, 1, 1), date(2019, 10, 31), "",
     {"veileder": 7, "hjelpepersonell": 7, "helseleder": 10, "alis": 7}),
    (4, date(2020, 3, 1), date(2020, 9, 30),
     "Inkludert ALIS-Vest del 2: 7 helseledere og 4 leger med veilederansvar",
     {"helseleder": 17, "alis": 6, "veileder": 4}),
    (5, date(2022, 7, 1), date(2022, 8, 31), "", {"helseleder": 9}),
]  # fmt: skip
CODE_PREFIX = {"helseleder": "HL", "alis": "AL", "veileder": "VL", "hjelpepersonell": "HP"}
# ALIS who have not consented; and the one who withdrew.
NO_CONSENT = {"9200014", "9200021"}
WITHDRAWN = "9200012"


def _placements(vest):
    current = {m.number: m for m in Municipality.objects.current()}
    for number, name in PHASE_TWO.items():
        Participation.objects.get_or_create(
            programme=vest,
            municipality=current[number],
            defaults={"phase": Participation.Phase.TWO, "joined": date(2019, 1, 1)},
        )
        MedicalCentre.objects.get_or_create(
            municipality=current[number],
            name=name,
            defaults={"doctor_count": 4, "specialist_count": 2, "has_alis_office": True},
        )
    doctors = []
    for name, hpr, number, start, contract, end, reason, destination in COHORTS:
        centre = MedicalCentre.objects.filter(municipality=current[number]).order_by("pk").first()
        doctor, _ = Doctor.objects.get_or_create(
            hpr_number=hpr,
            defaults={
                "programme": vest,
                "name": name,
                "email": f"alis{hpr[-2:]}@demo.alisvest.no",
            },
        )
        Placement.objects.get_or_create(
            doctor=doctor,
            start=start,
            defaults={
                "programme": vest,
                "municipality": current[number],
                "centre": centre,
                "contract_type": contract,
                "planned_end": start.replace(year=start.year + 5),
                "actual_end": end,
                "end_reason": reason,
                "destination": destination,
                "list_length": 750 if contract != P.ContractType.SELF_EMPLOYED else 900,
            },
        )
        doctors.append(doctor)
    return doctors


INFORMATION_TEXT = (
    "Følgeforskningen på ALIS-VEST undersøker om faste utdanningsstillinger gjør at leger "
    "blir i allmennpraksis i kommunen. Vi bruker opplysninger om stillingen din (kommune, "
    "avtaleform, start og slutt), veiledningstimene og eventuelle intervjuer.\n\n"
    "Forskerne får bare pseudonymiserte data: aldri navn, e-post eller HPR-nummer. "
    "Det er frivillig å delta, og du kan trekke samtykket tilbake når som helst uten å "
    "oppgi grunn. Da er du ute av alle senere uttrekk og analyser."
)


# The demo's one withdrawal came by letter.
LETTER = {
    "withdrawn_at": datetime(2021, 3, 15, 12, 0, tzinfo=UTC),
    "withdrawal_method": Consent.Withdrawal.LETTER,
    "withdrawal_received": date(2021, 3, 12),
    "withdrawal_reason": "Ønsker ikke å delta lenger.",
}


def _information_text(study):
    if not study.information_texts.exists():
        publish_text(study, None, title="Om følgeforskningen", text_nb=INFORMATION_TEXT)


def _consents(study, doctors):
    given = datetime(2017, 10, 2, 9, 0, tzinfo=UTC)
    for doctor in doctors:
        if doctor.hpr_number in NO_CONSENT:
            continue
        Consent.objects.get_or_create(
            study=study,
            doctor=doctor,
            defaults={
                "category": Category.ALIS,
                "given_at": given,
                "method": Consent.Method.PAPER,
                "text_version": "v1 2017",
                **(LETTER if doctor.hpr_number == WITHDRAWN else {}),
            },
        )
    for email, category in (
        ("carol@demo.alisvest.no", Category.SUPERVISOR),
        ("alice@demo.alisvest.no", Category.MANAGER),
        ("bob@demo.alisvest.no", Category.MANAGER),
    ):
        user = User.objects.filter(email=email).first()
        if user:
            Consent.objects.get_or_create(
                study=study,
                user=user,
                defaults={
                    "category": category,
                    "given_at": given,
                    "method": Consent.Method.DIGITAL,
                    "text_version": "v1 2017",
                },
            )
    if not study.consents.filter(name="Hanne Helsesekretær").exists():
        Consent.objects.create(
            study=study,
            category=Category.SUPPORT_STAFF,
            name="Hanne Helsesekretær",
            given_at=datetime(2019, 2, 4, 10, 0, tzinfo=UTC),
            method=Consent.Method.ORAL,
            text_version="v2 2019",
        )


def _rounds(study, vest):
    municipalities = list(
        Municipality.objects.filter(participations__programme=vest).order_by("number")
    )
    for number, first, last, label, targets in ROUNDS:
        interview_round, _ = InterviewRound.objects.update_or_create(
            study=study,
            number=number,
            defaults={"period_start": first, "period_end": last, "label": label},
        )
        span = (last - first).days
        for category, target in targets.items():
            RoundTarget.objects.update_or_create(
                round=interview_round, category=category, defaults={"target": target}
            )
            for i in range(target):
                Interview.objects.get_or_create(
                    round=interview_round,
                    informant_code=f"R{number}-{CODE_PREFIX[category]}{i + 1:02d}",
                    defaults={
                        "category": category,
                        "municipality": municipalities[i % len(municipalities)].current,
                        "date": first + _offset(i, target, span),
                    },
                )


def _offset(i, count, span):
    from datetime import timedelta

    return timedelta(days=span * i // max(count, 1))


QUESTIONS = [
    ("Hvor mange fastlegehjemler har kommunen?", Question.Kind.NUMBER, True, []),
    ("Hvilken avtaleform har ALIS i kommunen?", Question.Kind.SINGLE, True,
     ["Fastlønn", "Fastlønn med bonus", "Næringsdrift"]),
    ("Hvilke tiltak har kommunen for å beholde ALIS?", Question.Kind.MULTIPLE, False,
     ["Veiledning i arbeidstiden", "Kursstøtte", "Redusert liste", "Bonus"]),
    ("Andre kommentarer", Question.Kind.TEXT, False, []),
]  # fmt: skip


def _invitations(study, wave):
    """The demo managers' municipalities got the link; every other participating
    municipality is invited too, waiting for an address or a copied link, and one person is
    invited by e-mail."""
    managers = MunicipalityUserObjectPermission.objects.filter(
        permission__codename="manage_municipality", user__email__endswith="@demo.alisvest.no"
    ).select_related("user", "content_object")
    for permission in managers.order_by("content_object__number"):
        SurveyInvitation.objects.get_or_create(
            wave=wave,
            municipality=permission.content_object,
            defaults={"email": permission.user.email, "sent_at": wave.opens_at},
        )
    for municipality in Municipality.objects.in_programmes([study.programme_id]).current():
        SurveyInvitation.objects.get_or_create(
            wave=wave, role="kommune", municipality=municipality, defaults={"email": ""}
        )
    SurveyInvitation.objects.get_or_create(
        wave=wave,
        role="annen",
        email="kari.nordmann@example.no",
        defaults={"name": "Kari Nordmann"},
    )


def _survey(study):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    wave, _ = SurveyWave.objects.get_or_create(
        study=study,
        title="Spørreundersøkelse til deltakerkommunene",
        defaults={
            "intro": "Årlig undersøkelse om rekruttering og stabilitet.",
            "opens_at": now - timedelta(days=7),
            "closes_at": now + timedelta(days=30),
            "base_url": "http://localhost:8000",
        },
    )
    for i, (text, kind, required, choices) in enumerate(QUESTIONS, start=1):
        Question.objects.get_or_create(
            wave=wave,
            position=i,
            defaults={"text": text, "kind": kind, "required": required, "choices": choices},
        )
    _invitations(study, wave)
    keys = {q.position: q.key for q in wave.questions.all()}
    bergen = wave.invitations.filter(role="kommune", municipality__number="4601").first()
    if bergen:
        SurveyResponse.objects.get_or_create(
            invitation=bergen,
            defaults={
                "wave": wave,
                "municipality": bergen.municipality,
                "answers": {
                    keys[1]: 270,
                    keys[2]: "Fastlønn",
                    keys[3]: ["Veiledning i arbeidstiden", "Kursstøtte"],
                    keys[4]: "ALIS-stillingene har gjort rekrutteringen lettere.",
                },
            },
        )


def seed(stdout):
    vest = Programme.objects.filter(slug="alis-vest").first()
    if vest is None:
        return
    doctors = _placements(vest)
    study, _ = Study.objects.get_or_create(
        programme=vest,
        name="Følgestudie ALIS-Vest",
        defaults={
            "institution": "NSDM (UiT)",
            "description": "Følgeforskning på ALIS-Vest: intervjurunder, årlige "
            "spørreundersøkelser til deltakerkommunene og stabilitet i stillingene.",
            "started": date(2017, 9, 1),
        },
    )
    erin = User.objects.filter(email="erin@demo.alisvest.no").first()
    if erin:
        study.members.add(erin)
    _information_text(study)
    _consents(study, doctors)
    _rounds(study, vest)
    _survey(study)
