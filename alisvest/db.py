"""Database functions: the ranges every app's exclusion constraints are written with, and
a count per row that does not multiply joins."""

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


class SubqueryCount(models.Subquery):
    """COUNT(*) of a correlated queryset, one number per outer row. Two Count() annotations
    over two reverse relations join both and count their product (`distinct=True` then
    sorts it away): this counts each on its own, through its foreign-key index."""

    template = "(SELECT count(*) FROM (%(subquery)s) _counted)"
    output_field = models.IntegerField()

    def __init__(self, queryset):
        super().__init__(queryset.order_by().values("pk"))
