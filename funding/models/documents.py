"""What the numbered documents (statements, credit notes, national claims) share: once
written they are never edited nor deleted; a correction is a new version or a credit note.
Only each document's MUTABLE_FIELDS (its status, PDF and e-mail receipt) may be saved."""

from django.db import models


class ImmutableError(Exception):
    pass


class SnapshotDocument(models.Model):
    MUTABLE_FIELDS = frozenset()
    # What a refused change or deletion says (set by each document).
    CHANGE_REFUSED = "Dokumentet kan ikke endres."
    DELETE_REFUSED = "Dokumentet slettes aldri."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (
            self.pk
            and not kwargs.get("force_insert")
            and (update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS)
        ):
            raise ImmutableError(self.CHANGE_REFUSED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(self.DELETE_REFUSED)
