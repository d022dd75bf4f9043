"""Issue 23: the API documentation (Swagger UI, served from our own static files) loads in
Chromium under the product's Content-Security-Policy without a single violation."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# Recorded from the first script on: every CSP violation the page causes.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI || "inline"}`);
});
"""


def test_the_api_docs_load_with_no_csp_violation(browser, live_server, carol):
    client = Client()
    client.force_login(carol)
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    response = page.goto("/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI has fetched the schema and drawn the operations, first to last tag (it
    # draws only the tags in view, so scroll down to the end).
    page.locator(".opblock").first.wait_for(timeout=30_000)
    expect(page.locator(".opblock-tag", has_text="absences")).to_be_visible()
    for _ in range(40):
        page.mouse.wheel(0, 3000)
    expect(page.locator(".opblock-tag", has_text="tasks")).to_be_visible()
    violations = page.evaluate("window.__violations")
    csp_messages = [m for m in console if "Content Security Policy" in m]
    context.close()
    assert violations == [] and csp_messages == [], (violations, csp_messages)


def test_the_listener_does_see_a_violation(browser, live_server):
    """The check can fail: an inline style on our page is reported."""
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto("/tilgjengelighet/")
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'p{}';"
        " document.head.appendChild(s); }"
    )
    page.wait_for_function("window.__violations.length > 0")
    assert "style-src" in page.evaluate("window.__violations")[0]
    context.close()
