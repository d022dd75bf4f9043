"""Demo data for calls and applications: the 2019 call to Rogaland and Møre og Romsdal
(15 posts, 8 and 7 per county, information meeting 29 January 2019 at Gardermoen, deadline
15 February 2019), with applications in different states, an information request asked and
answered, votes by three steering-group members, one decision corrected after the meeting,
and a granted post announced and filled by a placement. Idempotent."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from alisvest.models import User
from alisvest.roles import Role, grant_role
from placements.applications.decisions import cast_vote, record_decision, set_quotas
from placements.applications.models import (
    Application,
    Call,
    InfoRequest,
    MeetingSignup,
    PostSlot,
    Vote,
)
from placements.models import Doctor, MedicalCentre, Municipality, Placement, Programme

OSLO = ZoneInfo("Europe/Oslo")
SUBMITTED = datetime(2019, 2, 12, 14, 0, tzinfo=OSLO)
MEETING = datetime(2019, 3, 20, 12, 0, tzinfo=OSLO)
CORRECTED = datetime(2019, 3, 27, 9, 0, tzinfo=OSLO)
ASKED = datetime(2019, 2, 18, 10, 0, tzinfo=OSLO)
ANSWERED_AT = datetime(2019, 2, 22, 15, 0, tzinfo=OSLO)
ANSWERED = {
    "1520": (
        "Hvem er bakvakt for ALIS på legevakt i helgene?",
        "Legevakten i Ørsta har spesialist i allmennmedisin som bakvakt alle helger.",
    ),
}
# Two more members of the steering group, without a login of their own in the demo.
MEMBERS = [
    ("siri.styre@demo.alisvest.no", "Siri Sunde (styringsgruppen)"),
    ("per.styre@demo.alisvest.no", "Per Paulsen (styringsgruppen)"),
]

# number, centre name, doctors, status, posts requested, posts granted, list solution
APPLICATIONS = [
    ("1135", "Sauda legesenter", 5, Application.Status.SUBMITTED, 2, None, "municipal"),
    ("1520", "Ørsta legesenter", 6, Application.Status.UNDER_REVIEW, 2, None, "fellesliste"),
    ("1134", "Suldal legekontor", 4, Application.Status.APPROVED, 1, 1, "0-hjemmel"),
    ("1133", "Hjelmeland legekontor", 3, Application.Status.APPROVED, 2, 1, "municipal"),
    ("1563", "Sunndal legesenter", 5, Application.Status.MORE_INFO, 1, None, "deleliste"),
    ("1566", "Surnadal legekontor", 3, Application.Status.DRAFT, None, None, ""),
]


def seed(stdout):
    programme = Programme.objects.filter(slug="alis-vest").first()
    if programme is None:
        return
    call = _call(programme)
    municipalities = {
        m.number: m
        for m in Municipality.objects.current().filter(number__in=[a[0] for a in APPLICATIONS])
    }
    set_quotas(call, {"Rogaland": 8, "Møre og Romsdal": 7})
    members = _steering_group(programme)
    for number, centre_name, doctors, status, requested, granted, solution in APPLICATIONS:
        municipality = municipalities.get(number)
        if municipality is None:
            continue
        centre, _ = MedicalCentre.objects.get_or_create(
            municipality=municipality,
            name=centre_name,
            defaults={"doctor_count": doctors, "specialist_count": 2, "equipment": ["ekg"]},
        )
        fields = _application(municipality, centre, status, requested, granted, solution)
        decided = Application.objects.filter(
            call=call, municipality=municipality, decisions__isnull=False
        ).exists()
        if status == Application.Status.APPROVED and not decided:
            # Decided below, as the steering group did: votes first, then the decision.
            fields.update(status=Application.Status.SUBMITTED, posts_granted=None, decided_at=None)
        application, _ = Application.objects.update_or_create(
            call=call, municipality=municipality, defaults=fields
        )
        if application.status == Application.Status.UNDER_REVIEW:
            _votes(application, members, [Vote.Choice.FOR, Vote.Choice.FOR, Vote.Choice.FOR_FEWER])
        if status == Application.Status.APPROVED and not decided:
            _decide(application, members, programme)
        _thread(application, number)
        MeetingSignup.objects.get_or_create(
            call=call,
            municipality=municipality,
            defaults={"attendees": f"Helseleder i {municipality.name}"},
        )
    _add_reviewers(call)
    stdout.write(f"Utlysning 2019: {call.applications.count()} søknader.")


def _thread(application, number):
    """A question asked and answered before the meeting; an open one where more
    information is still awaited."""
    if number in ANSWERED:
        question, answer = ANSWERED[number]
        InfoRequest.objects.get_or_create(
            application=application,
            question=question,
            defaults={"asked_at": ASKED, "answer": answer, "answered_at": ANSWERED_AT},
        )
    if application.info_request:
        InfoRequest.objects.get_or_create(
            application=application,
            question=application.info_request,
            defaults={"asked_at": SUBMITTED},
        )


def _steering_group(programme):
    """The demo's steering-group member and two more, in the order they vote."""
    members = list(User.objects.filter(email="styring@demo.alisvest.no"))
    for email, name in MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, name=name)
        grant_role(user, Role.STEERING_GROUP, programme)
        members.append(user)
    return members


