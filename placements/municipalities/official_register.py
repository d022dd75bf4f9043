"""The municipality register: today's 357 municipalities (SSB 2024) and the former ones
ALIS-VEST's phase 1 ran in. Loaded by migration 0002; tests reload it after a flush."""

import csv
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def load_register(Municipality):
    """Idempotent: rows already present are left alone."""
    with open(DATA / "municipalities-2024.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    Municipality.objects.bulk_create(
        [
            Municipality(
                number=row["number"],
                name=row["name"],  # official KLASS form, parallel names included
                county=row["county_name"],
                centrality=int(row["centrality_class"]) if row["centrality_class"] else None,
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
    current = {m.number: m for m in Municipality.objects.filter(valid_to=None)}
    with open(DATA / "former-municipalities.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Municipality.objects.get_or_create(
                number=row["number"],
                valid_to=date.fromisoformat(row["valid_to"]),
                defaults={
                    "name": row["name"],
                    "county": row["county_name"],
                    "merged_into": current[row["merged_into"]],
                },
            )
