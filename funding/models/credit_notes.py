"""Credit notes: a numbered document of its own that cancels an issued statement, with a
reason. Like the statement it is never edited; only its PDF and e-mail receipt are added."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alisvest.roles import access_of
from placements.models import Municipality, Programme

from .documents import SnapshotDocument
from .statements import GrantStatement


class CreditNoteQuerySet(models.QuerySet):
    def for_user(self, user):
        """As for statements: the programme's project leaders and the municipality's managers."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(programme__in=access.led_programmes)
        if access.managed_municipalities:
            lineage = Municipality.objects.lineage_of(access.managed_municipalities)
            scope |= Q(statement__municipality__in=lineage)
        return self.filter(scope)


class CreditNote(SnapshotDocument):
    """Kreditnota: reverses one statement in full. `amount` is the statement's settlement
    amount with the sign turned, so the statement and its credit note add up to zero."""

    MUTABLE_FIELDS = frozenset({"pdf", "pdf_generated_at", "emailed_at"})
    CHANGE_REFUSED = "En kreditnota kan ikke endres."
    DELETE_REFUSED = "En kreditnota slettes aldri."

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    statement = models.OneToOneField(
        GrantStatement,
        verbose_name=_("årsoppgjør"),
        on_delete=models.PROTECT,
        related_name="credit_note",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    sequence = models.PositiveIntegerField(_("løpenummer"))
    number = models.CharField(_("kreditnotanummer"), max_length=60)
    amount = models.DecimalField(_("beløp"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("begrunnelse"))
    issued_at = models.DateTimeField(_("utstedt"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("språk"), max_length=10, default="nb")
    pdf = models.FileField(_("PDF"), upload_to="credit-notes/", blank=True)
    pdf_generated_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = CreditNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("kreditnota")
        verbose_name_plural = _("kreditnotaer")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "sequence"], name="funding_creditnote_unique_sequence"
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "number"], name="funding_creditnote_unique_number"
            ),
            models.CheckConstraint(name="funding_creditnote_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self):
        return self.number

    @property
    def filename(self):
        return f"kreditnota-{self.number}.pdf".lower()

    @property
    def amount_abs(self):
        return abs(self.amount)
