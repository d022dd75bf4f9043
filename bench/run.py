"""The benchmark suite at national scale (`make bench`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alisvest .venv/bin/python bench/run.py \
        [--seed 1] [--requests 20] [--regenerate] [--only NAME]

Uses its own database (<name>_bench on the same server, never the one in DATABASE_URL),
fills it once with `generate_synthetic --scale national` and reuses it while the seed, the
generator and the migrations are the same. Then it measures every figure, prints a table
and writes bench/results.json. Figures move with the machine: nothing here is a test.

The modules: database (the bench database), django_setup, measure (timing and the pages),
monthly_check and grant_statements (their figures), report (the table and the JSON).
"""

# The repository goes on sys.path and Django is set up before the imports that need it:
# ruff: noqa: E402
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.django_setup import setup

URL, NAME, PARTS = setup(
    "_bench", collapse=True, defaults={"ALLOWED_HOSTS": "testserver,localhost,127.0.0.1"}
)

# isort: split
from bench.database import ensure_data
from bench.grant_statements import bench_statements
from bench.measure import bench_pages, row
from bench.monthly_check import bench_monthly_check
from bench.report import print_table, taken_now, write_json

RESULTS = ROOT / "bench" / "results.json"


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--check-runs", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true")
    return parser.parse_args()


def generation_row(generation):
    return row(
        "Minne: syntetisk generator (topp RSS)",
        note=f"{generation['peak_rss_mib']} MiB, {generation['seconds']:.1f} s "
        f"(nasjonal skala, frø {generation['seed']})",
        target="≤ 5 min",
        met=generation["seconds"] <= 300,
    )


def figures(args):
    rows = []
    print("» Månedskontroll mot SQL-gulvet …", flush=True)
    rows += bench_monthly_check(args.check_runs)
    print("» Tilskuddsoppgjør …", flush=True)
    rows += bench_statements(args.check_runs, URL)
    print(f"» Sider, {args.requests} forespørsler hver …", flush=True)
    rows += bench_pages(args.requests)
    return rows


def main():
    args = arguments()
    reused, generation = ensure_data(URL, NAME, PARTS, args.seed, args.regenerate)
    rows = [*figures(args), generation_row(generation)]
    result = {
        **taken_now(),
        "database": NAME,
        "data_reused": reused,
        "generation": generation,
        "rows": rows,
    }
    write_json(RESULTS, result)
    print()
    print(f"Maskin: {result['machine']}")
    print_table(rows)
    print(f"\nSkrevet til {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
