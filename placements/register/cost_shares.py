"""Shared posts (interkommunalt samarbeid): the part of a post's cost each municipality
carries. Statements and claims bill each municipality its share.

A post without cost shares is billed to its municipality; a post with a second municipality
and no cost shares is split 50/50 between the two (the shortcut the register always had).
Cost shares, once set, are the whole truth: they name every paying municipality, and their
percents add up to 100 (checked by `set_cost_shares`, which replaces all of a post's shares
at once, since a sum cannot be a row constraint)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from placements.municipalities.models import Municipality

from .models import Placement, PlacementChildQuerySet

WHOLE = Decimal(100)


class CostShare(models.Model):
    placement = models.ForeignKey(
        Placement,
        verbose_name=gettext_lazy("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="cost_shares",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=gettext_lazy("kommune"),
        on_delete=models.PROTECT,
        related_name="cost_shares",
    )
    percent = models.DecimalField(
        gettext_lazy("andel (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(WHOLE)],
    )
    history = HistoricalRecords()

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("kostnadsandel")
        verbose_name_plural = gettext_lazy("kostnadsandeler")
        ordering = ["placement", "-percent", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "municipality"],
                name="placements_costshare_unique_municipality",
                violation_error_message=gettext_lazy(
                    "Kommunen har allerede en andel av denne stillingen."
                ),
            ),
            models.CheckConstraint(
                name="placements_costshare_percent_range",
                condition=Q(percent__gt=0, percent__lte=100),
                violation_error_message=gettext_lazy(
                    "Andelen må være mer enn 0 og høyst 100 prosent."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.municipality.name}: {self.percent} %"


def shares_of(placement):
    """[(municipality id, percent)] for billing the post; uses prefetched cost_shares."""
    shares = [(s.municipality_id, s.percent) for s in placement.cost_shares.all()]
    if shares:
        return shares
    if placement.second_municipality_id:
        return [
            (placement.municipality_id, Decimal(50)),
            (placement.second_municipality_id, Decimal(50)),
        ]
    return [(placement.municipality_id, WHOLE)]


def payers_of(placements):
    """{id: municipality} of every municipality a post of `placements` belongs to or is
    billed to, and of those they merged into (the recipients of a year's documents)."""
    ids = {m for p in placements for m, _p in shares_of(p)} | {
        p.municipality_id for p in placements
    }
    payers = Municipality.objects.in_bulk(ids)
    successors = {m.merged_into_id for m in payers.values() if m.merged_into_id}
    payers.update(Municipality.objects.in_bulk(successors - payers.keys()))
    return payers


def check_shares(shares):
    """`shares`: [(municipality, percent)]. Raises ValidationError naming the problem."""
    seen = set()
    for municipality, percent in shares:
        if municipality.pk in seen:
            raise ValidationError(
                _("%(name)s står to ganger: hver kommune har én andel.")
                % {"name": municipality.name}
            )
        seen.add(municipality.pk)
        if percent is None or not Decimal(0) < percent <= WHOLE:
            raise ValidationError(
                _("Andelen for %(name)s må være mer enn 0 og høyst 100 prosent.")
                % {"name": municipality.name}
            )
    total = sum((percent for _m, percent in shares), Decimal(0))
    if shares and total != WHOLE:
        raise ValidationError(
            _("Andelene må til sammen være 100 prosent; nå er summen %(total)s.")
            % {"total": f"{total:g}"}
        )


@transaction.atomic
def set_cost_shares(placement, shares, *, by):
    """Replace the post's cost shares (each change kept in the history, with who made it);
    an empty list goes back to the default split."""
    check_shares(shares)
    for old in placement.cost_shares.all():
        old._history_user = by
        old.delete()
    for municipality, percent in shares:
        share = CostShare(placement=placement, municipality=municipality, percent=percent)
        share._history_user = by
        share.save()
