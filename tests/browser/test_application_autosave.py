"""A manager typing an application: the draft saves itself while she writes, and the
cursor stays where she is typing."""

import pytest
from playwright.sync_api import expect

from placements.applications.factories import ApplicationFactory, CallFactory
from placements.applications.models import Application
from placements.applications.views import applications as application_views
from tests.conftest import wait_for

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_draft_saves_itself_while_focus_stays_in_the_field(
    page, live_server, monkeypatch, programme, alice, bergen, bergen_centre
):
    monkeypatch.setattr(application_views, "AUTOSAVE_SECONDS", 1)
    call = CallFactory(programme=programme, target_counties=["Vestland"])
    draft = ApplicationFactory(call=call, municipality=bergen, complete=True)
    login(page, alice.email)
    page.goto(f"/soknader/{draft.pk}/endre/")
    status = page.locator("#autosave-status")
    expect(status).to_have_attribute("aria-live", "polite")

    field = page.get_by_label("Sårbarhet")
    field.fill("")
    field.press_sequentially("Lav, fem leger", delay=20)
    expect(status).to_contain_text("Utkast lagret kl.", timeout=5_000)
    assert wait_for(lambda: Application.objects.get(pk=draft.pk).vulnerability == "Lav, fem leger")
    # The form was not replaced: the same field has focus and the cursor is at its end,
    # so typing on continues the text.
    expect(field).to_be_focused()
    assert field.evaluate("el => el.selectionStart") == len("Lav, fem leger")
    page.keyboard.type(" på senteret.")
    assert wait_for(
        lambda: Application.objects.get(pk=draft.pk).vulnerability == "Lav, fem leger på senteret."
    )
    expect(field).to_be_focused()
    expect(field).to_have_value("Lav, fem leger på senteret.")
    # Nothing else changed on the way.
    draft.refresh_from_db()
    assert draft.supervisor_is_specialist is True
    assert draft.list_length == 700
