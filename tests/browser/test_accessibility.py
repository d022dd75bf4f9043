"""axe-core (from npm) on every main page, per role: no serious or critical WCAG 2.1 A/AA
violations. And the application and supervision-session forms by keyboard alone."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def world(db):
    from tests.product.test_permission_matrix import graph

    return graph()


def open_as(browser, live_server, user):
    """A browser context logged in as `user` (the session cookie of a forced login), with
    the CSP bypassed only so axe's script can be injected."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", bypass_csp=True)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def violations(page, url):
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    assert result["passes"], "axe did not run"  # it checked something on every page
    return [
        f"{url}: {v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(", ".join(n["target"]) for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def pages_for(world):
    o = world["objects"]
    p, c = o["placement"].pk, o["centre"].pk
    return {
        "alis": [
            "/oversikt/",
            "/veiledning/",
            f"/veiledning/stilling/{p}/",
            f"/veiledning/timer/{o['session'].pk}/bestrid/",
            "/min-plan/",
            "/profil/",
        ],
        "own_manager": [
            "/oversikt/",
            "/stillinger/",
            f"/stillinger/{p}/",
            f"/stillinger/{p}/endre/",
            "/kommuner/",
            "/kommuner/4601/",
            f"/legesentre/{c}/",
            f"/legesentre/{c}/endre/",
            "/utlysninger/",
            f"/utlysninger/{o['call'].pk}/",
            f"/soknader/{o['application'].pk}/",
            f"/soknader/{o['application'].pk}/endre/",
            "/leger/",
            f"/leger/{o['doctor'].pk}/",
            "/okonomi/",
            "/invitasjoner/",
        ],
        "leader": [
            "/oversikt/",
            "/stillinger/ny/",
            f"/veiledning/stilling/{p}/ny/",
            "/veiledning/etterlevelse/",
            "/veiledning/grupper/",
            f"/veiledning/grupper/{o['group'].pk}/",
            "/revisjon/",
            "/utlysninger/ny/",
            "/okonomi/oppgjor/",
            "/okonomi/ordninger/",
            "/forskning/",
            f"/forskning/{o['study'].pk}/",
            f"/personvern/lege/{o['doctor'].pk}/slett/",
        ],
        "steering": ["/oversikt/"],
        "researcher": ["/oversikt/"],
    }


def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, world):
    found = []
    for role, urls in pages_for(world).items():
        page = open_as(browser, live_server, world["users"][role])
        for url in urls:
            found += [f"[{role}] {v}" for v in violations(page, url)]
        page.context.close()
    assert not found, "axe-core found serious/critical violations:\n" + "\n".join(found)


def test_axe_does_find_a_violation(browser, live_server):
    """The check can fail: a button without a name is a critical violation."""
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.evaluate("document.body.appendChild(document.createElement('button'))")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: ['button-name']})")
    assert [v["impact"] for v in result["violations"]] == ["critical"]
    context.close()


def test_the_login_page_is_accessible(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    assert violations(page, "/accounts/login/") == []
    context.close()


# --- Keyboard only ----------------------------------------------------------------------


def tab_to(page, test, what, limit=200):
    """Press Tab until the focused element passes `test` (a JS predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({test}); }}"):
            return
    raise AssertionError(f"Tab never reached {what}")


def field(page, name):
    tab_to(page, f"e.name === {name!r}", f"the field {name!r}")


def type_into(page, name, text):
    field(page, name)
    page.keyboard.press("Control+A")  # replace what is there
    page.keyboard.type(text)


def choose(page, name, steps=1):
    """A closed <select>: the arrow keys move the choice, as with any keyboard."""
    field(page, name)
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def test_the_supervision_session_form_by_keyboard_alone(browser, live_server, world):
    from supervision.models import SupervisionSession

    placement = world["objects"]["placement"]
    page = open_as(browser, live_server, world["users"]["leader"])
    page.goto(f"/veiledning/stilling/{placement.pk}/ny/")
    type_into(page, "topics", "Journalføring med tastatur")
    tab_to(page, "e.tagName === 'BUTTON' && e.type === 'submit'", "the save button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert SupervisionSession.objects.filter(
        placement=placement, topics="Journalføring med tastatur"
    ).exists()
    page.context.close()


def test_the_application_form_by_keyboard_alone(browser, live_server, world):
    from placements.applications.models import Application

    application = world["objects"]["application"]
    page = open_as(browser, live_server, world["users"]["own_manager"])
    page.goto(f"/soknader/{application.pk}/endre/")
    type_into(page, "posts_requested", "2")
    type_into(page, "contact_name", "Alice Aas")
    type_into(page, "contact_email", "alice@bergen.kommune.no")
    type_into(page, "recruitment_situation", "Tre ledige hjemler siste år.")
    choose(page, "list_solution")
    type_into(page, "list_length", "700")
    type_into(page, "daily_supervision", "Erfaren kollega på samme senter.")
    type_into(page, "supervisor_name", "Kari Veileder")
    choose(page, "supervisor_is_specialist")  # Ja
    choose(page, "supervisor_same_centre")  # Ja
    type_into(page, "supervision_hours_per_month", "2")
    type_into(page, "backup_on_call", "Bakvakt fra erfaren fastlege.")
    choose(page, "centre")
    field(page, "equipment")
    page.keyboard.press("Space")  # tick the first piece of equipment
    type_into(page, "municipal_work", "Sykehjem 20 %.")
    type_into(page, "municipal_work_percent", "20")
    type_into(page, "substitute_solution", "Vikarpool i kommunen.")
    type_into(page, "vulnerability", "Lav; fem leger på senteret.")
    choose(page, "post_kind")
    tab_to(page, "e.name === 'submit'", "the submit button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED, application.missing()
    assert application.equipment and application.supervisor_is_specialist is True
    page.context.close()
