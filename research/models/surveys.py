"""Survey waves: a versioned questionnaire (bokmål, nynorsk, English; show-if and
required-if rules), one invitation per recipient (a municipality or a person), responses."""

import secrets

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.db import SubqueryCount

from .studies import Study


def new_nonce():
    return secrets.token_hex(16)


class SurveyWaveQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(study__in=Study.objects.for_user(user))

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def with_counts(self):
        """`invited` and `answered` per wave."""
        wave = models.OuterRef("pk")
        return self.annotate(
            invited=SubqueryCount(SurveyInvitation.objects.filter(wave=wave)),
            answered=SubqueryCount(SurveyResponse.objects.filter(wave=wave)),
        )


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
    # The questionnaire's current version: a change after answers exist makes a new one,
    # and every response keeps the version it answered (research.surveys).
    version = models.PositiveSmallIntegerField(_("versjon av spørreskjemaet"), default=1)
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


class QuestionQuerySet(models.QuerySet):
    def in_version(self, version):
        """The questions of one version of the questionnaire."""
        return self.filter(since_version__lte=version).filter(
            Q(until_version=None) | Q(until_version__gt=version)
        )


def _condition(field, value_field):
    """Both a rule's question and value, or neither."""
    return Q(**{f"{field}__isnull": True, value_field: ""}) | (
        Q(**{f"{field}__isnull": False}) & ~Q(**{value_field: ""})
    )


class Question(models.Model):
    """One question in one or more versions: since_version ≤ v < until_version. A question
    with answers is never changed in place: a new row replaces it in the next version."""

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
    text = models.CharField(_("spørsmål (bokmål)"), max_length=500)
    text_nn = models.CharField(_("spørsmål (nynorsk)"), max_length=500, blank=True)
    text_en = models.CharField(_("spørsmål (engelsk)"), max_length=500, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("må besvares"), default=False)
    choices = ArrayField(
        models.CharField(max_length=200),
        verbose_name=_("svaralternativer"),
        default=list,
        blank=True,
    )
    since_version = models.PositiveSmallIntegerField(_("fra versjon"), default=1)
    until_version = models.PositiveSmallIntegerField(_("til versjon"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("erstatter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    show_if = models.ForeignKey(
        "self",
        verbose_name=_("vis bare hvis svaret på"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    show_if_value = models.CharField(_("er"), max_length=200, blank=True)
    required_if = models.ForeignKey(
        "self",
        verbose_name=_("må besvares hvis svaret på"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    required_if_value = models.CharField(_("er lik"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = QuestionQuerySet.as_manager()

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
            models.CheckConstraint(
                name="research_question_versions_in_order",
                condition=Q(until_version=None) | Q(until_version__gt=models.F("since_version")),
                violation_error_message=_("Et spørsmål må slutte i en senere versjon."),
            ),
            models.CheckConstraint(
                name="research_question_show_if_complete",
                condition=_condition("show_if", "show_if_value"),
                violation_error_message=_("Vis-hvis trenger både spørsmål og svar."),
            ),
            models.CheckConstraint(
                name="research_question_required_if_complete",
                condition=_condition("required_if", "required_if_value"),
                violation_error_message=_("Må-besvares-hvis trenger både spørsmål og svar."),
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def key(self):
        return f"q{self.pk}"

    def text_in(self, language=None):
        """The question in the respondent's language, bokmål when not translated."""
        language = language or translation.get_language() or "nb"
        return {"nn": self.text_nn, "en": self.text_en}.get(language[:2]) or self.text


class SurveyInvitation(models.Model):
    """One recipient's link to one wave: a municipality (its health manager, or an address
    the researcher gives) or a person from the register or added by e-mail. Without an
    address the researcher copies the link and sends it by hand."""

    class Role(models.TextChoices):
        MUNICIPALITY = "kommune", _("Kommune")
        ALIS = "alis", _("ALIS")
        SUPERVISOR = "veileder", _("Veileder")
        MANAGER = "leder", _("Leder")
        OTHER = "annen", _("Annen")

    wave = models.ForeignKey(
        SurveyWave,
        verbose_name=_("undersøkelse"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(
        _("mottaker"), max_length=20, choices=Role.choices, default=Role.MUNICIPALITY
    )
    # For a municipality the recipient; for a person where they work, if known (the
    # export generalises it when few answered from there).
    municipality = models.ForeignKey(
        "placements.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("navn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påminnet"), null=True, blank=True)
    # The address and name are personal data: the history shows who erased them
    # (research.erasure). The nonce keys the survey link, a bearer secret: never copied
    # into the history.
    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        verbose_name = _("invitasjon til undersøkelse")
        verbose_name_plural = _("invitasjoner til undersøkelse")
        ordering = ["wave", "role", "municipality__name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "municipality"],
                condition=Q(role="kommune"),
                name="research_surveyinvitation_unique_municipality",
                violation_error_message=_("Kommunen er allerede invitert til undersøkelsen."),
            ),
            models.UniqueConstraint(
                "wave",
                Lower("email"),
                condition=~Q(role="kommune"),
                name="research_surveyinvitation_unique_person",
                violation_error_message=_("Personen er allerede invitert til undersøkelsen."),
            ),
            models.CheckConstraint(
                name="research_surveyinvitation_recipient",
                condition=(Q(role="kommune") & Q(municipality__isnull=False))
                | (~Q(role="kommune") & ~Q(email="")),
                violation_error_message=_(
                    "En kommune trenger kommunen; en person trenger en e-postadresse."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.wave}: {self.recipient}"

    @property
    def recipient(self):
        if self.role == self.Role.MUNICIPALITY:
            return str(self.municipality)
        return self.name or self.email


class SurveyResponse(models.Model):
    """One recipient's answers to one wave, in the questionnaire version they answered:
    answers keyed by question, edited in place until the wave closes. The export carries
    no name, address or invitation: only the role and the (generalised) municipality."""

    wave = models.ForeignKey(
        SurveyWave,
        verbose_name=_("undersøkelse"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    invitation = models.OneToOneField(
        SurveyInvitation,
        verbose_name=_("invitasjon"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="response",
    )
    municipality = models.ForeignKey(
        "placements.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(
        _("mottaker"),
        max_length=20,
        choices=SurveyInvitation.Role.choices,
        default=SurveyInvitation.Role.MUNICIPALITY,
    )
    version = models.PositiveSmallIntegerField(_("versjon av spørreskjemaet"), default=1)
    answers = models.JSONField(_("svar"), default=dict)
    submitted_at = models.DateTimeField(_("sendt inn"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    class Meta:
        verbose_name = _("svar på undersøkelse")
        verbose_name_plural = _("svar på undersøkelse")
        ordering = ["wave", "role", "municipality__name", "pk"]

    def __str__(self):
        return f"{self.wave}: {self.municipality or self.get_role_display()}"
