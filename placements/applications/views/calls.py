"""Calls: the list, the form, a call's page, and what a health manager does from it (start an
application, sign up for the information meeting)."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once
from placements.applications import decisions, services
from placements.applications.forms import (
    CallCorrectionForm,
    CallForm,
    LateAcceptanceForm,
    QuotaForm,
    SignupForm,
)
from placements.applications.models import (
    Application,
    Call,
    CallCorrection,
    MeetingSignup,
    PostSlot,
)
from placements.applications.views.scope import (
    average_score,
    get_call_for_user,
    leads,
    own_municipality,
    staff,
    submitted_applications,
)
from placements.municipalities.models import Municipality, Programme


@access(OK)
@login_required
def call_list(request):
    calls = (
        Call.objects.for_user(request.user)
        .select_related("programme")
        .annotate(
            application_count=Count(
                "applications", filter=~Q(applications__status=Application.Status.DRAFT)
            )
        )
    )
    access = request.user.access
    return render(
        request,
        "placements/applications/call_list.html",
        {"calls": calls, "can_create": access.superuser or bool(access.led_programmes)},
    )


@access(FORBIDDEN, leader=OK, post={})
@login_required
@submitted_once
def call_create(request):
    access = request.user.access
    programmes = access.led_programmes
    if not (programmes or access.superuser):
        raise PermissionDenied(_("Bare prosjektledere kan lage utlysninger."))
    if access.superuser:
        programmes = Programme.objects.values_list("pk", flat=True)
    form = CallForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        call = form.save()
        messages.success(request, _("Utlysningen er opprettet."))
        return redirect("placements:call_detail", pk=call.pk)
    return render(request, "placements/applications/call_form.html", {"form": form})


def _mine(request, call, signups):
    """The user's own municipalities in the call's counties, each with its application (if
    any, and not withdrawn) and its meeting signup."""
    own = list(
        Municipality.objects.filter(
            pk__in=request.user.access.managed_municipalities, county__in=call.target_counties
        )
    )
    if not own:
        return []
    late = set(call.late_accepted.values_list("municipality", flat=True))
    own_applications = {
        a.municipality_id: a
        for a in Application.objects.filter(call=call, municipality__in=own).exclude(
            status=Application.Status.WITHDRAWN
        )
    }
    return [
        {
            "municipality": m,
            "application": own_applications.get(m.pk),
            "signup": signups.get(m.pk),
            "late": m.pk in late,
        }
        for m in own
    ]


def _ranked(call):
    """The submitted applications, best average score first, unreviewed last."""
    return (
        submitted_applications(call)
        .select_related("municipality")
        .annotate(score=average_score(), review_count=Count("reviews"))
        .order_by(F("score").desc(nulls_last=True), "municipality__name")
    )


def _signup_open(call):
    return call.meeting_at and (
        call.meeting_signup_deadline is None or timezone.localdate() <= call.meeting_signup_deadline
    )


def _detail_context(request, call):
    is_staff = staff(request, call)
    signups = {
        s.municipality_id: s
        for s in MeetingSignup.objects.filter(call=call).select_related("municipality")
    }
    prefetch_related_objects([call], "quotas")  # the capacity table and the quota form
    counties, whole = decisions.call_capacity(call)
    progress = decisions.slot_progress(PostSlot.objects.filter(application__call=call))
    is_leader = leads(request, call)
    return {
        "call": call,
        "staff": is_staff,
        "leads": is_leader,
        "capacity": counties + [whole],
        "progress": progress,
        "closed": decisions.call_is_closed(call, progress),
        "quota_form": QuotaForm(call=call) if is_leader else None,
        "late_form": LateAcceptanceForm(call=call) if is_leader and not call.is_open else None,
        "late_accepted": call.late_accepted.select_related("municipality", "accepted_by"),
        "corrections": call.corrections.select_related("changed_by"),
        "mine": _mine(request, call, signups),
        "applications": _ranked(call) if is_staff else [],
        "signups": signups.values() if is_staff else [],
        "signup_open": _signup_open(call),
    }


@access(NOT_FOUND, other_manager=OK, own_manager=OK, steering=OK, leader=OK)
@login_required
def call_detail(request, pk):
    call = get_call_for_user(request, pk)
    return render(
        request, "placements/applications/call_detail.html", _detail_context(request, call)
    )


@access(
    NOT_FOUND,
    own_manager=FORBIDDEN,
    other_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=OK,
    post={},
)
@login_required
def call_correct(request, pk):
    """The project leader corrects the deadline, the posts or the text of a published call."""
    call = get_call_for_user(request, pk)
    if not leads(request, call):
        raise PermissionDenied(_("Bare prosjektleder kan endre utlysningen."))
    shown = copy(call)  # the form writes what was typed into its instance
    form = CallCorrectionForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in CallCorrection.FIELDS}
        try:
            services.correct_call(call, values, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Endringen er lagret, og søkerne får beskjed på e-post."))
            _remind_quotas(request, call)
            return redirect("placements:call_detail", pk=call.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "placements/applications/call_correct.html",
        {"form": form, "call": shown},
        status=status,
    )


def _remind_quotas(request, call):
    split = sum(call.quotas.values_list("posts", flat=True))
    call.refresh_from_db(fields=["posts_offered"])
    if split and split != call.posts_offered:
        messages.warning(
            request,
            _(
                "Stillingene per fylke er %(sum)s til sammen, men utlysningen har nå %(n)s. "
                "Fordel stillingene per fylke på nytt."
            )
            % {"sum": split, "n": call.posts_offered},
        )


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
def call_accept_late(request, pk):
    """The project leader lets one municipality submit after the deadline, for a reason."""
    call = get_call_for_user(request, pk)
    if not leads(request, call):
        raise PermissionDenied(_("Bare prosjektleder kan ta imot søknader etter fristen."))
    form = LateAcceptanceForm(request.POST, call=call)
    if form.is_valid():
        try:
            acceptance = services.accept_late(
                call,
                form.cleaned_data["municipality"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(m)s kan nå sende inn søknaden etter fristen.")
                % {"m": acceptance.municipality.name},
            )
            return redirect("placements:call_detail", pk=call.pk)
    context = {**_detail_context(request, call), "late_form": form}
    return render(request, "placements/applications/call_detail.html", context, status=400)


@access(NOT_FOUND, own_manager=OK, method="POST")
@login_required
@require_POST
@submitted_once
def application_start(request, pk, number):
    call = get_call_for_user(request, pk)
    municipality = own_municipality(request, call, number)
    late = call.late_accepted.filter(municipality=municipality).exists()
    if not call.is_open and not late:
        messages.error(request, _("Søknadsfristen har gått ut."))
        return redirect("placements:call_detail", pk=call.pk)
    application = (
        Application.objects.filter(call=call, municipality=municipality)
        .exclude(status=Application.Status.WITHDRAWN)
        .first()
    )
    if application is None:
        user = request.user
        application = Application.objects.create(
            call=call,
            municipality=municipality,
            created_by=user,
            contact_name=user.get_full_name(),
            contact_email=user.email,
        )
    return redirect("placements:application_edit", pk=application.pk)


@access(NOT_FOUND, own_manager=OK, method="POST")
@login_required
@require_POST
def meeting_signup(request, pk, number):
    call = get_call_for_user(request, pk)
    municipality = own_municipality(request, call, number)
    signup = MeetingSignup.objects.filter(call=call, municipality=municipality).first()
    form = SignupForm(request.POST, instance=signup)
    if form.is_valid():
        form.instance.call = call
        form.instance.municipality = municipality
        form.instance.signed_up_by = request.user
        form.save()
        messages.success(request, _("Påmeldingen er lagret."))
    else:
        messages.error(request, _("Skriv navnet på minst én deltaker."))
    return redirect("placements:call_detail", pk=call.pk)
