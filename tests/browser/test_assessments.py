"""Assessments as the people live them: the ALIS asks five colleagues for multi-source
feedback and a colleague for a case discussion; an assessor opens the e-mailed link on a
phone (390 px) without an account and answers in a couple of minutes; the same link is then
refused; once five have answered the ALIS sees the summary, never who said what."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision.assessments import services
from supervision.assessments.tasks import send_assessor_invitation
from supervision.models import Assessment

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
MSF_KEYS = ["pasienter", "samarbeid", "palitelig", "faglig", "respekt"]


@pytest.fixture
def dan_placement(programme, bergen_centre, carol):
    dan = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(dan, Role.ALIS)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=timezone.localdate() - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return dan, placement


def emailed_path(address):
    [email] = [m for m in mail.outbox if m.to == [address]]
    link = re.search(r"https?://\S+/vurdering/\S+/", email.body).group(0)
    return "/" + link.split("/", 3)[3]


def request_msf(page, placement):
    page.goto(f"/veiledning/stilling/{placement.pk}/")
    page.get_by_role("link", name="Vurderinger", exact=True).click()
    page.get_by_role("link", name="Be om multikildefeedback").click()
    for i in range(3):
        page.locator(f"input[name=vurderer-{i}-name]").fill(f"Kollega {i}")
        page.locator(f"input[name=vurderer-{i}-email]").fill(f"k{i}@example.no")
    page.get_by_role("button", name="Send forespørsel").click()
    expect(page.get_by_text("minst 5 respondenter; du har oppgitt 3")).to_be_visible()
    expect(page.locator("input[name=vurderer-2-email]")).to_have_value("k2@example.no")
    for i in range(3, 5):
        page.locator(f"input[name=vurderer-{i}-name]").fill(f"Kollega {i}")
        page.locator(f"input[name=vurderer-{i}-email]").fill(f"k{i}@example.no")
        page.locator(f"select[name=vurderer-{i}-relation]").select_option("sykepleier")
    page.get_by_role("button", name="Send forespørsel").click()
    expect(page.get_by_text("Forespørselen er sendt på e-post.")).to_be_visible()
    expect(page.get_by_text("0 av 5 har svart.")).to_be_visible()


def request_case_discussion(page, placement):
    page.goto(f"/veiledning/stilling/{placement.pk}/vurderinger/")
    page.get_by_role("link", name="Be om kasusdiskusjon").click()
    page.locator("input[name=vurderer-0-name]").fill("Per Pedersen")
    page.locator("input[name=vurderer-0-email]").fill("per@example.no")
    page.get_by_role("button", name="Send forespørsel").click()
    expect(page.get_by_text("Venter på svar fra vurdereren.")).to_be_visible()


def test_alis_asks_for_feedback_assessors_answer_by_link_and_the_alis_sees_the_summary(
    browser, live_server, page, dan_placement
):
    dan, placement = dan_placement
    login(page, dan.email)
    request_msf(page, placement)
    request_case_discussion(page, placement)
    for invitation_pk in Assessment.objects.values_list("invitations", flat=True):
        send_assessor_invitation(invitation_pk)  # the worker's job, here in the test's process

    phone = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=PHONE)
    assessor = phone.new_page()
    path = emailed_path("per@example.no")
    assessor.goto(path)
    heading = assessor.get_by_role("heading", name="Kasusdiskusjon: vurdering av Dan Dale")
    expect(heading).to_be_visible()
    assert assessor.evaluate("document.documentElement.scrollWidth") <= 390
    for key in ["resonnering", "utredning", "oppfolging", "samlet"]:
        assessor.locator(f"input[name={key}][value=som]").check()
    assessor.get_by_label("Hva gjorde ALIS-en godt?").fill("Strukturert og rolig")
    assessor.get_by_role("button", name="Send vurderingen").click()
    expect(assessor.get_by_text("Skriv noen ord her.", exact=True)).to_be_visible()
    assessor.get_by_label("Ett forslag til forbedring").fill("Oppsummer for pasienten")
    assessor.get_by_role("button", name="Send vurderingen").click()
    expect(assessor.get_by_role("heading", name="Takk for vurderingen")).to_be_visible()
    assessor.goto(path)  # the same link again
    expect(assessor.get_by_role("heading", name="Lenken er allerede brukt")).to_be_visible()

    msf_path = emailed_path("k0@example.no")
    assessor.goto(msf_path)
    for key in MSF_KEYS:
        assessor.locator(f"input[name={key}][value='4']").check()
    assessor.get_by_label("Kommentar (valgfritt)").fill("Lytter godt til pasientene")
    assert assessor.evaluate("document.documentElement.scrollWidth") <= 390
    assessor.get_by_role("button", name="Send vurderingen").click()
    expect(assessor.get_by_role("heading", name="Takk for vurderingen")).to_be_visible()
    phone.close()

    msf = Assessment.objects.get(kind=Assessment.Kind.MULTI_SOURCE)
    page.goto(f"/veiledning/vurderinger/{msf.pk}/")
    expect(page.get_by_text("1 av 5 har svart.")).to_be_visible()
    expect(page.get_by_text("Lytter godt til pasientene")).to_have_count(0)
    for invitation in msf.invitations.filter(used_at=None).order_by("pk"):
        services.submit_response(invitation, dict.fromkeys(MSF_KEYS, "3") | {"kommentar": ""})
    page.reload()
    expect(page.get_by_text("Sammendrag av 5 svar. Enkeltsvar vises ikke.")).to_be_visible()
    expect(page.get_by_text("Lytter godt til pasientene")).to_be_visible()
    expect(page.get_by_text("Kollega 0")).to_have_count(0)
    page.goto(f"/veiledning/stilling/{placement.pk}/vurderinger/")
    expect(page.get_by_text("Fullført")).to_have_count(2)
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
