"""The handling of an application after it is sent in, in the browser: the project leader
asks for more information, the health manager answers on a phone and sends it in again, the
leader reads the thread and what changed; the leader corrects the published call."""

import pytest
from playwright.sync_api import expect

from placements.applications import services
from placements.applications.factories import ApplicationFactory, CallFactory
from placements.applications.models import Application

from .conftest import login
from .test_applications import login_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_question_answer_changes_and_a_call_correction(
    page, live_server, programme, alice, liv_mfa, bergen, bergen_centre
):
    call = CallFactory(programme=programme, title="Utlysning Vestland", posts_offered=6)
    application = services.submit(
        ApplicationFactory(call=call, municipality=bergen, complete=True, centre=bergen_centre)
    )

    login_as(page, live_server, liv_mfa)
    page.goto(f"/soknader/{application.pk}/")
    page.get_by_label("Hva mangler?").fill("Beskriv bakvakten nærmere.")
    page.get_by_role("button", name="Send til kommunen").click()
    expect(page.get_by_test_id("thread")).to_contain_text("Beskriv bakvakten nærmere.")
    expect(page.get_by_test_id("thread")).to_contain_text("Ikke besvart ennå")

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, alice.email)
    page.goto(f"/soknader/{application.pk}/endre/")
    expect(page.get_by_test_id("open-question")).to_contain_text("Beskriv bakvakten nærmere.")
    page.get_by_label("Bakvakt på legevakt").fill("Spesialist i allmennmedisin som bakvakt.")
    page.get_by_role("button", name="Send inn på nytt").click()
    expect(page.get_by_text("Svar på spørsmålet").first).to_be_visible()  # the answer is needed
    expect(page.get_by_label("Bakvakt på legevakt")).to_have_value(
        "Spesialist i allmennmedisin som bakvakt."
    )
    page.get_by_label("Svar på spørsmålet").fill("Bakvakten er nå en spesialist.")
    page.get_by_role("button", name="Send inn på nytt").click()
    page.wait_for_url(f"**/soknader/{application.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    application.refresh_from_db()
    assert application.status == Application.Status.RESUBMITTED

    page.set_viewport_size({"width": 1280, "height": 900})
    login_as(page, live_server, liv_mfa)
    page.goto(f"/soknader/{application.pk}/")
    expect(page.get_by_test_id("thread")).to_contain_text("Bakvakten er nå en spesialist.")
    page.get_by_role("link", name="Se hva som er endret siden din vurdering").click()
    expect(page.locator("main")).to_contain_text("Spesialist i allmennmedisin som bakvakt.")
    expect(page.locator("main")).to_contain_text("Bakvakt fra erfaren fastlege til godkjenning.")

    page.goto(f"/utlysninger/{call.pk}/")
    page.get_by_role("link", name="Endre utlysningen").click()
    page.locator("#id_posts_offered").fill("8")
    page.get_by_label("Grunn til endringen").fill("Budsjettet ble økt i kommunestyret.")
    page.get_by_role("button", name="Lagre endringen").click()
    corrections = page.get_by_role("region", name="Endringer etter publisering")
    expect(corrections).to_contain_text("Budsjettet ble økt i kommunestyret.")
    expect(corrections).to_contain_text("6 → 8")
    call.refresh_from_db()
    assert call.posts_offered == 8
