"""Education plans (utdanningsplan) and learning objectives (læringsmål).

A programme has one plan template; each placement gets an individual plan made from it,
with periods and planned courses on a five-year timeline. Learning objectives are a
catalogue per programme; each placement moves each objective through four steps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.register.models import Placement, PlacementChildQuerySet


class PeriodKind(models.TextChoices):
    OPEN_PRACTICE = "apen_praksis", _("Åpen uselektert allmennpraksis")
    OTHER_GP_WORK = "annet_allmennlegearbeid", _("Annet allmennlegearbeid")
    INSTITUTION = "institusjonstjeneste", _("Institusjonstjeneste")
    GROUP_SUPERVISION = "gruppeveiledning", _("Gruppeveiledning")


class PlanTemplate(models.Model):
    """The programme's general plan: periods and courses as months from the placement's start."""

    programme = models.OneToOneField(
        "placements.Programme",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="plan_template",
    )
    note = models.TextField(_("merknad"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planmal")
        verbose_name_plural = _("planmaler")

    def __str__(self):
        return _("Planmal for %(programme)s") % {"programme": self.programme}


class TemplatePeriod(models.Model):
    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("planmal"), on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("type"), max_length=30, choices=PeriodKind.choices)
    start_month = models.PositiveSmallIntegerField(
        _("fra måned"), help_text=_("Måneder etter stillingens start (0 = første måned).")
    )
    months = models.PositiveSmallIntegerField(_("antall måneder"))
    institution = models.CharField(_("sykehus eller institusjon"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("periode i planmal")
        verbose_name_plural = _("perioder i planmal")
        ordering = ["start_month", "pk"]
        constraints = [
            models.CheckConstraint(
                name="placements_templateperiod_months_positive",
                condition=Q(months__gte=1, months__lte=120, start_month__lte=120),
                violation_error_message=_(
                    "Antall måneder må være mellom 1 og 120, og perioden må starte innen 120 "
                    "måneder."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start_month}+{self.months}"

    def clean(self):
        if self.kind == PeriodKind.INSTITUTION and not self.institution.strip():
            raise ValidationError(
                {"institution": _("Oppgi sykehuset eller institusjonen for institusjonstjeneste.")}
            )


class TemplateCourse(models.Model):
    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("planmal"), on_delete=models.CASCADE, related_name="courses"
    )
    name = models.CharField(_("kurs"), max_length=200)
    month = models.PositiveSmallIntegerField(
        _("måned"), help_text=_("Måneder etter stillingens start.")
    )

    class Meta:
        verbose_name = _("kurs i planmal")
        verbose_name_plural = _("kurs i planmal")
        ordering = ["month", "pk"]
        constraints = [
            models.CheckConstraint(
                name="placements_templatecourse_month_range",
                condition=Q(month__lte=120),
                violation_error_message=_("Kurset må ligge innen 120 måneder."),
            ),
        ]

    def __str__(self):
        return self.name


class EducationPlan(models.Model):
    """The individual plan of one placement (one ALIS in one post), all five years."""

    placement = models.OneToOneField(
        "placements.Placement",
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="education_plan",
    )
    note = models.TextField(_("merknad"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    history = HistoricalRecords()

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("utdanningsplan")
        verbose_name_plural = _("utdanningsplaner")

    def __str__(self):
        return _("Utdanningsplan for %(doctor)s") % {"doctor": self.placement.doctor}


class PlanChildQuerySet(models.QuerySet):
    """Rows of an education plan, visible exactly where its placement is."""

    def for_user(self, user):
        return self.filter(plan__placement__in=Placement.objects.for_user(user).values("pk"))


class PlanPeriod(models.Model):
    Kind = PeriodKind

    plan = models.ForeignKey(
        EducationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("type"), max_length=30, choices=PeriodKind.choices)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"))
    institution = models.CharField(
        _("sykehus eller institusjon"),
        max_length=200,
        blank=True,
        help_text=_("Påkrevd for institusjonstjeneste, f.eks. «Haukeland universitetssjukehus»."),
    )
    history = HistoricalRecords()

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("planperiode")
        verbose_name_plural = _("planperioder")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                name="placements_planperiod_end_after_start",
                condition=Q(end__gte=models.F("start")),
                violation_error_message=_("«Til» kan ikke være før «fra»."),
            ),
            models.CheckConstraint(
                name="placements_planperiod_institution_named",
                condition=~Q(kind=PeriodKind.INSTITUTION) | ~Q(institution=""),
                violation_error_message=_(
                    "Oppgi sykehuset eller institusjonen for institusjonstjeneste."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("«Til» kan ikke være før «fra».")
        if self.kind == PeriodKind.INSTITUTION and not self.institution.strip():
            errors["institution"] = _(
                "Oppgi sykehuset eller institusjonen for institusjonstjeneste."
            )
        if errors:
            raise ValidationError(errors)


class PlannedCourse(models.Model):
    plan = models.ForeignKey(
        EducationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="courses"
    )
    name = models.CharField(_("kurs"), max_length=200)
    date = models.DateField(_("dato"))
    history = HistoricalRecords()

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("planlagt kurs")
        verbose_name_plural = _("planlagte kurs")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="placements_plannedcourse_name_given",
                condition=~Q(name=""),
                violation_error_message=_("Kurset må ha et navn."),
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.date:%d.%m.%Y}"


class LearningObjectiveQuerySet(models.QuerySet):
    def for_user(self, user):
        """The catalogue of every programme the user works in: staff and researchers by
        programme; managers, supervisors and ALIS through the placements they see."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        programmes = access.staff_programmes | access.researched_programmes
        scope = Q(programme__in=programmes) | Q(
            programme__in=Placement.objects.for_user(user).values("programme")
        )
        return self.filter(scope)


