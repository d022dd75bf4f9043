"""Half-year progress reviews (halvårsvurdering): one per six months of a placement, written
by the supervisor, commented by the ALIS, signed by both and acknowledged by the project
leader. A signed review is a document: it changes only by a new version that supersedes it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.models import Placement, PlacementChildQuerySet, SupervisorAssignment

# The supervisor's texts and the period: frozen once anyone has signed.
FROZEN_FIELDS = (
    "placement_id",
    "number",
    "period_start",
    "period_end",
    "version",
    "summary",
    "plan_next",
    "supersedes_id",
)


class ReviewQuerySet(PlacementChildQuerySet):
    def scope_placements(self, user):
        """Placements whose reviews the user sees: as their ALIS, a supervisor (now or
        earlier) or a project leader of the programme. Health managers, the steering group
        and regional offices do not: a review is between the ALIS, the supervisor and the
        project."""
        access = access_of(user)
        placements = Placement.objects.for_user(user)
        if access.superuser:
            return placements.values("pk")
        if not user.is_authenticated:
            return placements.none().values("pk")
        supervised = SupervisorAssignment.objects.filter(supervisor=user).values("placement")
        return placements.filter(
            Q(doctor__user=user) | Q(pk__in=supervised) | Q(programme__in=access.led_programmes)
        ).values("pk")

    def for_user(self, user):
        return self.filter(placement__in=self.scope_placements(user))

    def current(self):
        """The newest version of each half-year: those no later version supersedes."""
        return self.filter(superseded_by__isnull=True)

    def with_signatures(self):
        signed = ReviewSignature.objects.filter(review=OuterRef("pk"))
        return self.annotate(
            supervisor_signed=Exists(signed.filter(role=ReviewSignature.Role.SUPERVISOR)),
            alis_signed=Exists(signed.filter(role=ReviewSignature.Role.ALIS)),
            leader_signed=Exists(signed.filter(role=ReviewSignature.Role.LEADER)),
        )


class ProgressReview(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        AWAITING_ALIS = "awaiting_alis", _("Venter på ALIS")
        AWAITING_LEADER = "awaiting_leader", _("Venter på prosjektleder")
        COMPLETE = "complete", _("Ferdig")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="progress_reviews",
    )
    number = models.PositiveSmallIntegerField(_("halvår nummer"))
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("erstatter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    summary = models.TextField(_("fremdrift i halvåret"))
    plan_next = models.TextField(_("avtalt plan for neste halvår"))
    alis_comment = models.TextField(_("kommentar fra ALIS"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    history = HistoricalRecords()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("halvårsvurdering")
        verbose_name_plural = _("halvårsvurderinger")
        ordering = ["placement", "number", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "number", "version"],
                name="supervision_progressreview_unique_version",
                violation_error_message=_("Denne versjonen av halvårsvurderingen finnes allerede."),
            ),
            models.CheckConstraint(
                name="supervision_progressreview_period_order",
                condition=Q(period_end__gte=models.F("period_start")),
                violation_error_message=_("Perioden kan ikke slutte før den begynner."),
            ),
            models.CheckConstraint(
                name="supervision_progressreview_first_supersedes_nothing",
                condition=Q(version=1, supersedes__isnull=True)
                | Q(version__gt=1, supersedes__isnull=False),
                violation_error_message=_("Bare en ny versjon erstatter en tidligere."),
            ),
            models.CheckConstraint(
                name="supervision_progressreview_number_positive",
                condition=Q(number__gte=1, version__gte=1),
            ),
            models.CheckConstraint(
                name="supervision_progressreview_texts_filled",
                condition=~Q(summary="") & ~Q(plan_next=""),
                violation_error_message=_("Fyll inn fremdrift og plan for neste halvår."),
            ),
        ]

    def __str__(self):
        return _("Halvårsvurdering %(n)s, versjon %(v)s") % {"n": self.number, "v": self.version}

    def save(self, *args, **kwargs):
        """A signed review is frozen: the supervisor's texts once anyone has signed, the
        ALIS's comment once the ALIS has signed. The database trigger of migration 0006
        refuses the same, for code that bypasses save()."""
        if self.pk:
            stored = ProgressReview.objects.filter(pk=self.pk).first()
            roles = set(self.signatures.values_list("role", flat=True))
            if stored is not None and roles:
                changed = [f for f in FROZEN_FIELDS if getattr(stored, f) != getattr(self, f)]
                if ReviewSignature.Role.ALIS in roles and stored.alis_comment != self.alis_comment:
                    changed.append("alis_comment")
                if changed:
                    raise ValidationError(
                        _("Halvårsvurderingen er signert og kan bare endres ved en ny versjon.")
                    )
        super().save(*args, **kwargs)

    def signed_roles(self):
        return {s.role for s in self.signatures.all()}

    @property
    def status(self):
        roles = self.signed_roles()
        if ReviewSignature.Role.LEADER in roles:
            return self.Status.COMPLETE
        if ReviewSignature.Role.ALIS in roles:
            return self.Status.AWAITING_LEADER
        if ReviewSignature.Role.SUPERVISOR in roles:
            return self.Status.AWAITING_ALIS
        return self.Status.DRAFT

    def get_status_display(self):
        return self.Status(self.status).label

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden kan ikke slutte før den begynner.")})
        errors = {}
        if not (self.summary or "").strip():
            errors["summary"] = _("Skriv hvordan halvåret har gått.")
        if not (self.plan_next or "").strip():
            errors["plan_next"] = _("Skriv planen dere har avtalt for neste halvår.")
        if errors:
            raise ValidationError(errors)


class ReviewSignature(models.Model):
    """A signature on one version of a review: who, in which role, when. Never changed."""

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("Veileder")
        ALIS = "alis", _("ALIS")
        LEADER = "leader", _("Prosjektleder (kvittert)")

    review = models.ForeignKey(
        ProgressReview,
        verbose_name=_("halvårsvurdering"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signert av"),
        on_delete=models.PROTECT,
        related_name="review_signatures",
    )
    signed_at = models.DateTimeField(_("signert"), default=timezone.now)

    class Meta:
        verbose_name = _("signatur på halvårsvurdering")
        verbose_name_plural = _("signaturer på halvårsvurderinger")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "role"],
                name="supervision_reviewsignature_unique_role",
                violation_error_message=_("Denne rollen har allerede signert."),
            ),
            models.CheckConstraint(
                name="supervision_reviewsignature_known_role",
                condition=Q(role__in=["supervisor", "alis", "leader"]),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.signed_at:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("En signatur kan ikke endres."))
        super().save(*args, **kwargs)
