"""The register: doctors, placements, supervisor assignments and absences."""

from datetime import date

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    RangeOperators,
)
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.db import DateRange, Singleton
from alisvest.roles import access_of
from placements.limits import LIST_LENGTH, PERCENT, POSITION_PERCENT
from placements.municipalities.models import (  # noqa: F401
    MedicalCentre,
    Municipality,
    Programme,
    ProgrammeScopedQuerySet,
)


class DoctorQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        placed = Placement.objects.for_user(user).values("doctor")
        scope = Q(pk__in=placed) | Q(user=user)
        if access.staff_programmes:
            scope |= Q(programme__in=access.staff_programmes)
        if access.managed_municipalities:
            scope |= Q(registered_by__in=access.managed_municipalities)
        return self.filter(scope)


class Doctor(models.Model):
    """An ALIS. No national identity number is stored anywhere: it is not needed."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="doctors"
    )
    registered_by = models.ForeignKey(
        Municipality,
        verbose_name=_("registrert av kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"))
    hpr_number = models.CharField(
        _("HPR-nummer"),
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^\d{6,9}$", _("HPR-nummeret er 6–9 siffer, bare tall."))],
        help_text=_("Helsepersonellnummeret fra Helsepersonellregisteret, bare siffer."),
        error_messages={"unique": _("Det finnes allerede en lege med dette HPR-nummeret.")},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("brukerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="doctor",
    )
    history = HistoricalRecords()

    objects = DoctorQuerySet.as_manager()

    class Meta:
        verbose_name = _("ALIS")
        verbose_name_plural = _("ALIS-leger")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="placements_doctor_hpr_digits",
                condition=Q(hpr_number__regex=r"^\d{6,9}$"),
                violation_error_message=_("HPR-nummeret er 6–9 siffer, bare tall."),
            ),
        ]

    def __str__(self):
        return self.name


class PlacementQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        scope = Q(doctor__user=user) | Q(
            pk__in=SupervisorAssignment.objects.filter(supervisor=user).values("placement")
        )
        if access.staff_programmes:
            scope |= Q(programme__in=access.staff_programmes)
        if access.managed_municipalities:
            lineage = Municipality.objects.lineage_of(access.managed_municipalities)
            scope |= Q(municipality__in=lineage) | Q(second_municipality__in=lineage)
        if access.office_municipalities:  # a regional office, read-only, every programme
            followed = Municipality.objects.lineage_of(access.office_municipalities)
            scope |= Q(municipality__in=followed) | Q(second_municipality__in=followed)
        return self.filter(scope)

    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(
            Q(actual_end__isnull=True, planned_end__gte=on) | Q(actual_end__gte=on)
        )

    def overlapping(self, first, last):
        """Placements with at least one day in [first, last]."""
        return self.filter(start__lte=last).filter(
            Q(actual_end__isnull=True, planned_end__gte=first) | Q(actual_end__gte=first)
        )

    def for_table(self):
        return self.select_related(
            "doctor", "municipality", "second_municipality", "centre", "programme"
        )


class Placement(models.Model):
    """Utdanningsstilling: a doctor in a post in a municipality and centre for a period."""

    class ContractType(models.TextChoices):
        FIXED_SALARY = "fastlonn", _("Fastlønn")
        FIXED_SALARY_BONUS = "fastlonn_bonus", _("Fastlønn med bonus")
        SELF_EMPLOYED = "naeringsdrift", _("Næringsdrift")
        FIXED_SALARY_LOCUM = "fastlonnet_vikariat", _("Fastlønnet vikariat")
        INTRODUCTION = "introduksjonsstilling", _("Introduksjonsstilling")
        MUNICIPAL = "kommunalt_ansatt", _("Kommunalt ansatt (f.eks. sykehjemslege)")

    class EndReason(models.TextChoices):
        FAMILY = "familie", _("Familie og personlige forhold")
        NOT_GENERAL_PRACTICE = "ikke_allmennpraksis", _("Vil ikke arbeide i allmennpraksis")
        PAY_CONDITIONS = "lonn_arbeidsvilkar", _("Misfornøyd med lønn og arbeidsvilkår")
        OWN_LIST = "egen_liste", _("Gikk over til egen fastlegeliste (næringsdrift) i kommunen")
        SPECIALIST = "spesialist", _("Godkjent spesialist i allmennmedisin")
        OTHER = "annet", _("Annet")

    class Destination(models.TextChoices):
        OWN_LIST_SAME = "egen_liste_samme_kommune", _("Egen fastlegeliste i samme kommune")
        OTHER_MUNICIPAL_POST = "annen_kommunal_stilling", _("Annen kommunal stilling i kommunen")
        LEFT_MUNICIPALITY = "forlot_kommunen", _("Forlot kommunen")
        HOSPITAL = "sykehus", _("Sykehus / annen spesialitet")
        UNKNOWN = "ukjent", _("Ukjent")

    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), on_delete=models.PROTECT, related_name="placements"
    )
    doctor = models.ForeignKey(
        Doctor, verbose_name=_("ALIS"), on_delete=models.PROTECT, related_name="placements"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    second_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("delt med kommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shared_placements",
        help_text=_("For en stilling delt mellom to kommuner, f.eks. Masfjorden/Modalen."),
    )
    centre = models.ForeignKey(
        MedicalCentre,
        verbose_name=_("legesenter"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    contract_type = models.CharField(
        _("avtaleform"),
        max_length=30,
        choices=ContractType.choices,
        default=ContractType.FIXED_SALARY,
    )
    position_percent = models.PositiveSmallIntegerField(
        _("stillingsprosent"),
        default=100,
        validators=POSITION_PERCENT.validators(_("stillingsprosent")),
    )
    list_length = models.PositiveIntegerField(
        _("listelengde"),
        default=0,
        validators=LIST_LENGTH.validators(_("listelengde")),
        help_text=_("700–800 regnes som riktig for en ALIS; 0-hjemmel starter tom."),
    )
    other_work_percent = models.PositiveSmallIntegerField(
        _("andel annet kommunalt legearbeid (%)"),
        default=0,
        validators=PERCENT.validators(_("andel annet kommunalt legearbeid (%)")),
    )
    start = models.DateField(_("startdato"))
    planned_end = models.DateField(_("planlagt slutt"))
    actual_end = models.DateField(_("faktisk slutt"), null=True, blank=True)
    end_reason = models.CharField(
        _("sluttårsak"), max_length=30, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("merknad til slutt"), max_length=300, blank=True)
    destination = models.CharField(
        _("gikk til"), max_length=30, choices=Destination.choices, blank=True
    )
    history = HistoricalRecords()

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("utdanningsstilling")
        verbose_name_plural = _("utdanningsstillinger")
        ordering = ["-start"]
        constraints = [
            ExclusionConstraint(
                name="placements_placement_no_overlap_per_doctor",
                expressions=[
                    (Singleton("doctor"), RangeOperators.OVERLAPS),
                    (
                        DateRange("start", Coalesce("actual_end", "planned_end")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_(
                    "Legen har allerede en utdanningsstilling i denne perioden."
                ),
            ),
            models.CheckConstraint(
                name="placements_placement_planned_end_after_start",
                condition=Q(planned_end__gte=models.F("start")),
                violation_error_message=_("Planlagt slutt kan ikke være før startdato."),
            ),
            models.CheckConstraint(
                name="placements_placement_actual_end_after_start",
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=models.F("start")),
                violation_error_message=_("Faktisk slutt kan ikke være før startdato."),
            ),
            models.CheckConstraint(
                name="placements_placement_percent_ranges",
                condition=Q(
                    position_percent__gte=1,
                    position_percent__lte=100,
                    other_work_percent__gte=0,
                    other_work_percent__lte=100,
                ),
                violation_error_message=_("Prosentene må være mellom 0 og 100."),
            ),
            models.CheckConstraint(
                name="placements_placement_list_length_range",
                condition=Q(list_length__lte=LIST_LENGTH.high),
                violation_error_message=_("Listelengden må være mellom 0 og 3000."),
            ),
            models.CheckConstraint(
                name="placements_placement_reason_only_when_ended",
                condition=Q(actual_end__isnull=False) | Q(end_reason="", destination=""),
                violation_error_message=_("Sluttårsak og «gikk til» krever en faktisk sluttdato."),
            ),
            models.CheckConstraint(
                name="placements_placement_second_municipality_differs",
                condition=Q(second_municipality__isnull=True)
                | ~Q(second_municipality=models.F("municipality")),
                violation_error_message=_("En delt stilling må deles med en annen kommune."),
            ),
        ]

    def __str__(self):
        return f"{self.doctor} – {self.municipality.name} ({self.start:%Y})"

    @property
    def end(self):
        return self.actual_end or self.planned_end

    @property
    def is_active(self):
        today = timezone.localdate()
        return self.start <= today <= self.end

    def clean(self):
        errors = {}
        if self.centre_id and self.municipality_id:
            allowed = {self.municipality_id, self.municipality.merged_into_id}
            if self.centre.municipality_id not in allowed:
                errors["centre"] = _("Legesenteret ligger ikke i stillingens kommune.")
            elif not self.centre.accepts_alis or self.centre.doctor_count < 2:
                errors["centre"] = _(
                    "En ALIS skal aldri arbeide i solopraksis: velg et legesenter med minst to "
                    "leger som tar imot ALIS."
                )
        if self.actual_end is None and (self.end_reason or self.destination):
            errors["actual_end"] = _("Fyll inn faktisk sluttdato når du oppgir sluttårsak.")
        if self.actual_end and not self.end_reason:
            errors["end_reason"] = _("Oppgi hvorfor stillingen sluttet.")
        # Said here, per field, so the overlap constraint is not validated with a backwards
        # date range, which PostgreSQL refuses to build (a 400 instead of a field error).
        if self.start and self.planned_end and self.planned_end < self.start:
            errors["planned_end"] = _("Planlagt slutt kan ikke være før startdato.")
        if self.start and self.actual_end and self.actual_end < self.start:
            errors["actual_end"] = _("Faktisk slutt kan ikke være før startdato.")
        if errors:
            raise ValidationError(errors)


class PlacementChildQuerySet(models.QuerySet):
    """Rows of a placement, visible exactly where the placement is."""

    def for_user(self, user):
        return self.filter(placement__in=Placement.objects.for_user(user).values("pk"))


class SupervisorAssignmentQuerySet(PlacementChildQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


class SupervisorAssignment(models.Model):
    """The individual supervisor (veileder) of a placement for a period."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="supervisor_assignments",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("veileder"),
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    is_specialist = models.BooleanField(_("spesialist i allmennmedisin"), default=True)
    same_centre = models.BooleanField(_("arbeider på samme legesenter"), default=True)
    history = HistoricalRecords()

    objects = SupervisorAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("veilederoppdrag")
        verbose_name_plural = _("veilederoppdrag")
        ordering = ["-start"]
        constraints = [
            ExclusionConstraint(
                name="placements_supervisorassignment_one_at_a_time",
                expressions=[
                    (Singleton("placement"), RangeOperators.OVERLAPS),
                    (
                        DateRange("start", Coalesce("end", models.Value(date(9999, 12, 31)))),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("Stillingen har allerede en veileder i denne perioden."),
            ),
            models.CheckConstraint(
                name="placements_supervisorassignment_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                violation_error_message=_("«Til» kan ikke være før «fra»."),
            ),
        ]

    def __str__(self):
        return f"{self.supervisor} → {self.placement.doctor}"

    @property
    def is_upcoming(self):
        return self.start > timezone.localdate()

    @property
    def is_ended(self):
        return self.end is not None and self.end < timezone.localdate()

    @property
    def risks(self):
        """The follow-up study names both as risks for the ALIS."""
        warnings = []
        if not self.is_specialist:
            warnings.append(_("Veilederen er ikke spesialist i allmennmedisin."))
        if not self.same_centre:
            warnings.append(_("Veilederen arbeider ikke på samme legesenter."))
        return warnings


class Absence(models.Model):
    class Kind(models.TextChoices):
        COURSE = "kurs", _("Kurs")
        ILLNESS = "sykdom", _("Sykdom")
        LEAVE = "permisjon", _("Permisjon")
        PARENTAL = "foreldrepermisjon", _("Foreldrepermisjon")
        INSTITUTION = "institusjonstjeneste", _("Institusjonstjeneste")

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="absences",
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"))

    class EndDecision(models.TextChoices):
        MOVED = "flyttet", _("Planlagt slutt er flyttet")
        KEPT = "beholdt", _("Planlagt slutt er beholdt")

    substitute_arranged = models.BooleanField(_("vikar er ordnet"), default=False)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    # The answer to "move the planned end?" after long leave, so the prompt is asked once.
    end_decision = models.CharField(
        _("planlagt slutt"), max_length=10, choices=EndDecision.choices, blank=True
    )
    history = HistoricalRecords()

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("fravær")
        verbose_name_plural = _("fravær")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                name="placements_absence_end_after_start",
                condition=Q(end__gte=models.F("start")),
                violation_error_message=_("«Til» kan ikke være før «fra»."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"

    @property
    def days(self):
        return (self.end - self.start).days + 1
