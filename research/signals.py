"""Placements, consents and participation live below research and know nothing of the
stability figures; research listens and sends the job that recomputes them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from alisvest.outbox import enqueue
from placements.models import Participation, Placement

from . import stability
from .models import Consent, Study
from .tasks import compute_stability


def _send(study_id):
    # Through the outbox, like every task: sent after the commit, and kept when the broker
    # is away (seed_demo before the worker starts) instead of failing the change.
    enqueue(compute_stability, study_id)


@receiver(post_save, sender=Placement, dispatch_uid="research_placement_saved")
@receiver(post_delete, sender=Placement, dispatch_uid="research_placement_deleted")
@receiver(post_save, sender=Participation, dispatch_uid="research_participation_saved")
@receiver(post_delete, sender=Participation, dispatch_uid="research_participation_deleted")
def programme_data_changed(sender, instance, **kwargs):
    stability.programme_changed(instance.programme_id, _send)


@receiver(post_save, sender=Consent, dispatch_uid="research_consent_saved")
@receiver(post_delete, sender=Consent, dispatch_uid="research_consent_deleted")
def consent_changed(sender, instance, **kwargs):
    stability.studies_changed([instance.study_id], _send)


@receiver(post_save, sender=Study, dispatch_uid="research_study_saved")
def study_changed(sender, instance, **kwargs):
    stability.studies_changed([instance.pk], _send)
