"""The production smoke (make test runs it before the suite): gunicorn and a Celery worker
under alisvest.settings.production, on a fresh database, as a person would use them.

    python scripts/smoke.py        # needs DATABASE_URL and REDIS_URL (scripts/services.py)

It migrates a fresh database <name>_smoke, collects the static files (as the image build
does), starts gunicorn and a worker, logs in through the login form as a health manager,
uploads a receipt and downloads it again, logs in as the project leader, issues the grant
statements, waits for the worker to write the PDF and e-mail it (to an SMTP server of its
own), downloads the PDF, and reads /readyz and /metrics as the health checker and the scraper
do (http://127.0.0.1:PORT). Any failure ends it non-zero, with the processes' logs. No
internet is needed."""

import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.deployment import (  # noqa: E402 - after the path above
    ROOT,
    Browser,
    Processes,
    SmtpSink,
    database_url,
    drop_database,
    free_port,
    manage,
    production_env,
    recreate_database,
    wait_until,
)

PASSWORD = "smoke-passord-1234"
PDF = "application/pdf"
YEAR = 2017
# The people and the placement the smoke works with; printed as JSON for the caller.
SEED = f"""
import json
from datetime import date
from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from funding.factories import GrantSchemeFactory
from placements.models import Municipality
from placements.municipalities.factories import (
    MedicalCentreFactory, ParticipationFactory, ProgrammeFactory)
from placements.municipalities.official_register import load_register
from placements.register.factories import DoctorFactory, PlacementFactory

if not Municipality.objects.filter(number="4601").exists():
    load_register(Municipality)
bergen = Municipality.objects.current().get(number="4601")
programme = ProgrammeFactory()
ParticipationFactory(programme=programme, municipality=bergen)
GrantSchemeFactory(programme=programme)
placement = PlacementFactory(
    doctor=DoctorFactory(programme=programme),
    centre=MedicalCentreFactory(municipality=bergen),
    municipality=bergen, start=date({YEAR}, 9, 1), planned_end=date({YEAR + 5}, 9, 1))
tag = "{{}}".format(placement.pk)
manager = UserFactory(email=f"leder.{{tag}}@bergen.kommune.no", name="Smoke Leder",
                      password="{PASSWORD}")
grant_role(manager, Role.MANAGER, bergen)
leader = UserFactory(email=f"prosjekt.{{tag}}@alisvest.no", name="Smoke Prosjektleder",
                     password="{PASSWORD}")
grant_role(leader, Role.PROJECT_LEADER, programme)
print(json.dumps({{"placement": placement.pk, "manager": manager.email, "leader": leader.email}}))
"""


def seed(env):
    result = manage(env, "shell", "-c", SEED)
    return json.loads(result.stdout.strip().splitlines()[-1])


def upload_receipt(browser, placement):
    """A receipt uploaded with a new expense; returns its download path and its bytes."""
    content = b"%PDF-1.4\n% receipt " + uuid.uuid4().hex.encode() + b"\n%%EOF\n"
    path = f"/okonomi/stilling/{placement}/{YEAR}/"
    fields = {"year": YEAR, "category": "kursavgift", "amount": "110000", "description": "Kurs"}
    answer = browser.post(path, fields, files={"file": ("kvittering.pdf", content, PDF)})
    if answer.status != 302:
        raise AssertionError(f"the expense form answered {answer.status}")
    found = re.search(r'href="(/okonomi/utgift/\d+/vedlegg/)"', browser.get(path).text)
    if not found:
        raise AssertionError("the expense page has no link to the uploaded receipt")
    return found.group(1), content


def download(browser, path):
    answer = browser.get(path)
    if answer.status != 200:
        raise AssertionError(f"{path} answered {answer.status}")
    return answer.body


