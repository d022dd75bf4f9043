"""The minutes of a supervision session (referat): the learning objectives discussed, picked
from the programme's catalogue, what was agreed and what to follow up next time; and the
ALIS's reflection notes on a session, an objective or a period of the plan.

Both are private to the training relation: minutes to the ALIS, the placement's supervisors
(now or earlier) and the programme's project leaders; a reflection to the ALIS, and to the
supervisors only when the ALIS shares it. Health managers, the steering group, regional
offices and researchers never see them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.models import LearningObjective, Placement, PlanPeriod, SupervisorAssignment

from .sessions import SupervisionSession

MAX_MINUTES_TEXT = 2000
MAX_REFLECTION_TEXT = 5000


def _supervised(user):
    return SupervisorAssignment.objects.filter(supervisor=user).values("placement")


def minutes_scope(user, prefix=""):
    """The placements whose minutes the user may read, as a Q on `<prefix>placement`; None
    for a superuser (everything)."""
    access = access_of(user)
    if access.superuser:
        return None
    if not user.is_authenticated:
        return Q(pk__in=[])
    return (
        Q(**{f"{prefix}placement__doctor__user": user})
        | Q(**{f"{prefix}placement__in": _supervised(user)})
        | Q(**{f"{prefix}placement__programme__in": access.led_programmes})
    )


class MinutesQuerySet(models.QuerySet):
    def for_user(self, user):
        scope = minutes_scope(user, prefix="session__")
        return self.all() if scope is None else self.filter(scope)


class SessionMinutes(models.Model):
    """One session's minutes. A session has at most one; no row means no minutes."""

    session = models.OneToOneField(
        SupervisionSession,
        verbose_name=_("veiledningstime"),
        on_delete=models.CASCADE,
        related_name="record",
    )
    objectives = models.ManyToManyField(
        LearningObjective,
        verbose_name=_("læringsmål drøftet"),
        blank=True,
        related_name="session_minutes",
    )
    agreed = models.TextField(
        _("avtalt"), blank=True, validators=[MaxLengthValidator(MAX_MINUTES_TEXT)]
    )
    follow_ups = models.TextField(
        _("til neste gang"), blank=True, validators=[MaxLengthValidator(MAX_MINUTES_TEXT)]
    )
    # The previous session whose follow-ups were on the screen when this one was logged.
    follows_up = models.ForeignKey(
        SupervisionSession,
        verbose_name=_("følger opp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_up_by",
    )
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[objectives])

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("referat")
        verbose_name_plural = _("referater")
        constraints = [
            models.CheckConstraint(
                name="supervision_sessionminutes_short",
                condition=Q(
                    LessThanOrEqual(Length("agreed"), MAX_MINUTES_TEXT),
                    LessThanOrEqual(Length("follow_ups"), MAX_MINUTES_TEXT),
                ),
                violation_error_message=_("Referatet kan ha høyst 2000 tegn per felt."),
            ),
            models.CheckConstraint(
                name="supervision_sessionminutes_not_itself",
                condition=~Q(follows_up=models.F("session")),
                violation_error_message=_("En time kan ikke følge opp seg selv."),
            ),
        ]

    def __str__(self):
        return _("Referat %(session)s") % {"session": self.session}


class ReflectionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Private reflections: only the ALIS. Shared ones: also the placement's supervisors,
        now or earlier. Nobody else, not even a project leader."""
        if not user.is_authenticated:
            return self.none()
        if access_of(user).superuser:
            return self.all()
        return self.filter(
            Q(placement__doctor__user=user) | Q(shared=True, placement__in=_supervised(user))
        )

    def visible_to_supervisors(self):
        return self.filter(shared=True)


class Reflection(models.Model):
    """The ALIS's note on one session, one objective or one period of the plan."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="reflections",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        on_delete=models.PROTECT,
        related_name="reflections",
    )
    session = models.ForeignKey(
        SupervisionSession,
        verbose_name=_("veiledningstime"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reflections",
    )
    objective = models.ForeignKey(
        LearningObjective,
        verbose_name=_("læringsmål"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reflections",
    )
    period = models.ForeignKey(
        PlanPeriod,
        verbose_name=_("planperiode"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reflections",
    )
    text = models.TextField(_("refleksjon"), validators=[MaxLengthValidator(MAX_REFLECTION_TEXT)])
    shared = models.BooleanField(
        _("delt med veileder"),
        default=False,
        help_text=_("Delte refleksjoner ser også veilederen din. Private ser bare du."),
    )
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    updated_at = models.DateTimeField(_("endret"), default=timezone.now)
    history = HistoricalRecords()

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("refleksjon")
        verbose_name_plural = _("refleksjoner")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="supervision_reflection_one_subject",
                condition=Q(session__isnull=False, objective__isnull=True, period__isnull=True)
                | Q(session__isnull=True, objective__isnull=False, period__isnull=True)
                | Q(session__isnull=True, objective__isnull=True, period__isnull=False),
                violation_error_message=_(
                    "En refleksjon gjelder én veiledningstime, ett læringsmål eller én periode."
                ),
            ),
            models.CheckConstraint(
                name="supervision_reflection_text_given",
                condition=~Q(text="") & Q(LessThanOrEqual(Length("text"), MAX_REFLECTION_TEXT)),
                violation_error_message=_("Skriv refleksjonen (høyst 5000 tegn)."),
            ),
        ]

    def __str__(self):
        return f"{self.subject} · {self.created_at:%d.%m.%Y}"

    @property
    def subject(self):
        return self.session or self.objective or self.period

    @property
    def subject_key(self):
        if self.session_id:
            return f"session:{self.session_id}"
        if self.objective_id:
            return f"objective:{self.objective_id}"
        return f"period:{self.period_id}" if self.period_id else ""

    def clean(self):
        if not self.text.strip():
            raise ValidationError({"text": _("Skriv refleksjonen før du lagrer.")})
        subjects = [self.session_id, self.objective_id, self.period_id]
        if sum(1 for s in subjects if s) != 1:
            raise ValidationError(
                {
                    "subject": _(
                        "Velg hva refleksjonen gjelder: en veiledningstime, et læringsmål "
                        "eller en periode."
                    )
                }
            )
        if not self._subject_in_placement():
            raise ValidationError({"subject": _("Det valgte hører ikke til din stilling.")})

    def _subject_in_placement(self):
        if self.session_id:
            return self.session.placement_id == self.placement_id
        if self.objective_id:
            return self.objective.programme_id == self.placement.programme_id
        return self.period.plan.placement_id == self.placement_id
