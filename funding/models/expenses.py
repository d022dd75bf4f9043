"""Expense reports: one documented eligible expense of a placement in a year."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from alisvest.uploads import random_name
from placements.applications.models import MAX_ATTACHMENT_BYTES, ApplicationAttachment
from placements.models import Municipality, Placement

from .schemes import MONEY


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

    def approved(self, **filters):
        """What statements count: expenses a project leader has approved."""
        return self.filter(status=ExpenseStatus.APPROVED, **filters)


def expense_attachment_path(instance, filename):
    # The stored name never comes from the user: no path tricks, no guessable names.
    return random_name(f"expenses/{instance.placement_id}")


class ExpenseCategory(models.TextChoices):
    COURSE_FEES = "kursavgift", _("Kursavgifter")
    SUPERVISION_GROUP = "veiledningsgruppe", _("Veiledningsgruppe")
    SUBSTITUTES = "vikar", _("Vikarutgifter")
    TRAVEL = "reise", _("Reise")
    SUPERVISOR_FEES = "veilederhonorar", _("Veilederhonorar")
    OTHER = "annet", _("Annet")


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sendt inn")
    APPROVED = "approved", _("Godkjent")
    RETURNED = "returned", _("Returnert")


class Expense(models.Model):
    """One documented eligible expense of a placement in a year. A health manager's entry is
    submitted; the project leader approves it or returns it with a comment. A leader's own
    entry is approved as it is made. Only approved expenses count in statements."""

    Category = ExpenseCategory
    Status = ExpenseStatus

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
    status = models.CharField(
        _("status"), max_length=20, choices=ExpenseStatus.choices, default=ExpenseStatus.APPROVED
    )
    review_comment = models.TextField(_("kommentar fra prosjektleder"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
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
            models.CheckConstraint(
                name="funding_expense_known_status",
                condition=Q(status__in=ExpenseStatus.values),
            ),
            models.CheckConstraint(
                name="funding_expense_returned_has_comment",
                condition=~Q(status="returned") | ~Q(review_comment=""),
                violation_error_message=_("Skriv en kommentar når utgiften returneres."),
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
