"""Studies, their members and the log of every pseudonymised export."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of


class Category(models.TextChoices):
    """Informant and consent categories, as the follow-up study counts them."""

    MANAGER = "helseleder", _("Helseleder")
    ALIS = "alis", _("ALIS")
    SUPERVISOR = "veileder", _("Lege med veilederansvar")
    SUPPORT_STAFF = "hjelpepersonell", _("Hjelpepersonell")


def new_secret():
    return secrets.token_hex(32)


class StudyQuerySet(models.QuerySet):
    def for_user(self, user):
        """Project leaders see their programme's studies; researchers the ones they are
        members of."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(programme__in=access.led_programmes)
            | Q(pk__in=Study.members.through.objects.filter(user=user).values("study"))
        )


class Study(models.Model):
    class Event(models.TextChoices):
        """What ends a person's time for the study's follow-up (docs/research-retention.md)."""

        POST = "stilling", _("Sluttet i stillingen før planlagt slutt")
        GENERAL_PRACTICE = "allmennpraksis", _("Forlot allmennpraksis")
        MUNICIPALITY = "kommune", _("Forlot kommunen")
        REGION = "region", _("Forlot regionen (programmets kommuner)")

    programme = models.ForeignKey(
        "placements.Programme",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="studies",
    )
    name = models.CharField(_("navn"), max_length=200)
    institution = models.CharField(_("forskningsmiljø"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    started = models.DateField(_("startet"))
    ended = models.DateField(_("avsluttet"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("forskere"),
        blank=True,
        related_name="studies",
    )
    retention_event = models.CharField(
        _("hendelse i oppfølgingen"),
        max_length=20,
        choices=Event.choices,
        default=Event.POST,
        help_text=_("Hva som regnes som avgang i stabilitetskurvene, månedstallene og uttrekket."),
    )
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("minste viste celle"),
        default=3,
        help_text=_("Antall under dette skjules i tabeller og figurer for forskere."),
    )
    k_anonymity = models.PositiveSmallIntegerField(
        _("k-anonymitet i radtabeller"),
        default=5,
        help_text=_(
            "Hver kombinasjon av kommune, sentralitet, datoer og avtaleform i radtabellene "
            "gjelder minst så mange personer."
        ),
    )
    # Keys the pseudonyms; never shown, never exported, never in the history.
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    history = HistoricalRecords(excluded_fields=["secret"])

    objects = StudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("studie")
        verbose_name_plural = _("studier")
        ordering = ["-started", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="research_study_unique_name",
                violation_error_message=_("Programmet har allerede en studie med dette navnet."),
            ),
            models.CheckConstraint(
                name="research_study_ended_after_started",
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("started")),
                violation_error_message=_("Sluttdato kan ikke være før startdato."),
            ),
            models.CheckConstraint(
                name="research_study_threshold_at_least_two",
                condition=Q(small_cell_threshold__gte=2, small_cell_threshold__lte=50),
                violation_error_message=_("Minste viste celle må være mellom 2 og 50."),
            ),
            models.CheckConstraint(
                name="research_study_k_at_least_two",
                condition=Q(k_anonymity__gte=2, k_anonymity__lte=50),
                violation_error_message=_("k-anonymitet må være mellom 2 og 50."),
            ),
            models.CheckConstraint(
                name="research_study_retention_event_known",
                condition=Q(
                    retention_event__in=["stilling", "allmennpraksis", "kommune", "region"]
                ),
                violation_error_message=_("Ukjent hendelse i oppfølgingen."),
            ),
        ]

    def __str__(self):
        return self.name

    def pseudonym(self, key):
        """A stable pseudonym for a person in this study: HMAC-SHA256 with the study's
        secret. The same person gets another pseudonym in another study."""
        digest = hmac.new(self.secret.encode(), key.encode(), hashlib.sha256).hexdigest()
        return "P-" + digest[:12].upper()


class ExportLogQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(study__in=Study.objects.for_user(user))


class ExportLog(models.Model):
    """Every pseudonymised export: who, when, why, which study, filter, tables and variables."""

    study = models.ForeignKey(
        Study, verbose_name=_("studie"), on_delete=models.PROTECT, related_name="exports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    format = models.CharField(_("format"), max_length=10)
    filters = models.JSONField(_("filter"), default=dict)
    people = models.PositiveIntegerField(_("personer med samtykke"), default=0)
    purpose = models.TextField(_("formål"), blank=True)
    tables = ArrayField(models.CharField(max_length=40), verbose_name=_("tabeller"), default=list)
    # {table: [column, ...]}: exactly the variables that left the system.
    variables = models.JSONField(_("variabler"), default=dict)

    objects = ExportLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("eksport")
        verbose_name_plural = _("eksporter")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.study} {self.at:%d.%m.%Y %H:%M}"
