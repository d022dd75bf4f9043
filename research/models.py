"""Follow-up research (følgeforskning): studies and their members, consent per person,
interview rounds, survey waves to the participating municipalities, and the log of every
pseudonymised export."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
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


def new_nonce():
    return secrets.token_hex(16)


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
        ]

    def __str__(self):
        return self.name

    def pseudonym(self, key):
        """A stable pseudonym for a person in this study: HMAC-SHA256 with the study's
        secret. The same person gets another pseudonym in another study."""
        digest = hmac.new(self.secret.encode(), key.encode(), hashlib.sha256).hexdigest()
        return "P-" + digest[:12].upper()


class ConsentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(study__in=Study.objects.for_user(user))

    def active(self):
        """Given and not withdrawn: only these people are in exports and analyses."""
        return self.filter(withdrawn_at=None, given_at__lte=timezone.now())


class Consent(models.Model):
    """One person's consent to one study. ALIS are doctors; supervisors and health managers
    have logins; support staff have neither, so only their name is kept."""

    class Method(models.TextChoices):
        PAPER = "papir", _("Signert på papir")
        DIGITAL = "digitalt", _("Digitalt skjema")
        ORAL = "muntlig", _("Muntlig, dokumentert i opptak")

    study = models.ForeignKey(
        Study, verbose_name=_("studie"), on_delete=models.CASCADE, related_name="consents"
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    doctor = models.ForeignKey(
        "placements.Doctor",
        verbose_name=_("ALIS"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person med innlogging"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
    )
    name = models.CharField(
        _("navn (hjelpepersonell)"),
        max_length=200,
        blank=True,
        help_text=_("Bare for hjelpepersonell uten innlogging."),
    )
    given_at = models.DateTimeField(_("samtykke gitt"))
    method = models.CharField(_("hvordan"), max_length=20, choices=Method.choices)
    text_version = models.CharField(
        _("versjon av samtykketeksten"),
        max_length=50,
        help_text=_("For eksempel «v2 2019»."),
    )
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["category", "-given_at"]
        constraints = [
            models.CheckConstraint(
                name="research_consent_one_person",
                condition=(
                    Q(doctor__isnull=False, user__isnull=True, name="")
                    | Q(doctor__isnull=True, user__isnull=False, name="")
                    | (Q(doctor__isnull=True, user__isnull=True) & ~Q(name=""))
                ),
                violation_error_message=_("Et samtykke gjelder nøyaktig én person."),
            ),
            models.CheckConstraint(
                name="research_consent_alis_is_doctor",
                condition=~Q(category="alis") | Q(doctor__isnull=False),
                violation_error_message=_("Samtykke fra en ALIS må knyttes til legen."),
            ),
            models.CheckConstraint(
                name="research_consent_doctor_is_alis",
                condition=Q(doctor__isnull=True) | Q(category="alis"),
                violation_error_message=_("Bare ALIS knyttes til en lege."),
            ),
            models.CheckConstraint(
                name="research_consent_withdrawn_after_given",
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                violation_error_message=_("Samtykket kan ikke trekkes før det er gitt."),
            ),
            models.UniqueConstraint(
                fields=["study", "doctor"],
                name="research_consent_unique_doctor",
                violation_error_message=_("Denne ALIS-en har allerede et samtykke i studien."),
            ),
            models.UniqueConstraint(
                fields=["study", "user"],
                name="research_consent_unique_user",
                violation_error_message=_("Denne personen har allerede et samtykke i studien."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.person_label}"

    @property
    def person_label(self):
        if self.doctor_id:
            return self.doctor.name
        if self.user_id:
            return self.user.name or self.user.email
        return self.name

    @property
    def person_key(self):
        """What the pseudonym is computed from: the person, not the consent row."""
        if self.doctor_id:
            return f"doctor:{self.doctor_id}"
        if self.user_id:
            return f"user:{self.user_id}"
        return f"consent:{self.pk}"

    @property
    def pseudonym(self):
        return self.study.pseudonym(self.person_key)

    @property
    def is_active(self):
        return self.withdrawn_at is None

    def clean(self):
        errors = {}
        people = [bool(self.doctor_id), bool(self.user_id), bool(self.name.strip())]
        if sum(people) != 1:
            errors["name"] = _(
                "Velg nøyaktig én person: en ALIS, en person med innlogging, "
                "eller skriv navnet på hjelpepersonell."
            )
        elif self.category == Category.ALIS and not self.doctor_id:
            errors["doctor"] = _("Samtykke fra en ALIS må knyttes til legen.")
        elif self.doctor_id and self.category != Category.ALIS:
            errors["category"] = _("Bare ALIS knyttes til en lege; velg kategorien ALIS.")
        if self.withdrawn_at and self.given_at and self.withdrawn_at < self.given_at:
            errors["withdrawn_at"] = _("Samtykket kan ikke trekkes før det er gitt.")
        if errors:
            raise ValidationError(errors)


class InterviewRound(models.Model):
    study = models.ForeignKey(
        Study, verbose_name=_("studie"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("runde"))
    label = models.CharField(_("merknad"), max_length=200, blank=True)
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intervjurunde")
        verbose_name_plural = _("intervjurunder")
        ordering = ["study", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "number"],
                name="research_interviewround_unique_number",
                violation_error_message=_("Studien har allerede en runde med dette nummeret."),
            ),
            models.CheckConstraint(
                name="research_interviewround_end_after_start",
                condition=Q(period_end__gte=models.F("period_start")),
                violation_error_message=_("«Til» kan ikke være før «fra»."),
            ),
        ]

    def __str__(self):
        return _("Intervjurunde %(n)s") % {"n": self.number}


class RoundTarget(models.Model):
    round = models.ForeignKey(
        InterviewRound, verbose_name=_("runde"), on_delete=models.CASCADE, related_name="targets"
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    target = models.PositiveSmallIntegerField(_("mål (antall intervju)"))

    class Meta:
        verbose_name = _("mål for intervjurunde")
        verbose_name_plural = _("mål for intervjurunder")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "category"],
                name="research_roundtarget_unique_category",
                violation_error_message=_("Runden har allerede et mål for denne kategorien."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.target}"


class Interview(models.Model):
    """An interview, by a pseudonymous informant code. No names are stored."""

    round = models.ForeignKey(
        InterviewRound, verbose_name=_("runde"), on_delete=models.CASCADE, related_name="interviews"
    )
    informant_code = models.CharField(
        _("informantkode"),
        max_length=20,
        help_text=_("Pseudonym kode, for eksempel «HL-07». Aldri navn."),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    municipality = models.ForeignKey(
        "placements.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("dato"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intervju")
        verbose_name_plural = _("intervju")
        ordering = ["round", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "informant_code"],
                name="research_interview_unique_code",
                violation_error_message=_("Informantkoden er allerede brukt i denne runden."),
            ),
            models.CheckConstraint(
                name="research_interview_code_format",
                condition=Q(informant_code__regex=r"^[A-Za-z0-9-]{1,20}$"),
                violation_error_message=_(
                    "Informantkoden kan bare inneholde bokstaver uten mellomrom, tall og "
                    "bindestrek, for eksempel «HL-07»."
                ),
            ),
        ]

    def __str__(self):
        return self.informant_code

    def clean(self):
        if (
            self.round_id
            and self.date
            and not self.round.period_start <= self.date <= self.round.period_end
        ):
            raise ValidationError(
                {
                    "date": _("Datoen ligger utenfor rundens periode (%(a)s–%(b)s).")
                    % {
                        "a": f"{self.round.period_start:%d.%m.%Y}",
                        "b": f"{self.round.period_end:%d.%m.%Y}",
                    }
                }
            )


class ExportLog(models.Model):
    """Every pseudonymised export: who, when, which study, which filter."""

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

    class Meta:
        verbose_name = _("eksport")
        verbose_name_plural = _("eksporter")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.study} {self.at:%d.%m.%Y %H:%M}"


# --- Survey waves -------------------------------------------------------------------------


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
