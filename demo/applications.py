"""Demo data for calls and applications: the 2019 call to Rogaland and Møre og Romsdal
(15 posts, information meeting 29 January 2019 at Gardermoen, deadline 15 February 2019),
with applications in different states. Idempotent."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from alisvest.models import User
from placements.applications.models import Application, Call, MeetingSignup
from placements.models import MedicalCentre, Municipality, Participation, Programme

OSLO = ZoneInfo("Europe/Oslo")
SUBMITTED = datetime(2019, 2, 12, 14, 0, tzinfo=OSLO)

# number, centre name, doctors, status, posts requested, posts granted, list solution
APPLICATIONS = [
    ("1135", "Sauda legesenter", 5, Application.Status.SUBMITTED, 2, None, "municipal"),
    ("1520", "Ørsta legesenter", 6, Application.Status.UNDER_REVIEW, 2, None, "fellesliste"),
    ("1134", "Suldal legekontor", 4, Application.Status.APPROVED, 1, 1, "0-hjemmel"),
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
    for number, centre_name, doctors, status, requested, granted, solution in APPLICATIONS:
        municipality = municipalities.get(number)
        if municipality is None:
            continue
        centre, _ = MedicalCentre.objects.get_or_create(
            municipality=municipality,
            name=centre_name,
            defaults={"doctor_count": doctors, "specialist_count": 2, "equipment": ["ekg"]},
        )
        Application.objects.update_or_create(
            call=call,
            municipality=municipality,
            defaults=_application(municipality, centre, status, requested, granted, solution),
        )
        if status == Application.Status.APPROVED:
            Participation.objects.get_or_create(
                programme=programme,
                municipality=municipality,
                defaults={"joined": date(2019, 4, 1)},
            )
        MeetingSignup.objects.get_or_create(
            call=call,
            municipality=municipality,
            defaults={"attendees": f"Helseleder i {municipality.name}"},
        )
    _add_reviewers(call)
    stdout.write(f"Utlysning 2019: {call.applications.count()} søknader.")


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