def _votes(application, members, choices):
    for member, choice in zip(members, choices, strict=False):
        if not application.votes.filter(member=member).exists():
            cast_vote(application, member, choice, now=MEETING)


def _decide(application, members, programme):
    """Suldal is granted its post, which is announced and filled. Hjelmeland is granted two,
    and the decision corrected a week later: the minutes said one."""
    leader = User.objects.filter(email="leder@demo.alisvest.no").first()
    hjelmeland = application.municipality.number == "1133"
    _votes(application, members, [Vote.Choice.FOR, Vote.Choice.FOR, Vote.Choice.FOR_FEWER])
    record_decision(
        application,
        outcome="approve",
        posts=application.posts_requested,
        meeting_date=MEETING.date(),
        reason="Søknaden svarer godt på alle punktene; veiledningen er på plass fra start.",
        by=leader,
        now=MEETING,
        notify=False,  # the 2019 letters went out by post long ago
    )
    if hjelmeland:
        record_decision(
            application,
            outcome="approve_fewer",
            posts=1,
            meeting_date=MEETING.date(),
            reason="Styringsgruppen innvilget én stilling, som protokollen viser.",
            correction_reason="Det første vedtaket hadde feil antall stillinger.",
            by=leader,
            now=CORRECTED,
            notify=False,
        )
    else:
        _fill_first_post(application, programme)


def _fill_first_post(application, programme):
    slot = application.slots.get(number=1)
    doctor, _ = Doctor.objects.get_or_create(
        hpr_number="9100134",
        defaults={
            "programme": programme,
            "name": "Ingrid Isaksen",
            "email": "ingrid@demo.alisvest.no",
        },
    )
    start = date(2019, 9, 1)
    placement, _ = Placement.objects.get_or_create(
        doctor=doctor,
        start=start,
        defaults={
            "programme": programme,
            "municipality": application.municipality,
            "centre": application.centre,
            "contract_type": Placement.ContractType.FIXED_SALARY,
            "planned_end": start.replace(year=start.year + 5),
        },
    )
    slot.announced_on, slot.applicants = date(2019, 4, 15), 6
    slot.placement, slot.status = placement, PostSlot.Status.FILLED
    slot.save()


def _call(programme):
    call, _ = Call.objects.update_or_create(
        programme=programme,
        title="ALIS-VEST utvidelse til Rogaland og Møre og Romsdal 2019",
        defaults={
            "description": (
                "Pilotprosjekt med utdanningsstillinger for leger i spesialisering i "
                "allmennmedisin. Kommunene inviteres til å søke om deltakelse."
            ),
            "target_counties": ["Rogaland", "Møre og Romsdal"],
            "posts_offered": 15,
            "deadline": datetime(2019, 2, 15, 23, 59, tzinfo=OSLO),
            "meeting_at": datetime(2019, 1, 29, 10, 0, tzinfo=OSLO),
            "meeting_place": "Gardermoen",
            "meeting_signup_deadline": date(2019, 1, 20),
        },
    )
    return call


def _application(municipality, centre, status, requested, granted, solution):
    """The application's fields: a draft has only the few a municipality fills in first."""
    complete = status != Application.Status.DRAFT
    return {
        "status": status,
        "posts_requested": requested,
        "contact_name": f"Helseleder i {municipality.name}",
        "contact_email": f"helseleder@{municipality.number}.demo.alisvest.no",
        "recruitment_situation": "Tre av sju fastlegehjemler har skiftet lege siste to år."
        if complete
        else "",
        "list_solution": solution,
        "list_length": 700 if complete else None,
        "daily_supervision": "Erfaren kollega på senteret hver dag." if complete else "",
        "supervisor_name": "Kari Veileder" if complete else "",
        "supervisor_is_specialist": True if complete else None,
        "supervisor_same_centre": True if complete else None,
        "supervision_hours_per_month": 2 if complete else None,
        "backup_on_call": "Bakvakt fra spesialist til godkjenning." if complete else "",
        "centre": centre,
        "equipment": ["ekg", "spirometri"],
        "municipal_work": "Sykehjemslege 20 %." if complete else "",
        "municipal_work_percent": 20 if complete else None,
        "substitute_solution": "Vikarpool i regionen." if complete else "",
        "vulnerability": "Moderat." if complete else "",
        "post_kind": Application.PostKind.NEW if complete else "",
        "submitted_at": SUBMITTED if complete else None,
        "info_request": "Beskriv bakvakten nærmere."
        if status == Application.Status.MORE_INFO
        else "",
        "posts_granted": granted,
        "decided_at": datetime(2019, 3, 20, 12, 0, tzinfo=OSLO) if granted else None,
    }


def _add_reviewers(call):
    """The steering group reviews the applications under review."""
    steering = User.objects.filter(email="styring@demo.alisvest.no").first()
    if steering:
        for application in call.applications.filter(status=Application.Status.UNDER_REVIEW):
            application.reviewers.add(steering)
