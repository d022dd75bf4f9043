"""The stability page's figures, served from the stored result (models.StabilityResult).
A change to the data behind them (placements, consents, participation, the study's
settings) marks the study's results stale and sends the job that computes today's again,
so the page's first load after a change reads a stored result like any other."""

from django.utils import timezone

from . import retention
from .models import StabilityResult, Study


def analysis(study, names, cutoff):
    """The analysis from the store when fresh; otherwise computed now and stored."""
    row = StabilityResult.objects.filter(
        study=study, names=names, cutoff=cutoff, stale=False
    ).first()
    if row is not None:
        return row.data
    return store(study, names, cutoff)


def store(study, names, cutoff):
    data = retention.analyse(study, names, cutoff)
    StabilityResult.objects.update_or_create(
        study=study, names=names, cutoff=cutoff, defaults={"data": data, "stale": False}
    )
    return data


def refresh(study, today=None):
    """Today's figures for both audiences; results of other days that went stale are
    dropped (a page asking for them computes them again)."""
    today = today or timezone.localdate()
    for names in (True, False):
        store(study, names, today)
    study.stability_results.filter(stale=True).exclude(cutoff=today).delete()


def studies_changed(study_ids, send):
    """Mark the studies' results stale and send the job for each (after commit)."""
    study_ids = list(study_ids)
    StabilityResult.objects.filter(study__in=study_ids).update(stale=True)
    for pk in study_ids:
        send(pk)


def programme_changed(programme_id, send):
    studies_changed(Study.objects.filter(programme=programme_id).values_list("pk", flat=True), send)
