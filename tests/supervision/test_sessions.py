"""Logging supervision sessions: scope, rules, confirmation and disputes."""

import calendar
import math
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.models import LearningObjective
from placements.register.factories import (
    AbsenceFactory,
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.factories import SupervisionSessionFactory
from supervision.models import SessionMinutes, SupervisionSession
from supervision.requirement import required_minutes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=TODAY - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


@pytest.fixture
def other_supervisor(programme, bergen_centre):
    """Olav supervises another ALIS in the same municipality."""
    olav = UserFactory(email="olav@example.no", name="Olav Veileder")
    grant_role(olav, Role.SUPERVISOR)
    SupervisorAssignmentFactory(
        placement=PlacementFactory(doctor=DoctorFactory(programme=programme), centre=bergen_centre),
        supervisor=olav,
    )
    return olav


def form(**overrides):
    data = {
        "date": TODAY.isoformat(),
        "minutes": "60",
        "kind": SupervisionSession.Kind.INDIVIDUAL,
        "topics": "Sykmeldinger",
    }
    return data | overrides


def test_the_dashboard_leads_the_supervisor_to_the_form_in_one_click(client_for, carol, placement):
    page = client_for(carol).get(reverse("dashboard")).content.decode()
    url = reverse("supervision:session_create", args=[placement.pk])
    assert f'href="{url}"' in page
    assert "Logg veiledning for Dan Dale" in page
    assert "Denne måneden: 0 av 120 min" in page


def test_supervisor_logs_a_session(client_for, carol, placement):
    response = client_for(carol).post(
        reverse("supervision:session_create", args=[placement.pk]), form()
    )
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert (session.placement, session.supervisor, session.minutes) == (placement, carol, 60)
    assert session.status == SupervisionSession.Status.LOGGED


def test_a_supervisor_cannot_log_for_another_supervisors_alis(
    client_for, other_supervisor, placement
):
    client = client_for(other_supervisor)
    url = reverse("supervision:session_create", args=[placement.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form()).status_code == 404
    assert client.get(reverse("supervision:placement", args=[placement.pk])).status_code == 404
    assert not SupervisionSession.objects.exists()


def test_a_supervisor_cannot_open_another_supervisors_session(
    client_for, other_supervisor, placement, carol
):
    session = SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    client = client_for(other_supervisor)
    assert client.get(reverse("supervision:session_edit", args=[session.pk])).status_code == 404
    assert client.post(reverse("supervision:session_delete", args=[session.pk])).status_code == 404


def test_the_manager_reads_but_cannot_log(client_for, alice, placement):
    client = client_for(alice)
    assert client.get(reverse("supervision:placement", args=[placement.pk])).status_code == 200
    url = reverse("supervision:session_create", args=[placement.pk])
    assert client.post(url, form()).status_code == 403


def test_anonymous_goes_to_login(client, placement):
    response = client.get(reverse("supervision:placement", args=[placement.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_future_date_is_refused_and_the_input_kept(client_for, carol, placement):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client_for(carol).post(
        reverse("supervision:session_create", args=[placement.pk]),
        form(date=tomorrow, topics="Kept text"),
    )
    assert response.status_code == 200
    assert "Datoen kan ikke være fram i tid." in response.content.decode()
    assert "Kept text" in response.content.decode()
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("50", "Varighet må være mellom 15 minutter og 8 timer, i kvarter (fikk 50)"),
        ("495", "Varighet må være mellom 15 minutter og 8 timer, i kvarter (fikk 495)"),
        ("", "Dette feltet er påkrevd"),
    ],
)
def test_duration_must_be_quarter_hours_up_to_eight_hours(
    client_for, carol, placement, minutes, message
):
    response = client_for(carol).post(
        reverse("supervision:session_create", args=[placement.pk]), form(minutes=minutes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_the_database_refuses_odd_durations(placement, carol):
    from django.db import IntegrityError, transaction

    for minutes in (50, 495, 0):
        with pytest.raises(IntegrityError), transaction.atomic():
            SupervisionSessionFactory(placement=placement, supervisor=carol, minutes=minutes)


def test_a_locked_session_is_refused(client_for, carol, placement):
    old = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=61)
    )
    client = client_for(carol)
    response = client.post(reverse("supervision:session_edit", args=[old.pk]), form())
    assert response.status_code == 403
    assert client.post(reverse("supervision:session_delete", args=[old.pk])).status_code == 403
    # Logging a new session that far back is refused on the date field too.
    response = client.post(
        reverse("supervision:session_create", args=[placement.pk]),
        form(date=(TODAY - timedelta(days=61)).isoformat()),
    )
    assert "er låst" in response.content.decode()
    assert SupervisionSession.objects.count() == 1


def test_the_placement_page_offers_edit_only_where_allowed(client_for, carol, placement):
    open_ = SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    locked = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=61)
    )
    html = client_for(carol).get(reverse("supervision:placement", args=[placement.pk]))
    html = html.content.decode()
    assert reverse("supervision:session_edit", args=[open_.pk]) in html
    assert reverse("supervision:session_edit", args=[locked.pk]) not in html
    assert "låst" in html


def test_within_sixty_days_the_supervisor_edits_and_history_is_kept(client_for, carol, placement):
    session = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=60), minutes=45
    )
    response = client_for(carol).post(
        reverse("supervision:session_edit", args=[session.pk]),
        form(date=session.date.isoformat(), minutes="90"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.minutes == 90
    assert [h.minutes for h in session.history.order_by("history_date")] == [45, 90]


def test_a_project_leader_changes_a_locked_session(client_for, liv_mfa, carol, placement):
    session = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=200), minutes=45
    )
    response = client_for(liv_mfa).post(
        reverse("supervision:session_edit", args=[session.pk]),
        form(date=session.date.isoformat(), minutes="60"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.minutes == 60
    assert session.history.count() == 2
    assert session.history.first().history_user == liv_mfa


def test_the_alis_confirms(client_for, dan, carol, placement):
    session = SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    client = client_for(dan)
    assert (
        "Timer som venter på din bekreftelse"
        in client.get(reverse("supervision:home")).content.decode()
    )
    client.post(reverse("supervision:session_confirm", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.CONFIRMED


def test_the_supervisor_cannot_confirm_their_own_session(client_for, carol, placement):
    session = SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    response = client_for(carol).post(reverse("supervision:session_confirm", args=[session.pk]))
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.LOGGED


def test_dispute_then_the_supervisor_resolves(client_for, dan, carol, placement):
    session = SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    url = reverse("supervision:session_dispute", args=[session.pk])
    response = client_for(dan).post(url, {"comment": ""})
    assert "Dette feltet er påkrevd" in response.content.decode()
    client_for(dan).post(url, {"comment": "Vi snakket i 30 minutter, ikke 60."})
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.DISPUTED
    assert not session.counts

    client_for(carol).post(
        reverse("supervision:session_resolve", args=[session.pk]),
        {"note": "Rettet etter samtale."},
    )
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.RESOLVED and session.counts


def test_the_alis_cannot_resolve_their_own_dispute(client_for, dan, carol, placement):
    session = SupervisionSessionFactory(
        placement=placement,
        supervisor=carol,
        date=TODAY,
        status=SupervisionSession.Status.DISPUTED,
    )
    response = client_for(dan).post(
        reverse("supervision:session_resolve", args=[session.pk]), {"note": "x"}
    )
    assert response.status_code == 403


def test_editing_a_confirmed_session_asks_the_alis_again(client_for, carol, placement):
    session = SupervisionSessionFactory(
        placement=placement,
        supervisor=carol,
        date=TODAY,
        status=SupervisionSession.Status.CONFIRMED,
    )
    client_for(carol).post(
        reverse("supervision:session_edit", args=[session.pk]), form(minutes="30")
    )
    session.refresh_from_db()
    assert (session.minutes, session.status) == (30, SupervisionSession.Status.LOGGED)


def test_batch_logging_saves_the_filled_rows(client_for, carol, placement):
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0"}
    for i, day in enumerate([TODAY - timedelta(days=7), TODAY - timedelta(days=1)]):
        data |= {
            f"form-{i}-date": day.isoformat(),
            f"form-{i}-minutes": "60",
            f"form-{i}-kind": SupervisionSession.Kind.INDIVIDUAL,
            f"form-{i}-topics": f"Tema {i}",
        }
    # The untouched third row posts the select defaults, as a browser does.
    data |= {"form-2-minutes": "60", "form-2-kind": SupervisionSession.Kind.INDIVIDUAL}
    response = client_for(carol).post(
        reverse("supervision:session_batch", args=[placement.pk]), data
    )
    assert response.status_code == 302
    assert SupervisionSession.objects.count() == 2


def test_placement_page_query_count(client_for, carol, placement, django_assert_num_queries):
    objective = LearningObjective.objects.create(
        programme=placement.programme, code="ALM-1", group="Allmennmedisin", text="Ta imot."
    )
    for days in range(0, 50, 5):
        session = SupervisionSessionFactory(
            placement=placement, supervisor=carol, date=TODAY - timedelta(days=days)
        )
        SessionMinutes.objects.create(session=session, agreed="Les retningslinjen").objectives.add(
            objective
        )
    client = client_for(carol)
    client.get(reverse("supervision:placement", args=[placement.pk]))
    # session, user, access (3 with groups), placement, sessions with their supervisors and
    # minutes, the minutes' objectives (one prefetch), monthly checks, the requirement of the
    # months not checked yet, the supervisor-assignment check, the shared reflections; the
    # idle-timeout session save (savepoint, update, release)
    with django_assert_num_queries(14):
        response = client.get(reverse("supervision:placement", args=[placement.pk]))
    assert response.content.decode().count("Venter på bekreftelse") == 10


def test_a_session_older_than_sixty_days_cannot_be_disputed(client_for, dan, carol, placement):
    old = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=61)
    )
    recent = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=60)
    )
    client = client_for(dan)
    url = reverse("supervision:session_dispute", args=[old.pk])
    response = client.post(url, {"comment": "Vi møttes ikke"})
    assert response.status_code == 403
    old.refresh_from_db()
    assert old.status == SupervisionSession.Status.LOGGED
    page = client.get(reverse("supervision:placement", args=[placement.pk])).content.decode()
    assert url not in page
    assert reverse("supervision:session_dispute", args=[recent.pk]) in page
    home = client.get(reverse("supervision:home")).content.decode()
    assert "kan ikke bestrides" in home
    assert f"Kan bestrides til og med {recent.open_until:%-d.%-m.%Y}" in home


def test_the_minutes_required_this_month_account_for_absence(client_for, carol, placement):
    first = TODAY.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    AbsenceFactory(placement=placement, start=first, end=first + timedelta(days=14))
    SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY, minutes=45)
    required = math.ceil(120 * (days - 15) / days)
    assert required_minutes(placement, first) == required
    client = client_for(carol)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f"Denne måneden: 45 av {required} min" in dashboard
    home = client.get(reverse("supervision:home")).content.decode()
    assert f"{required} min</td>" in home
    page = client.get(reverse("supervision:placement", args=[placement.pk])).content.decode()
    assert f"45 av {required} min teller" in page


def test_the_placement_page_names_who_logged_and_shows_no_raw_codes(client_for, carol, placement):
    SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    html = client_for(carol).get(reverse("supervision:placement", args=[placement.pk]))
    html = html.content.decode()
    assert f"Registrert av {carol.name}" in html
    assert "None" not in html and ">registrert<" not in html
