from datetime import date

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    ArrayField,
    BigIntegerRangeField,
    DateRangeField,
    RangeOperators,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of


class ProgrammeQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        ids = access.staff_programmes | access.researched_programmes
        return self.filter(pk__in=ids)


class Programme(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    lead_municipality = models.ForeignKey(
        "Municipality",
        verbose_name=_("vertskommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    started = models.DateField(_("startet"))
    ended = models.DateField(_("avsluttet"), null=True, blank=True)
    # ALIS-VEST asks 2 hours a month; the national regulation asks more. It is data.
    monthly_supervision_minutes = models.PositiveIntegerField(
        _("krav til individuell veiledning (minutter per måned)"), default=120
    )
    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programmer")
        ordering = ["started", "name"]
        permissions = [
            ("lead_programme", _("Prosjektleder i programmet")),
            ("steer_programme", _("Medlem av styringsgruppen")),
            ("research_programme", _("Forsker i programmet")),
        ]
        constraints = [
            models.CheckConstraint(
                name="placements_programme_ended_after_started",
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("started")),
                violation_error_message=_("Sluttdato kan ikke være før startdato."),
            ),
        ]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_to=None)

    def lineage_of(self, ids):
        """The municipalities `ids` and every former municipality now counting towards them."""
        return self.filter(Q(pk__in=ids) | Q(merged_into__in=ids))

    def in_programmes(self, programme_ids):
        """Today's municipalities that take part, directly or through a predecessor."""
        taking_part = Participation.objects.filter(programme__in=programme_ids)
        return self.filter(
            Exists(taking_part.filter(municipality=OuterRef("pk")))
            | Exists(taking_part.filter(municipality__merged_into=OuterRef("pk")))
        )

    def for_user(self, user):
        access = access_of(user)
        if access.superuser or access.is_programme_staff:
            return self.all()  # the national register: staff pick municipalities for calls
        scope = Q(pk__in=self.none())
        if access.managed_municipalities:
            scope |= Q(pk__in=self.lineage_of(access.managed_municipalities).values("pk"))
        if access.researched_programmes:
            taking_part = Municipality.objects.in_programmes(access.researched_programmes)
            scope |= Q(pk__in=taking_part.values("pk"))
        return self.filter(scope)


class Municipality(models.Model):
    """A municipality as it is or was. Mergers and renumbering keep the old row, with
    `merged_into` pointing at today's municipality, so a 2017 record still reads "Odda"."""

    number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunenummer er fire siffer."))],
    )
    name = models.CharField(_("navn"), max_length=100)
    county = models.CharField(_("fylke"), max_length=100)
    centrality = models.PositiveSmallIntegerField(
        _("sentralitetsklasse"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("SSBs sentralitetsindeks, 1–6 (6 er minst sentral)."),
    )
    population = models.PositiveIntegerField(_("innbyggere"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("slått sammen med / nytt nummer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    history = HistoricalRecords()

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name", "number"]
        permissions = [("manage_municipality", _("Helseleder i kommunen"))]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(valid_to=None),
                name="placements_municipality_number_unique_current",
                violation_error_message=_(
                    "Det finnes allerede en gjeldende kommune med dette nummeret."
                ),
            ),
            models.CheckConstraint(
                name="placements_municipality_number_four_digits",
                condition=Q(number__regex=r"^\d{4}$"),
                violation_error_message=_("Kommunenummer er fire siffer."),
            ),
            models.CheckConstraint(
                name="placements_municipality_centrality_range",
                condition=Q(centrality__isnull=True) | Q(centrality__gte=1, centrality__lte=6),
                violation_error_message=_("Sentralitetsklasse må være mellom 1 og 6."),
            ),
            models.CheckConstraint(
                name="placements_municipality_merged_has_end",
                condition=Q(merged_into__isnull=True) | Q(valid_to__isnull=False),
                violation_error_message=_("En sammenslått kommune må ha en sluttdato."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.number})"

    @property
    def current(self):
        return self.merged_into or self

    def clean(self):
        if self.merged_into_id and self.merged_into.merged_into_id:
            raise ValidationError(
                {"merged_into": _("Velg dagens kommune, ikke en som selv er slått sammen.")}
            )


class ProgrammeScopedQuerySet(models.QuerySet):
    """Rows of a programme: its staff and researchers see all; a manager sees their own
    municipality's (and its predecessors')."""

    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(programme__in=access.staff_programmes | access.researched_programmes)
        if access.managed_municipalities:
            lineage = Municipality.objects.lineage_of(access.managed_municipalities)
            scope |= Q(municipality__in=lineage)
        return self.filter(scope)


class Participation(models.Model):
    class Phase(models.IntegerChoices):
        ONE = 1, _("Fase 1")
        TWO = 2, _("Fase 2")
        THREE = 3, _("Fase 3")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    phase = models.PositiveSmallIntegerField(_("fase"), choices=Phase.choices, default=Phase.ONE)
    joined = models.DateField(_("med fra"))
    left = models.DateField(_("ute fra"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deltakelse")
        verbose_name_plural = _("deltakelser")
        ordering = ["programme", "phase", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"],
                name="placements_participation_unique",
                violation_error_message=_("Kommunen deltar allerede i programmet."),
            ),
            models.CheckConstraint(
                name="placements_participation_left_after_joined",
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")),
                violation_error_message=_("«Ute fra» kan ikke være før «med fra»."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} i {self.programme}"


class RecruitmentRound(models.Model):
    """Applicants and hires for the programme's posts in one municipality in one round."""

    programme = models.ForeignKey(Programme, verbose_name=_("program"), on_delete=models.CASCADE)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="recruitment_rounds",
    )
    label = models.CharField(_("runde"), max_length=50, help_text=_("F.eks. «Høsten 2017»."))
    date = models.DateField(_("dato"))
    applicants = models.PositiveIntegerField(_("søkere"), null=True, blank=True)
    hired = models.PositiveIntegerField(_("ansatt"))
    note = models.CharField(_("merknad"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ProgrammeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rekrutteringsrunde")
        verbose_name_plural = _("rekrutteringsrunder")
        ordering = ["date", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality", "label"],
                name="placements_recruitmentround_unique",
            ),
            models.CheckConstraint(
                name="placements_recruitmentround_hired_le_applicants",
                condition=Q(applicants__isnull=True) | Q(hired__lte=models.F("applicants")),
                violation_error_message=_("Kan ikke ansette flere enn det var søkere."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality.name} {self.label}"


def validate_doctor_ages(value):
    parts = [p for p in value.replace(";", ",").split(",") if p.strip()]
    if not all(p.strip().isdigit() and 24 <= int(p) <= 80 for p in parts):
        raise ValidationError(
            _("Skriv alderen til hver lege som tall mellom 24 og 80, skilt med komma.")
        )


class Equipment(models.TextChoices):
    EKG = "ekg", _("EKG")
    SPIROMETRY = "spirometri", _("Spirometri")
    RECTOSCOPY = "rektoskopi", _("Rektoskopi")
    AUDIOMETRY = "audiometri", _("Audiometri")
    MINOR_SURGERY = "smakirurgi", _("Småkirurgi")
    DOPPLER = "doppler", _("Doppler")
    LABORATORY = "laboratorium", _("Laboratorium")


class MedicalCentreQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(pk__in=self.none())
        programmes = access.staff_programmes | access.researched_programmes
        if programmes:
            scope |= Q(municipality__in=Municipality.objects.in_programmes(programmes))
        if access.managed_municipalities:
            scope |= Q(municipality__in=access.managed_municipalities)
        return self.filter(scope)

    def for_table(self):
        return self.select_related("municipality")


class MedicalCentre(models.Model):
    class Ownership(models.TextChoices):
        MUNICIPAL = "municipal", _("Kommunalt legesenter")
        PRIVATE = "private", _("Privat med kommunal avtale")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="centres",
    )
    name = models.CharField(_("navn"), max_length=200)
    ownership = models.CharField(
        _("eierform"), max_length=20, choices=Ownership.choices, default=Ownership.MUNICIPAL
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    doctor_count = models.PositiveSmallIntegerField(_("antall leger"))
    specialist_count = models.PositiveSmallIntegerField(
        _("spesialister i allmennmedisin"), default=0
    )
    doctor_ages = models.CharField(
        _("legenes alder"),
        max_length=200,
        blank=True,
        validators=[validate_doctor_ages],
        help_text=_("For eksempel «34, 41, 58»."),
    )
    doctor_specialties = models.CharField(
        _("legenes spesialiteter"),
        max_length=300,
        blank=True,
        help_text=_("Andre spesialiteter enn allmennmedisin, om noen."),
    )
    has_lis1 = models.BooleanField(_("har LIS1 (turnuslege)"), default=False)
    has_alis_office = models.BooleanField(_("eget egnet kontor til ALIS"), default=False)
    support_staff_count = models.PositiveSmallIntegerField(_("antall hjelpepersonell"), default=0)
    support_staff_competence = models.CharField(
        _("hjelpepersonellets kompetanse"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel sykepleier, bioingeniør, helsesekretær."),
    )
    equipment = ArrayField(
        models.CharField(max_length=20, choices=Equipment.choices),
        verbose_name=_("utstyr"),
        default=list,
        blank=True,
    )
    accepts_alis = models.BooleanField(
        _("kan ta imot ALIS"),
        default=True,
        help_text=_("En ALIS skal aldri arbeide i solopraksis: krever minst to leger."),
    )
    history = HistoricalRecords()

    objects = MedicalCentreQuerySet.as_manager()

    class Meta:
        verbose_name = _("legesenter")
        verbose_name_plural = _("legesentre")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="placements_medicalcentre_unique_name",
                violation_error_message=_("Kommunen har allerede et legesenter med dette navnet."),
            ),
            models.CheckConstraint(
                name="placements_medicalcentre_not_solo",
                condition=Q(accepts_alis=False) | Q(doctor_count__gte=2),
                violation_error_message=_(
                    "Et legesenter som tar imot ALIS må ha minst to leger: "
                    "en ALIS skal aldri arbeide i solopraksis."
                ),
            ),
            models.CheckConstraint(
                name="placements_medicalcentre_known_equipment",
                condition=Q(equipment__contained_by=Equipment.values),
            ),
            models.CheckConstraint(
                name="placements_medicalcentre_specialists_le_doctors",
                condition=Q(specialist_count__lte=models.F("doctor_count")),
                violation_error_message=_(
                    "Antall spesialister kan ikke være større enn antall leger."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.accepts_alis and self.doctor_count is not None and self.doctor_count < 2:
            errors["doctor_count"] = _(
                "Et legesenter som tar imot ALIS må ha minst to leger: "
                "en ALIS skal aldri arbeide i solopraksis."
            )
        if (
            self.doctor_count is not None
            and self.specialist_count is not None
            and self.specialist_count > self.doctor_count
        ):
            errors["specialist_count"] = _(
                "Antall spesialister kan ikke være større enn antall leger."
            )
        ages = [a for a in self.doctor_ages.replace(";", ",").split(",") if a.strip()]
        if self.doctor_count is not None and len(ages) > self.doctor_count:
            errors["doctor_ages"] = _("Du har oppgitt flere aldre enn antall leger.")
        if self.municipality_id and self.municipality.valid_to is not None:
            errors["municipality"] = _("Kommunen finnes ikke lenger; velg dagens kommune.")
        if errors:
            raise ValidationError(errors)

    def get_equipment_display(self):
        labels = dict(Equipment.choices)
        return [labels[e] for e in self.equipment if e in labels]


# Direct foreign keys for guardian's object permissions: scope checks join, not scan.
class ProgrammeUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Programme, on_delete=models.CASCADE)


class MunicipalityUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Municipality, on_delete=models.CASCADE)


# --- Doctors and placements -------------------------------------------------------------


class DateRange(models.Func):
    """daterange(start, end, '[]'): both ends inclusive, as the domain counts days."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, start, end):
        super().__init__(start, end, models.Value("[]"))


class Singleton(models.Func):
    """int8range(x, x, '[]'): lets an exclusion constraint say "same doctor" with the range
    operator &&, so no btree_gist extension is needed (the embedded PostgreSQL lacks it)."""

    function = "int8range"
    output_field = BigIntegerRangeField()

    def __init__(self, expression):
        super().__init__(expression, expression, models.Value("[]"))


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
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    list_length = models.PositiveIntegerField(
        _("listelengde"),
        default=0,
        help_text=_("700–800 regnes som riktig for en ALIS; 0-hjemmel starter tom."),
    )
    other_work_percent = models.PositiveSmallIntegerField(
        _("andel annet kommunalt legearbeid (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
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


from .models_applications import (  # noqa: E402,F401
    Application,
    ApplicationAttachment,
    Call,
    MeetingSignup,
    Review,
)
from .models_plans import (  # noqa: E402,F401
    EducationPlan,
    LearningObjective,
    ObjectiveProgress,
    PlannedCourse,
    PlanPeriod,
    PlanTemplate,
    TemplateCourse,
    TemplatePeriod,
)
