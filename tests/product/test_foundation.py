import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command

from alisvest.celery import app
from alisvest.models import User
from placements.models import MedicalCentre, Municipality, Participation, RecruitmentRound

ROOT = Path(__file__).resolve().parents[2]


def deploy_check(tmp_path, secret="s" * 20 + "e" * 20 + "c" * 20 + "r3t!", **extra):
    """`manage.py check --deploy` under the production settings, as a fresh process."""
    secret_file = tmp_path / "secret"
    secret_file.write_text(secret)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "alisvest.settings.production",
        "SECRET_KEY_FILE": str(secret_file),
        "ALLOWED_HOSTS": "alisvest.example.no",
        "SITE_URL": "https://alisvest.example.no",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_refuses_uploads_under_the_static_root(tmp_path):
    result = deploy_check(tmp_path, MEDIA_ROOT=str(ROOT / "staticfiles" / "uploads"))
    assert result.returncode != 0
    assert "alisvest.E010" in result.stderr + result.stdout


def test_check_deploy_warns_of_e_mail_links_to_localhost(tmp_path):
    result = deploy_check(tmp_path, SITE_URL="http://localhost:8000")
    assert result.returncode != 0
    assert "alisvest.W020" in result.stderr + result.stdout


def test_production_refuses_a_short_secret_key(tmp_path):
    result = deploy_check(tmp_path, secret="kort")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_postgresql_only():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_register_has_todays_357_municipalities_and_history(register):
    assert Municipality.objects.current().count() == 357
    odda = Municipality.objects.get(number="1228")
    assert odda.name == "Odda"
    assert odda.current.name == "Ullensvang"
    assert odda.current.number == "4618"


def test_seed_demo_is_idempotent(register):
    call_command("seed_demo", stdout=StringIO())
    counts = [
        User.objects.count(),
        Participation.objects.count(),
        MedicalCentre.objects.count(),
        RecruitmentRound.objects.count(),
    ]
    call_command("seed_demo", stdout=StringIO())
    assert counts == [
        User.objects.count(),
        Participation.objects.count(),
        MedicalCentre.objects.count(),
        RecruitmentRound.objects.count(),
    ]
    from demo.placements import USERS

    assert User.objects.filter(email__in=[email for email, _n, _r in USERS]).count() == 7
    bergen = RecruitmentRound.objects.get(municipality__number="1201")
    assert (bergen.applicants, bergen.hired) == (72, 2)


def test_beat_schedule_lives_in_code_in_oslo_time():
    assert app.conf.timezone == "Europe/Oslo"
    assert all(isinstance(e["schedule"], crontab) for e in settings.CELERY_BEAT_SCHEDULE.values())
