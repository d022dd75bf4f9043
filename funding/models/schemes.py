"""Grant schemes and their rates as data."""

from datetime import date, timedelta

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.db import DateRange, Singleton
from alisvest.roles import access_of
from placements.models import Municipality, Placement, Programme

MONEY = {"max_digits": 12, "decimal_places": 2}


class GrantSchemeQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rates are not personal: leaders see their programmes' schemes, managers the
        schemes of the programmes their municipality takes part in."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(programme__in=access.staff_programmes)
        if access.managed_municipalities:
            lineage = Municipality.objects.lineage_of(access.managed_municipalities)
            scope |= Q(programme__participations__municipality__in=lineage)
        return self.filter(scope).distinct()

    def valid_in(self, year):
        return self.filter(valid_from__lte=date(year, 12, 31)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1))
        )


class GrantScheme(models.Model):
    class Kind(models.IntegerChoices):
        PER_YEAR = 1, _("Per ALIS-år, forholdsmessig etter dager")
        PER_MONTH = 2, _("Per hele måned (nasjonal ordning)")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="grant_schemes",
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.PositiveSmallIntegerField(_("type"), choices=Kind.choices)
    is_example = models.BooleanField(
        _("eksempelsatser"),
        default=False,
        help_text=_("Satsene er bare et eksempel og skal ikke brukes til utbetaling."),
    )
    valid_from = models.DateField(_("gjelder fra"))
    valid_to = models.DateField(_("gjelder til"), null=True, blank=True)
    annual_cap = models.DecimalField(
        _("tilskuddstak per ALIS-år (kr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Type 1: høyeste tilskudd per ALIS per år, mot dokumenterte utgifter."),
        **MONEY,
    )
    annual_own_share = models.DecimalField(
        _("egenandel per ALIS-år (kr)"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Type 1: faktureres kommunen. Den nasjonale ordningen har ingen egenandel."),
        **MONEY,
    )
    class6_monthly_supplement = models.DecimalField(
        _("tillegg per måned i sentralitetsklasse 6 (kr)"),
        default=0,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    budget = models.DecimalField(
        _("programmets budsjett (kr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Samlet ramme for tilskudd i ordningens periode, f.eks. 22 000 000."),
        **MONEY,
    )
    reporting_deadline_days = models.PositiveSmallIntegerField(
        _("frist for utgiftsrapportering (dager etter årsslutt)"),
        default=10,
        help_text=_("10 betyr at utgiftene for et år må være registrert innen 10. januar."),
    )
    payment_days = models.PositiveSmallIntegerField(
        _("betalingsfrist for egenandel (dager)"), default=30
    )
    history = HistoricalRecords()

    objects = GrantSchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilskuddsordning")
        verbose_name_plural = _("tilskuddsordninger")
        ordering = ["programme", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                name="funding_grantscheme_valid_to_after_from",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                violation_error_message=_("«Gjelder til» kan ikke være før «gjelder fra»."),
            ),
            models.CheckConstraint(
                name="funding_grantscheme_amounts_not_negative",
                condition=Q(annual_own_share__gte=0, class6_monthly_supplement__gte=0)
                & (Q(annual_cap__isnull=True) | Q(annual_cap__gte=0))
                & (Q(budget__isnull=True) | Q(budget__gte=0)),
                violation_error_message=_("Beløp kan ikke være negative."),
            ),
            models.CheckConstraint(
                name="funding_grantscheme_kind1_has_cap",
                condition=~Q(kind=1) | Q(annual_cap__isnull=False),
                violation_error_message=_("En ordning per ALIS-år må ha et tilskuddstak."),
            ),
            models.CheckConstraint(
                name="funding_grantscheme_kind2_no_own_share",
                condition=~Q(kind=2) | Q(annual_own_share=0),
                violation_error_message=_(
                    "Den nasjonale ordningen (per måned) har ingen egenandel."
                ),
            ),
            ExclusionConstraint(
                name="funding_grantscheme_no_overlap_per_programme",
                expressions=[
                    (Singleton("programme"), RangeOperators.OVERLAPS),
                    (
                        DateRange(
                            "valid_from", Coalesce("valid_to", models.Value(date(9999, 12, 31)))
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_(
                    "Programmet har allerede en tilskuddsordning som gjelder i denne perioden."
                ),
            ),
        ]

    def __str__(self):
        return (
            f"{self.name} ({self.valid_from:%Y}–{self.valid_to:%Y})"
            if self.valid_to
            else (f"{self.name} ({self.valid_from:%Y}–)")
        )

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PER_YEAR and self.annual_cap is None:
            errors["annual_cap"] = _("En ordning per ALIS-år må ha et tilskuddstak.")
        if self.kind == self.Kind.PER_MONTH and self.annual_own_share:
            errors["annual_own_share"] = _(
                "Den nasjonale ordningen (per måned) har ingen egenandel: sett 0."
            )
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("«Gjelder til» kan ikke være før «gjelder fra».")
        if errors:
            raise ValidationError(errors)

    def deadline_for(self, year):
        return date(year, 12, 31) + timedelta(days=self.reporting_deadline_days)

    def rates(self):
        return {r.job_type: r.monthly_amount for r in self.monthly_rates.all()}


class JobType(models.TextChoices):
    GP = "fastlege", _("Fastlege / fastlegevikar")
    INTRODUCTION = "introduksjonslege", _("Introduksjonslege")
    OTHER_MUNICIPAL = "annen_kommunal", _("Annen kommunal lege")
    SUPERVISION_ONLY = "kun_veiledning", _("Kun veiledning")


def job_type_of(contract_type):
    """The national scheme's job type for a placement's contract type."""
    if contract_type == Placement.ContractType.INTRODUCTION:
        return JobType.INTRODUCTION
    if contract_type == Placement.ContractType.MUNICIPAL:
        return JobType.OTHER_MUNICIPAL
    return JobType.GP


class MonthlyRate(models.Model):
    scheme = models.ForeignKey(
        GrantScheme,
        verbose_name=_("tilskuddsordning"),
        on_delete=models.CASCADE,
        related_name="monthly_rates",
    )
    job_type = models.CharField(_("stillingstype"), max_length=30, choices=JobType.choices)
    monthly_amount = models.DecimalField(
        _("beløp per måned ved 100 % (kr)"), validators=[MinValueValidator(0)], **MONEY
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("månedssats")
        verbose_name_plural = _("månedssatser")
        ordering = ["scheme", "job_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "job_type"],
                name="funding_monthlyrate_unique_job_type",
                violation_error_message=_(
                    "Ordningen har allerede en sats for denne stillingstypen."
                ),
            ),
            models.CheckConstraint(
                name="funding_monthlyrate_amount_not_negative",
                condition=Q(monthly_amount__gte=0),
                violation_error_message=_("Beløpet kan ikke være negativt."),
            ),
        ]

    def __str__(self):
        return f"{self.get_job_type_display()}: {self.monthly_amount}"
