"""Calls (utlysninger): what a programme offers, to which counties, by when, and who comes
to the information meeting."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.limits import POSTS_OFFERED
from placements.municipalities.models import Municipality, Programme


class CallQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(programme__in=access.staff_programmes)
        if access.managed_municipalities:
            counties = Municipality.objects.filter(
                pk__in=access.managed_municipalities
            ).values_list("county", flat=True)
            scope |= Q(target_counties__overlap=list(counties))
        return self.filter(scope)

    def open(self):
        return self.filter(deadline__gt=timezone.now())


class Call(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.CASCADE, related_name="calls"
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    target_counties = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("fylker"),
        help_text=_("Kommunene i disse fylkene kan søke."),
    )
    posts_offered = models.PositiveSmallIntegerField(
        _("antall stillinger"), validators=POSTS_OFFERED.validators(_("antall stillinger"))
    )
    deadline = models.DateTimeField(_("søknadsfrist"))
    meeting_at = models.DateTimeField(_("informasjonsmøte"), null=True, blank=True)
    meeting_place = models.CharField(_("møtested"), max_length=200, blank=True)
    meeting_signup_deadline = models.DateField(_("påmeldingsfrist"), null=True, blank=True)
    history = HistoricalRecords()

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("utlysning")
        verbose_name_plural = _("utlysninger")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                name="placements_call_posts_positive",
                condition=Q(posts_offered__gte=1),
                violation_error_message=_("Antall stillinger må være minst 1."),
            ),
            models.CheckConstraint(
                name="placements_call_posts_at_most_200",
                condition=Q(posts_offered__lte=POSTS_OFFERED.high),
                violation_error_message=_("Antall stillinger må være mellom 1 og 200."),
            ),
            models.CheckConstraint(
                name="placements_call_has_counties",
                condition=Q(target_counties__len__gte=1),
                violation_error_message=_("Velg minst ett fylke."),
            ),
            models.CheckConstraint(
                name="placements_call_signup_by_meeting",
                condition=Q(meeting_signup_deadline__isnull=True)
                | Q(
                    meeting_at__isnull=False,
                    # The meeting's date in TIME_ZONE (Europe/Oslo), not in UTC.
                    meeting_signup_deadline__lte=TruncDate("meeting_at"),
                ),
                violation_error_message=_(
                    "Påmeldingsfristen kan ikke være etter informasjonsmøtet."
                ),
            ),
            models.CheckConstraint(
                name="placements_call_meeting_before_deadline",
                condition=Q(meeting_at__isnull=True) | Q(meeting_at__lte=models.F("deadline")),
                violation_error_message=_("Informasjonsmøtet må være før søknadsfristen."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if not self.target_counties:
            errors["target_counties"] = _("Velg minst ett fylke.")
        if self.meeting_at and self.deadline and self.meeting_at > self.deadline:
            errors["meeting_at"] = _("Informasjonsmøtet må være før søknadsfristen.")
        signup = self.meeting_signup_deadline
        if signup and not self.meeting_at:
            errors["meeting_signup_deadline"] = _(
                "En påmeldingsfrist krever et informasjonsmøte: fyll inn tidspunkt for møtet, "
                "eller la fristen stå tom."
            )
        elif signup and signup > timezone.localtime(self.meeting_at).date():
            errors["meeting_signup_deadline"] = _(
                "Påmeldingsfristen (%(signup)s) kan ikke være etter informasjonsmøtet "
                "(%(meeting)s)."
            ) % {
                "signup": signup.strftime("%d.%m.%Y"),
                "meeting": timezone.localtime(self.meeting_at).strftime("%d.%m.%Y"),
            }
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return timezone.now() < self.deadline


class MeetingSignup(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("utlysning"), on_delete=models.CASCADE, related_name="signups"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.CharField(
        _("deltakere"), max_length=500, help_text=_("Navn på dem som kommer, skilt med komma.")
    )
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("påmelding til informasjonsmøte")
        verbose_name_plural = _("påmeldinger til informasjonsmøte")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "municipality"],
                name="placements_meetingsignup_unique",
                violation_error_message=_("Kommunen er allerede påmeldt."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality.name}: {self.attendees}"


class CallCorrection(models.Model):
    """A change the project leader made to a published call, with the reason given. `changes`
    holds {field: [old, new]} as JSON (a deadline as an ISO timestamp), so the call's page and
    the notice to applicants show what it was and what it became."""

    FIELDS = ("title", "description", "posts_offered", "deadline")

    call = models.ForeignKey(
        Call, verbose_name=_("utlysning"), on_delete=models.CASCADE, related_name="corrections"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endret av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("endret"), default=timezone.now)
    reason = models.TextField(_("grunn til endringen"))
    changes = models.JSONField(_("endringer"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("endring av utlysning")
        verbose_name_plural = _("endringer av utlysninger")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.call}: {self.reason}"

    def rows(self):
        """(field label, old, new) for each changed field, shown in the reader's language."""
        return [
            (Call._meta.get_field(name).verbose_name, _shown(name, old), _shown(name, new))
            for name, (old, new) in self.changes.items()
        ]


def as_json(name, value):
    return value.isoformat() if name == "deadline" else value


def _shown(name, value):
    if name == "deadline":
        return date_format(timezone.localtime(parse_datetime(value)), "j. F Y H:i")
    return value


class LateAcceptance(models.Model):
    """The project leader lets one municipality submit to a call after its deadline."""

    call = models.ForeignKey(
        Call, verbose_name=_("utlysning"), on_delete=models.CASCADE, related_name="late_accepted"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("grunn til å ta imot søknaden etter fristen"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("godtatt"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("søknad godtatt etter fristen")
        verbose_name_plural = _("søknader godtatt etter fristen")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "municipality"],
                name="placements_lateacceptance_unique",
                violation_error_message=_("Kommunen kan allerede søke etter fristen."),
            ),
        ]

    def __str__(self):
        return f"{self.call}: {self.municipality.name}"
