from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once
from alisvest.panels import panel_context
from placements.municipalities.forms import MedicalCentreForm, MunicipalityLanguageForm
from placements.municipalities.models import (
    MedicalCentre,
    Municipality,
    Participation,
    RecruitmentRound,
)
from placements.municipalities.permissions import can_add_centre, can_edit_centre
from placements.relations import administers_municipality


def get_municipality_for_user(request, number):
    """Today's municipality with this number, or a former one; 404 outside scope."""
    candidates = Municipality.objects.for_user(request.user, research=False).filter(number=number)
    # Today's municipality first (valid_to NULL sorts last in ascending order).
    municipality = candidates.order_by(F("valid_to").desc(nulls_first=True)).first()
    if municipality is None:
        raise Http404
    return municipality


def opens_details(user):
    """Whether the user opens municipality and centre pages: not through research alone."""
    access = user.access
    return access.superuser or access.is_programme_staff or bool(access.managed_municipalities)


def get_centre_for_user(request, pk, *, write=False):
    centre = get_object_or_404(
        MedicalCentre.objects.for_user(request.user, research=False).select_related("municipality"),
        pk=pk,
    )
    if write:
        allowed, reason = can_edit_centre(request.user, centre)
        if not allowed:
            raise PermissionDenied(reason)
    return centre


@access(OK)
@login_required
def municipality_list(request):
    municipalities = (
        Municipality.objects.for_user(request.user)
        .current()
        .annotate(centre_count=Count("centres", distinct=True))
    )
    query = request.GET.get("q", "").strip()
    county = request.GET.get("fylke", "")
    if query:
        municipalities = municipalities.filter(
            Q(name__icontains=query) | Q(number__startswith=query)
        )
    if county:
        municipalities = municipalities.filter(county=county)
    counties = (
        Municipality.objects.for_user(request.user)
        .current()
        .order_by("county")
        .values_list("county", flat=True)
        .distinct()
    )
    page = Paginator(municipalities.order_by("number"), 50).get_page(request.GET.get("side"))
    template = (
        "placements/partials/municipality_rows.html"
        if request.htmx
        else "placements/municipality_list.html"
    )
    return render(
        request,
        template,
        {
            "page": page,
            "query": query,
            "county": county,
            "counties": counties,
            "opens_details": opens_details(request.user),
        },
    )


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK, office=OK)
@login_required
def municipality_detail(request, number):
    municipality = get_municipality_for_user(request, number)
    current = municipality.current
    lineage = Municipality.objects.lineage_of([current.pk])
    participations = (
        Participation.objects.for_user(request.user)
        .filter(municipality__in=lineage)
        .select_related("programme", "municipality")
        .order_by("joined")
    )
    rounds = (
        RecruitmentRound.objects.for_user(request.user)
        .filter(municipality__in=lineage)
        .select_related("programme", "municipality")
        .order_by("date")
    )
    centres = MedicalCentre.objects.for_user(request.user).filter(municipality=current)
    can_add, _reason = can_add_centre(request.user, current)
    return render(
        request,
        "placements/municipality_detail.html",
        {
            "municipality": municipality,
            "current": current,
            "former": current.predecessors.all(),
            "participations": participations,
            "rounds": rounds,
            "centres": centres,
            "can_add_centre": can_add,
            "can_add_round": municipality.valid_to is None
            and administers_municipality(request.user, current),
            "language_form": MunicipalityLanguageForm(instance=current)
            if administers_municipality(request.user, current)
            else None,
            **panel_context("municipality", request.user, lineage=lineage),
        },
    )


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=OK, method="POST", office=FORBIDDEN)
@login_required
@require_POST
def municipality_language(request, number):
    """The municipality's målform, set by its health manager: the language of what is sent
    to it (decision letters, statements), with history."""
    municipality = get_municipality_for_user(request, number).current
    if not administers_municipality(request.user, municipality):
        raise PermissionDenied(
            _("Bare kommunens helseleder eller prosjektleder kan endre målformen.")
        )
    form = MunicipalityLanguageForm(request.POST, instance=municipality)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("Dokumenter til %(name)s skrives nå på %(language)s.")
            % {"name": municipality.name, "language": municipality.get_language_display().lower()},
        )
    else:
        messages.error(request, _("Velg bokmål eller nynorsk."))
    return redirect("placements:municipality_detail", number=municipality.number)


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=OK, post={}, office=FORBIDDEN)
@login_required
@submitted_once
def centre_create(request, number):
    municipality = get_municipality_for_user(request, number)
    allowed, reason = can_add_centre(request.user, municipality)
    if not allowed:
        raise PermissionDenied(reason)
    form = MedicalCentreForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        centre = form.save()
        messages.success(request, _("Legesenteret «%(name)s» er registrert.") % {"name": centre})
        return redirect("placements:centre_detail", pk=centre.pk)
    return render(
        request,
        "placements/centre_form.html",
        {
            "form": form,
            "municipality": municipality,
            "centre": None,
        },
    )


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=OK, post={})
@login_required
def centre_edit(request, pk):
    centre = get_centre_for_user(request, pk, write=True)
    form = MedicalCentreForm(
        request.POST or None, instance=centre, municipality=centre.municipality
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Endringene er lagret."))
        return redirect("placements:centre_detail", pk=centre.pk)
    return render(
        request,
        "placements/centre_form.html",
        {
            "form": form,
            "municipality": centre.municipality,
            "centre": centre,
        },
    )


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def centre_detail(request, pk):
    centre = get_centre_for_user(request, pk)
    can_edit, _reason = can_edit_centre(request.user, centre)
    history = centre.history.select_related("history_user").order_by("-history_date")[:10]
    return render(
        request,
        "placements/centre_detail.html",
        {
            "centre": centre,
            "can_edit": can_edit,
            "history": history,
            **panel_context("centre", request.user, centre=centre),
        },
    )
