"""Reviews (vurderinger): a reviewer's scores on an application they were assigned."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.roles import access_of
from placements.applications.models.applications import Application

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class ReviewQuerySet(models.QuerySet):
    def for_user(self, user):
        access = access_of(user)
        if access.superuser:
            return self.all()
        scope = Q(application__call__programme__in=access.staff_programmes)
        if user.is_authenticated:
            scope |= Q(reviewer=user)
        return self.filter(scope)


class Review(models.Model):
    """One reviewer's scores (1–5) on the named criteria, with a recommendation."""

    CRITERIA = [
        "recruitment_need",
        "supervision_arrangement",
        "list_solution",
        "centre",
        "substitute_solution",
    ]

    application = models.ForeignKey(
        Application, verbose_name=_("søknad"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saksbehandler"),
        on_delete=models.PROTECT,
        related_name="application_reviews",
    )
    recruitment_need = models.PositiveSmallIntegerField(_("rekrutteringsbehov"), validators=SCORE)
    supervision_arrangement = models.PositiveSmallIntegerField(
        _("veiledningsordning"), validators=SCORE
    )
    list_solution = models.PositiveSmallIntegerField(_("listeløsning"), validators=SCORE)
    centre = models.PositiveSmallIntegerField(_("legesenter"), validators=SCORE)
    substitute_solution = models.PositiveSmallIntegerField(_("vikarløsning"), validators=SCORE)
    recommendation = models.CharField(
        _("innstilling"), max_length=20, choices=Application.Recommendation.choices
    )
    comment = models.TextField(_("kommentar"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                name="placements_review_one_per_reviewer",
                violation_error_message=_("Du har allerede vurdert denne søknaden."),
            ),
            models.CheckConstraint(
                name="placements_review_scores_range",
                condition=Q(recruitment_need__gte=1, recruitment_need__lte=5)
                & Q(supervision_arrangement__gte=1, supervision_arrangement__lte=5)
                & Q(list_solution__gte=1, list_solution__lte=5)
                & Q(centre__gte=1, centre__lte=5)
                & Q(substitute_solution__gte=1, substitute_solution__lte=5),
                violation_error_message=_("Hver poengsum må være mellom 1 og 5."),
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"

    @property
    def total(self):
        return sum(getattr(self, c) for c in self.CRITERIA)
