"""An absence added, changed or deleted changes what a month required: the months it
touches that are over are re-checked at once, as for late logging (services.recheck_late).
Placements keeps absences and knows nothing of the check, so supervision listens."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from placements.models import Absence

from .months import months_between
from .services import recheck_late


@receiver(pre_save, sender=Absence, dispatch_uid="supervision_absence_before")
def remember_period(sender, instance, **kwargs):
    instance._period_before = (
        Absence.objects.filter(pk=instance.pk).values_list("start", "end").first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Absence, dispatch_uid="supervision_absence_saved")
def absence_saved(sender, instance, **kwargs):
    before = getattr(instance, "_period_before", None)
    months = months_between(instance.start, instance.end)
    if before:
        months += months_between(*before)
    recheck_late(instance.placement, *months)


@receiver(post_delete, sender=Absence, dispatch_uid="supervision_absence_deleted")
def absence_deleted(sender, instance, **kwargs):
    recheck_late(instance.placement, *months_between(instance.start, instance.end))
