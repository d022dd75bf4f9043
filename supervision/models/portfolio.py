"""The portfolio PDF of a placement, made on request by a background job with its progress
(supervision.portfolio builds the document, supervision.portfolio_jobs runs the job)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.uploads import RandomName
from placements.models import Placement, PlacementChildQuerySet


class PortfolioJob(models.Model):
    """One request for a placement's portfolio. A machine record, written by the job as it
    goes (status, progress, file), so it keeps no per-row history: the records it is made
    from keep theirs, and a new job makes the document again from them."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Lages")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("utdanningsstilling"),
        on_delete=models.CASCADE,
        related_name="portfolio_jobs",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    language = models.CharField(_("språk"), max_length=10, choices=settings.LANGUAGES)
    pdf = models.FileField(_("PDF"), upload_to=RandomName("portfolios"), blank=True)
    error = models.TextField(_("feil"), blank=True)
    created_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("portefølje")
        verbose_name_plural = _("porteføljer")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One job at a time per placement: a second request reuses the running one.
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(status__in=["queued", "running"]),
                name="supervision_portfoliojob_one_unfinished",
                violation_error_message=_("Porteføljen lages allerede."),
            ),
            models.CheckConstraint(
                name="supervision_portfoliojob_progress_range",
                condition=Q(progress__lte=100),
                violation_error_message=_("Fremdriften må være mellom 0 og 100 %."),
            ),
            models.CheckConstraint(
                name="supervision_portfoliojob_done_has_file",
                condition=~Q(status="done") | (~Q(pdf="") & Q(finished_at__isnull=False)),
                violation_error_message=_("En ferdig portefølje må ha en PDF."),
            ),
            models.CheckConstraint(
                name="supervision_portfoliojob_known_status",
                condition=Q(status__in=["queued", "running", "done", "failed"]),
            ),
        ]

    def __str__(self):
        return f"{self.placement_id} {self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
