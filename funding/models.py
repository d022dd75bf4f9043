"""Grant schemes (rates as data), expense reports, and the annual grant statements: numbered
snapshot documents that are never edited; a new version supersedes the old (pretix Invoice)."""

from datetime import date, timedelta

from django.conf import settings
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
from placements.applications.models import MAX_ATTACHMENT_BYTES, ApplicationAttachment
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


# --- Expenses ---------------------------------------------------------------------------


class ExpenseQuerySet(models.QuerySet):
    def for_user(self, user):
        """Project leaders see their programmes' expenses; a manager their municipality's."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(placement__programme__in=access.led_programmes)
        if access.managed_municipalities:
            lineage = Municipality.objects.lineage_of(access.managed_municipalities)
            scope |= Q(placement__municipality__in=lineage)
        return self.filter(scope)


def expense_attachment_path(instance, filename):
    # The stored name never comes from the user: no path tricks, no guessable names.
    from alisvest.uploads import random_name

    return random_name(f"expenses/{instance.placement_id}")


class ExpenseCategory(models.TextChoices):
    COURSE_FEES = "kursavgift", _("Kursavgifter")
    SUPERVISION_GROUP = "veiledningsgruppe", _("Veiledningsgruppe")
    SUBSTITUTES = "vikar", _("Vikarutgifter")
    TRAVEL = "reise", _("Reise")
    SUPERVISOR_FEES = "veilederhonorar", _("Veilederhonorar")
    OTHER = "annet", _("Annet")


class Expense(models.Model):
    """One documented eligible expense of a placement in a year."""

    Category = ExpenseCategory

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    amount = models.DecimalField(_("beløp (kr)"), **MONEY)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    attachment = models.FileField(_("vedlegg"), upload_to=expense_attachment_path, blank=True)
    attachment_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    attachment_type = models.CharField(
        _("filtype"), max_length=100, blank=True, choices=ApplicationAttachment.Kind.choices
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ExpenseQuerySet.as_manager()

    class Meta:
        verbose_name = _("utgift")
        verbose_name_plural = _("utgifter")
        ordering = ["year", "category", "pk"]
        indexes = [models.Index(fields=["year", "placement"], name="funding_expense_year_idx")]
        constraints = [
            models.CheckConstraint(
                name="funding_expense_amount_not_negative",
                condition=Q(amount__gte=0),
                violation_error_message=_("Beløpet kan ikke være negativt."),
            ),
            models.CheckConstraint(
                name="funding_expense_year_range",
                condition=Q(year__gte=2000, year__lte=2100),
                violation_error_message=_("Året må være mellom 2000 og 2100."),
            ),
            models.CheckConstraint(
                name="funding_expense_known_category",
                condition=Q(category__in=ExpenseCategory.values),
            ),
            models.CheckConstraint(
                name="funding_expense_attachment_typed",
                condition=Q(attachment="")
                | Q(attachment_type__in=ApplicationAttachment.Kind.values),
                violation_error_message=_("Vedlegget har ukjent filtype."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.year}: {self.amount}"

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("Beløpet kan ikke være negativt. Skriv beløpet uten minustegn.")
        if self.placement_id and self.year is not None:
            first, last = self.placement.start.year, self.placement.end.year
            if not first <= self.year <= last:
                errors["year"] = _(
                    "Stillingen varer fra %(start)s til %(end)s: utgifter kan bare føres for "
                    "årene %(first)s–%(last)s, ikke %(year)s."
                ) % {
                    "start": self.placement.start.strftime("%d.%m.%Y"),
                    "end": self.placement.end.strftime("%d.%m.%Y"),
                    "first": first,
                    "last": last,
                    "year": self.year,
                }
        if errors:
            raise ValidationError(errors)


MAX_EXPENSE_ATTACHMENT_BYTES = MAX_ATTACHMENT_BYTES


# --- Statements -------------------------------------------------------------------------


class GrantStatementQuerySet(models.QuerySet):
    def for_user(self, user):
        """The recipient municipality's managers and the programme's project leaders."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(programme__in=access.led_programmes)
        if access.managed_municipalities:
            lineage = Municipality.objects.lineage_of(access.managed_municipalities)
            scope |= Q(municipality__in=lineage)
        return self.filter(scope)

    def current(self):
        return self.filter(status=GrantStatement.Status.ISSUED)


