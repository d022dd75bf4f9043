"""The benchmark suite: every page at demo size and at national scale, in one run
(`make bench`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alisvest .venv/bin/python bench/run.py \
        [--seed 1] [--requests 30] [--regenerate] [--pages-only]

Uses its own databases on the same server, never the one in DATABASE_URL: <name>_bench filled
with `generate_synthetic --scale national` and <name>_bench_small with `--scale small`, each
generated once and reused while the seed, the generator and the migrations are the same.
Every page is requested as the same role at both sizes, the sizes taking turns, so the
ratio national/small is measured under the same load of the machine. Figures move with the
machine; the ratios much less. Nothing here is a test.

The modules: database (the bench databases), django_setup, sizes (both in one process),
measure (timing and the pages), monthly_check and grant_statements (their figures), report
(the table and the JSON).
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
from django.core.cache import cache

from bench.database import ensure_data, small_url
from bench.grant_statements import bench_statements
from bench.measure import bench_pages, row
from bench.monthly_check import bench_monthly_check
from bench.report import markdown_table, print_table, taken_now, write_json
from bench.sizes import NATIONAL, SMALL, Sizes

RESULTS = ROOT / "bench" / "results.json"
TABLE = ROOT / "bench" / "results.md"  # the README's table


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--check-runs", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--pages-only", action="store_true", help="skip the batch jobs")
    return parser.parse_args()


def generation_row(generation):
    return row(
        "Minne: syntetisk generator (topp RSS)",
        note=f"{generation['peak_rss_mib']} MiB, {generation['seconds']:.1f} s "
        f"(nasjonal skala, frø {generation['seed']})",
        target="≤ 5 min",
        met=generation["seconds"] <= 300,
    )


def figures(args, sizes):
    rows = []
    print(f"» Sider, begge størrelser, {args.requests} forespørsler hver …", flush=True)
    rows += bench_pages(sizes, args.requests)
    if args.pages_only:
        return rows
    with sizes.use(NATIONAL):
        print("» Månedskontroll mot SQL-gulvet …", flush=True)
        rows += bench_monthly_check(args.check_runs)
        print("» Tilskuddsoppgjør …", flush=True)
        rows += bench_statements(args.check_runs, URL)
    return rows


def main():
    args = arguments()
    reused, generation = ensure_data(URL, NAME, PARTS, args.seed, args.regenerate)
    url_small, name_small = small_url(URL, NAME, PARTS)
    ensure_data(url_small, name_small, PARTS, args.seed, args.regenerate, scale="small")
    cache.clear()  # this run's cache only (REDIS_URL): nothing left from other data
    sizes = Sizes({SMALL: name_small, NATIONAL: NAME})
    rows = [*figures(args, sizes), generation_row(generation)]
    sizes.close()
    result = {
        **taken_now(),
        "database": NAME,
        "database_small": name_small,
        "data_reused": reused,
        "generation": generation,
        "rows": rows,
    }
    write_json(RESULTS, result)
    TABLE.write_text(markdown_table(rows) + "\n")
    print()
    print(f"Maskin: {result['machine']}")
    print_table(rows)
    print(f"\nSkrevet til {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
