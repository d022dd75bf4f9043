"""What a placement carries from the floors above it (supervision sessions, expenses), counted
through the reverse relations those floors declare on Placement, so the register never imports
them. A placement with such records keeps its doctor unless it is transferred on purpose."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from placements.register.models import Placement

# Reverse relations on Placement whose rows belong to the doctor's history, with how the
# message names them. A name whose app is not installed is skipped.
RECORD_RELATIONS = {
    "supervision_sessions": _lazy("veiledningsøkter"),
    "expenses": _lazy("utgifter"),
}


def record_counts(placement):
    """[(verbose name plural, count)] of the placement's records, only those it has."""
    if placement.pk is None:
        return []
    installed = {rel.get_accessor_name() for rel in Placement._meta.related_objects}
    counts = []
    for name, label in RECORD_RELATIONS.items():
        if name in installed:
            count = getattr(placement, name).count()
            if count:
                counts.append((str(label), count))
    return counts


def doctor_change_refusal(placement, doctor):
    """The reason a plain edit may not move `placement` to `doctor`, or "" when it may."""
    if placement.pk is None or doctor is None or doctor.pk == placement.doctor_id:
        return ""
    counts = record_counts(placement)
    if not counts:
        return ""
    listed = ", ".join(f"{count} {name}" for name, count in counts)
    return _(
        "Stillingen har allerede %(records)s registrert på %(doctor)s. Legen kan ikke byttes "
        "i skjemaet; bruk «Overfør til annen lege» og oppgi en begrunnelse."
    ) % {"records": listed, "doctor": placement.doctor.name}