def issue_statements(browser, seconds=90):
    """Issue the year's statements as the leader and wait for the worker to finish them;
    returns the PDF download paths."""
    fields = {"year": YEAR, "municipality": ""}
    preview = browser.post("/okonomi/oppgjor/generer/", fields)
    found = re.search(r'name="basis" value="([^"]*)"', preview.text)
    if preview.status != 200 or found is None:
        raise AssertionError(f"the preview of the statements answered {preview.status}")
    basis = html.unescape(found.group(1))
    answer = browser.post("/okonomi/oppgjor/generer/", {**fields, "confirm": "1", "basis": basis})
    if answer.status != 302:
        raise AssertionError(f"issuing the statements answered {answer.status}")
    progress = urllib_path(answer.headers["Location"]) + "fremdrift/"
    wait_until(lambda: "Ferdig" in browser.get(progress).text, seconds, "the statement PDFs")
    listing = browser.get("/okonomi/oppgjor/").text
    paths = sorted(set(re.findall(r'href="(/okonomi/oppgjor/\d+/pdf/)"', listing)))
    if not paths:
        raise AssertionError("the statement list links no PDF")
    return paths


def urllib_path(location):
    return "/" + location.split("://", 1)[-1].split("/", 1)[-1] if "://" in location else location


def check_probes(base):
    """As the health checker and the scraper ask: plain http to 127.0.0.1, no proxy."""
    import urllib.request

    for path, needle in (("/healthz", ""), ("/readyz", '"status": "ok"')):
        with urllib.request.urlopen(base + path, timeout=30) as answer:  # noqa: S310
            body = answer.read().decode()
        if needle and needle not in body:
            raise AssertionError(f"{path}: {body}")
    with urllib.request.urlopen(base + "/metrics", timeout=30) as answer:  # noqa: S310
        metrics = answer.read().decode()
    for name in ("alisvest_outbox_pending_messages", "alisvest_celery_tasks_queued_total"):
        if name not in metrics:
            raise AssertionError(f"/metrics has no {name}")


def journey(base, people, sink):
    manager = Browser(base)
    manager.login(people["manager"], PASSWORD)
    receipt_path, receipt = upload_receipt(manager, people["placement"])
    if download(manager, receipt_path) != receipt:
        raise AssertionError("the receipt downloaded is not the one uploaded")
    leader = Browser(base)
    leader.login(people["leader"], PASSWORD)
    [pdf_path] = issue_statements(leader)
    if not download(leader, pdf_path).startswith(b"%PDF-"):
        raise AssertionError("the statement PDF is no PDF")
    wait_until(lambda: sink.messages, 30, "the statement e-mail")
    check_probes(base)


def smoke_env(database, media, sink):
    return production_env(
        database,
        os.environ["REDIS_URL"],
        MEDIA_ROOT=media,
        BACKUP_DIR=media + "-backup",
        EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
        EMAIL_USE_TLS="false",
        # No TOTP step in the smoke: its people log in with a password only.
        MFA_REQUIRED_ROLES="researcher",
    )


def step(name, started=[]):  # noqa: B006 - the time of the previous step, kept between calls
    now = time.monotonic()
    if started:
        print(f"smoke: {name} ({now - started[-1]:.1f} s)", flush=True)
    started.append(now)


def prepare(env):
    """Migrate the fresh database and, beside it, collect the static files as the image
    build does (the production settings serve them from their manifest)."""
    collect = None
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        collect = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own command
    manage(env, "migrate", "--noinput")
    if collect is not None and collect.wait() != 0:
        raise RuntimeError("collectstatic failed")
    step("migrated a fresh database" + (" and collected the static files" if collect else ""))


def serve(env, sink):
    with Processes() as processes:  # on failure it prints what gunicorn and the worker said
        port = free_port()
        base = processes.gunicorn("web", env, port, wait=False)
        processes.worker("worker", env)
        people = seed(env)  # while gunicorn and the worker start
        processes.wait_for("web", port)
        step("seeded, gunicorn and the worker started")
        journey(base, people, sink)
        step("logged in, uploaded, issued and downloaded a PDF, read /readyz and /metrics")


def run():
    step("start")
    started = time.monotonic()
    name = urllib.parse.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    database = database_url(os.environ["DATABASE_URL"], f"{name or 'alisvest'}_smoke")
    sink = SmtpSink()
    recreate_database(database)
    env = smoke_env(database, tempfile.mkdtemp(prefix="alisvest-smoke-media-"), sink)
    try:
        prepare(env)
        serve(env, sink)
    finally:
        sink.close()
        drop_database(database)
    print(f"smoke: production settings OK in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    run()
