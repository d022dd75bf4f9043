"""Backup and restore: the whole database (pg_dump, custom format) and the uploaded files,
in one .tar file. A restore can go into another database to prove a backup is good."""

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import environ
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"


def pg_tool(name):
    """The newest pg_dump/pg_restore at hand: the embedded server's own (pgserver) or the
    system's. A newer client reads an older server, never the other way round."""
    candidates = []
    try:
        import pgserver

        candidates.append(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:
        pass
    if found := shutil.which(name):
        candidates.append(Path(found))
    existing = [c for c in candidates if c.exists()]
    if not existing:
        raise FileNotFoundError(f"{name} finnes ikke: installer PostgreSQL-klientverktøyene.")
    return str(max(existing, key=_major_version))


def _major_version(binary):
    out = subprocess.run(  # noqa: S603 - our own tool path, no shell
        [binary, "--version"], capture_output=True, text=True, check=True
    )
    return int(out.stdout.split()[-1].split(".")[0])


def conninfo(url=None):
    """libpq keywords for the configured database, or for `url`."""
    db = environ.Env.db_url_config(url) if url else settings.DATABASES["default"]
    parts = {
        "dbname": db["NAME"],
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST"),
        "port": db.get("PORT"),
    }
    return " ".join(f"{k}='{v}'" for k, v in parts.items() if v)


def media_root():
    return Path(default_storage.location)


def backup(target):
    """Write a backup of the database and the uploaded files to `target` (.tar)."""
    target = Path(target)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DUMP
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", conninfo()],
            check=True,
        )
        manifest = Path(tmp) / MANIFEST
        created = {"created": timezone.now().isoformat()}
        manifest.write_text(json.dumps(created | {"database": connection.settings_dict["NAME"]}))
        with tarfile.open(target, "w") as archive:
            archive.add(manifest, MANIFEST)
            archive.add(dump, DUMP)
            if media_root().exists():
                archive.add(media_root(), MEDIA)
    return target


def restore(source, into=None):
    """Restore a backup made by backup() into the configured database (or `into`, a
    DATABASE_URL), replacing what is there, and put the uploaded files back."""
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(source) as archive:
        archive.extractall(tmp, filter="data")  # no absolute paths, no ../, no devices
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={conninfo(into)}",
                str(Path(tmp) / DUMP),
            ],
            check=True,
        )
        files = Path(tmp) / MEDIA
        if files.exists() and into is None:
            shutil.copytree(files, media_root(), dirs_exist_ok=True)
        return json.loads((Path(tmp) / MANIFEST).read_text())


def default_name():
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(os.environ.get("BACKUP_DIR", settings.BASE_DIR / "var" / "backup")) / (
        f"alisvest-{stamp}.tar"
    )
