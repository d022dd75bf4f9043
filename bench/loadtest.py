"""`make loadtest`: gunicorn with 2 workers on 127.0.0.1 against the national synthetic data
(the benchmark's database, generated once), then Locust headless at each level of simulated
people (20, then 200) on the mixed traffic of all roles (bench/locustfile.py). Each level
signs its people in, then resets the statistics and measures `--seconds` of browsing, so the
figures are the steady traffic, not the sign-ins. Writes bench/loadtest.json with one entry
per level in `levels`; the target: no errors at 200 and p95 ≤ 3 × the p95 at 20.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alisvest .venv/bin/python bench/loadtest.py \
        [--levels 20 200] [--seconds 60] [--seed 1]
"""

# The repository goes on sys.path before the imports of bench modules (no Django here):
# ruff: noqa: E402
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import DEFAULT_URL, bench_url, ensure_data
from bench.report import taken_now, write_json

RESULTS = ROOT / "bench" / "loadtest.json"
# Locust may live in its own virtualenv (its pins need not meet the product's).
LOCUST_PYTHON = os.environ.get("LOCUST_PYTHON", sys.executable)
PORT = 8765
HOST = f"http://127.0.0.1:{PORT}"


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} svarte ikke på {seconds} s")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60, help="measured, after sign-in")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def start_server(url):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",  # a line per request costs the server time under load
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Every simulated person signs in from 127.0.0.1: allauth's 30/m per IP would
        # turn most of the 50 logins at the start into 429s.
        "LOGIN_RATE_LIMIT": "1000/m/ip",
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "alisvest.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )  # fmt: skip


def run_locust(args, users):
    """Locust's statistics rows (the last one is its "Aggregated" row) of one level."""
    run_time = round(users / args.spawn_rate) + 5 + args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "locust")
        subprocess.run(  # noqa: S603
            [LOCUST_PYTHON, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
             "--headless", "--users", str(users), "--spawn-rate", str(args.spawn_rate),
             "--run-time", f"{run_time}s", "--reset-stats", "--stop-timeout", "10",
             "--host", HOST, "--csv", prefix, "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT,
            check=False,
        )  # fmt: skip
        with open(prefix + "_stats.csv", encoding="utf-8") as f:
            return list(csv.DictReader(f))


def measured(url, args):
    """{users: Locust's rows} for each level, against one server started for all."""
    server = start_server(url)
    try:
        wait_for(HOST + "/healthz")
        return {users: run_locust(args, users) for users in args.levels}
    finally:
        server.terminate()
        server.wait(timeout=30)


def request_rows(stats):
    return [
        {
            "name": f"{row['Type']} {row['Name']}".strip(),
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "rps": round(float(row["Requests/s"]), 1),
        }
        for row in stats
    ]


def level(users, rows):
    total = rows[-1]  # Locust's "Aggregated" row
    return {"users": users, **{k: v for k, v in total.items() if k != "name"}, "rows": rows}


def summarised(args, levels):
    low, high = levels[0], levels[-1]
    ratio = high["p95_ms"] / low["p95_ms"] if low["p95_ms"] else None
    return {
        **taken_now(),
        "measured_seconds": args.seconds,
        "gunicorn_workers": 2,
        "p95_ratio": None if ratio is None else round(ratio, 2),
        "target": f"{high['users']} users: 0 errors, p95 ≤ 3 × p95 at {low['users']}",
        "met": high["errors"] == 0 and ratio is not None and ratio <= 3,
        "levels": levels,
    }


def print_result(result):
    for entry in result["levels"]:
        print(f"\n{entry['users']} brukere")
        print(f"{'Forespørsel':<52} {'antall':>7} {'feil':>5} {'p50':>8} {'p95':>8} {'rps':>6}")
        for row in entry["rows"]:
            print(
                f"{row['name'][:52]:<52} {row['requests']:>7} {row['errors']:>5} "
                f"{row['p50_ms']:>6.0f}ms {row['p95_ms']:>6.0f}ms {row['rps']:>6}"
            )
    print()
    for entry in result["levels"]:
        print(
            f"{entry['users']:>4} brukere: {entry['requests']} forespørsler, {entry['errors']} "
            f"feil, p50 {entry['p50_ms']:.0f} ms, p95 {entry['p95_ms']:.0f} ms, "
            f"{entry['rps']} per s"
        )
    print(f"p95-forhold {result['p95_ratio']} ({'mål nådd' if result['met'] else 'IKKE nådd'}: "
          f"{result['target']})")  # fmt: skip
    print(f"Skrevet til {RESULTS.relative_to(ROOT)}")


def main():
    args = arguments()
    url, name, parts = bench_url(os.environ.get("DATABASE_URL", DEFAULT_URL), collapse=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alisvest.settings.dev")
    ensure_data(url, name, parts, args.seed, regenerate=False)
    levels = [level(users, request_rows(rows)) for users, rows in measured(url, args).items()]
    result = summarised(args, levels)
    write_json(RESULTS, result)
    print_result(result)


if __name__ == "__main__":
    main()
