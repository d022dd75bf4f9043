"""Database functions the range exclusion constraints of every app are written with."""

from django.contrib.postgres.fields import BigIntegerRangeField, DateRangeField
from django.db import models


class DateRange(models.Func):
    """daterange(start, end, '[]'): both ends inclusive, as the domain counts days."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, start, end):
        super().__init__(start, end, models.Value("[]"))


class Singleton(models.Func):
    """int8range(x, x, '[]'): lets an exclusion constraint say "same doctor" with the range
    operator &&, so no btree_gist extension is needed (the embedded PostgreSQL lacks it)."""

    function = "int8range"
    output_field = BigIntegerRangeField()

    def __init__(self, expression):
        super().__init__(expression, expression, models.Value("[]"))