class ImmutableError(Exception):
    pass


class GrantStatement(models.Model):
    """Årsoppgjør: what one municipality is granted and owes for one year. The figures are a
    snapshot; only the status (superseded), the PDF and the e-mail receipt may change."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Utstedt")
        SUPERSEDED = "superseded", _("Erstattet")

    MUTABLE_FIELDS = frozenset({"status", "superseded_by", "pdf", "pdf_generated_at", "emailed_at"})

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        GrantScheme,
        verbose_name=_("tilskuddsordning"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="grant_statements",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("løpenummer"))
    number = models.CharField(_("oppgjørsnummer"), max_length=60)
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ISSUED
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("erstatter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by_statement",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("erstattet av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("utstedt"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(_("forfallsdato"))
    language = models.CharField(_("språk"), max_length=10, default="nb")
    total_cap = models.IntegerField(_("sum tak"))
    total_expenses = models.IntegerField(_("sum utgifter"))
    total_grant = models.IntegerField(_("sum tilskudd"))
    total_own_share = models.IntegerField(_("sum egenandel"))
    net = models.IntegerField(_("netto"))
    pdf = models.FileField(_("PDF"), upload_to="statements/", blank=True)
    pdf_generated_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = GrantStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("årsoppgjør")
        verbose_name_plural = _("årsoppgjør")
        ordering = ["-year", "municipality__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "number"],
                name="funding_grantstatement_unique_number",
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "sequence"],
                name="funding_grantstatement_unique_sequence",
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "municipality"],
                condition=Q(status="issued"),
                name="funding_grantstatement_one_current",
            ),
            models.CheckConstraint(
                name="funding_grantstatement_net_is_difference",
                condition=Q(net=models.F("total_grant") - models.F("total_own_share")),
            ),
            models.CheckConstraint(
                name="funding_grantstatement_current_has_no_successor",
                condition=Q(status="superseded") | Q(superseded_by__isnull=True),
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (
            self.pk
            and not kwargs.get("force_insert")
            and (update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS)
        ):
            raise ImmutableError("Et utstedt årsoppgjør kan ikke endres; utsted en ny versjon.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Et årsoppgjør slettes aldri.")

    @property
    def filename(self):
        return f"arsoppgjor-{self.number}.pdf".lower()


class GrantStatementLine(models.Model):
    statement = models.ForeignKey(GrantStatement, on_delete=models.PROTECT, related_name="lines")
    placement = models.ForeignKey(
        Placement, verbose_name=_("utdanningsstilling"), on_delete=models.PROTECT, related_name="+"
    )
    doctor_name = models.CharField(_("ALIS"), max_length=200)
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    days = models.PositiveSmallIntegerField(_("dager"))
    months = models.PositiveSmallIntegerField(_("hele måneder"), null=True, blank=True)
    position_percent = models.PositiveSmallIntegerField(_("stillingsprosent"), default=100)
    cap = models.IntegerField(_("tak"))
    expenses = models.IntegerField(_("utgifter"))
    grant = models.IntegerField(_("tilskudd"))
    own_share = models.IntegerField(_("egenandel"))
    net = models.IntegerField(_("netto"))

    class Meta:
        verbose_name = _("oppgjørslinje")
        verbose_name_plural = _("oppgjørslinjer")
        ordering = ["statement", "doctor_name", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "placement"], name="funding_grantstatementline_unique"
            ),
        ]

    def __str__(self):
        return f"{self.doctor_name} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"


class StatementRun(models.Model):
    """One press of «Generer årsoppgjør»: the Celery group rendering and sending the PDFs."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)
    group_id = models.CharField(max_length=64, blank=True)
    statements = models.ManyToManyField(GrantStatement, related_name="+")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.programme} {self.year} ({self.started_at:%d.%m.%Y %H:%M})"


class MunicipalityFinance(models.Model):
    """The municipality's preferences as a recipient of statements."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="finance"
    )
    language = models.CharField(
        _("språk på årsoppgjøret"), max_length=10, choices=settings.LANGUAGES, default="nb"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommunens økonomiinnstillinger")
        verbose_name_plural = _("kommunenes økonomiinnstillinger")

    def __str__(self):
        return str(self.municipality)
