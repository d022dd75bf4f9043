"""What changed in an application's answers between two versions. A resubmission is a new
version of the answers (django-simple-history); a reviewer compares against the version they
last reviewed (their review's time), else the one first submitted."""

from typing import NamedTuple

from django.utils.translation import gettext as _

from placements.applications.forms import ApplicationForm
from placements.applications.models import Application, Review
from placements.municipalities.models import Equipment, MedicalCentre

S = Application.Status


def base_version(application, user):
    """The version the user last reviewed, or the one at the first submission (None for
    an application never submitted)."""
    review = Review.objects.filter(application=application, reviewer=user.pk).first()
    if review is not None:
        reviewed = versions(application).filter(history_date__lte=review.updated_at).last()
        if reviewed is not None:
            return reviewed
    return versions(application).exclude(status__in=[S.DRAFT, S.WITHDRAWN]).first()


def _shown(version, name):
    """A field's value in a version as the page shows it: labels, not stored keys."""
    value = getattr(version, name)
    field = Application._meta.get_field(name)
    if name == "centre":
        centre = MedicalCentre.objects.filter(pk=version.centre_id).first()
        return str(centre) if centre else "—"
    if name == "equipment":
        labels = dict(Equipment.choices)
        return ", ".join(str(labels.get(e, e)) for e in value or []) or "—"
    if field.choices and value:
        return str(dict(field.flatchoices).get(value, value))
    if value is True:
        return _("Ja")
    if value is False:
        return _("Nei")
    return "—" if value in (None, "") else str(value)


class Change(NamedTuple):
    field: str
    label: str
    before: str
    after: str


def changed_fields(application, base, current):
    """A Change for each answer that differs between the two versions."""
    if base is None or current is None or base.history_id == current.history_id:
        return []
    labels = ApplicationForm(instance=application).fields
    rows = []
    for name in Application.ANSWER_FIELDS:
        field = "centre_id" if name == "centre" else name
        if getattr(base, field) != getattr(current, field):
            label = str(labels[name].label)
            rows.append(Change(name, label, _shown(base, name), _shown(current, name)))
    return rows


def changes_since_review(application, user):
    """The changes the detail page links to: since the user's own base version."""
    current = versions(application).last()
    return changed_fields(application, base_version(application, user), current)


def versions(application):
    """The application's versions, oldest first."""
    return application.history.order_by("history_date", "history_id")


def chosen_base(application, user, chosen):
    """The version asked for by its history id, or the user's own base when none is asked
    for; None when the id is not one of this application's versions."""
    if not chosen:
        return base_version(application, user)
    if not str(chosen).isdigit():
        return None
    return versions(application).filter(history_id=chosen).first()
