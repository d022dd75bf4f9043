import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from placements.applications.factories import CallFactory
from placements.applications.models import Application, PostSlot, Review
from placements.models import Participation
from placements.register.factories import DoctorFactory

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login_as(page, live_server, user):
    """Project leaders and the steering group log in with a second factor; the browser
    gets a session made server-side instead of typing a TOTP code."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


def test_manager_applies_leader_reviews_and_decides(
    page, live_server, tmp_path, programme, alice, liv_mfa, stein, bergen, bergen_centre
):
    call = CallFactory(
        programme=programme, title="Utlysning Vestland", target_counties=["Vestland"]
    )
    login(page, alice.email)
    page.goto("/oversikt/")
    page.get_by_role("link", name="Utlysning Vestland").click()
    page.get_by_role("button", name="Start søknad").click()
    page.wait_for_url("**/soknader/*/endre/")
    page.get_by_label("Rekrutteringssituasjonen i kommunen").fill("Tre ledige hjemler i fjor.")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()

    attachment = tmp_path / "budsjett.pdf"
    attachment.write_bytes(PDF)
    page.get_by_label("Vedlegg (PDF").set_input_files(str(attachment))
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_text("«budsjett.pdf» er lastet opp")).to_be_visible()

    page.get_by_role("button", name="Send inn søknaden").click()
    expect(page.get_by_text("Søknaden mangler")).to_be_visible()
    expect(page.get_by_text("6. Legesenter").first).to_be_visible()

    page.get_by_label("Antall stillinger det søkes om").fill("2")
    page.get_by_label("Listeløsning", exact=True).select_option("municipal")
    page.get_by_label("Listelengde").fill("700")
    page.get_by_label("Daglig supervisjon av kollega").fill("Kollega på senteret hver dag.")
    page.get_by_label("Veileders navn").fill("Kari Veileder")
    page.get_by_label("Veileder er spesialist i allmennmedisin").select_option("true")
    page.get_by_label("Veileder arbeider på samme legesenter").select_option("true")
    page.get_by_label("Planlagt veiledning (timer per måned)").fill("2")
    page.get_by_label("Bakvakt på legevakt").fill("Erfaren bakvakt.")
    page.get_by_label("Legesenter", exact=True).select_option(str(bergen_centre.pk))
    page.get_by_label("Kommunalt legearbeid", exact=True).fill("Sykehjem 20 %.")
    page.get_by_label("Vikar- og fraværsløsning").fill("Vikarpool.")
    page.get_by_label("Sårbarhet").fill("Lav.")
    page.get_by_label("Ny stilling eller ansatt lege").select_option("new")
    page.get_by_role("button", name="Send inn søknaden").click()
    page.wait_for_url("**/soknader/*/")
    expect(page.get_by_test_id("status")).to_have_text("Sendt inn")
    application = Application.objects.get(call=call, municipality=bergen)
    assert application.attachments.count() == 1

    login_as(page, live_server, liv_mfa)
    page.goto(f"/soknader/{application.pk}/")
    page.get_by_label("Stein Styre").check()
    page.get_by_role("button", name="Tildel").click()
    expect(page.get_by_test_id("status")).to_have_text("Til behandling")

    login_as(page, live_server, stein)
    page.goto(f"/soknader/{application.pk}/")
    for criterion in Review.CRITERIA:
        page.locator(f"#id_review-{criterion}").select_option("4")
    page.locator("#id_review-recommendation").select_option("approve")
    page.get_by_role("button", name="Lagre vurdering").click()
    expect(page.get_by_text("Vurderingen er lagret.")).to_be_visible()

    # The member votes; only the project leader records the decision the group reached.
    votes = page.get_by_role("region", name="Styringsgruppens stemmer")
    votes.get_by_label("For", exact=True).check()
    votes.get_by_label("Kommentar").fill("Godt opplegg for veiledning.")
    votes.get_by_role("button", name="Avgi stemme").click()
    expect(page.get_by_text("Stemmen din er registrert.")).to_be_visible()
    expect(page.get_by_role("button", name="Registrer vedtak")).to_have_count(0)

    login_as(page, live_server, liv_mfa)
    page.goto(f"/soknader/{application.pk}/")
    expect(page.get_by_test_id("tally")).to_contain_text("1 For")
    page.on("dialog", lambda dialog: dialog.accept())
    decision = page.get_by_role("region", name="Vedtak")
    decision.get_by_label("Innvilgede stillinger").fill("5")  # more than asked for: refused
    decision.get_by_label("Møtedato").fill("2026-03-20")
    decision.get_by_label("Begrunnelse").fill("Godt opplegg for veiledning.")
    decision.get_by_role("button", name="Registrer vedtak").click()
    expect(page.locator("#id_posts_error")).to_have_text(
        "Kommunen søkte om 2 stillinger. Innvilg høyst 2."
    )
    decision = page.get_by_role("region", name="Vedtak")
    expect(decision.get_by_label("Begrunnelse")).to_have_value("Godt opplegg for veiledning.")
    decision.get_by_label("Innvilgede stillinger").fill("2")
    decision.get_by_label("Vilkår").fill("Veileder må være på plass ved oppstart.")
    decision.get_by_role("button", name="Registrer vedtak").click()
    expect(page.get_by_test_id("status")).to_have_text("Innvilget")
    assert Participation.objects.filter(programme=programme, municipality=bergen).exists()

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned vedtaksbrevet (PDF)").click()
    assert download.value.suggested_filename.startswith("vedtak-4601")

    # The health manager, on a phone, announces the first post and fills it.
    doctor = DoctorFactory(programme=programme, name="Nora Nes", registered_by=bergen)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, alice.email)
    page.goto(f"/soknader/{application.pk}/")
    slot = page.get_by_test_id("slot-1")
    slot.get_by_label("Utlyst dato").fill("2026-04-01")
    slot.get_by_label("Antall søkere").fill("3")
    slot.get_by_role("button", name="Registrer utlysning").click()
    expect(page.get_by_test_id("slot-1")).to_contain_text("Under rekruttering")
    page.get_by_test_id("slot-1").get_by_role("link", name="Besett stillingen").click()
    page.locator("#id_doctor").select_option(str(doctor.pk))
    page.locator("#id_contract_type").select_option("fastlonn")
    page.locator("#id_position_percent").fill("100")
    page.locator("#id_list_length").fill("800")
    page.locator("#id_other_work_percent").fill("0")
    page.locator("#id_start").fill("2026-06-01")
    page.get_by_role("button", name="Besett stillingen").click()
    expect(page.get_by_text("Stillingen er besatt: Nora Nes")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    slot = application.slots.get(number=1)
    assert slot.status == PostSlot.Status.FILLED
    assert slot.placement.doctor == doctor
