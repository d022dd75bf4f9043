"""The API's query parameters. Each list declares its filters as a django-filter FilterSet
(drf-spectacular lists them in the schema), and the backend refuses what nobody declared:
`?municipality=4601` on a list without that filter answers 400 naming the parameter
instead of quietly returning the whole list. A bad value (`?year=abc`) is a 400 naming it.

    filterset_class = filters_for(Expense, placement=IdFilter(), year=YearFilter())

Ids are plain numbers, never checked against the whole table, so a filter does not tell
whether an object outside the user's scope exists: it only narrows the user's own rows."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

# What every view takes besides its filters: DRF's `?format=json`.
ALWAYS_ALLOWED = frozenset({"format"})
PAGINATION_PARAMS = (
    "limit_query_param",
    "offset_query_param",
    "page_query_param",
    "page_size_query_param",
    "cursor_query_param",
)
MAX_ID = 2**31 - 1  # PostgreSQL's integer: a bigger id is a 400, not a database error


class IdFilter(filters.Filter):
    """An object's id: a whole number from 1."""

    field_class = forms.IntegerField

    def __init__(self, field_name=None, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(field_name=field_name, **kwargs)


class YearFilter(filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, field_name=None, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(field_name=field_name, **kwargs)


class MunicipalityNumberFilter(filters.CharFilter):
    """A municipality by its four-digit number (4601 is Bergen), former numbers included
    through the municipality's own `number`."""

    def __init__(self, field_name="municipality__number", **kwargs):
        kwargs.setdefault(
            "validators",
            [RegexValidator(r"^\d{4}$", gettext_lazy("Oppgi et kommunenummer med fire sifre."))],
        )
        kwargs.setdefault("help_text", "municipality number, e.g. 4601")
        super().__init__(field_name=field_name, **kwargs)


def filters_for(model, **declared):
    """A FilterSet over `model` with exactly the filters `declared` (name -> Filter)."""
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}Filter", (filters.FilterSet,), {**declared, "Meta": meta})


def allowed_params(view, filterset_class=None):
    """The query parameters `view` takes: its filters, its paginator's and its action's own
    (`action_params = {"export": {"table"}}`), and the format."""
    allowed = set(ALWAYS_ALLOWED)
    if filterset_class is not None:
        allowed |= set(filterset_class.base_filters)
    paginator = getattr(view, "paginator", None)
    for attribute in PAGINATION_PARAMS:
        name = getattr(paginator, attribute, None)
        if name:
            allowed.add(name)
    allowed |= set(getattr(view, "action_params", {}).get(getattr(view, "action", None), ()))
    return allowed


def refuse_unknown(request, allowed):
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        known = ", ".join(sorted(allowed)) or "-"
        raise ValidationError(
            {
                name: [_("Ukjent parameter. Tillatt her: %(known)s.") % {"known": known}]
                for name in unknown
            }
        )


class StrictFilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend, which answers 400 for a bad value, plus a 400 for a
    parameter the view does not declare."""

    raise_exception = True

    def filter_queryset(self, request, queryset, view):
        refuse_unknown(request, allowed_params(view, self.get_filterset_class(view, queryset)))
        return super().filter_queryset(request, queryset, view)
