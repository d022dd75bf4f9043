"""Issue 23: the accessibility statement passes axe-core's WCAG 2.1 A/AA checks, as the main
pages do (tests/browser/test_accessibility.py), and the login page's footer leads to it."""

import pytest
from playwright.sync_api import expect

from .test_accessibility import violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_statement_is_accessible_and_linked_from_the_footer(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    assert violations(page, "/tilgjengelighet/") == []
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    page.wait_for_url("**/tilgjengelighet/")
    expect(page.get_by_role("heading", name="Kjente mangler")).to_be_visible()
    context.close()
