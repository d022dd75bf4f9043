"""The ALIS agreement (ALIS-avtale): for a placement on the national scheme, the agreement
between the municipality and the ALIS on Helsedirektoratet's template (mandatory since 2023).
A placement without a signed agreement cannot be claimed for.

The agreement is a row per placement; what was agreed is a numbered version, a snapshot
drawn from the placement when it was generated. A signed version never changes: amending
makes a new version, and the placement's agreement stays signed on the date the latest
signed version was signed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.uploads import RandomName
from placements.register.models import Placement, PlacementChildQuerySet


class AgreementQuerySet(PlacementChildQuerySet):
    def signed(self):
        return self.filter(signed_on__isnull=False)


class Agreement(models.Model):
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="agreement",
    )
    signed_on = models.DateField(_("signert dato"), null=True, blank=True)
    # The signed version's reference, kept here so a claim line names it without a query.
    reference = models.CharField(_("avtalereferanse"), max_length=40, blank=True)
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("ALIS-avtale")
        verbose_name_plural = _("ALIS-avtaler")

    def __str__(self):
        return str(_("ALIS-avtale for %(placement)s") % {"placement": self.placement})

    @property
    def current(self):
        """The newest version (prefetched as `versions` where a page lists several)."""
        return max(self.versions.all(), key=lambda v: v.number, default=None)


class AgreementVersionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(agreement__in=Agreement.objects.for_user(user).values("pk"))


# What a signed version may still receive: the scanned copy of the paper original.
SCAN_FIELDS = {"scan", "scan_name"}


class AgreementVersion(models.Model):
    """One version of the agreement as generated: the template's fields, frozen."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("ALIS-avtale"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("versjon"))
    reference = models.CharField(_("avtalereferanse"), max_length=40, unique=True)
    language = models.CharField(_("målform"), max_length=2, default="nb")
    # The parties
    municipality_name = models.CharField(_("kommune"), max_length=100)
    municipality_number = models.CharField(_("kommunenummer"), max_length=4)
    organisation_number = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, help_text=_("Ni siffer, valgfritt.")
    )
    shared_with = models.CharField(_("delt med kommune"), max_length=100, blank=True)
    alis_name = models.CharField(_("ALIS"), max_length=200)
    alis_email = models.EmailField(_("e-post til ALIS"), blank=True)
    # The post
    programme_name = models.CharField(_("program"), max_length=200)
    centre_name = models.CharField(_("legesenter"), max_length=200)
    contract_type = models.CharField(_("avtaleform"), max_length=30)
    position_percent = models.PositiveSmallIntegerField(_("stillingsprosent"))
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"))
    supervisor_name = models.CharField(_("veileder"), max_length=200, blank=True)
    education_plan = models.PositiveIntegerField(
        _("utdanningsplan"), null=True, blank=True, help_text=_("Nummeret på ALIS-ens plan.")
    )
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laget av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_on = models.DateField(_("signert dato"), null=True, blank=True)
    scan = models.FileField(_("skannet kopi"), upload_to=RandomName("agreements"), blank=True)
    scan_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = AgreementVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versjon av ALIS-avtale")
        verbose_name_plural = _("versjoner av ALIS-avtaler")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="placements_agreementversion_number_unique",
                violation_error_message=_("Avtalen har allerede en versjon med dette nummeret."),
            ),
            models.CheckConstraint(
                name="placements_agreementversion_period_order",
                condition=Q(end__gte=F("start")),
                violation_error_message=_("Avtalens sluttdato kan ikke være før startdatoen."),
            ),
            models.CheckConstraint(
                name="placements_agreementversion_percent_range",
                condition=Q(position_percent__gte=1, position_percent__lte=100),
                violation_error_message=_("Stillingsprosenten må være mellom 1 og 100."),
            ),
            models.CheckConstraint(
                name="placements_agreementversion_organisation_number_digits",
                condition=Q(organisation_number="") | Q(organisation_number__regex=r"^\d{9}$"),
                violation_error_message=_("Organisasjonsnummer er ni siffer."),
            ),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        """A signed version is a document: only its scanned copy may be added afterwards."""
        fields = kwargs.get("update_fields")
        only_scan = fields is not None and set(fields) <= SCAN_FIELDS
        signed = type(self).objects.filter(pk=self.pk, signed_on__isnull=False)
        if self.pk and not only_scan and signed.exists():
            raise ValidationError(_("En signert avtale kan ikke endres. Lag en ny versjon."))
        super().save(*args, **kwargs)

    @property
    def is_signed(self):
        return self.signed_on is not None

    @property
    def filename(self):
        return f"ALIS-avtale-{self.reference}.pdf"


class AgreementSignature(models.Model):
    """That a party signed, when, and who recorded it here (the signature itself is on
    paper or in the municipality's own signing service)."""

    class Party(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommunen")
        ALIS = "alis", _("ALIS")

    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("versjon"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    party = models.CharField(_("part"), max_length=20, choices=Party.choices)
    name = models.CharField(_("navn på den som signerte"), max_length=200)
    role = models.CharField(
        _("rolle eller tittel"), max_length=200, help_text=_("F.eks. kommunalsjef for helse.")
    )
    signed_on = models.DateField(_("signert dato"))
    recorded_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signatur på ALIS-avtale")
        verbose_name_plural = _("signaturer på ALIS-avtaler")
        ordering = ["version", "party"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"],
                name="placements_agreementsignature_once_per_party",
                violation_error_message=_("Denne parten har allerede signert denne versjonen."),
            ),
            models.CheckConstraint(
                name="placements_agreementsignature_party_known",
                condition=Q(party__in=["municipality", "alis"]),
                violation_error_message=_("Ukjent part."),
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.name} {self.signed_on:%d.%m.%Y}"
