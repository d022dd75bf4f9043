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
    from tests.test_permission_matrix import graph

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
