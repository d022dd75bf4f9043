"""Disclosure control for everything researchers take out (docs/research-disclosure.md).

Tables: primary suppression hides every count from 1 to threshold − 1; complementary
suppression then hides more cells until no hidden cell can be worked out from the
published totals. A table is a set of named cells and the "lines" that tie them together
(cells that add up to a total cell). `protect` repeats two steps to a fixed point:

1. every line (its cells and its total) with exactly one hidden cell gets one more: the
   smallest visible non-zero cell of the line (a zero only when nothing else is left);
2. the linear check: a hidden cell is recoverable when its unit vector lies in the row
   space of the lines' equations over the hidden cells (numpy rank); each recoverable cell
   makes the smallest visible cell of one of its lines hidden too.

Rows: `k_anonymise` generalises the quasi-identifiers of a row-level table step by step
(LEVELS) until every combination holds at least k rows; rows still alone are dropped."""

from collections import Counter

import numpy as np


def mark(threshold):
    return f"<{threshold}"


def _smallest_visible(line, values, hidden, fixed=()):
    visible = [c for c in line if c not in hidden and c not in fixed]
    if not visible:
        return None
    nonzero = [c for c in visible if values[c] > 0]
    return min(nonzero or visible, key=lambda c: (values[c], str(c)))


def _lines_with_total(lines):
    return [[*cells, total] for cells, total in lines]


def recoverable(values, lines, hidden):
    """The hidden cells an attacker can compute exactly from the visible cells and the
    lines (each line: sum of its cells − its total = 0)."""
    hidden = sorted(hidden, key=str)
    if not hidden:
        return []
    index = {c: i for i, c in enumerate(hidden)}
    rows = []
    for cells, total in lines:
        row = np.zeros(len(hidden))
        for c in cells:
            if c in index:
                row[index[c]] += 1
        if total in index:
            row[index[total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for c, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(c)
    return found


def _one_step(values, lines, hidden, fixed):
    """Add complementary cells once; True when something changed."""
    changed = False
    for line in _lines_with_total(lines):
        if sum(1 for c in line if c in hidden) == 1:
            extra = _smallest_visible(line, values, hidden, fixed)
            if extra is not None:
                hidden.add(extra)
                changed = True
    for cell in recoverable(values, lines, hidden):
        for line in _lines_with_total(lines):
            extra = cell in line and _smallest_visible(line, values, hidden, fixed)
            if extra:
                hidden.add(extra)
                changed = True
                break
    return changed


def protect(values, lines, threshold, fixed=()):
    """The set of cells to hide in a table: `values` {cell: count}, `lines` [(cells,
    total cell)]. Zero is never a primary cell (0 is shown as 0). `fixed` cells are
    published elsewhere: never hidden, so never chosen as a complement."""
    fixed = set(fixed)
    hidden = {c for c, n in values.items() if 0 < n < threshold and c not in fixed}
    while hidden and _one_step(values, lines, hidden, fixed):
        pass
    return hidden


def shown(values, hidden, threshold):
    """{cell: count or "<k"} as published."""
    return {c: (mark(threshold) if c in hidden else n) for c, n in values.items()}


# --- k-anonymity for row-level tables -----------------------------------------------------


def half_year(month):
    """ "2018-03" → "2018-H1"; empty stays empty."""
    if not month:
        return month
    year, m = month.split("-")
    return f"{year}-H{1 if int(m) <= 6 else 2}"


def year_of(month):
    return month[:4] if month else month


def k_anonymise(rows, quasi, levels, k):
    """(rows, level, dropped) with every combination of the quasi-identifier columns held
    by at least k rows. `levels` is a list of {column: function} applied cumulatively.
    The first level at which every combination has k rows wins; when none does, the
    least generalised level that drops the fewest rows, and those rows are dropped."""
    current, best = [dict(r) for r in rows], None
    for number, level in enumerate(levels):
        current = [{**r, **{c: f(r[c]) for c, f in level.items() if c in r}} for r in current]
        sizes = Counter(tuple(r[c] for c in quasi) for r in current)
        kept = [r for r in current if sizes[tuple(r[c] for c in quasi)] >= k]
        dropped = len(current) - len(kept)
        if best is None or dropped < best[2]:
            best = (kept, number, dropped)
        if not dropped:
            break
    return best if best is not None else ([], 0, 0)
