"""docker-compose.yml as a reference deployment, read as data (no Docker engine needed;
.ci/run also runs `docker-compose config` where the binary exists)."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP = ["migrate", "web", "worker", "beat", "backup"]


def test_no_trust_authentication_and_passwords_from_secrets():
    postgres = SERVICES["postgres"]["environment"]
    assert postgres["POSTGRES_HOST_AUTH_METHOD"] == "scram-sha-256"
    assert "--auth-local=scram-sha-256" in postgres["POSTGRES_INITDB_ARGS"]
    assert postgres["POSTGRES_PASSWORD_FILE"].startswith("/run/secrets/")
    assert not any(str(value) == "trust" for value in postgres.values())
    assert "requirepass" in " ".join(SERVICES["redis"]["command"])
    for name in APP:
        environment = SERVICES[name]["environment"]
        assert {"SECRET_KEY_FILE", "DATABASE_URL_FILE", "REDIS_URL_FILE"} <= set(environment)
        assert not {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} & set(environment)


def test_migrate_runs_once_before_the_application():
    assert SERVICES["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    assert SERVICES["migrate"]["restart"] == "no"
    for name in ["web", "worker", "beat", "backup"]:
        waits = SERVICES[name]["depends_on"]["migrate"]
        assert waits == {"condition": "service_completed_successfully"}, name
        assert "migrate" not in " ".join(SERVICES[name].get("command", [])), name


@pytest.mark.parametrize("name", sorted(set(SERVICES) - {"migrate"}))
def test_every_long_running_service_has_a_health_check_and_a_restart_policy(name):
    assert SERVICES[name]["healthcheck"]["test"], name
    assert SERVICES[name]["restart"] in {"unless-stopped", "always"}, name


def test_two_web_replicas_reached_only_through_the_tls_proxy():
    assert SERVICES["web"]["deploy"]["replicas"] == 2
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    # Only the proxy shares a network with the web replicas besides our own services.
    edge = {name for name, service in SERVICES.items() if "edge" in service.get("networks", [])}
    assert edge == {"proxy", "web"}
    caddyfile = (ROOT / "deploy/Caddyfile").read_text()
    assert "name web" in caddyfile and "max_size" in caddyfile


def test_one_beat_with_its_schedule_in_the_database():
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
    assert "--schedule" not in " ".join(SERVICES["beat"]["command"])
    # Read, not imported: the production settings refuse to load without a real key.
    production = (ROOT / "alisvest/settings/production.py").read_text()
    assert 'CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"' in production
    assert '"django_celery_beat"]' in production


def test_nightly_backup_keeping_14_days_on_its_own_volume():
    backup = SERVICES["backup"]
    assert backup["command"] == ["sh", "deploy/backup.sh"]
    assert backup["environment"]["BACKUP_KEEP_DAYS"].endswith("14}")
    assert "backups:/app/var/backup" in backup["volumes"]
    script = (ROOT / "deploy/backup.sh").read_text()
    assert 'manage.py backup --keep-days "$BACKUP_KEEP_DAYS"' in script
    # Sealed at rest with a key from a secret file, which only the backup service gets.
    assert backup["environment"]["BACKUP_ENCRYPTION_KEY_FILE"] == "/run/secrets/backup_key"
    assert "backup_key" in backup["secrets"]
    assert "backup_key" in COMPOSE["secrets"]
    assert "put backup_key" in (ROOT / "deploy/make-secrets.sh").read_text()
    assert not any("backup_key" in SERVICES[name].get("secrets", []) for name in APP[:-1])


def test_application_containers_are_read_only_and_unprivileged():
    for name in APP:
        assert SERVICES[name]["read_only"] is True, name
        assert SERVICES[name]["cap_drop"] == ["ALL"], name
