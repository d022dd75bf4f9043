"""Screenshot pages of a running `make run` for the README:
.venv/bin/python scripts/screenshot.py EMAIL PATH OUT.png [WIDTH]
The server is http://127.0.0.1:8000 unless BASE_URL says otherwise."""

import os
import sys

from playwright.sync_api import sync_playwright

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")


def main(email, path, out, width=1280):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": int(width), "height": 900}, locale="nb-NO")
        page.goto(BASE_URL + "/accounts/login/")
        page.get_by_label("E-post").fill(email)
        page.get_by_label("Passord").fill("demo-alisvest-2026")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state("networkidle")
        page.goto(BASE_URL + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
