"""Browser tests drive Debian's Chromium through Playwright (no browser download).
Under CI=true a missing browser fails the run; elsewhere the tests skip with a loud notice."""

import contextlib
import os
import re
import shutil
import threading
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.conftest import totp_code

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# A check waits as long as a click does: on a loaded two-core machine (two test workers,
# each with its browser and live server) a page can take more than ten seconds. Waiting
# costs nothing when the page is there.
BROWSER_TIMEOUT_MS = 20_000
expect.set_options(timeout=BROWSER_TIMEOUT_MS)


def chromium_path():
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing under CI=true: .ci/run must install it.")
        pytest.skip("BROWSER TESTS SKIPPED: no chromium on PATH (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests
    # themselves are plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    # Let the page's own requests (the header's task count loads after the page) finish
    # while the test's database is still there.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()
    wait_for_live_requests()


def wait_for_live_requests(seconds=10):
    """Until the live server's request threads have ended: the browser has closed its
    connections, but a request it sent may still be at work, and the database flush after
    the test would deadlock with it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(
        getattr(getattr(thread, "_target", None), "__name__", "") == "process_request_thread"
        for thread in threading.enumerate()
    ):
        time.sleep(0.05)


def login(page, email, password="passord-for-test-1"):
    # Start signed out. Leave the page first: a poll still in flight from the one before
    # would set their session cookie again (every staff request slides the idle timeout).
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/(oppgaver|accounts/2fa/authenticate)/"))
    if "/2fa/authenticate/" in page.url:  # a role that must use a second factor
        enter_second_factor(page)
    page.wait_for_url("**/oppgaver/")


def enter_second_factor(page):
    """A code is refused once used (replay protection), and a user signing in twice within
    one 30-second step would type the same code: then try the next code in the window."""
    for step in (0, 1, -1):
        page.locator("input[name=code]").fill(totp_code(step))
        with page.expect_navigation():  # to the to-do list, or the form again with an error
            page.locator("input[name=code]").press("Enter")
        if "/2fa/authenticate/" not in page.url:
            return
