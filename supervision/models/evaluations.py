"""The ALIS's yearly evaluation of the post (evaluering av stillingen): three ratings and
what would make them stay. Read by the ALIS who wrote it; the project leader sees only
aggregates of groups with enough answers (supervision/evaluations.py)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placements.models import Placement

RATING_FIELDS = ("supervision_quality", "workload", "centre")


class PostEvaluationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the ALIS's own answers: nobody else reads a single answer."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(placement__doctor__user=user)


def _rating(label):
    return models.PositiveSmallIntegerField(
        label,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = svært dårlig, 5 = svært god."),
    )


class PostEvaluation(models.Model):
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="post_evaluations",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    supervision_quality = _rating(_("kvaliteten på veiledningen"))
    workload = _rating(_("arbeidsmengden"))
    centre = _rating(_("legesenteret"))
    stay = models.TextField(_("hva ville fått deg til å bli?"), blank=True)
    submitted_at = models.DateTimeField(_("levert"), default=timezone.now)
    history = HistoricalRecords()

    objects = PostEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluering av stillingen")
        verbose_name_plural = _("evalueringer av stillingen")
        ordering = ["-year", "placement"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "year"],
                name="supervision_postevaluation_unique_year",
                violation_error_message=_("Stillingen er allerede evaluert dette året."),
            ),
            *[
                models.CheckConstraint(
                    name=f"supervision_postevaluation_{name}_range",
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    violation_error_message=_("Svar med et tall fra 1 til 5."),
                )
                for name in RATING_FIELDS
            ],
        ]

    def __str__(self):
        return f"{self.placement_id} {self.year}"
