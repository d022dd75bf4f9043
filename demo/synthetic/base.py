"""Constants, scales and the SQL helpers every step of the generator uses."""

import time
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models

SYNTHETIC_PASSWORD = "synthetic-alisvest"
DOMAIN = "synthetic.alisvest.no"
PROGRAMME_SLUG = "synthetic-national"


@dataclass(frozen=True)
class Scale:
    municipalities: int
    centres: int
    placements: int
    active: int
    supervisors: int
    sessions: int
    checked_months: int  # monthly checks stored for this many past months


SCALES = {
    "small": Scale(6, 10, 30, 18, 12, 600, 3),
    # "medium" only exists for the query-count test: the same pages at four times the rows.
    "medium": Scale(20, 40, 120, 72, 40, 2400, 3),
    "national": Scale(357, 1500, 5000, 3000, 3000, 1_000_000, 24),
}


class Steps:
    """The helpers of the generator; each step module adds its steps as a subclass."""

    def h(self, expr, salt, modulo):
        """A deterministic pseudo-random integer in [0, modulo) from expr and the seed."""
        return (
            f"mod(abs(hashint8extended(({expr})::bigint, {self.seed * 1000 + salt}::bigint)),"
            f" ({modulo}))"
        )

    def log(self, text):
        if self.stdout:
            self.stdout.write(text)

    def insert(self, model, values, select_from, params=None):
        """INSERT INTO model's table (columns) SELECT <values> FROM <select_from>.

        `values` maps column names to SQL expressions; every other column gets its field's
        default (as a parameter), '' for blank text, NULL where nullable, now() for
        auto_now(_add). So a field another app adds with a default does not break this."""
        params = dict(params or {})
        columns, exprs = [], []
        for field in model._meta.concrete_fields:
            column = field.column
            if column in values:
                columns.append(f'"{column}"')
                exprs.append(values[column])
                continue
            if field.primary_key:
                continue
            columns.append(f'"{column}"')
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                exprs.append("now()")
            elif field.has_default():
                key = f"default_{column}"
                params[key] = field.get_db_prep_save(field.get_default(), connection)
                exprs.append(f"%({key})s::{field.db_type(connection)}")
            elif field.null:
                exprs.append("NULL")
            elif isinstance(field, models.CharField | models.TextField | models.FileField):
                exprs.append("''")
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
        sql = (
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(exprs)} FROM {select_from}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    def step(self, label, function):
        start = time.perf_counter()
        rows = function()
        elapsed = time.perf_counter() - start
        self.timings.append((label, rows, elapsed))
        self.log(f"  {label:<28} {rows or 0:>9} rader  {elapsed:6.1f} s")

    @staticmethod
    def model(label):
        try:
            return apps.get_model(label)
        except LookupError:
            return None

    def scalar(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params or {})
            return cursor.fetchone()[0]

    def _municipality_cte(self):
        return (
            "(SELECT id, number, row_number() OVER (ORDER BY number) AS k "
            "   FROM placements_municipality "
            "  WHERE valid_to IS NULL AND number = ANY(%(numbers)s)) m"
        )

    def _placements_cte(self):
        """The generated placements with their number g, last day so far, and supervisor."""
        return """
            (SELECT p.id, p.start, LEAST(COALESCE(p.actual_end, p.planned_end),
                                         %(today)s::date) AS upto,
                    substring(d.email from '^alis([0-9]+)@')::int AS g
               FROM placements_placement p
               JOIN placements_doctor d ON d.id = p.doctor_id
              WHERE p.programme_id = %(programme)s) p
        """
