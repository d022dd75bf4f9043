"""Survey waves to the participating municipalities: questions, invitations, responses."""

import secrets

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .studies import Study


def new_nonce():
    return secrets.token_hex(16)


class SurveyWaveQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(study__in=Study.objects.for_user(user))

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class SurveyWave(models.Model):
    """A yearly survey to the participating municipalities (March 2020, 2021, 2022)."""

    study = models.ForeignKey(
        Study, verbose_name=_("studie"), on_delete=models.CASCADE, related_name="waves"
    )
    title = models.CharField(_("tittel"), max_length=200)
    intro = models.TextField(_("innledning"), blank=True)
    opens_at = models.DateTimeField(_("åpner"))
    closes_at = models.DateTimeField(_("stenger"))
    remind_after_days = models.PositiveSmallIntegerField(_("påminnelse etter (dager)"), default=7)
    # Where the links point; remembered when the invitations go out so the beat's
    # reminders can build the same links without a request.
    base_url = models.CharField(max_length=200, blank=True, editable=False)
    history = HistoricalRecords()

    objects = SurveyWaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("spørreundersøkelse")
        verbose_name_plural = _("spørreundersøkelser")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                name="research_surveywave_closes_after_opens",
                condition=Q(closes_at__gt=models.F("opens_at")),
                violation_error_message=_("Undersøkelsen må stenge etter at den åpner."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def is_closed(self):
        return timezone.now() >= self.closes_at


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "tekst", _("Tekst")
        NUMBER = "tall", _("Tall")
        SINGLE = "ett_valg", _("Ett valg")
        MULTIPLE = "flere_valg", _("Flere valg")

    wave = models.ForeignKey(
        SurveyWave,
        verbose_name=_("undersøkelse"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    text = models.CharField(_("spørsmål"), max_length=500)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("må besvares"), default=False)
    choices = ArrayField(
        models.CharField(max_length=200),
        verbose_name=_("svaralternativer"),
        default=list,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spørsmål")
        verbose_name_plural = _("spørsmål")
        ordering = ["wave", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                name="research_question_choices_match_kind",
                condition=Q(kind__in=["ett_valg", "flere_valg"], choices__len__gte=2)
                | (Q(kind__in=["tekst", "tall"]) & Q(choices=[])),
                violation_error_message=_(
                    "Spørsmål med valg trenger minst to svaralternativer; andre har ingen."
                ),
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def key(self):
        return f"q{self.pk}"


class SurveyInvitation(models.Model):
    """One municipality's link to one wave, e-mailed to its health manager."""

    wave = models.ForeignKey(
        SurveyWave,
        verbose_name=_("undersøkelse"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    municipality = models.ForeignKey(
        "placements.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    email = models.EmailField(_("e-post"))
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påminnet"), null=True, blank=True)
    # The address is personal data: its history shows who erased it (research.erasure).
    # The nonce keys the survey link, a bearer secret: never copied into the history.
    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        verbose_name = _("invitasjon til undersøkelse")
        verbose_name_plural = _("invitasjoner til undersøkelse")
        ordering = ["wave", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "municipality"],
                name="research_surveyinvitation_unique_municipality",
                violation_error_message=_("Kommunen er allerede invitert til undersøkelsen."),
            ),
        ]

    def __str__(self):
        return f"{self.wave}: {self.municipality}"


class SurveyResponse(models.Model):
    """One municipality's answers to one wave: answers keyed by question, edited in place
    until the wave closes."""

    wave = models.ForeignKey(
        SurveyWave,
        verbose_name=_("undersøkelse"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    municipality = models.ForeignKey(
        "placements.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answers = models.JSONField(_("svar"), default=dict)
    submitted_at = models.DateTimeField(_("sendt inn"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    class Meta:
        verbose_name = _("svar på undersøkelse")
        verbose_name_plural = _("svar på undersøkelse")
        ordering = ["wave", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "municipality"],
                name="research_surveyresponse_once_per_municipality",
                violation_error_message=_("Kommunen har allerede svart på undersøkelsen."),
            ),
        ]

    def __str__(self):
        return f"{self.wave}: {self.municipality}"
