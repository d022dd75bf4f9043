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


def blank(value):
    return "" if value is None else value


def page_line(r):
    """A page: ratio first, then small → national median, p95, queries small/national."""
    return (
        f"×{r['ratio_to_small']:<5} {ms(r['small_median_ms']):>10} {ms(r['median_ms']):>10} "
        f"{ms(r['p95_ms']):>10} {r['queries_small']:>3}/{r['queries']:<3} "
        f"{ms(r['first_ms']):>10}"
    )


def other_line(r):
    return (
        f"{'×' + str(r['ratio_to_floor']) if r['ratio_to_floor'] else '':<6} {'':>10} "
        f"{ms(r['median_ms']):>10} {ms(r['p95_ms']):>10} {blank(r['queries']):>7} {'':>10}"
    )


def print_table(rows):
    header = (
        f"{'Figur':<46} {'forhold':<6} {'liten':>10} {'nasjonal':>10} {'p95':>10} "
        f"{'spørr.':>7} {'første':>10}  mål"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        mark = {True: "OK", False: "IKKE NÅDD", None: ""}[r["met"]]
        line = page_line(r) if r.get("ratio_to_small") is not None else other_line(r)
        print(f"{r['name'][:46]:<46} {line}  {mark} {r['note'] if r['note'] == NOT_YET else ''}")


def markdown_table(rows):
    """The README's table: pages with their ratio first, then the other figures."""
    lines = [
        "| Side | national / small | small median | national median | p95 | queries "
        "small / national | first load | met |",
        "|---|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for r in rows:
        if r.get("ratio_to_small") is None:
            continue
        lines.append(
            f"| {r['name']} | **{r['ratio_to_small']:.2f}** | {ms(r['small_median_ms'])} | "
            f"{ms(r['median_ms'])} | {ms(r['p95_ms'])} | {r['queries_small']} / "
            f"{r['queries']} | {ms(r['first_ms'])} | {'✓' if r['met'] else '✗'} |"
        )
    lines += ["", "| Figure | median | p95 | × floor | target | met |"]
    lines += ["|---|---:|---:|---:|---|:-:|"]
    for r in rows:
        if r.get("ratio_to_small") is not None or r["note"] == NOT_YET:
            continue
        met = {True: "✓", False: "✗", None: ""}[r["met"]]
        lines.append(
            f"| {r['name']} | {ms(r['median_ms'])} | {ms(r['p95_ms'])} | "
            f"{blank(r['ratio_to_floor'])} | {r['target']} | {met} |"
        )
    return "\n".join(lines)
