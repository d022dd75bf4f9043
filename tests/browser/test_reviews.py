"""The half-year review and the post evaluation, as the people do them: the supervisor on a
phone writes the due review from the to-do list, from a page that already shows the
half-year's hours, objectives and assessments, and signs; the ALIS opens the e-mail's link,
comments and signs; the project leader acknowledges from the to-do list; the ALIS answers
the year's evaluation of the post; the project leader reads the aggregate, where a group
with fewer than three answers shows nothing."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.models import PostEvaluation, ProgressReview, SupervisionSession
from supervision.tasks import send_review_signed, send_review_to_acknowledge
from tests.conftest import with_totp

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
TODAY = timezone.localdate()


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, bergen_centre, dan, carol):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=TODAY - timedelta(days=200),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    SupervisionSession.objects.create(
        placement=placement, supervisor=carol, date=placement.start + timedelta(days=10), minutes=90
    )
    return placement


def assert_fits(page):
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{page.url} scrolls sideways"


def test_supervisor_writes_and_signs_the_alis_comments_and_signs_the_leader_acknowledges(
    page, live_server, placement, carol, dan, liv
):
    with_totp(liv)
    page.set_viewport_size(PHONE)
    login(page, carol.email)
    assert_fits(page)
    page.get_by_role("link", name="Halvårsvurdering for Dan Dale er klar til å skrives").click()
    expect(page.get_by_text("90 minutter registrert")).to_be_visible()
    expect(page.get_by_text("Ingen vurderinger i perioden")).to_be_visible()
    assert_fits(page)
    page.get_by_label("Fremdrift i halvåret").fill("Godt i gang med egen liste.")
    page.get_by_label("Avtalt plan for neste halvår").fill("Grunnkurs A og legevakt.")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("button", name="Signer som veileder").click()
    expect(page.get_by_text("ALIS-en blir bedt om å kommentere og signere")).to_be_visible()
    assert_fits(page)

    review = ProgressReview.objects.get(placement=placement)
    mail.outbox.clear()
    send_review_signed(review.pk)  # what the worker does when the outbox relays it
    [message] = mail.outbox
    assert message.to == [dan.email]
    url = re.search(r"https?://[^\s]+/veiledning/halvarsvurdering/\d+/", message.body).group(0)

    login(page, dan.email)
    page.goto(url.replace(re.match(r"https?://[^/]+", url).group(0), live_server.url))
    expect(page.get_by_text("Godt i gang med egen liste.")).to_be_visible()
    assert_fits(page)
    page.get_by_label("Din kommentar").fill("Enig, men vil ha mer tid til journal.")
    page.get_by_role("button", name="Kommenter og signer").click()
    expect(page.get_by_text("prosjektleder blir bedt om å kvittere")).to_be_visible()
    expect(page.get_by_text("Enig, men vil ha mer tid til journal.")).to_be_visible()
    assert_fits(page)

    mail.outbox.clear()
    send_review_to_acknowledge(review.pk)
    assert [m.to for m in mail.outbox] == [[liv.email]]

    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, liv.email)
    page.get_by_role("link", name="Kvitter for halvårsvurderingen").click()
    page.get_by_role("button", name="Kvitter for halvårsvurderingen").click()
    expect(page.get_by_text("Du har kvittert for halvårsvurderingen.")).to_be_visible()
    expect(page.get_by_text("Ferdig")).to_be_visible()
    assert review.signatures.count() == 3


def test_the_alis_answers_the_post_evaluation_and_the_leader_sees_it_suppressed(
    page, placement, dan, liv, programme, stord
):
    with_totp(liv)
    # Three answers in Stord: enough to be shown, with their texts.
    centre = MedicalCentreFactory(municipality=stord, name="Leirvik legesenter")
    for quality in (3, 4, 5):
        PostEvaluation.objects.create(
            placement=PlacementFactory(doctor=DoctorFactory(programme=programme), centre=centre),
            year=TODAY.year,
            supervision_quality=quality,
            workload=3,
            centre=4,
            stay="Bedre bakvakt",
        )
    page.set_viewport_size(PHONE)
    login(page, dan.email)
    page.get_by_role("link", name=f"Evaluer stillingen din for {TODAY.year}").click()
    assert_fits(page)
    for name, value in (("supervision_quality", 4), ("workload", 2), ("centre", 5)):
        page.locator(f"input[name={name}][value='{value}']").check()
    page.get_by_label("Hva ville fått deg til å bli?").fill("Fast liste i Bergen")
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Takk for svaret!")).to_be_visible()
    assert_fits(page)
    page.goto("/oppgaver/")
    expect(page.get_by_role("link", name=f"Evaluer stillingen din for {TODAY.year}")).to_have_count(
        0
    )

    login(page, liv.email)
    page.goto("/veiledning/evalueringer/")
    assert_fits(page)
    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="Stord")).to_contain_text("4,0")
    expect(rows.filter(has_text="Bergen")).to_contain_text("Færre enn 3 svar")
    expect(page.get_by_text("Bedre bakvakt").first).to_be_visible()
    expect(page.get_by_text("Fast liste i Bergen")).to_have_count(0)