class LearningObjective(models.Model):
    """One læringsmål of the catalogue (ALM plan and common competence goals)."""

    programme = models.ForeignKey(
        "placements.Programme",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="learning_objectives",
    )
    code = models.CharField(_("kode"), max_length=30)
    group = models.CharField(_("gruppe"), max_length=200)
    text = models.TextField(_("tekst"))
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    objects = LearningObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("læringsmål")
        verbose_name_plural = _("læringsmål")
        ordering = ["programme", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="placements_learningobjective_unique_code",
                violation_error_message=_("Programmet har allerede et læringsmål med denne koden."),
            ),
            models.CheckConstraint(
                name="placements_learningobjective_filled",
                condition=~Q(code="") & ~Q(group="") & ~Q(text=""),
                violation_error_message=_("Kode, gruppe og tekst må fylles ut."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class ObjectiveProgress(models.Model):
    """One placement's way through one objective. No row means not started."""

    class Status(models.TextChoices):
        NOT_STARTED = "ikke_startet", _("Ikke startet")
        LOGGED = "aktivitet", _("Aktivitet registrert")
        SIGNED = "signert", _("Signert av veileder")
        APPROVED = "godkjent", _("Godkjent av kommunen")

    placement = models.ForeignKey(
        "placements.Placement",
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="objective_progress",
    )
    objective = models.ForeignKey(
        LearningObjective,
        verbose_name=_("læringsmål"),
        on_delete=models.PROTECT,
        related_name="progress",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    activity_note = models.TextField(_("aktivitet"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    logged_at = models.DateTimeField(_("registrert"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signert av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signert"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkjent av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("fremdrift på læringsmål")
        verbose_name_plural = _("fremdrift på læringsmål")
        ordering = ["objective__order", "objective__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "objective"],
                name="placements_objectiveprogress_unique",
                violation_error_message=_("Stillingen har allerede fremdrift på dette målet."),
            ),
            # Each step needs the ones before it, with who and when.
            models.CheckConstraint(
                name="placements_objectiveprogress_steps_in_order",
                condition=Q(status="ikke_startet")
                | Q(status="aktivitet", logged_at__isnull=False, signed_at=None, approved_at=None)
                | Q(
                    status="signert",
                    logged_at__isnull=False,
                    signed_at__isnull=False,
                    approved_at=None,
                )
                | Q(
                    status="godkjent",
                    logged_at__isnull=False,
                    signed_at__isnull=False,
                    approved_at__isnull=False,
                ),
                violation_error_message=_(
                    "Læringsmålet må gå gjennom aktivitet, signatur og godkjenning i rekkefølge."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.objective.code}: {self.get_status_display()}"
