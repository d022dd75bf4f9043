"""Workplace-based assessments an ALIS asks for: a case discussion, an observed consultation
or multi-source feedback. The assessor has no account: a signed, single-use link valid for
14 days (supervision.assessments.links) is their credential, and their identity is only the
name and e-mail the ALIS gave."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.models import Placement, SupervisorAssignment

LINK_VALID_DAYS = 14
MSF_MIN_RESPONSES = 5


def new_assessor_nonce():
    return secrets.token_urlsafe(16)


def link_expiry(now=None):
    return (now or timezone.now()) + timedelta(days=LINK_VALID_DAYS)


class AssessmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The ALIS, their supervisors and the programme's project leaders; never health
        managers, researchers, the steering group or a regional office."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        scope = Q(placement__doctor__user=user) | Q(
            placement__in=SupervisorAssignment.objects.filter(supervisor=user).values("placement")
        )
        if access.led_programmes:
            scope |= Q(placement__programme__in=access.led_programmes)
        return self.filter(scope)

    def completed(self):
        return self.filter(status=Assessment.Status.COMPLETE)


class Assessment(models.Model):
    class Kind(models.TextChoices):
        CASE_DISCUSSION = "kasusdiskusjon", _("Kasusdiskusjon")
        OBSERVED_CONSULTATION = "observert-konsultasjon", _("Observert konsultasjon")
        MULTI_SOURCE = "multikilde", _("Multikildefeedback")

    class Status(models.TextChoices):
        OPEN = "venter", _("Venter på svar")
        COMPLETE = "fullfort", _("Fullført")

    class Language(models.TextChoices):
        BROWSER = "", _("Som vurdererens nettleser")
        NB = "nb", _("Norsk bokmål")
        NN = "nn", _("Norsk nynorsk")
        EN = "en", _("English")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    kind = models.CharField(_("type vurdering"), max_length=30, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bedt om av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    learning_objective = models.ForeignKey(
        "placements.LearningObjective",
        verbose_name=_("læringsmål"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    context = models.CharField(
        _("hva skal vurderes"),
        max_length=300,
        blank=True,
        help_text=_("Valgfritt, kort: f.eks. «konsultasjon med brystsmerter 3. mars»."),
    )
    language = models.CharField(
        _("språk i skjemaet"), max_length=2, choices=Language.choices, blank=True, default=""
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    completed_at = models.DateTimeField(_("fullført"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="supervision_assessment_completed_when_complete",
                condition=Q(status="fullfort", completed_at__isnull=False)
                | Q(status="venter", completed_at__isnull=True),
                violation_error_message=_("En fullført vurdering har et tidspunkt for fullføring."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%d.%m.%Y}"

    @property
    def is_msf(self):
        return self.kind == self.Kind.MULTI_SOURCE

    @property
    def responses_needed(self):
        """How many answers complete it: five for multi-source feedback, else one."""
        return MSF_MIN_RESPONSES if self.is_msf else 1


class AssessorInvitation(models.Model):
    """One assessor's link. Used once (used_at, set by compare-and-set), and only before
    expires_at; a new nonce revokes the link."""

    class Relation(models.TextChoices):
        DOCTOR = "lege", _("Legekollega")
        NURSE = "sykepleier", _("Sykepleier")
        STAFF = "medarbeider", _("Annen medarbeider")
        OTHER = "annen", _("Annen")

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("vurdering"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"))
    relation = models.CharField(
        _("rolle"), max_length=20, choices=Relation.choices, default=Relation.DOCTOR
    )
    nonce = models.CharField(max_length=32, default=new_assessor_nonce, editable=False)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    expires_at = models.DateTimeField(_("lenken gjelder til"), default=link_expiry)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    used_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    # The nonce keys the link, a bearer secret: never copied into the history.
    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        verbose_name = _("invitasjon til vurdering")
        verbose_name_plural = _("invitasjoner til vurdering")
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "email"],
                name="supervision_assessorinvitation_unique_email",
                violation_error_message=_("Denne e-postadressen er allerede invitert."),
            ),
            models.CheckConstraint(
                name="supervision_assessorinvitation_expires_after_created",
                condition=Q(expires_at__gt=F("created_at")),
                violation_error_message=_("Lenken må gjelde etter at den er laget."),
            ),
            models.CheckConstraint(
                name="supervision_assessorinvitation_used_before_expiry",
                condition=Q(used_at__isnull=True) | Q(used_at__lt=F("expires_at")),
                violation_error_message=_("Lenken kan ikke brukes etter at den er utløpt."),
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class AssessmentResponse(models.Model):
    """The assessor's answers, one per invitation, never changed."""

    invitation = models.OneToOneField(
        AssessorInvitation,
        verbose_name=_("invitasjon"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    answers = models.JSONField(_("svar"), default=dict)
    submitted_at = models.DateTimeField(_("sendt inn"), default=timezone.now)

    class Meta:
        verbose_name = _("svar på vurdering")
        verbose_name_plural = _("svar på vurderinger")
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return f"{self.invitation} · {self.submitted_at:%d.%m.%Y}"
