"""Settlements followed up: the payment recorded against a statement, the reminders sent
when it is late, how a programme is paid (bank account, KID agreement, ledger accounts),
the municipalities' organisation numbers for the ledger, and the steering group's budget."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placements.models import Municipality, Programme

from .expenses import ExpenseCategory
from .schemes import MONEY
from .statements import GrantStatement

REMINDER_DAYS = (7, 30)


class Payment(models.Model):
    """The settlement of one statement, paid: by the programme when the grant exceeds the
    own share, by the municipality otherwise. One payment closes a statement."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Registrert for hånd")
        BANK = "bank", _("Importert fra bankfil")

    statement = models.OneToOneField(
        GrantStatement,
        verbose_name=_("årsoppgjør"),
        on_delete=models.PROTECT,
        related_name="payment",
    )
    paid_on = models.DateField(_("betalt dato"))
    amount = models.DecimalField(_("beløp (kr)"), **MONEY)
    source = models.CharField(
        _("kilde"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    bank_reference = models.CharField(_("bankreferanse"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalinger")
        ordering = ["-paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="funding_payment_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message=_("Beløpet må være større enn null."),
            ),
        ]

    def __str__(self):
        return f"{self.statement_id} {self.paid_on:%d.%m.%Y}: {self.amount}"

    def clean(self):
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("Beløpet må være større enn null.")})


class PaymentReminder(models.Model):
    """A reminder about a late settlement, claimed before it is sent: one per statement and
    number of days late, so each goes once however often the daily job runs."""

    statement = models.ForeignKey(GrantStatement, on_delete=models.CASCADE, related_name="+")
    days_overdue = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "days_overdue"], name="funding_paymentreminder_once"
            ),
        ]

    def __str__(self):
        return f"{self.statement_id} +{self.days_overdue}"


class PaymentSetup(models.Model):
    """How a programme is paid and books its grants. Without a KID agreement the statement
    number is the payment reference."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    bank_account = models.CharField(_("kontonummer"), max_length=11, blank=True)
    kid_agreement = models.BooleanField(_("KID-avtale"), default=False)
    grant_account = models.CharField(_("konto for tilskudd"), max_length=10, default="14700")
    settlement_account = models.CharField(_("konto for oppgjør"), max_length=10, default="21000")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("betalingsoppsett")
        verbose_name_plural = _("betalingsoppsett")
        constraints = [
            models.CheckConstraint(
                name="funding_paymentsetup_account_digits",
                condition=Q(bank_account="") | Q(bank_account__regex=r"^\d{11}$"),
                violation_error_message=_("Kontonummeret må ha 11 siffer."),
            ),
        ]

    def __str__(self):
        return str(self.programme)


class Counterparty(models.Model):
    """A municipality as the ledger knows it: its organisation number."""

    municipality = models.OneToOneField(
        Municipality, verbose_name=_("kommune"), on_delete=models.CASCADE, related_name="+"
    )
    organisation_number = models.CharField(_("organisasjonsnummer"), max_length=9)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("motpart")
        verbose_name_plural = _("motparter")
        constraints = [
            models.CheckConstraint(
                name="funding_counterparty_organisation_number_digits",
                condition=Q(organisation_number__regex=r"^\d{9}$"),
                violation_error_message=_("Organisasjonsnummeret må ha 9 siffer."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} ({self.organisation_number})"


class BudgetLine(models.Model):
    """The steering group's budget for one year and expense category of a programme."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    category = models.CharField(_("kategori"), max_length=30, choices=ExpenseCategory.choices)
    amount = models.DecimalField(_("budsjett (kr)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budsjettlinje")
        verbose_name_plural = _("budsjettlinjer")
        ordering = ["programme", "year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "category"], name="funding_budgetline_unique"
            ),
            models.CheckConstraint(
                name="funding_budgetline_amount_not_negative",
                condition=Q(amount__gte=0),
                violation_error_message=_("Beløpet kan ikke være negativt."),
            ),
        ]

    def __str__(self):
        return f"{self.programme} {self.year} {self.get_category_display()}: {self.amount}"
