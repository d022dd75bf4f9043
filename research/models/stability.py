"""The stored result of the stability analysis, so the page is served without computing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StabilityResult(models.Model):
    """A study's stability figures at one data cut-off date, for one audience: with every
    ALIS (project leaders) or suppressed (researchers). Plain counts and curves, no names
    or pseudonyms. Computed by research.tasks.compute_stability after data change; a
    change marks it stale until the job has run."""

    study = models.ForeignKey(
        "research.Study",
        verbose_name=_("studie"),
        on_delete=models.CASCADE,
        related_name="stability_results",
    )
    names = models.BooleanField(_("alle ALIS"))
    cutoff = models.DateField(_("skjæringsdato"))
    data = models.JSONField(_("resultat"))
    stale = models.BooleanField(_("utdatert"), default=False)
    computed_at = models.DateTimeField(_("beregnet"), auto_now=True)

    class Meta:
        verbose_name = _("stabilitetsresultat")
        verbose_name_plural = _("stabilitetsresultater")
        constraints = [
            models.UniqueConstraint(
                fields=["study", "names", "cutoff"],
                name="research_stabilityresult_unique_cutoff",
            )
        ]

    def __str__(self):
        return f"{self.study} {self.cutoff}"
