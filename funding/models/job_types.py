"""A post's job type on the national scheme when its contract type does not tell it: most
of all "supervision only" (kun veiledning), which no contract type implies. Without an
override the job type follows the contract type (schemes.job_type_of)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placements.models import Placement, PlacementChildQuerySet

from .schemes import JobType, job_type_of


class PostJobType(models.Model):
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="national_job_type",
    )
    job_type = models.CharField(_("stillingstype"), max_length=30, choices=JobType.choices)
    reason = models.CharField(_("begrunnelse"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("stillingstype i nasjonal ordning")
        verbose_name_plural = _("stillingstyper i nasjonal ordning")
        constraints = [
            models.CheckConstraint(
                name="funding_postjobtype_known_job_type",
                condition=models.Q(job_type__in=JobType.values),
            ),
        ]

    def __str__(self):
        return f"{self.placement}: {self.get_job_type_display()}"


def job_type_for(placement):
    """The post's job type: the override if set (select_related national_job_type), else
    what the contract type implies."""
    try:
        return JobType(placement.national_job_type.job_type)
    except PostJobType.DoesNotExist:
        return job_type_of(placement.contract_type)
