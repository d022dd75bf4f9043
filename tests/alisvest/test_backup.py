"""A backup restored into a fresh database reproduces the data exactly."""

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from placements.municipalities.factories import MedicalCentreFactory

KEY_TABLES = [
    "placements_programme",
    "placements_municipality",
    "placements_participation",
    "placements_medicalcentre",
    "alisvest_user",
    "placements_historicalmedicalcentre",
]


def fingerprint(cursor):
    """Row count and an md5 over every row, in primary-key order, of each key table."""
    result = {}
    for table in KEY_TABLES:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608
            f" FROM {table} t"
        )
        result[table] = cursor.fetchone()
    return result


@pytest.fixture
def fresh_database():
    name = connection.settings_dict["NAME"] + "_restore"
    admin = dict(connection.settings_dict, NAME="postgres")
    url = "postgres://{USER}@{HOST}:{PORT}/".format(**admin) + name
    with psycopg.connect(
        host=admin["HOST"],
        port=admin["PORT"],
        user=admin["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url
    with psycopg.connect(
        host=admin["HOST"],
        port=admin["PORT"],
        user=admin["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_reproduces_the_data(
    participating, alice, bergen, tmp_path, settings, fresh_database
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    centre = MedicalCentreFactory(municipality=bergen, name="Årstad legesenter")
    centre.doctor_count = 9
    centre.save()
    (tmp_path / "media" / "vedlegg").mkdir(parents=True)
    (tmp_path / "media" / "vedlegg" / "søknad.pdf").write_bytes(b"%PDF-1.4 test")

    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive))
    with connection.cursor() as cursor:
        before = fingerprint(cursor)

    call_command("restore", str(archive), into=fresh_database)
    with psycopg.connect(fresh_database) as conn, conn.cursor() as cursor:
        after = fingerprint(cursor)
    assert after == before
    assert before["placements_medicalcentre"][0] > 0

    (tmp_path / "media" / "vedlegg" / "søknad.pdf").unlink()
    call_command("restore", str(archive), yes=True)
    assert (tmp_path / "media" / "vedlegg" / "søknad.pdf").read_bytes() == b"%PDF-1.4 test"
    with connection.cursor() as cursor:
        assert fingerprint(cursor) == before
