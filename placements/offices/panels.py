"""The agreements' column on the regional office's dashboard (settings.PANELS["office"]):
placements on the national scheme, running or starting, without a signed agreement."""

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from placements.agreements.models import Agreement
from placements.municipalities.models import Programme
from placements.register.models import Placement


def unsigned_national_placements(placements):
    signed = Agreement.objects.signed().filter(placement=OuterRef("pk"))
    today = timezone.localdate()
    return (
        placements.filter(programme__rule_set=Programme.RuleSet.NATIONAL)
        .exclude(actual_end__lt=today)
        .exclude(actual_end__isnull=True, planned_end__lt=today)
        .filter(~Exists(signed))
    )


def agreements_missing(user, *, municipalities):
    """{municipality id: count} for the dashboard's table, in one query."""
    placements = Placement.objects.for_user(user).filter(municipality__in=municipalities)
    counts = (
        unsigned_national_placements(placements)
        .values("municipality")
        .annotate(n=Count("pk"))
        .values_list("municipality", "n")
    )
    return {"office_agreements": {"title": _("Uten signert ALIS-avtale"), "counts": dict(counts)}}
