"""State changes of the research app, each one function."""

from django.db import transaction
from django.utils import timezone

from .models import Consent


def withdraw_consent(consent, by, at=None):
    """Withdraw once (compare-and-set): from this moment the person is in no export or
    analysis. Returns False if it was already withdrawn."""
    at = at or timezone.now()
    with transaction.atomic():
        changed = Consent.objects.filter(pk=consent.pk, withdrawn_at=None).update(withdrawn_at=at)
        if changed:
            consent.refresh_from_db()
            # The queryset update skipped simple_history: record the change explicitly.
            consent._change_reason = "trukket tilbake"
            consent._history_user = by
            consent.save(update_fields=["withdrawn_at"])
    return bool(changed)
