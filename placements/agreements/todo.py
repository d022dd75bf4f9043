"""The agreements' task for the health manager's to-do list (alisvest/todo.py): a placement
on the national scheme, running or about to start, without a signed ALIS agreement. One
query, whatever the number of placements."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.todo import Task
from placements.municipalities.models import Programme
from placements.register.todo import _managed_placements

from .models import Agreement


def manager_agreements_missing(user):
    signed = Agreement.objects.signed().filter(placement=OuterRef("pk"))
    today = timezone.localdate()
    missing = (
        _managed_placements(user)
        .filter(programme__rule_set=Programme.RuleSet.NATIONAL)
        .exclude(actual_end__lt=today)
        .exclude(actual_end__isnull=True, planned_end__lt=today)
        .filter(~Exists(signed))
    )
    return [
        Task(
            kind="agreements.agreement_missing",
            title=_("%(doctor)s mangler signert ALIS-avtale") % {"doctor": p.doctor.name},
            detail=_("Lag avtalen og registrer signaturene, ellers kan det ikke søkes tilskudd."),
            url=reverse("placements:agreement_detail", args=[p.pk]),
            due=p.start,
            object_type="placements.placement",
            object_id=p.pk,
        )
        for p in missing
    ]
