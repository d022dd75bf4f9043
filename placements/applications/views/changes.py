"""What changed in an application's answers since a version: by default the one the user
last reviewed (their review's time), else the one first submitted; ?fra=<history id>
chooses another. A resubmission is a new version of the answers (django-simple-history)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from alisvest.access import NOT_FOUND, OK, access
from placements.applications.forms import ApplicationForm
from placements.applications.models import Application, Review
from placements.applications.views.scope import get_application_for_user
from placements.municipalities.models import Equipment, MedicalCentre

S = Application.Status


def base_version(application, user):
    """The version the user last reviewed, or the one at the first submission (None for
    an application never submitted)."""
    versions = application.history.order_by("history_date", "history_id")
    review = Review.objects.filter(application=application, reviewer=user.pk).first()
    if review is not None:
        reviewed = versions.filter(history_date__lte=review.updated_at).last()
        if reviewed is not None:
            return reviewed
    return versions.exclude(status__in=[S.DRAFT, S.WITHDRAWN]).first()


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


def changed_fields(application, base, current):
    """(label, before, after) for each answer that differs between the two versions."""
    if base is None or current is None or base.history_id == current.history_id:
        return []
    labels = ApplicationForm(instance=application).fields
    rows = []
    for name in Application.ANSWER_FIELDS:
        field = "centre_id" if name == "centre" else name
        if getattr(base, field) != getattr(current, field):
            rows.append((labels[name].label, _shown(base, name), _shown(current, name)))
    return rows


def changes_since_review(application, user):
    """The changes the detail page links to: since the user's own base version."""
    current = application.history.order_by("history_date", "history_id").last()
    return changed_fields(application, base_version(application, user), current)


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def application_changes(request, pk):
    application = get_application_for_user(request, pk)
    versions = application.history.order_by("history_date", "history_id")
    chosen = request.GET.get("fra", "")
    if chosen:
        base = versions.filter(history_id=chosen).first() if chosen.isdigit() else None
        if base is None:
            raise Http404
    else:
        base = base_version(application, request.user)
    current = versions.last()
    return render(
        request,
        "placements/applications/application_changes.html",
        {
            "application": application,
            "base": base,
            "current": current,
            "rows": changed_fields(application, base, current),
            "versions": versions.select_related("history_user").reverse()[:50],
        },
    )
