"""The benchmarks' own databases, on the same server as DATABASE_URL and never that one.

No Django here: the national data is generated in a subprocess (`generate_synthetic`), so
the load test can reuse it without setting Django up itself."""

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/alisvest"


def bench_url(url, suffix="_bench", *, collapse=False):
    """(url, name, parts) of <name><suffix>; with collapse, a name that would end in
    _bench_bench keeps one _bench (DATABASE_URL already names a bench database)."""
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "alisvest") + suffix
    if collapse and name.endswith("_bench_bench"):
        name = name[: -len("_bench")]
    return urlunsplit(parts._replace(path=f"/{name}")), name, parts


def admin_connect(parts):
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def recreate(parts, name):
    """Drop the database if it is there and create it empty."""
    with admin_connect(parts) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def fingerprint(seed, scale="national"):
    """What the generated data depends on: scale, seed, the generator and the migrations."""
    digest = hashlib.sha256(f"scale={scale} seed={seed}".encode())
    for path in sorted(
        [*ROOT.glob("demo/synthetic/*.py"), *ROOT.glob("*/migrations/0*.py")],
        key=lambda p: str(p.relative_to(ROOT)),
    ):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stored_generation(url, name, parts):
    """The generation figures stored in the bench database, or None if there are none."""
    with admin_connect(parts) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        return None
    with psycopg.connect(url) as conn:
        try:
            row = conn.execute("SELECT value FROM bench_meta WHERE key = 'generation'").fetchone()
        except psycopg.Error:
            row = None
    return json.loads(row[0]) if row else None


def generate(url, name, seed, wanted, scale):
    """Migrate and fill the (empty) database at the scale; the generation figures."""
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    print(f"» Lager syntetiske data ({scale}) i {name} (frø {seed}) …", flush=True)
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
    start = time.perf_counter()
    out = subprocess.run(  # noqa: S603
        [*manage, "generate_synthetic", "--scale", scale, "--seed", str(seed)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(out, end="")
    wall = time.perf_counter() - start
    match = re.search(r"time=([\d.]+)s peak_rss=(\d+)MiB", out)
    return {
        "fingerprint": wanted,
        "scale": scale,
        "seed": seed,
        "seconds": float(match[1]) if match else wall,
        "wall_seconds": round(wall, 1),
        "peak_rss_mib": int(match[2]) if match else None,
    }


def store_generation(url, figures):
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)")
        conn.execute("INSERT INTO bench_meta VALUES ('generation', %s)", [json.dumps(figures)])
        conn.execute("VACUUM ANALYZE")


def small_url(url, name, parts):
    """(url, name) of the demo-size database beside the national one: <name>_small."""
    return urlunsplit(parts._replace(path=f"/{name}_small")), f"{name}_small"


def ensure_data(url, name, parts, seed, regenerate, scale="national"):
    """(reused, generation figures); generates in a subprocess so its peak RSS is its own."""
    wanted = fingerprint(seed, scale)
    if not regenerate:
        stored = stored_generation(url, name, parts)
        if stored and stored.get("fingerprint") == wanted:
            return True, stored
    recreate(parts, name)
    figures = generate(url, name, seed, wanted, scale)
    store_generation(url, figures)
    return False, figures
