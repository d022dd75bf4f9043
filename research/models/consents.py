"""Consent per person and study: only people with consent in force are in exports and
analyses. The study's information text is versioned; a consent given electronically names
the version the person read and keeps the signed document (a PDF with its checksum)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.uploads import RandomName

from .studies import Category, Study


def new_consent_nonce():
    return secrets.token_hex(16)


class InformationText(models.Model):
    """One version of a study's information text, as the person reads it before consenting.
    A snapshot: never edited, a new version supersedes it; a consent names the version."""

    study = models.ForeignKey(
        Study,
        verbose_name=_("studie"),
        on_delete=models.CASCADE,
        related_name="information_texts",
    )
    version = models.PositiveSmallIntegerField(_("versjon"), editable=False)
    title = models.CharField(_("tittel"), max_length=200)
    text_nb = models.TextField(_("tekst (bokmål)"))
    text_nn = models.TextField(_("tekst (nynorsk)"), blank=True)
    text_en = models.TextField(_("tekst (engelsk)"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opprettet av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("informasjonstekst")
        verbose_name_plural = _("informasjonstekster")
        ordering = ["study", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "version"],
                name="research_informationtext_unique_version",
                violation_error_message=_("Studien har allerede en tekst med dette nummeret."),
            ),
            models.CheckConstraint(
                name="research_informationtext_has_bokmal",
                condition=~Q(text_nb=""),
                violation_error_message=_("Teksten på bokmål må fylles ut."),
            ),
        ]

    def __str__(self):
        return f"{self.study}: v{self.version}"

    @property
    def label(self):
        return f"v{self.version} {self.created_at:%d.%m.%Y}" if self.created_at else ""

    def text_in(self, language):
        """The text in the reader's language, bokmål when that version has none."""
        return {"nn": self.text_nn, "en": self.text_en}.get(language) or self.text_nb


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

    class Withdrawal(models.TextChoices):
        LINK = "lenke", _("Selv, med lenken")
        LOGIN = "innlogget", _("Selv, innlogget")
        LETTER = "brev", _("Brev")
        OTHER = "annet", _("Annet (e-post, telefon)")

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
    information_text = models.ForeignKey(
        InformationText,
        verbose_name=_("informasjonstekst"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        editable=False,
    )
    signature = models.CharField(
        _("signatur (navn skrevet av personen)"), max_length=200, blank=True, editable=False
    )
    signed_pdf = models.FileField(
        _("signert samtykke (PDF)"),
        upload_to=RandomName("consents"),
        blank=True,
        editable=False,
    )
    pdf_sha256 = models.CharField(
        _("sjekksum (SHA-256)"), max_length=64, blank=True, editable=False
    )
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawal_method = models.CharField(
        _("trukket tilbake hvordan"),
        max_length=20,
        choices=Withdrawal.choices,
        blank=True,
        editable=False,
    )
    withdrawal_received = models.DateField(
        _("melding om tilbaketrekking mottatt"), null=True, blank=True, editable=False
    )
    withdrawal_reason = models.TextField(_("begrunnelse"), blank=True, editable=False)
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
            models.CheckConstraint(
                name="research_consent_letter_has_date",
                condition=~Q(withdrawal_method="brev") | Q(withdrawal_received__isnull=False),
                violation_error_message=_("Et brev om tilbaketrekking må ha mottaksdato."),
            ),
            models.CheckConstraint(
                name="research_consent_signed_pdf_has_checksum",
                condition=Q(signed_pdf="") | ~Q(pdf_sha256=""),
                violation_error_message=_("Et signert samtykke må ha sjekksum."),
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


class ConsentInvitation(models.Model):
    """One ALIS's personal link to give or withdraw consent to one study without logging
    in. The link is the id and nonce signed with the site's secret (research.consent_links);
    the nonce never leaves this row, and a new nonce revokes the old link."""

    study = models.ForeignKey(
        Study,
        verbose_name=_("studie"),
        on_delete=models.CASCADE,
        related_name="consent_invitations",
    )
    doctor = models.ForeignKey(
        "placements.Doctor",
        verbose_name=_("ALIS"),
        on_delete=models.CASCADE,
        related_name="consent_invitations",
    )
    nonce = models.CharField(max_length=32, default=new_consent_nonce, editable=False)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    # The nonce keys the link, a bearer secret: never copied into the history.
    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        verbose_name = _("invitasjon til samtykke")
        verbose_name_plural = _("invitasjoner til samtykke")
        ordering = ["study", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "doctor"],
                name="research_consentinvitation_unique_doctor",
                violation_error_message=_("Denne ALIS-en er allerede invitert til studien."),
            ),
        ]

    def __str__(self):
        return f"{self.study}: {self.doctor}"
