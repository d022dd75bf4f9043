"""Disclosure control: an attacker with every published total tries to recover a hidden
cell and to single out a person in a row-level table, and fails."""

import csv
import io
import random
from collections import Counter
from datetime import date

import numpy as np
import pytest
from django.urls import reverse

from placements.models import Municipality
from placements.municipalities.factories import MedicalCentreFactory, MunicipalityFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research import disclosure
from research.export import QUASI
from research.factories import ConsentFactory, StudyFactory


def attack(published, lines):
    """Every hidden cell an attacker can compute: margin differences repeated until
    nothing more comes out, then exact linear solving over what is left."""
    known = {c: v for c, v in published.items() if isinstance(v, int)}
    progress = True
    while progress:
        progress = False
        for cells, total in lines:
            members = [*cells, total]
            unknown = [c for c in members if c not in known]
            if len(unknown) == 1:
                [c] = unknown
                rest = sum(known[x] for x in cells if x in known)
                known[c] = known[total] - rest if c != total else rest
                progress = True
    hidden = [c for c in published if c not in known]
    if hidden:
        index = {c: i for i, c in enumerate(hidden)}
        matrix = []
        for cells, total in lines:
            row = np.zeros(len(hidden))
            for c in cells:
                if c in index:
                    row[index[c]] += 1
            if total in index:
                row[index[total]] -= 1
            matrix.append(row)
        rank = np.linalg.matrix_rank(np.array(matrix))
        for c, i in index.items():
            unit = np.eye(len(hidden))[i]
            if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                known[c] = "solved"
    return {c for c in known if not isinstance(published[c], int)}


def grid(values):
    """A table with row, column and grand totals as cells, and its lines."""
    cells = {}
    for (r, c), n in values.items():
        cells[(r, c)] = n
        cells[(r, "sum")] = cells.get((r, "sum"), 0) + n
        cells[("sum", c)] = cells.get(("sum", c), 0) + n
        cells[("sum", "sum")] = cells.get(("sum", "sum"), 0) + n
    rows = {r for r, _c in values}
    cols = {c for _r, c in values}
    lines = [([(r, c) for c in cols], (r, "sum")) for r in rows]
    lines += [([(r, c) for r in rows], ("sum", c)) for c in cols]
    lines += [([(r, "sum") for r in rows], ("sum", "sum"))]
    lines += [([("sum", c) for c in cols], ("sum", "sum"))]
    return cells, lines


def test_the_issues_example_cannot_be_recovered():
    # 12 / 2 / 4 beside 18 in all: hiding only the 2 gives it away as 18 − 12 − 4.
    values = {"a": 12, "b": 2, "c": 4, "total": 18}
    lines = [(["a", "b", "c"], "total")]
    hidden = disclosure.protect(values, lines, 3)
    assert hidden == {"b", "c"}
    assert attack(disclosure.shown(values, hidden, 3), lines) == set()


def test_zero_is_shown_and_a_lone_primary_gets_a_complement():
    values = {"a": 0, "b": 1, "c": 9, "total": 10}
    hidden = disclosure.protect(values, [(["a", "b", "c"], "total")], 3)
    assert hidden == {"b", "c"}  # the complement is the smallest non-zero cell, not the 0


def test_a_bridge_between_two_hidden_rectangles_is_caught():
    # Rows r1..r4, columns c1..c4: two 2×2 rectangles of hidden cells, joined by one cell
    # in a row and a column that already have two: margin differences alone leave it
    # hidden, but it is the only cell that links the rectangles, so its value is solvable.
    values = {(f"r{i}", f"c{j}"): 10 for i in range(1, 5) for j in range(1, 5)}
    for cell in [("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2"),
                 ("r3", "c3"), ("r3", "c4"), ("r4", "c3"), ("r4", "c4"), ("r1", "c3")]:  # fmt: skip
        values[cell] = 1
    cells, lines = grid(values)
    hidden = disclosure.protect(cells, lines, 3)
    assert attack(disclosure.shown(cells, hidden, 3), lines) == set()


