"""`make loadtest`: gunicorn with 2 workers on 127.0.0.1 against the national synthetic data
(the benchmark's database, generated once), then Locust headless with 50 people for
2 minutes. Prints p50/p95 and the error rate and writes bench/loadtest.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alisvest .venv/bin/python bench/loadtest.py \
        [--users 50] [--time 2m] [--seed 1]
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
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--time", default="2m")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def start_server(url):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
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


def run_locust(args):
    """Locust's statistics rows (the last one is its "Aggregated" row)."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "locust")
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
             "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
             "--run-time", args.time, "--stop-timeout", "10", "--host", HOST,
             "--csv", prefix, "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT,
            check=False,
        )  # fmt: skip
        with open(prefix + "_stats.csv", encoding="utf-8") as f:
            return list(csv.DictReader(f))


def measured(url, args):
    server = start_server(url)
    try:
        wait_for(HOST + "/healthz")
        return run_locust(args)
    finally:
        server.terminate()
        server.wait(timeout=30)


def request_rows(stats):
    return [
        {
            "name": f"{row['Type']} {row['Name']}".strip(),
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
        }
        for row in stats
    ]


def error_rate(total):
    return total["failures"] / total["requests"] if total["requests"] else 1.0


def summarised(args, rows):
    total = rows[-1]  # Locust's "Aggregated" row
    return {
        **taken_now(),
        "users": args.users,
        "duration": args.time,
        "gunicorn_workers": 2,
        "p50_ms": total["p50_ms"],
        "p95_ms": total["p95_ms"],
        "requests": total["requests"],
        "error_rate": round(error_rate(total), 4),
        "met": total["p95_ms"] <= 500 and total["failures"] == 0,
        "rows": rows,
    }


def print_result(args, result):
    print(f"\n{'Forespørsel':<52} {'antall':>7} {'feil':>5} {'p50':>8} {'p95':>8}")
    for row in result["rows"]:
        print(
            f"{row['name'][:52]:<52} {row['requests']:>7} {row['failures']:>5} "
            f"{row['p50_ms']:>6.0f}ms {row['p95_ms']:>6.0f}ms"
        )
    print(
        f"\n{args.users} brukere i {args.time}: p50 {result['p50_ms']:.0f} ms, "
        f"p95 {result['p95_ms']:.0f} ms, feilrate {100 * error_rate(result['rows'][-1]):.2f} % "
        f"({'mål nådd' if result['met'] else 'mål IKKE nådd'}: p95 ≤ 500 ms, ingen feil)"
    )
    print(f"Skrevet til {RESULTS.relative_to(ROOT)}")


def main():
    args = arguments()
    url, name, parts = bench_url(os.environ.get("DATABASE_URL", DEFAULT_URL), collapse=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alisvest.settings.dev")
    ensure_data(url, name, parts, args.seed, regenerate=False)
    result = summarised(args, request_rows(measured(url, args)))
    write_json(RESULTS, result)
    print_result(args, result)


if __name__ == "__main__":
    main()
