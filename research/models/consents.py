"""Consent per person and study: only people with consent in force are in exports and
analyses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .studies import Category, Study


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
