"""Each role's week from the to-do list: log in, land on "Oppgaver", follow a task to the page
where it is done, do it, and see it gone from the list. At desktop width and on a phone; and
once from an e-mail's link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from alisvest.models import Invitation
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.models import PostEvaluation, SupervisionSession
from supervision.tasks import send_session_logged

from .conftest import login
from .test_register import login_as

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=VIEWPORTS, ids=list(VIEWPORTS))
def screen(request, page):
    page.set_viewport_size(VIEWPORTS[request.param])
    return page


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, bergen_centre, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=300),
    )
    # This year's evaluation of the post is answered, so only the session's task can wait.
    PostEvaluation.objects.create(
        placement=placement,
        year=timezone.localdate().year,
        supervision_quality=4,
        workload=3,
        centre=4,
    )
    return placement


def recent_session(placement, supervisor, **fields):
    return SupervisionSession.objects.create(
        placement=placement,
        supervisor=supervisor,
        date=timezone.localdate() - timedelta(days=3),
        minutes=60,
        **fields,
    )


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert width, f"{page.url} scrolls sideways"


def open_task(page, title):
    page.goto("/oppgaver/")
    assert_fits(page)
    page.get_by_role("link", name=title).click()


def test_supervisor_resolves_a_disputed_session_from_the_list(screen, placement, carol):
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    session = recent_session(
        placement, carol, status=SupervisionSession.Status.DISPUTED, alis_comment="Vi møttes ikke"
    )
    login(screen, carol.email)
    expect(screen.get_by_role("heading", name="Oppgaver")).to_be_visible()
    title = screen.get_by_role("link", name="Dan Dale har bestridt timen")
    expect(title).to_be_visible()
    open_task(screen, "Dan Dale har bestridt timen")
    screen.get_by_label("Avklaring").fill("Vi snakket sammen; timen ble holdt på telefon.")
    screen.get_by_role("button", name="Lagre").click()
    screen.wait_for_url(f"**/veiledning/stilling/{placement.pk}/")
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.RESOLVED
    screen.goto("/oppgaver/")
    assert screen.get_by_role("link", name="Dan Dale har bestridt timen").count() == 0


def test_alis_confirms_a_session_from_the_list(screen, placement, carol, dan):
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    session = recent_session(placement, carol)
    login(screen, dan.email)
    deadline = session.date + timedelta(days=60)
    expect(screen.get_by_text(f"Frist {deadline.day}.")).to_be_visible()  # the 60-day window
    open_task(screen, "Bekreft eller bestrid veiledningen")
    screen.locator(f"#time-{session.pk}").get_by_role("button", name="Bekreft").click()
    expect(screen.get_by_text("Timen er bekreftet")).to_be_visible()
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.CONFIRMED
    screen.goto("/oppgaver/")
    expect(screen.get_by_text("Ingenting venter på deg nå")).to_be_visible()


def test_manager_assigns_a_missing_supervisor_from_the_list(screen, placement, alice, carol):
    login(screen, alice.email)
    open_task(screen, "Dan Dale mangler veileder")
    screen.wait_for_url(f"**/stillinger/{placement.pk}/**")
    screen.get_by_text("Ny veileder").click()
    screen.get_by_label("Finn veileder (navn eller e-post)").fill("Corneli")
    form = screen.locator("#veiledere form[method=post]")
    form.locator("option", has_text="Carol Corneliussen").wait_for(state="attached")
    form.locator("select[name=veileder-supervisor]").select_option(label="Carol Corneliussen")
    form.get_by_label("Fra").fill(placement.start.isoformat())
    form.get_by_role("button", name="Lagre veileder").click()
    screen.wait_for_url(f"**/stillinger/{placement.pk}/#veiledere")
    screen.goto("/oppgaver/")
    assert screen.get_by_role("link", name="Dan Dale mangler veileder").count() == 0


def test_project_leader_sends_a_forgotten_invitation_again(screen, live_server, liv_mfa, programme):
    invitation = Invitation(
        email="nora@example.no",
        name="Nora Nyland",
        role=Role.STEERING_GROUP,
        programme=programme,
        invited_by=liv_mfa,
        expires_at=timezone.now() + timedelta(days=1),
    )
    invitation.set_token()
    invitation.save()
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    login_as(screen, live_server, liv_mfa)
    open_task(screen, "Nora Nyland har ikke tatt imot invitasjonen")
    screen.wait_for_url("**/invitasjoner/")
    screen.get_by_role("button", name="Send på nytt").click()
    expect(screen.get_by_text("Invitasjonen er sendt på nytt til nora@example.no")).to_be_visible()
    assert Invitation.objects.filter(email="nora@example.no").count() == 2
    screen.goto("/oppgaver/")
    assert screen.get_by_role("link", name="Nora Nyland har ikke tatt imot").count() == 0


def test_alis_follows_the_emails_link_and_confirms(page, live_server, settings, placement, carol):
    """The e-mail says a session waits; its one link opens the page where it is confirmed."""
    settings.SITE_URL = live_server.url
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    session = recent_session(placement, carol)
    placement.doctor.user.email_frequency = "each"  # not held for the daily digest
    placement.doctor.user.save()
    mail.outbox.clear()
    send_session_logged(session.pk)
    (message,) = mail.outbox
    link = re.search(rf"{re.escape(live_server.url)}/\S+", message.body).group(0)

    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(link)  # not logged in yet: the login page, then back to the link
    page.get_by_label("E-post").fill(placement.doctor.user.email)
    page.get_by_label("Passord").fill("passord-for-test-1")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"**/veiledning/stilling/{placement.pk}/**")
    assert_fits(page)
    page.get_by_role("button", name="Bekreft").first.click()
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.CONFIRMED
    page.goto("/oppgaver/")
    expect(page.get_by_text("Ingenting venter på deg nå")).to_be_visible()
