"""The container's health check under the production settings, as a fresh process: the
check asks http://127.0.0.1:8000/healthz, a host not in ALLOWED_HOSTS and plain http."""

import json
import os
import subprocess
import sys

from django.db import connection

from tests.product.test_foundation import ROOT

PROBE = """
import json, django
django.setup()
from django.conf import settings
# The image runs collectstatic; this checkout has no manifest, and the 400 page uses static.
settings.STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
from django.test import Client
client = Client()
out = {}
for path, host in [("/healthz", "127.0.0.1:8000"), ("/", "127.0.0.1:8000"),
                   ("/", "alisvest.example.no"), ("/healthz/", "127.0.0.1:8000"),
                   ("/readyz", "127.0.0.1:8000"), ("/metrics", "127.0.0.1:8000"),
                   ("/metrics", "10.1.2.3:8000")]:
    # The scraper's address: 127.0.0.1 (an allowed network) unless the host says otherwise.
    remote = "10.9.9.9" if host.startswith("10.") else "127.0.0.1"
    response = client.get(path, HTTP_HOST=host, REMOTE_ADDR=remote)
    out[f"{host}{path}"] = [response.status_code, response.get("Location", "")]
print(json.dumps(out))
"""


def production_get(tmp_path, **extra):
    secret_file = tmp_path / "secret"
    secret_file.write_text("h" * 30 + "e" * 30 + "!")
    db = connection.settings_dict  # the test database, which exists while the tests run
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "alisvest.settings.production",
        "SECRET_KEY_FILE": str(secret_file),
        "ALLOWED_HOSTS": "alisvest.example.no",
        "SITE_URL": "https://alisvest.example.no",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_health_check_answers_on_127_0_0_1_over_http_under_production(tmp_path, db):
    answers = production_get(tmp_path)
    assert answers["127.0.0.1:8000/healthz"] == [200, ""]


def test_readiness_and_metrics_answer_a_checker_on_127_0_0_1_over_http(tmp_path, db):
    answers = production_get(tmp_path)
    assert answers["127.0.0.1:8000/readyz"][1] == ""  # no redirect to https
    assert answers["127.0.0.1:8000/readyz"][0] in (200, 503)  # ready or not, never 400
    assert answers["127.0.0.1:8000/metrics"] == [200, ""]
    # Exempt from the host check, not from the metrics allow-list.
    assert answers["10.1.2.3:8000/metrics"] == [403, ""]


def test_only_the_health_check_is_exempt(tmp_path, db):
    answers = production_get(tmp_path)
    # Any other page on an unknown host: refused; on the site's host: off to https.
    assert answers["127.0.0.1:8000/"][0] == 400
    assert answers["alisvest.example.no/"] == [301, "https://alisvest.example.no/"]
    assert answers["127.0.0.1:8000/healthz/"][0] == 400


SETTINGS_PROBE = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name, None) for name in [
    "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_HOST", "EMAIL_HOST_PASSWORD",
    "CSRF_TRUSTED_ORIGINS", "CELERY_BEAT_SCHEDULER"]}))
"""


def production_settings(tmp_path, **extra):
    secret_file = tmp_path / "secret"
    secret_file.write_text("s" * 30 + "k" * 30 + "!")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"EMAIL_URL", "EMAIL_USE_TLS"}},
        "DJANGO_SETTINGS_MODULE": "alisvest.settings.production",
        "SECRET_KEY_FILE": str(secret_file),
        "SITE_URL": "https://alisvest.example.no",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_e_mail_over_tls_unless_told_otherwise(tmp_path):
    url_file = tmp_path / "email_url"
    url_file.write_text("smtp://alisvest:hemmelig@smtp.kommune.no:587\n")
    found = production_settings(tmp_path, EMAIL_URL_FILE=str(url_file))
    assert found["EMAIL_USE_TLS"] is True
    assert (found["EMAIL_HOST"], found["EMAIL_HOST_PASSWORD"]) == ("smtp.kommune.no", "hemmelig")
    relay = production_settings(tmp_path, EMAIL_URL="smtp://relay:25", EMAIL_USE_TLS="false")
    assert relay["EMAIL_USE_TLS"] is False
    implicit = production_settings(tmp_path, EMAIL_URL="smtp+ssl://smtp.kommune.no:465")
    assert implicit["EMAIL_USE_SSL"] is True and not implicit["EMAIL_USE_TLS"]


def test_production_trusts_the_sites_own_origin_and_keeps_beats_schedule_in_the_database(
    tmp_path,
):
    found = production_settings(tmp_path)
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://alisvest.example.no"]
    assert found["CELERY_BEAT_SCHEDULER"] == "django_celery_beat.schedulers:DatabaseScheduler"


def test_make_test_runs_the_production_smoke_before_the_suite():
    makefile = (ROOT / "Makefile").read_text()
    [recipe] = [line for line in makefile.splitlines() if "pytest -n 2" in line]
    assert recipe.index("scripts/smoke.py") < recipe.index("pytest -n 2")
    assert "&& $(PY) scripts/smoke.py &&" in recipe  # a failed smoke fails make test
    assert (ROOT / ".ci/run").read_text().rstrip().endswith("exec make test")
    smoke = (ROOT / "scripts/smoke.py").read_text()
    assert (
        "production_env(" in smoke
        and "alisvest.settings.production" in (ROOT / "scripts/deployment.py").read_text()
    )
