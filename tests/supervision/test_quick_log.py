"""Quick logging: today's individual session from the supervisor's start page and the
placement's supervision page, with the minutes as the only thing typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.models import SupervisionSession

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def placement(programme, bergen_centre, carol):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale"),
        centre=bergen_centre,
        start=TODAY - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def quick_log_form(html, placement):
    """The quick-log form's HTML, cut out of a page."""
    action = reverse("supervision:session_create", args=[placement.pk])
    start = html.index(f'<form method="post" action="{action}" class="quick-log"')
    return html[start : html.index("</form>", start)]


@pytest.mark.parametrize("page", ["dashboard", "supervision:placement"])
def test_the_form_holds_today_and_individual_supervision(client_for, carol, placement, page):
    args = [placement.pk] if page.startswith("supervision") else []
    html = client_for(carol).get(reverse(page, args=args)).content.decode()
    form = quick_log_form(html, placement)
    assert f'name="date" type="date" value="{TODAY.isoformat()}"' in form
    assert f'name="kind" value="{SupervisionSession.Kind.INDIVIDUAL}"' in form
    assert 'name="minutes" type="number" inputmode="numeric" min="15" max="480" step="15"' in form
    assert 'aria-label="Minutter med Dan Dale"' in form


def test_what_the_form_posts_logs_the_session(client_for, carol, placement):
    response = client_for(carol).post(
        reverse("supervision:session_create", args=[placement.pk]),
        {"date": TODAY.isoformat(), "kind": SupervisionSession.Kind.INDIVIDUAL, "minutes": "45"},
    )
    assert response.status_code == 302
    session = placement.supervision_sessions.get()
    assert (session.date, session.minutes, session.kind, session.supervisor) == (
        TODAY,
        45,
        SupervisionSession.Kind.INDIVIDUAL,
        carol,
    )


def test_a_manager_who_cannot_log_sees_no_quick_log(client_for, alice, placement):
    response = client_for(alice).get(reverse("supervision:placement", args=[placement.pk]))
    assert response.status_code == 200
    assert 'class="quick-log"' not in response.content.decode()
