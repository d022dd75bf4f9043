"""The restore drill: a backup restored into a fresh database reproduces every table's rows
and every stored file byte for byte, sealed or not; a changed archive or a wrong key is
refused; old archives are removed after the retention period."""

import hashlib
import os
import time

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from alisvest import backup_crypto
from alisvest.backup import remove_old, stored_names
from placements.municipalities.factories import MedicalCentreFactory

KEY = "a-test-only-backup-key-of-enough-length-0123456789"


def every_table(cursor):
    """Row count and an md5 over every row of every table in the schema (not a list)."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    result = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608
            f' FROM public."{table}" t'
        )
        result[table] = cursor.fetchone()
    return result


def checksums_in_storage():
    return {
        name: hashlib.sha256(default_storage.open(name, "rb").read()).hexdigest()
        for name in stored_names()
    }


def checksums_in(directory):
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in directory.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def fresh_database():
    name = connection.settings_dict["NAME"] + "_restore"
    admin = dict(connection.settings_dict, NAME="postgres")
    url = "postgres://{USER}@{HOST}:{PORT}/".format(**admin) + name
    server = {"host": admin["HOST"], "port": admin["PORT"], "user": admin["USER"]}
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "alisvest.uploads.PrivateStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    default_storage.save("vedlegg/1f2e3d", ContentFile(b"%PDF-1.4 test"))
    default_storage.save("statements/2026/Bergen.pdf", ContentFile(os.urandom(200_000)))
    default_storage.save("kvittering", ContentFile(b""))  # empty files count too
    return tmp_path / "media"


@pytest.mark.parametrize("key", ["", KEY], ids=["plain", "encrypted"])
@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_reproduces_every_table_and_file(
    participating, alice, bergen, tmp_path, settings, fresh_database, media, key
):
    settings.BACKUP_ENCRYPTION_KEY = key
    centre = MedicalCentreFactory(municipality=bergen, name="Årstad legesenter")
    centre.doctor_count = 9
    centre.save()
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive))
    assert backup_crypto.is_encrypted(archive) == bool(key)
    if key:  # sealed: not a byte of the data in clear
        assert "Årstad".encode() not in archive.read_bytes()
    with connection.cursor() as cursor:
        before = every_table(cursor)
    files_before = checksums_in_storage()
    assert len(files_before) == 3 and len(before) > 100
    assert before["placements_medicalcentre"][0] > 0

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(archive), into=fresh_database, media_into=str(restored_media))
    with psycopg.connect(fresh_database) as conn, conn.cursor() as cursor:
        assert every_table(cursor) == before
    assert checksums_in(restored_media) == files_before

    # In place: the lost file comes back through the storage API.
    default_storage.delete("statements/2026/Bergen.pdf")
    call_command("restore", str(archive), yes=True)
    assert checksums_in_storage() == files_before
    with connection.cursor() as cursor:
        assert every_table(cursor) == before


@pytest.mark.django_db(transaction=True)
def test_a_changed_archive_or_a_wrong_key_is_refused(
    tmp_path, settings, fresh_database, media, register
):
    settings.BACKUP_ENCRYPTION_KEY = KEY
    archive = tmp_path / "backup.tar.enc"
    call_command("backup", output=str(archive))

    settings.BACKUP_ENCRYPTION_KEY = "another-key-that-is-long-enough-0123456789"
    with pytest.raises(CommandError, match="feil nøkkel"):
        call_command("restore", str(archive), into=fresh_database)
    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="kryptert"):
        call_command("restore", str(archive), into=fresh_database)

    settings.BACKUP_ENCRYPTION_KEY = KEY
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 1  # one bit flipped
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="feil nøkkel, eller filen er endret"):
        call_command("restore", str(archive), into=fresh_database)
    archive.write_bytes(bytes(data[: len(data) // 2]))  # cut short
    with pytest.raises(CommandError, match="endret eller avkortet"):
        call_command("restore", str(archive), into=fresh_database)


def test_the_encrypted_stream_round_trips_at_chunk_boundaries(tmp_path):
    for size in (0, 1, backup_crypto.CHUNK, backup_crypto.CHUNK + 1, 3 * backup_crypto.CHUNK):
        data = os.urandom(size)
        path = tmp_path / f"{size}.enc"
        with open(path, "wb") as raw:
            writer = backup_crypto.EncryptingWriter(raw, KEY)
            for start in range(0, size, 10_000):
                writer.write(data[start : start + 10_000])
            writer.close()
        with open(path, "rb") as raw:
            reader = backup_crypto.DecryptingReader(raw, KEY)
            assert reader.read(7) + reader.read() == data, size


def test_retention_removes_archives_older_than_the_period(tmp_path):
    now = time.time()
    ages = {"alisvest-old.tar": 15, "alisvest-old.tar.enc": 20, "alisvest-new.tar.enc": 13}
    for name, days in {**ages, "other-file.tar": 30}.items():
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (now - days * 86400, now - days * 86400))
    removed = remove_old(tmp_path, keep_days=14)
    assert {p.name for p in removed} == {"alisvest-old.tar", "alisvest-old.tar.enc"}
    assert {p.name for p in tmp_path.iterdir()} == {"alisvest-new.tar.enc", "other-file.tar"}


@pytest.mark.django_db(transaction=True)
def test_files_in_object_storage_are_backed_up_and_put_back_through_the_storage_api(
    tmp_path, settings, fresh_database, register
):
    import boto3
    from moto import mock_aws

    from alisvest.backup import restore_media

    options = {"bucket_name": "alisvest-media", "region_name": "eu-north-1"}
    options |= {"access_key": "test-only", "secret_key": "test-only"}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "alisvest.storage.PrivateS3Storage", "OPTIONS": options},
    }
    settings.BACKUP_ENCRYPTION_KEY = KEY
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-north-1")
        location = {"LocationConstraint": "eu-north-1"}
        s3.create_bucket(Bucket="alisvest-media", CreateBucketConfiguration=location)
        default_storage.save("vedlegg/1f2e3d", ContentFile("%PDF-1.4 i en bøtte".encode()))
        default_storage.save("statements/2026/Stord.pdf", ContentFile(os.urandom(70_000)))
        in_bucket = checksums_in_storage()
        archive = tmp_path / "backup.tar.enc"
        call_command("backup", output=str(archive))

        restored = tmp_path / "restored-media"
        call_command("restore", str(archive), into=fresh_database, media_into=str(restored))
        assert checksums_in(restored) == in_bucket and len(in_bucket) == 2

        s3.delete_object(Bucket="alisvest-media", Key="statements/2026/Stord.pdf")
        assert restore_media(restored) == 2  # back into the bucket, as a restore in place does
        assert checksums_in_storage() == in_bucket