def test_a_total_published_elsewhere_is_never_the_complement():
    values = {"a": 1, "b": 0, "c": 0, "total": 1}
    hidden = disclosure.protect(values, [(["a", "b", "c"], "total")], 3, fixed={"total"})
    assert "total" not in hidden and "a" in hidden and len(hidden) == 2
    assert attack(disclosure.shown(values, hidden, 3), [(["a", "b", "c"], "total")]) == set()


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_recoverable_in_random_tables(seed):
    rng = random.Random(seed)
    values = {(r, c): rng.choice([0, 1, 2, 3, 5, 8, 13]) for r in range(4) for c in range(3)}
    cells, lines = grid(values)
    hidden = disclosure.protect(cells, lines, 3)
    published = disclosure.shown(cells, hidden, 3)
    assert all(published[c] == "<3" for c, n in cells.items() if 0 < n < 3)
    assert attack(published, lines) == set()


def test_k_anonymise_generalises_until_every_combination_has_k():
    rows = [{"m": "4601", "d": "2017-09"} for _ in range(5)] + [{"m": "4614", "d": "2017-10"}]
    levels = [{}, {"m": lambda _v: "46"}, {"d": disclosure.half_year}]
    kept, level, dropped = disclosure.k_anonymise(rows, ["m", "d"], levels, 5)
    assert level == 2 and dropped == 0
    assert {(r["m"], r["d"]) for r in kept} == {("46", "2017-H2")}


@pytest.fixture
def study(programme, erin):
    study = StudyFactory(programme=programme, name="Følgestudie")
    study.members.add(erin)
    return study


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.django_db
def test_the_one_alis_of_a_small_municipality_cannot_be_singled_out(
    client_for, erin_mfa, study, bergen
):
    small = Municipality.objects.filter(number="4629", valid_to=None).first() or (
        MunicipalityFactory(number="4629", name="Modalen", county="Vestland", centrality=6)
    )
    # Modalen's one ALIS and eleven in Bergen, started in three different months.
    for i in range(12):
        centre = MedicalCentreFactory(municipality=small if i == 0 else bergen)
        doctor = DoctorFactory(programme=study.programme)
        PlacementFactory(doctor=doctor, centre=centre, start=date(2017, 9 + i % 3, 1),
                         actual_end=date(2018, 6, 30) if i < 2 else None,
                         end_reason="familie" if i < 2 else "")  # fmt: skip
        ConsentFactory(study=study, doctor=doctor)
    client = client_for(erin_mfa)
    url = reverse("research:export", args=[study.pk])
    rows = csv_rows(
        client.get(url, {"format": "csv", "tabell": "stillinger", "formaal": "Analyse"})
    )
    header, body = rows[0], rows[1:]
    combos = Counter(tuple(r[header.index(c)] for c in QUASI) for r in body)
    assert combos and min(combos.values()) >= study.k_anonymity
    assert all(r[header.index("kommunenummer")] != "4629" for r in body)
    report = dict(
        csv_rows(
            client.get(url, {"format": "csv", "tabell": "anonymisering", "formaal": "Analyse"})
        )[1:]
    )
    assert report["k"] == "5" and "fylke" in report["generalisering"]
    aggregates = csv_rows(
        client.get(url, {"format": "csv", "tabell": "aggregater", "formaal": "Analyse"})
    )[1:]
    published = {(g, v): (int(n) if n.isdigit() else n) for g, v, n in aggregates}
    assert any(n == "<3" for n in published.values())
    groups = {}
    for cell in published:
        groups.setdefault(cell[0], []).append(cell)
    lines = [(groups.get(g, []), ("alle", "alle")) for g in ("avtaleform", "status", "startaar")]
    lines += [(groups.get(g, []), ("avganger", "alle")) for g in ("sluttaarsak", "gikk_til")]
    assert attack(published, lines) == set()
