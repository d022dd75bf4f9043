"""The annual grant statements: numbered snapshot documents that are never edited; a new
version supersedes the old (pretix Invoice). And the runs that render and send them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alisvest.roles import access_of
from placements.models import Municipality, Placement, Programme

from .documents import SnapshotDocument
from .schemes import GrantScheme

MONEY = {"max_digits": 12, "decimal_places": 2}  # kroner with øre


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


class GrantStatement(SnapshotDocument):
    """Årsoppgjør: what one municipality is granted and owes for one year. The figures are a
    snapshot; only the status (superseded), the PDF and the e-mail receipt may change."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Utstedt")
        SUPERSEDED = "superseded", _("Erstattet")
        CREDITED = "credited", _("Kreditert")

    MUTABLE_FIELDS = frozenset({"status", "superseded_by", "pdf", "pdf_generated_at", "emailed_at"})
    CHANGE_REFUSED = "Et utstedt årsoppgjør kan ikke endres; utsted en ny versjon."
    DELETE_REFUSED = "Et årsoppgjør slettes aldri."

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
    total_cap = models.DecimalField(_("sum tak"), **MONEY)
    total_expenses = models.DecimalField(_("sum utgifter"), **MONEY)
    total_grant = models.DecimalField(_("sum tilskudd"), **MONEY)
    total_own_share = models.DecimalField(_("sum egenandel"), **MONEY)
    net = models.DecimalField(_("netto"), **MONEY)
    early_reason = models.TextField(_("grunn til å utstede før fristen"), blank=True)
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

    @property
    def filename(self):
        return f"arsoppgjor-{self.number}.pdf".lower()

    @property
    def settlement_amount(self):
        """The one amount that changes hands: grant less own share. Positive: the programme
        pays the municipality; negative: the municipality pays the programme."""
        return self.total_grant - self.total_own_share

    @property
    def programme_pays(self):
        return self.settlement_amount > 0

    @property
    def settlement_abs(self):
        return abs(self.settlement_amount)

    def history_rows(self):
        """Every version and credit note for this municipality, programme and year, oldest
        first: one readable history."""
        siblings = GrantStatement.objects.filter(
            programme=self.programme_id, year=self.year, municipality=self.municipality_id
        ).select_related("credit_note")
        rows = []
        for statement in siblings.order_by("sequence"):
            rows.append((statement.issued_at, "statement", statement))
            note = getattr(statement, "credit_note", None)
            if note is not None:
                rows.append((note.issued_at, "credit_note", note))
        return [(kind, obj) for _at, kind, obj in sorted(rows, key=lambda r: r[0])]


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
    cap = models.DecimalField(_("tak"), **MONEY)
    expenses = models.DecimalField(_("utgifter"), **MONEY)
    grant = models.DecimalField(_("tilskudd"), **MONEY)
    own_share = models.DecimalField(_("egenandel"), **MONEY)
    net = models.DecimalField(_("netto"), **MONEY)
    share_percent = models.DecimalField(
        _("kommunens andel (%)"), max_digits=5, decimal_places=2, default=100
    )

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
    """One press of «Generer årsoppgjør»: the Celery group rendering and sending the PDFs.
    `key` names what the run starts from (programme, year, municipality and the statements
    current when the leader previewed): two presses from the same preview, or two commands
    at once, claim the same key, and the database lets only one of them in."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=64, null=True)
    early_reason = models.TextField(_("grunn til å utstede før fristen"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)
    group_id = models.CharField(max_length=64, blank=True)
    statements = models.ManyToManyField(GrantStatement, related_name="+")

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="funding_statementrun_one_per_key")
        ]

    def __str__(self):
        return f"{self.programme} {self.year} ({self.started_at:%d.%m.%Y %H:%M})"
