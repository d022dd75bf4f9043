"""The yearly claim on the national scheme (krav om tilskudd): per programme, municipality and
year, every eligible post with its amount, and the posts left out with the reason. A
snapshot document like the statements: numbered, never edited, never deleted; a new version
supersedes. Only its status, the submission, the PDF and the auditor's statement change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alisvest.roles import access_of
from alisvest.uploads import random_name
from placements.models import Municipality, Placement, Programme

from .documents import SnapshotDocument
from .schemes import MONEY, GrantScheme, JobType

SUPERVISION_STATUS = {
    "ok": _("I rute"),
    "behind": _("Etter"),
    "deficit": _("Underskudd"),
    "unknown": _("Ukjent"),
}


class NationalClaimQuerySet(models.QuerySet):
    def for_user(self, user):
        """The programme's leaders, the municipality's managers, and the regional ALIS
        office for its municipalities."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(programme__in=access.led_programmes)
        municipalities = set(access.managed_municipalities) | set(
            getattr(access, "office_municipalities", frozenset())
        )
        if municipalities:
            scope |= Q(municipality__in=Municipality.objects.lineage_of(municipalities))
        return self.filter(scope)

    def current(self):
        return self.exclude(status=NationalClaim.Status.SUPERSEDED)


def audit_statement_path(instance, filename):
    return random_name(f"claims/{instance.year}")


class NationalClaim(SnapshotDocument):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Under arbeid")
        SUBMITTED = "submitted", _("Sendt inn")
        SUPERSEDED = "superseded", _("Erstattet")

    MUTABLE_FIELDS = frozenset(
        {
            "status",
            "superseded_by",
            "submitted_at",
            "submitted_by",
            "audit_file",
            "audit_name",
            "audit_type",
            "audit_uploaded_at",
            "audit_uploaded_by",
        }
    )
    CHANGE_REFUSED = "Et krav om tilskudd kan ikke endres; lag en ny versjon."
    DELETE_REFUSED = "Et krav om tilskudd slettes aldri."

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        GrantScheme,
        verbose_name=_("tilskuddsordning"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="national_claims",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("løpenummer"))
    number = models.CharField(_("kravnummer"), max_length=60)
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("erstatter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by_claim",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("erstattet av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("laget"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("språk"), max_length=10, default="nb")
    total = models.IntegerField(_("sum"))
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    audit_file = models.FileField(
        _("revisorattestasjon"), upload_to=audit_statement_path, blank=True
    )
    audit_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    audit_type = models.CharField(_("filtype"), max_length=100, blank=True)
    audit_uploaded_at = models.DateTimeField(_("attestasjon lastet opp"), null=True, blank=True)
    audit_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = NationalClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("krav om tilskudd")
        verbose_name_plural = _("krav om tilskudd")
        ordering = ["-year", "municipality__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "number"], name="funding_nationalclaim_unique_number"
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "sequence"],
                name="funding_nationalclaim_unique_sequence",
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "municipality"],
                condition=~Q(status="superseded"),
                name="funding_nationalclaim_one_current",
            ),
            models.CheckConstraint(
                name="funding_nationalclaim_submitted_has_date",
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="funding_nationalclaim_audit_after_submission",
                condition=Q(audit_uploaded_at__isnull=True) | Q(submitted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="funding_nationalclaim_current_has_no_successor",
                condition=Q(status="superseded") | Q(superseded_by__isnull=True),
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def is_done(self):
        return self.audit_uploaded_at is not None

    @property
    def filename(self):
        return f"krav-{self.number}".lower()


class NationalClaimLine(models.Model):
    """One post's year in the claim, or, with `excluded_reason`, a post left out."""

    claim = models.ForeignKey(NationalClaim, on_delete=models.PROTECT, related_name="lines")
    placement = models.ForeignKey(
        Placement, verbose_name=_("utdanningsstilling"), on_delete=models.PROTECT, related_name="+"
    )
    doctor_name = models.CharField(_("ALIS"), max_length=200)
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    job_type = models.CharField(_("stillingstype"), max_length=30, choices=JobType.choices)
    position_percent = models.PositiveSmallIntegerField(_("stillingsprosent"))
    share_percent = models.DecimalField(_("kommunens andel (%)"), max_digits=5, decimal_places=2)
    percent = models.DecimalField(_("prosent i kravet"), max_digits=7, decimal_places=4)
    months = models.PositiveSmallIntegerField(_("hele måneder"))
    monthly_rate = models.DecimalField(_("månedssats (kr)"), **MONEY)
    supplement = models.IntegerField(_("tillegg (kr)"))
    amount = models.IntegerField(_("beløp (kr)"))
    post_amount = models.IntegerField(_("hele stillingens beløp (kr)"))
    agreement_reference = models.CharField(_("ALIS-avtale"), max_length=100, blank=True)
    supervision_required = models.IntegerField(_("veiledning krevd (min)"), null=True, blank=True)
    supervision_done = models.IntegerField(_("veiledning gitt (min)"), null=True, blank=True)
    supervision_status = models.CharField(_("veiledningsstatus"), max_length=20, default="unknown")
    excluded_reason = models.CharField(_("ikke med fordi"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kravlinje")
        verbose_name_plural = _("kravlinjer")
        ordering = ["claim", "excluded_reason", "doctor_name", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "placement"], name="funding_nationalclaimline_unique"
            ),
            models.CheckConstraint(
                name="funding_nationalclaimline_excluded_has_no_amount",
                condition=Q(excluded_reason="") | Q(amount=0),
            ),
        ]

    def __str__(self):
        return f"{self.doctor_name}: {self.amount}"

    @property
    def is_excluded(self):
        return bool(self.excluded_reason)

    @property
    def supervision(self):
        return {
            "required": self.supervision_required,
            "done": self.supervision_done,
            "status": self.supervision_status,
        }

    def get_supervision_status_display(self):
        return SUPERVISION_STATUS.get(self.supervision_status, self.supervision_status)


class ClaimReminder(models.Model):
    """A deadline reminder that was sent: one row per claim, deadline and days ahead, so each
    reminder goes once however often the daily job runs."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality", "year", "days_before"],
                name="funding_claimreminder_once",
            ),
        ]

    def __str__(self):
        return f"{self.municipality_id} {self.year} −{self.days_before}"
