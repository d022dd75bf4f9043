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

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("s" * 20 + "e" * 20 + "c" * 20 + "r3t!")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "alisvest.settings.production",
        "SECRET_KEY_FILE": str(secret_file),
        "ALLOWED_HOSTS": "alisvest.example.no",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


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
    assert counts[0] == 7
    bergen = RecruitmentRound.objects.get(municipality__number="1201")
    assert (bergen.applicants, bergen.hired) == (72, 2)


def test_beat_schedule_lives_in_code_in_oslo_time():
    assert app.conf.timezone == "Europe/Oslo"
    assert all(isinstance(e["schedule"], crontab) for e in settings.CELERY_BEAT_SCHEDULE.values())
