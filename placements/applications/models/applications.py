"""Municipal applications (søknader om deltakelse).

The 2019 invitation asked municipalities to answer nine points in a Word letter; here every
point is its own section of real fields, so completeness can be checked before submit."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.applications.models.calls import Call
from placements.limits import LIST_LENGTH, POSTS_REQUESTED, SUPERVISION_HOURS
from placements.municipalities.models import Equipment, MedicalCentre, Municipality


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(call__programme__in=access.staff_programmes)
        if access.managed_municipalities:
            scope |= Q(municipality__in=access.managed_municipalities)
        if user.is_authenticated:
            # A subquery, not a join: a join on reviewers needs DISTINCT, which sorts every
            # row in scope before a page can be cut.
            reviewing = self.model.reviewers.through.objects.filter(user=user)
            scope |= Q(pk__in=reviewing.values("application_id"))
        return self.filter(scope)


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")
        UNDER_REVIEW = "under_review", _("Til behandling")
        MORE_INFO = "more_info", _("Trenger mer informasjon")
        RESUBMITTED = "resubmitted", _("Sendt inn på nytt")
        APPROVED = "approved", _("Innvilget")
        REJECTED = "rejected", _("Avslått")
        WITHDRAWN = "withdrawn", _("Trukket")

    EDITABLE = (Status.DRAFT, Status.MORE_INFO)
    WITHDRAWABLE = (Status.DRAFT, Status.SUBMITTED, Status.MORE_INFO)
    # Submitted and not yet decided: reviewers, questions, recommendation, votes, decision.
    IN_HANDLING = (Status.SUBMITTED, Status.RESUBMITTED, Status.UNDER_REVIEW)
    # What the municipality answers, in the form's order: the page and the API edit these.
    ANSWER_FIELDS = (
        "posts_requested",
        "contact_name",
        "contact_email",
        "recruitment_situation",
        "list_solution",
        "list_length",
        "list_comment",
        "daily_supervision",
        "supervisor_name",
        "supervisor_is_specialist",
        "supervisor_same_centre",
        "supervision_hours_per_month",
        "backup_on_call",
        "centre",
        "equipment",
        "centre_comment",
        "municipal_work",
        "municipal_work_percent",
        "substitute_solution",
        "vulnerability",
        "post_kind",
        "employed_doctor_progress",
    )

    class ListSolution(models.TextChoices):
        MUNICIPAL = "municipal", _("Kommunal liste i kommunalt legesenter")
        SHARED = "fellesliste", _("Fellesliste")
        SPLIT = "deleliste", _("Deleliste")
        BOUGHT_OUT = "frikjopt", _("Frikjøpt liste i privat legesenter")
        ZERO = "0-hjemmel", _("0-hjemmel")

    class PostKind(models.TextChoices):
        NEW = "new", _("Ny stilling som lyses ut")
        EMPLOYED = "employed", _("Lege som allerede er ansatt")

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Anbefales")
        APPROVE_FEWER = "approve_fewer", _("Anbefales med færre stillinger")
        REJECT = "reject", _("Anbefales ikke")

    call = models.ForeignKey(
        Call, verbose_name=_("utlysning"), on_delete=models.PROTECT, related_name="applications"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    posts_requested = models.PositiveSmallIntegerField(
        _("antall stillinger det søkes om"),
        null=True,
        blank=True,
        validators=POSTS_REQUESTED.validators(_("antall stillinger det søkes om")),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post til kontaktperson"), blank=True)
    # 1. Recruitment situation
    recruitment_situation = models.TextField(_("rekrutteringssituasjonen i kommunen"), blank=True)
    # 2. Own list patients
    list_solution = models.CharField(
        _("listeløsning"), max_length=20, choices=ListSolution.choices, blank=True
    )
    list_length = models.PositiveSmallIntegerField(
        _("listelengde"),
        null=True,
        blank=True,
        validators=LIST_LENGTH.validators(_("listelengde")),
    )
    list_comment = models.TextField(_("kommentar til listeløsningen"), blank=True)
    # 3. Daily supervision
    daily_supervision = models.TextField(_("daglig supervisjon av kollega"), blank=True)
    # 4. Supervisor
    supervisor_name = models.CharField(_("veileders navn"), max_length=200, blank=True)
    supervisor_is_specialist = models.BooleanField(
        _("veileder er spesialist i allmennmedisin"), null=True, blank=True
    )
    supervisor_same_centre = models.BooleanField(
        _("veileder arbeider på samme legesenter"), null=True, blank=True
    )
    supervision_hours_per_month = models.DecimalField(
        _("planlagt veiledning (timer per måned)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=SUPERVISION_HOURS.validators(_("planlagt veiledning (timer per måned)")),
    )
    # 5. Back-up on call
    backup_on_call = models.TextField(_("bakvakt på legevakt"), blank=True)
    # 6. Medical centre
    centre = models.ForeignKey(
        MedicalCentre,
        verbose_name=_("legesenter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    equipment = ArrayField(
        models.CharField(max_length=20, choices=Equipment.choices),
        verbose_name=_("utstyr"),
        default=list,
        blank=True,
    )
    centre_comment = models.TextField(_("kommentar om legesenteret"), blank=True)
    # 7. Municipal work
    municipal_work = models.TextField(_("kommunalt legearbeid"), blank=True)
    municipal_work_percent = models.PositiveSmallIntegerField(
        _("kommunalt legearbeid (prosent)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    # 8. Substitute and absence
    substitute_solution = models.TextField(_("vikar- og fraværsløsning"), blank=True)
    vulnerability = models.TextField(_("sårbarhet"), blank=True)
    # 9. New post or employed doctor
    post_kind = models.CharField(
        _("ny stilling eller ansatt lege"), max_length=20, choices=PostKind.choices, blank=True
    )
    employed_doctor_progress = models.TextField(
        _("hvor langt legen har kommet i utdanningen"), blank=True
    )
    # Lifecycle
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saksbehandlere"),
        blank=True,
        related_name="applications_to_review",
    )
    info_request = models.TextField(_("hva som mangler"), blank=True)
    recommendation = models.CharField(
        _("innstilling"), max_length=20, choices=Recommendation.choices, blank=True
    )
    recommendation_comment = models.TextField(_("begrunnelse for innstilling"), blank=True)
    posts_granted = models.PositiveSmallIntegerField(
        _("innvilgede stillinger"), null=True, blank=True
    )
    conditions = models.TextField(_("vilkår"), blank=True)
    decided_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        ordering = ["call", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "municipality"],
                condition=~Q(status="withdrawn"),
                name="placements_application_one_per_call",
                violation_error_message=_("Kommunen har allerede en søknad i denne utlysningen."),
            ),
            models.CheckConstraint(
                name="placements_application_known_status",
                condition=Q(
                    status__in=[
                        "draft",
                        "submitted",
                        "under_review",
                        "more_info",
                        "resubmitted",
                        "approved",
                        "rejected",
                        "withdrawn",
                    ]
                ),
            ),
            models.CheckConstraint(
                name="placements_application_submitted_has_time",
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                violation_error_message=_("En innsendt søknad må ha innsendingstidspunkt."),
            ),
            models.CheckConstraint(
                name="placements_application_approved_has_posts",
                condition=~Q(status="approved") | Q(posts_granted__gte=1),
                violation_error_message=_("Et innvilget vedtak må gi minst én stilling."),
            ),
            models.CheckConstraint(
                name="placements_application_known_equipment",
                condition=Q(equipment__contained_by=Equipment.values),
            ),
            models.CheckConstraint(
                name="placements_application_numbers_in_range",
                condition=(
                    Q(posts_requested__isnull=True)
                    | Q(posts_requested__gte=POSTS_REQUESTED.low)
                    & Q(posts_requested__lte=POSTS_REQUESTED.high)
                )
                & (Q(list_length__isnull=True) | Q(list_length__lte=LIST_LENGTH.high))
                & (
                    Q(supervision_hours_per_month__isnull=True)
                    | Q(supervision_hours_per_month__gte=SUPERVISION_HOURS.low)
                    & Q(supervision_hours_per_month__lte=SUPERVISION_HOURS.high)
                ),
                violation_error_message=_(
                    "Stillinger (1–20), listelengde (0–3000) og veiledningstimer (0–40) må "
                    "ligge innenfor det tillatte."
                ),
            ),
            models.CheckConstraint(
                name="placements_application_percent_range",
                condition=Q(municipal_work_percent__isnull=True)
                | Q(municipal_work_percent__lte=100),
                violation_error_message=_("Andel kommunalt legearbeid kan ikke være over 100 %."),
            ),
        ]

    def __str__(self):
        return _("Søknad fra %(m)s") % {"m": self.municipality.name}

    def clean(self):
        errors = {}
        if (
            self.centre_id
            and self.municipality_id
            and self.centre.municipality_id != (self.municipality_id)
        ):
            errors["centre"] = _("Velg et legesenter i kommunen som søker.")
        if self.municipal_work_percent is not None and self.municipal_work_percent > 100:
            errors["municipal_work_percent"] = _(
                "Andel kommunalt legearbeid kan ikke være over 100 %."
            )
        if self.status == self.Status.APPROVED and not self.posts_granted:
            errors["posts_granted"] = _("Et innvilget vedtak må gi minst én stilling.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    def get_equipment_display(self):
        """The equipment's labels ("Spirometri"), never the stored keys."""
        labels = dict(Equipment.choices)
        return [str(labels[e]) for e in self.equipment if e in labels]

    @property
    def can_withdraw(self):
        return self.status in self.WITHDRAWABLE

    def missing(self):
        """The sections still incomplete, as Norwegian sentences naming the field."""
        m = []
        if not self.posts_requested:
            m.append(_("Antall stillinger det søkes om"))
        if not self.contact_name or not self.contact_email:
            m.append(_("Kontaktperson med e-post"))
        if not self.recruitment_situation.strip():
            m.append(_("1. Rekrutteringssituasjonen i kommunen"))
        if not self.list_solution or self.list_length is None:
            m.append(_("2. Listeløsning og listelengde"))
        if not self.daily_supervision.strip():
            m.append(_("3. Daglig supervisjon"))
        if (
            not self.supervisor_name
            or self.supervisor_is_specialist is None
            or self.supervisor_same_centre is None
            or self.supervision_hours_per_month is None
        ):
            m.append(_("4. Veileder (navn, spesialist, samme senter, timer per måned)"))
        if not self.backup_on_call.strip():
            m.append(_("5. Bakvakt på legevakt"))
        if not self.centre_id:
            m.append(_("6. Legesenter"))
        if not self.municipal_work.strip():
            m.append(_("7. Kommunalt legearbeid"))
        if not self.substitute_solution.strip() or not self.vulnerability.strip():
            m.append(_("8. Vikar- og fraværsløsning og sårbarhet"))
        if not self.post_kind or (
            self.post_kind == self.PostKind.EMPLOYED and not self.employed_doctor_progress.strip()
        ):
            m.append(_("9. Ny stilling eller ansatt lege (og hvor langt legen har kommet)"))
        return m
