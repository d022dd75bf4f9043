"""Programmes, municipalities, their participation and recruitment, and medical centres."""

from django.contrib.postgres.fields import (
    ArrayField,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of

ORG_NUMBER = RegexValidator(r"^\d{9}$", _("Organisasjonsnummer er ni siffer."))
ACCOUNT_NUMBER = RegexValidator(r"^\d{11}$", _("Kontonummer er elleve siffer."))


class ProgrammeQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        ids = access.staff_programmes | access.researched_programmes
        return self.filter(pk__in=ids)


class Programme(models.Model):
    class RuleSet(models.TextChoices):
        """Which rules a programme runs by: the regional pilot (ALIS-VEST 2017–2019: a grant
        per ALIS-year against expenses, with an own share) or today's national scheme
        (Nasjonal ALIS og veiledning: monthly rates per job type, paid in arrears against a
        yearly claim, no own share)."""

        REGIONAL = "regional", _("Regionalt program (ALIS-VEST-modellen)")
        NATIONAL = "national", _("Nasjonal ALIS-ordning")

    class SupervisionRule(models.TextChoices):
        """How the supervision requirement is checked: every month on its own, or as a
        yearly average (the national rule: the monthly requirement × 10.5 months a year)."""

        MONTHLY = "monthly", _("Hver måned for seg")
        YEARLY_AVERAGE = "yearly_average", _("Gjennomsnitt over året (10,5 måneder)")

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
    rule_set = models.CharField(
        _("regelverk"), max_length=20, choices=RuleSet.choices, default=RuleSet.REGIONAL
    )
    supervision_rule = models.CharField(
        _("veiledningskrav kontrolleres"),
        max_length=20,
        choices=SupervisionRule.choices,
        default=SupervisionRule.MONTHLY,
    )
    # The host organisation: sender of statements and credit notes, and who bills.
    host_name = models.CharField(_("vertsorganisasjon"), max_length=200, blank=True)
    host_organisation_number = models.CharField(
        _("vertens organisasjonsnummer"), max_length=9, blank=True, validators=[ORG_NUMBER]
    )
    host_address = models.TextField(_("vertens adresse"), blank=True)
    host_account_number = models.CharField(
        _("vertens kontonummer"), max_length=11, blank=True, validators=[ACCOUNT_NUMBER]
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
                name="placements_programme_rule_set_known",
                condition=Q(rule_set__in=["regional", "national"])
                & Q(supervision_rule__in=["monthly", "yearly_average"]),
                violation_error_message=_("Ukjent regelverk eller veiledningskrav."),
            ),
            models.CheckConstraint(
                name="placements_programme_ended_after_started",
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("started")),
                violation_error_message=_("Sluttdato kan ikke være før startdato."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_national(self):
        return self.rule_set == self.RuleSet.NATIONAL


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

    def for_user(self, user, *, research=True):
        """`research=False` leaves out what a user sees only as a researcher: the detail
        pages of municipalities and centres hold staff counts and ages, quasi-identifiers
        of the few doctors in a small municipality, so a researcher reads the list (the
        public register) but opens no detail page (SECURITY.md, "What researchers read")."""
        access = access_of(user)
        if access.superuser or access.is_programme_staff:
            return self.all()  # the national register: staff pick municipalities for calls
        scope = Q(pk__in=self.none())
        if access.managed_municipalities:
            scope |= Q(pk__in=self.lineage_of(access.managed_municipalities).values("pk"))
        if access.office_municipalities:
            scope |= Q(pk__in=self.lineage_of(access.office_municipalities).values("pk"))
        if research and access.researched_programmes:
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
    language = models.CharField(
        _("målform"),
        max_length=2,
        choices=[("nb", _("Bokmål")), ("nn", _("Nynorsk"))],
        default="nb",
        help_text=_("Vedtaksbrev, årsoppgjør og andre dokumenter til kommunen skrives på denne."),
    )
    organisation_number = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, validators=[ORG_NUMBER]
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
    def for_user(self, user, *, research=True):
        """`research=False`: without the researcher's path, as for municipalities."""
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(pk__in=self.none())
        programmes = access.staff_programmes | (access.researched_programmes if research else set())
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
