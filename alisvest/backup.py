"""Backup and restore (docs/backup.md): the whole database (pg_dump, custom format) and every
stored file, read through Django's storage API (a directory or S3-compatible storage), in
one .tar file, sealed with BACKUP_ENCRYPTION_KEY when one is set (alisvest.backup_crypto).

A consistent snapshot: pg_dump runs in a snapshot exported by our own transaction, and the
row count of every table is taken in that same snapshot. Files are written once under random
names and only then referred to by a row, so every file a row in the dump names is in
storage when the files are read, after the dump. The manifest, last in the archive, holds the
row counts and a SHA-256 of the dump and of every file; restore checks all of them, and the
row counts again in the restored database, before it calls a restore done."""

import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path, PurePosixPath

import environ
import psycopg
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from . import backup_crypto

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"
FORMAT = 2


class BackupError(Exception):
    """The archive does not match its manifest, or the restored database does not."""


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


def row_counts(conn):
    """Rows in every table of the public schema (all of them, not a chosen list)."""
    tables = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname"
    ).fetchall()
    return {
        name: conn.execute(f'SELECT count(*) FROM public."{name}"').fetchone()[0]  # noqa: S608
        for (name,) in tables
    }


def stored_names(storage=default_storage, folder=""):
    """Every file in storage, as the names the database refers to them by."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """Reads through to `handle`, hashing what passes."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def dump_database(dump):
    """pg_dump in a snapshot of our own, and the row counts seen in the same snapshot."""
    with psycopg.connect(conninfo()) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction():
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    conninfo(),
                ],
                check=True,
            )
            return row_counts(conn)


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(time.time())
    archive.addfile(info, io.BytesIO(data))


def add_media(archive):
    """Every stored file, streamed from storage into the archive; their checksums."""
    checksums = {}
    for name in stored_names():
        info = tarfile.TarInfo(f"{MEDIA}/{name}")
        info.size, info.mtime = default_storage.size(name), int(time.time())
        with default_storage.open(name, "rb") as handle:
            hashing = _Hashing(handle)
            archive.addfile(info, hashing)
        checksums[name] = hashing.digest.hexdigest()
    return checksums


def write_archive(raw):
    """The tar stream of a backup to the binary file object `raw`; returns the manifest."""
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(fileobj=raw, mode="w|") as archive:
        dump = Path(tmp) / DUMP
        manifest = {"format": FORMAT, "created": timezone.now().isoformat()}
        manifest |= {"database": connection.settings_dict["NAME"]}
        manifest["tables"] = dump_database(dump)
        manifest["dump_sha256"] = sha256_file(dump)
        archive.add(dump, DUMP)
        manifest["files"] = add_media(archive)
        add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
    return manifest


def backup(target, key=None):
    """Write a backup to `target`: sealed when `key` (default BACKUP_ENCRYPTION_KEY) is set.
    Written beside the target first and renamed when complete, so a half-written archive
    never passes for a backup."""
    target = Path(target)
    key = settings.BACKUP_ENCRYPTION_KEY if key is None else key
    partial = target.with_name(f".{target.name}.partial")
    try:
        with open(partial, "wb") as raw:
            out = backup_crypto.EncryptingWriter(raw, key) if key else raw
            manifest = write_archive(out)
            if key:
                out.close()
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def default_name(encrypted=None):
    encrypted = bool(settings.BACKUP_ENCRYPTION_KEY) if encrypted is None else encrypted
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = ".tar.enc" if encrypted else ".tar"
    return Path(settings.BACKUP_DIR) / f"alisvest-{stamp}{suffix}"


def remove_old(directory, keep_days, keep=()):
    """Delete the archives in `directory` older than `keep_days` days; returns their paths."""
    cutoff = time.time() - keep_days * 86400
    old = [
        path
        for path in Path(directory).glob("alisvest-*.tar*")
        if path.is_file() and path.stat().st_mtime < cutoff and path not in keep
    ]
    for path in old:
        path.unlink()
    return sorted(old)


# --- restore ------------------------------------------------------------------------------


def open_archive(source, key=None):
    """The plain tar stream of `source`, decrypting it when it is sealed."""
    key = settings.BACKUP_ENCRYPTION_KEY if key is None else key
    raw = open(source, "rb")  # noqa: SIM115 - closed by the caller through .raw
    if not backup_crypto.is_encrypted(source):
        return raw, raw
    if not key:
        raw.close()
        raise BackupError("Sikkerhetskopien er kryptert: sett BACKUP_ENCRYPTION_KEY.")
    return backup_crypto.DecryptingReader(raw, key), raw


def safe_member(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Ugyldig filnavn i sikkerhetskopien: {name}")
    return path


def unpack(source, tmp, key=None):
    """Unpack the archive into `tmp`, checking every part; returns the manifest."""
    stream, raw = open_archive(source, key)
    with raw, tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            path = safe_member(member.name)
            if not member.isfile():
                continue
            target = Path(tmp, *path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as handle, open(target, "wb") as out:
                shutil.copyfileobj(handle, out)
    manifest = json.loads(Path(tmp, MANIFEST).read_text())
    verify_files(Path(tmp), manifest)
    return manifest


def verify_files(tmp, manifest):
    if manifest.get("format", 1) < FORMAT:
        return  # an archive from before checksums: nothing to compare with
    if sha256_file(tmp / DUMP) != manifest["dump_sha256"]:
        raise BackupError("Databasedumpen stemmer ikke med sjekksummen i sikkerhetskopien.")
    media = tmp / MEDIA
    found = {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()}
    if found != set(manifest["files"]):
        raise BackupError("Filene i sikkerhetskopien stemmer ikke med innholdslisten.")
    for name, checksum in manifest["files"].items():
        if sha256_file(media / name) != checksum:
            raise BackupError(f"Filen {name} stemmer ikke med sjekksummen.")


def restore_database(dump, into=None):
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
            str(dump),
        ],
        check=True,
    )


def verify_database(manifest, into=None):
    if "tables" not in manifest:
        return
    with psycopg.connect(conninfo(into)) as conn:
        restored = row_counts(conn)
    wrong = sorted(t for t, n in manifest["tables"].items() if restored.get(t) != n)
    if wrong:
        raise BackupError(f"Antall rader stemmer ikke etter gjenoppretting: {', '.join(wrong)}")


def restore_media(media, directory=None):
    """The files back into storage (a restore in place), or into `directory` to look at."""
    if not media.exists():
        return 0
    files = [p for p in sorted(media.rglob("*")) if p.is_file()]
    for path in files:
        name = path.relative_to(media).as_posix()
        if directory is not None:
            target = Path(directory, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            continue
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(path, "rb") as handle:
            default_storage.save(name, File(handle, name=name))
    return len(files)


def restore(source, into=None, media_into=None, key=None):
    """Restore a backup made by backup() into the configured database (or `into`, a
    DATABASE_URL), replacing what is there. The files go back into storage when restoring
    in place, or into the directory `media_into`; with `into` and no `media_into` they are
    checked but left in the archive."""
    with tempfile.TemporaryDirectory() as tmp:
        manifest = unpack(source, tmp, key)
        restore_database(Path(tmp) / DUMP, into)
        verify_database(manifest, into)
        if into is None or media_into is not None:
            manifest["restored_files"] = restore_media(Path(tmp) / MEDIA, media_into)
        return manifest
