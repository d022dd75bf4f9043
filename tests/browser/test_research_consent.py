"""E-consent as the people live it: the project leader sends an ALIS the consent link, the
ALIS opens the e-mailed link on a phone (390 px) without logging in, reads the study's
text, is told what is missing, gives consent with their typed name, and later withdraws
through the same link; the researcher's export page follows each change at once."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from placements.register.factories import DoctorFactory
from research import services
from research.factories import StudyFactory
from research.models import ConsentInvitation
from research.tasks import send_consent_invitation

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def test_alis_consents_by_the_emailed_link_on_a_phone_and_withdraws(
    browser, live_server, page, programme, liv_mfa, erin_mfa
):
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest")
    study.members.add(erin_mfa)
    services.publish_text(
        study, liv_mfa, title="Om følgestudien", text_nb="Vi intervjuer ALIS og følger stillingene."
    )
    DoctorFactory(programme=programme, name="Dan Dale", email="dan@example.no")

    login(page, liv_mfa.email)
    page.goto(f"/forskning/{study.pk}/samtykker/")
    page.get_by_label("Dan Dale").check()
    page.get_by_role("button", name="Send lenke til samtykke").click()
    expect(page.get_by_text("Lenken til samtykke sendes til 1 ALIS.")).to_be_visible()
    invitation = ConsentInvitation.objects.get()
    send_consent_invitation(invitation.pk)  # the worker's job, here in the test's process
    [email] = [m for m in mail.outbox if m.to == ["dan@example.no"]]
    link = re.search(r"https?://\S+/samtykke/\S+/", email.body).group(0)
    path = "/" + link.split("/", 3)[3]

    phone = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=PHONE)
    alis = phone.new_page()
    alis.goto(path)
    expect(alis.get_by_text("Vi intervjuer ALIS og følger stillingene.")).to_be_visible()
    alis.get_by_role("button", name="Gi samtykke").click()
    expect(alis.get_by_text("Kryss av for at du har lest og samtykker.").first).to_be_visible()
    alis.get_by_label("Jeg har lest informasjonen og samtykker til å delta i studien").check()
    alis.get_by_label("Navnet ditt (signatur)").fill("Dan Dale")
    alis.get_by_role("button", name="Gi samtykke").click()
    expect(alis.get_by_text("Takk! Samtykket ditt er registrert.")).to_be_visible()
    assert alis.evaluate("document.documentElement.scrollWidth") <= 390

    login(page, erin_mfa.email)
    page.goto(f"/forskning/{study.pk}/uttrekk/")
    expect(page.get_by_text("Uttrekket gjelder 1 ALIS med gjeldende samtykke.")).to_be_visible()

    alis.goto(path)  # later, the same link
    alis.get_by_role("button", name="Trekk samtykket tilbake").click()
    expect(alis.get_by_text("Samtykket ditt er trukket tilbake.")).to_be_visible()
    assert alis.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

    page.reload()
    expect(page.get_by_text("Uttrekket gjelder 0 ALIS med gjeldende samtykke.")).to_be_visible()
