"""What the steering group decides on an application, and what follows from it.

- CallQuota: a call that splits its posts between counties (the 2019 call: Rogaland and
  Møre og Romsdal) holds each county's share; without quotas the call's posts are one pool.
- Vote: each steering-group member's vote on an application, one current vote per member.
- Decision: the decision the project leader records for the group. A correction is a new
  decision that supersedes the old one; both stay, and each has its own letter version.
- PostSlot: each post a decision grants, from recruitment to the placement that fills it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.applications.models.applications import Application
from placements.applications.models.calls import Call
from placements.register.models import Placement


class CallQuota(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("utlysning"), on_delete=models.CASCADE, related_name="quotas"
    )
    county = models.CharField(_("fylke"), max_length=100)
    posts = models.PositiveSmallIntegerField(_("stillinger"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stillinger per fylke")
        verbose_name_plural = _("stillinger per fylke")
        ordering = ["call", "county"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "county"],
                name="placements_callquota_one_per_county",
                violation_error_message=_("Fylket har allerede en andel i utlysningen."),
            ),
            models.CheckConstraint(
                name="placements_callquota_posts_positive",
                condition=Q(posts__gte=1),
                violation_error_message=_("Et fylke må ha minst én stilling."),
            ),
        ]

    def __str__(self):
        return f"{self.county}: {self.posts}"


class ScopedByApplication(models.QuerySet):
    """Rows belonging to an application: the user sees them where they see the application."""

    def for_user(self, user):
        if access_of(user).superuser:
            return self.all()
        return self.filter(application__in=Application.objects.for_user(user).values("pk"))


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("For")
        FOR_FEWER = "for_fewer", _("For, med færre stillinger")
        AGAINST = "against", _("Mot")
        ABSTAIN = "abstain", _("Avstår")
        CONFLICT = "conflict", _("Inhabil")

    application = models.ForeignKey(
        Application, verbose_name=_("søknad"), on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medlem"),
        on_delete=models.PROTECT,
        related_name="votes",
    )
    vote = models.CharField(_("stemme"), max_length=20, choices=Choice.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    cast_at = models.DateTimeField(_("avgitt"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedByApplication.as_manager()

    class Meta:
        verbose_name = _("stemme")
        verbose_name_plural = _("stemmer")
        ordering = ["application", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"],
                name="placements_vote_one_per_member",
                violation_error_message=_("Du har allerede stemt over denne søknaden."),
            ),
            models.CheckConstraint(
                name="placements_vote_known_choice",
                condition=Q(vote__in=["for", "for_fewer", "against", "abstain", "conflict"]),
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_vote_display()}"


class DecisionQuerySet(ScopedByApplication):
    def current(self):
        return self.filter(is_current=True)

    def granting(self):
        """The current decisions that grant posts."""
        return self.current().filter(posts__gte=1)


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Innvilget")
        APPROVE_FEWER = "approve_fewer", _("Innvilget med færre stillinger")
        REJECT = "reject", _("Avslått")

    application = models.ForeignKey(
        Application, verbose_name=_("søknad"), on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("vedtak"), max_length=20, choices=Outcome.choices)
    posts = models.PositiveSmallIntegerField(_("innvilgede stillinger"), default=0)
    # What the application asked for when the decision was made: the limit it was held to.
    posts_requested = models.PositiveSmallIntegerField(_("stillinger det ble søkt om"))
    meeting_date = models.DateField(_("møtedato"))
    reason = models.TextField(_("begrunnelse"))
    conditions = models.TextField(_("vilkår"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("registrert"), default=timezone.now)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("erstatter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("grunn til rettelsen"), blank=True)
    is_current = models.BooleanField(_("gjeldende"), default=True)
    letter_version = models.PositiveSmallIntegerField(_("brevversjon"), default=1)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["application", "-letter_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(is_current=True),
                name="placements_decision_one_current",
                violation_error_message=_("Søknaden har allerede et gjeldende vedtak."),
            ),
            models.UniqueConstraint(
                fields=["application", "letter_version"],
                name="placements_decision_letter_version_unique",
            ),
            models.CheckConstraint(
                name="placements_decision_posts_within_request",
                condition=Q(posts__lte=F("posts_requested")),
                violation_error_message=_(
                    "Det kan ikke innvilges flere stillinger enn kommunen søkte om."
                ),
            ),
            models.CheckConstraint(
                name="placements_decision_posts_match_outcome",
                condition=Q(outcome="approve", posts=F("posts_requested"), posts__gte=1)
                | Q(outcome="approve_fewer", posts__gte=1, posts__lt=F("posts_requested"))
                | Q(outcome="reject", posts=0),
                violation_error_message=_(
                    "Innvilget gir stillingene det ble søkt om, innvilget med færre gir færre "
                    "(minst én), avslått gir ingen."
                ),
            ),
            models.CheckConstraint(
                name="placements_decision_correction_has_reason",
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                violation_error_message=_("Skriv hvorfor vedtaket rettes."),
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()} ({self.posts})"


class PostSlot(models.Model):
    """One granted post: recruited for, then filled by a placement, or returned."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ikke utlyst")
        RECRUITING = "recruiting", _("Under rekruttering")
        FILLED = "filled", _("Besatt")
        RETURNED = "returned", _("Levert tilbake")

    application = models.ForeignKey(
        Application, verbose_name=_("søknad"), on_delete=models.CASCADE, related_name="slots"
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    announced_on = models.DateField(_("utlyst"), null=True, blank=True)
    applicants = models.PositiveSmallIntegerField(_("antall søkere"), null=True, blank=True)
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="slot",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("vedtak"),
        on_delete=models.PROTECT,
        related_name="slots",
        help_text=_("Vedtaket som ga stillingen."),
    )
    history = HistoricalRecords()

    objects = ScopedByApplication.as_manager()

    class Meta:
        verbose_name = _("innvilget stilling")
        verbose_name_plural = _("innvilgede stillinger")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="placements_postslot_number_unique"
            ),
            models.CheckConstraint(
                name="placements_postslot_filled_has_placement",
                condition=Q(status="filled", placement__isnull=False)
                | (~Q(status="filled") & Q(placement__isnull=True)),
                violation_error_message=_("En besatt stilling må ha en utdanningsstilling."),
            ),
            models.CheckConstraint(
                name="placements_postslot_recruiting_announced",
                condition=~Q(status="recruiting") | Q(announced_on__isnull=False),
                violation_error_message=_("Fyll inn når stillingen ble lyst ut."),
            ),
        ]

    def __str__(self):
        return _("Stilling %(n)s, %(m)s") % {"n": self.number, "m": self.application.municipality}
