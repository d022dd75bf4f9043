"""The benchmark's output: the machine it ran on, the table, bench/results.json.

No Django here, so the load test (bench/loadtest.py) can use it too."""

import json
import os
import platform
import time

NOT_YET = "not yet available"


def machine():
    cpus = os.cpu_count()
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpus} CPU ({model}), {mem_kib / 1024 / 1024:.0f} GiB, Python {platform.python_version()}"
    )


def taken_now():
    """When and under what load: the machine is shared, its load average says how much of it
    the run had."""
    return {
        "machine": machine(),
        "taken_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


def write_json(path, result):
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


def ms(value):
    return "" if value is None else f"{value:.1f} ms"


def print_table(rows):
    header = f"{'Figur':<46} {'median':>10} {'p95':>10} {'spørr.':>6} {'gulv×':>6}  mål"
    print(header)
    print("-" * len(header))
    for r in rows:
        mark = {True: "OK", False: "IKKE NÅDD", None: ""}[r["met"]]
        print(
            f"{r['name'][:46]:<46} {ms(r['median_ms']):>10} {ms(r['p95_ms']):>10} "
            f"{'' if r['queries'] is None else r['queries']:>6} "
            f"{'' if r['ratio_to_floor'] is None else r['ratio_to_floor']:>6}  "
            f"{r['target']} {mark} {r['note'] if r['note'] == NOT_YET else ''}".rstrip()
        )
