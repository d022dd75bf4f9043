"""The steering group's votes, the decision the project leader records (and corrects), the
call's split of posts between counties, the minutes, and the granted posts from recruitment
to placement (SECURITY.md, "Who decides applications")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.forms import add_service_errors
from alisvest.pdf import pdf_response
from placements.applications import decisions
from placements.applications.forms import AnnounceForm, DecisionForm, QuotaForm, VoteForm
from placements.applications.models import PostSlot
from placements.applications.views.detail import render_detail
from placements.applications.views.scope import (
    get_application_for_user,
    get_call_for_user,
    leads,
    report,
    submitted_applications,
)
from placements.register.forms import PlacementForm


def _form_errors_as_messages(request, form):
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)


@access(NOT_FOUND, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, method="POST")
@login_required
@require_POST
def application_decide(request, pk):
    """The project leader records the decision the steering group reached, or corrects it;
    the municipality gets the letter by e-mail. A refused decision shows the page again with
    what was typed and the limit that was hit."""
    application = get_application_for_user(request, pk)
    if not leads(request, application.call):
        raise PermissionDenied(_("Bare prosjektleder kan registrere vedtaket."))
    correcting = application.decisions.current().exists()
    form = DecisionForm(request.POST, correcting=correcting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decisions.record_decision(
                application,
                outcome=data["outcome"],
                posts=data["posts"],
                meeting_date=data["meeting_date"],
                reason=data["reason"],
                conditions=data["conditions"],
                correction_reason=data.get("correction_reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Vedtaket er rettet. Kommunen får det nye vedtaksbrevet.")
                if correcting
                else _("Vedtaket er registrert. Kommunen får vedtaksbrevet."),
            )
            return redirect("placements:application_detail", pk=application.pk)
    messages.error(request, _("Vedtaket er ikke registrert. Se feltene som er merket."))
    return render_detail(request, application, decision_form=form, status=400)


@access(NOT_FOUND, own_manager=FORBIDDEN, steering=OK, leader=FORBIDDEN, method="POST")
@login_required
@require_POST
def application_vote(request, pk):
    """A steering-group member's vote; voting again replaces the earlier vote."""
    application = get_application_for_user(request, pk)
    if application.call.programme_id not in request.user.access.steered_programmes:
        raise PermissionDenied(_("Bare styringsgruppens medlemmer stemmer."))
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            decisions.cast_vote(
                application, request.user, form.cleaned_data["vote"], form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Stemmen din er registrert."))
            return redirect("placements:application_detail", pk=application.pk)
    messages.error(request, _("Stemmen er ikke registrert. Se feltene som er merket."))
    return render_detail(request, application, vote_form=form, status=400)


@access(
    NOT_FOUND,
    own_manager=FORBIDDEN,
    other_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    method="POST",
)
@login_required
@require_POST
def call_quotas(request, pk):
    """Split the call's posts between its counties."""
    call = get_call_for_user(request, pk)
    if not leads(request, call):
        raise PermissionDenied(_("Bare prosjektleder kan fordele stillingene."))
    form = QuotaForm(request.POST, call=call)
    if not form.is_valid():
        _form_errors_as_messages(request, form)
    else:
        try:
            decisions.set_quotas(call, form.posts_by_county())
            messages.success(request, _("Fordelingen per fylke er lagret."))
        except ValidationError as error:
            report(request, error)
    return redirect("placements:call_detail", pk=call.pk)


@access(NOT_FOUND, own_manager=FORBIDDEN, other_manager=FORBIDDEN, steering=OK, leader=OK)
@login_required
def call_minutes(request, pk):
    """The minutes of the decisions: every application, its votes and its decisions."""
    call = get_call_for_user(request, pk)
    if call.programme_id not in request.user.access.staff_programmes and not (
        request.user.access.superuser
    ):
        raise PermissionDenied
    applications = (
        submitted_applications(call)
        .select_related("municipality")
        .prefetch_related("votes__member", "decisions")
        .order_by("municipality__name")
    )
    counties, whole = decisions.call_capacity(call)
    return pdf_response(
        "placements/applications/minutes_pdf.html",
        {"call": call, "applications": applications, "counties": counties, "whole": whole},
        f"protokoll-{call.pk}.pdf",
    )


def _get_slot_for_user(request, pk, number):
    """A granted post of an application the user manages (or leads the programme of)."""
    application = get_application_for_user(request, pk)
    slot = get_object_or_404(
        PostSlot.objects.for_user(request.user).select_related("application__municipality"),
        application=application,
        number=number,
    )
    managed = application.municipality_id in request.user.access.managed_municipalities
    if not (managed or leads(request, application.call)):
        raise PermissionDenied(_("Bare kommunens helseleder og prosjektleder kan rekruttere."))
    return slot


# The graph of the access test has no decision, so no granted post: 404 for every role.
# tests/placements/applications/test_decisions.py checks who may act on a real one.
@access(NOT_FOUND, method="POST")
@login_required
@require_POST
def slot_announce(request, pk, slot):
    slot = _get_slot_for_user(request, pk, slot)
    form = AnnounceForm(request.POST, instance=slot)
    if slot.status not in (PostSlot.Status.OPEN, PostSlot.Status.RECRUITING):
        messages.error(request, _("Stillingen er allerede besatt eller levert tilbake."))
    elif not form.is_valid():
        _form_errors_as_messages(request, form)
    else:
        slot = form.save(commit=False)
        slot.status = PostSlot.Status.RECRUITING
        slot.save()
        messages.success(request, _("Utlysningen av stillingen er registrert."))
    return redirect("placements:application_detail", pk=pk)


@access(NOT_FOUND, method="POST")
@login_required
@require_POST
def slot_return(request, pk, slot):
    slot = _get_slot_for_user(request, pk, slot)
    if slot.status == PostSlot.Status.FILLED:
        messages.error(request, _("En besatt stilling kan ikke leveres tilbake."))
    else:
        slot.status = PostSlot.Status.RETURNED
        slot.save()
        messages.success(request, _("Stillingen er levert tilbake til programmet."))
    return redirect("placements:application_detail", pk=pk)


@access(NOT_FOUND, post={})
@login_required
def slot_fill(request, pk, slot):
    """The chosen doctor fills the post: the placement is registered with the programme, the
    municipality and the centre of the application, and linked to the post."""
    slot = _get_slot_for_user(request, pk, slot)
    if slot.status in (PostSlot.Status.FILLED, PostSlot.Status.RETURNED):
        raise Http404
    application = slot.application
    initial = {
        "programme": application.call.programme_id,
        "municipality": application.municipality_id,
        "centre": application.centre_id,
    }
    form = PlacementForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            placement = form.save()
            slot.placement = placement
            slot.status = PostSlot.Status.FILLED
            slot.save()
        messages.success(
            request,
            _("Stillingen er besatt: %(doctor)s er registrert i utdanningsstillingen.")
            % {"doctor": placement.doctor},
        )
        return redirect("placements:placement_detail", pk=placement.pk)
    return render(
        request,
        "placements/applications/slot_fill.html",
        {"form": form, "slot": slot, "application": application},
    )
