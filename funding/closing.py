"""When a year may be billed, and what a run starts from. A year closes before it is billed:
statements are issued only for a year that has ended and whose reporting deadline has
passed, unless the project leader issues early and says why (the reason is recorded)."""

import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import GrantStatement


class NoData(Exception):
    """There is nothing to put in a statement for the year asked for."""


class YearNotClosed(NoData):
    """The year cannot be billed yet."""


def check_year_ended(year, today=None):
    """Raise YearNotClosed for a year in the future or one that has not ended."""
    today = today or timezone.localdate()
    if year > today.year:
        raise YearNotClosed(
            _("%(year)s er et år fram i tid. Årsoppgjør utstedes først når året er over.")
            % {"year": year}
        )
    if year == today.year:
        raise YearNotClosed(
            _("%(year)s er ikke over ennå. Årsoppgjør utstedes først når året er over.")
            % {"year": year}
        )


def check_deadline_passed(schemes, year, *, early_reason="", today=None):
    """Raise YearNotClosed while a scheme's reporting deadline for `year` has not passed,
    unless there is a reason to issue early. Returns the reason to record ("" when the
    deadline has passed and none is needed)."""
    today = today or timezone.localdate()
    deadline = max(scheme.deadline_for(year) for scheme in schemes)
    if today > deadline:
        return ""
    if not (early_reason or "").strip():
        raise YearNotClosed(
            _(
                "Fristen for å rapportere utgifter for %(year)s er %(deadline)s. Vent til "
                "fristen er ute, eller velg «Utsted før fristen» og skriv hvorfor."
            )
            % {"year": year, "deadline": deadline.strftime("%d.%m.%Y")}
        )
    return early_reason.strip()


def basis_of(programmes, year):
    """What a run starts from: the ids of the statements current for the year, as text."""
    ids = (
        GrantStatement.objects.current()
        .filter(programme__in=programmes, year=year)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return ",".join(str(pk) for pk in ids) or "-"


def run_key(programmes, year, municipality_number, basis):
    """One run per programme, year, municipality and starting point."""
    text = f"{sorted(programmes)}:{year}:{municipality_number or '*'}:{basis}"
    return hashlib.sha256(text.encode()).hexdigest()
