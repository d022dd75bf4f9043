"""Erasure pages for the project leader: find a person, read what erasure will do (what goes,
what stays, what it means for research), tick the box, erase. Outside scope: 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from placements.models import Doctor
from research import erasure
from research.erasure import consequences, scope
from research.permissions import can_erase

SHOWN = 50  # people of each kind on the search page


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_lazy("Jeg forstår at personopplysningene slettes for godt"), required=True
    )


def _confirm(request, will, cancel_url, erase):
    """The confirmation page, or the erasure once the box is ticked."""
    form = ConfirmErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erase()
        messages.success(request, _("Personopplysningene er slettet."))
        return None
    return render(
        request, "erasure_confirm.html", {"will": will, "form": form, "cancel_url": cancel_url}
    )


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
def erase_doctor(request, pk):
    doctor = get_object_or_404(Doctor.objects.for_user(request.user).select_related("user"), pk=pk)
    require(can_erase(request.user, doctor))
    cancel = reverse("placements:doctor_detail", args=[doctor.pk])
    page = _confirm(
        request,
        consequences.for_doctor(doctor),
        cancel,
        lambda: erasure.erase_doctor(doctor, by=request.user),
    )
    return page or redirect(cancel)


@access(NOT_FOUND, leader=OK, post={})
@login_required
def erase_person(request, pk):
    person = get_object_or_404(scope.people_for_user(request.user), pk=pk, is_active=True)
    page = _confirm(
        request,
        consequences.for_user(person),
        reverse("erasure_people"),
        lambda: erasure.erase_user(person, by=request.user),
    )
    return page or redirect("erasure_people")


@access(NOT_FOUND, leader=OK, post={})
@login_required
def erase_survey_contact(request, pk):
    invitation = get_object_or_404(scope.survey_contacts_for_user(request.user), pk=pk)
    if invitation.email.endswith("@" + erasure.labels.ERASED_DOMAIN):
        raise Http404  # erased already
    page = _confirm(
        request,
        consequences.for_survey_contact(invitation),
        reverse("erasure_people"),
        lambda: erasure.erase_survey_contact(invitation, by=request.user),
    )
    return page or redirect("erasure_people")


@access(NOT_FOUND, leader=OK, post={})
@login_required
def erase_participant(request, pk):
    consent = get_object_or_404(scope.participants_for_user(request.user), pk=pk)
    page = _confirm(
        request,
        consequences.for_participant(consent),
        reverse("erasure_people"),
        lambda: erasure.erase_participant(consent, by=request.user),
    )
    return page or redirect("erasure_people")


def _matching(request, query):
    people = scope.people_for_user(request.user).filter(is_active=True)
    doctors = scope.doctors_for_user(request.user).filter(user=None)
    contacts = scope.survey_contacts_for_user(request.user).exclude(
        email__endswith="@" + erasure.labels.ERASED_DOMAIN
    )
    participants = scope.participants_for_user(request.user)
    if query:
        participants = participants.filter(name__icontains=query)
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
        doctors = doctors.filter(Q(name__icontains=query) | Q(email__icontains=query))
        contacts = contacts.filter(email__icontains=query)
    people = people.prefetch_related("groups").order_by("name")[:SHOWN]
    return {
        "people": [(p, erasure.labels.kind_label(erasure.labels.kind_of(p))) for p in people],
        "doctors": doctors.exclude(email__endswith="@" + erasure.labels.ERASED_DOMAIN).order_by(
            "name"
        )[:SHOWN],
        "contacts": contacts.order_by("email")[:SHOWN],
        "participants": participants.order_by("name")[:SHOWN],
    }


@access(NOT_FOUND, leader=OK)
@login_required
def erasure_people(request):
    """Everyone the project leader may erase, searched by name or e-mail."""
    if not scope.may_erase(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()[:200]
    return render(request, "erasure_people.html", {"query": query, **_matching(request, query)})
