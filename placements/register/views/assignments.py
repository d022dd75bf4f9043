"""The register's parts of the placement page (supervisors, absences), a supervisor's
"Mine ALIS" page and recruitment rounds on the municipality page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.forms import add_service_errors
from alisvest.idempotency import submitted_once
from alisvest.panels import panel_context
from placements.municipalities.forms import RecruitmentRoundForm
from placements.municipalities.models import Municipality, Programme
from placements.municipalities.views import get_municipality_for_user
from placements.register import services
from placements.register.forms import AbsenceForm, SupervisorAssignmentForm
from placements.register.scope import get_placement_for_user
from placements.relations import administers_municipality


def register_context(user, placement, can_edit):
    """What the placement page's supervisor and absence partials need; can_edit is the
    page's one answer to services.can_edit_register."""
    absences = list(placement.absences.order_by("start"))
    prompts = [(a, services.extension_days(a)) for a in absences] if can_edit else []
    return {
        "assignments": placement.supervisor_assignments.select_related("supervisor").order_by(
            "start"
        ),
        "absences": absences,
        "covers": placement.substitute_covers.select_related("absence").order_by("start"),
        "end_prompts": [(a, days) for a, days in prompts if days],
        "can_edit_register": can_edit,
        "supervisor_form": SupervisorAssignmentForm(placement=placement) if can_edit else None,
        # The ALIS records their own absences too (can_record_absence without a query).
        "absence_form": AbsenceForm(placement=placement)
        if can_edit or placement.doctor.user_id == user.pk
        else None,
    }


def _placement_for_edit(request, pk):
    placement = get_placement_for_user(request, pk)
    allowed, reason = services.can_edit_register(request.user, placement)
    if not allowed:
        raise PermissionDenied(reason)
    return placement


def _back(placement, anchor):
    return redirect(reverse("placements:placement_detail", args=[placement.pk]) + anchor)


def _form_page(request, form, placement, title):
    return render(
        request,
        "placements/register_form.html",
        {"form": form, "placement": placement, "title": title},
    )


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=OK,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
def supervisor_assign(request, pk):
    placement = _placement_for_edit(request, pk)
    form = SupervisorAssignmentForm(
        request.POST or None, placement=placement, search=request.GET.get("q", "")[:100]
    )
    if request.method == "GET" and request.htmx:
        # The search field on the placement page swaps in the narrowed list.
        return render(request, "placements/partials/supervisor_select.html", {"form": form})
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_supervisor(
                placement,
                by=request.user,
                **{f: form.cleaned_data[f] for f in form.Meta.fields},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Veilederen er registrert."))
            return _back(placement, "#veiledere")
    return render(
        request,
        "placements/register_form.html",
        {
            "form": form,
            "placement": placement,
            "title": _("Ny veileder"),
            "supervisor_search": True,
        },
    )


@access(
    NOT_FOUND, alis=OK, own_manager=OK, steering=FORBIDDEN, leader=OK, post={}, office=FORBIDDEN
)
@login_required
@submitted_once
def absence_create(request, pk):
    placement = get_placement_for_user(request, pk)
    allowed, reason = services.can_record_absence(request.user, placement)
    if not allowed:
        raise PermissionDenied(reason)
    form = AbsenceForm(request.POST or None, placement=placement)
    if request.method == "POST" and form.is_valid():
        try:
            absence = services.record_absence(
                placement, by=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Fraværet er registrert."))
            if (
                services.extension_days(absence)
                and services.can_edit_register(request.user, placement)[0]
            ):
                return _back(placement, f"#flytt-slutt-{absence.pk}")
            return _back(placement, "#fravaer")
    return _form_page(request, form, placement, _("Registrer fravær"))


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=OK,
    steering=FORBIDDEN,
    leader=OK,
    method="POST",
    office=FORBIDDEN,
)
@login_required
@require_POST
def absence_move_end(request, pk, absence_pk):
    placement = _placement_for_edit(request, pk)
    absence = get_object_or_404(placement.absences, pk=absence_pk)
    if request.POST.get("svar") == "nei":
        services.keep_planned_end(absence, by=request.user)
        messages.info(request, _("Planlagt slutt er uendret."))
        return _back(placement, "#fravaer")
    days = services.extension_days(absence)
    if not days:
        messages.info(request, _("Dette fraværet flytter ikke planlagt slutt."))
        return _back(placement, "#fravaer")
    placement = services.move_planned_end(placement, by=request.user, days=days, absence=absence)
    messages.success(
        request,
        _("Planlagt slutt er flyttet %(days)s dager til %(date)s.")
        % {"days": days, "date": placement.planned_end.strftime("%d.%m.%Y")},
    )
    return _back(placement, "#fravaer")


@access(OK)
@login_required
def my_alis(request):
    """A supervisor's ALIS, now and earlier, and this year's supervision load."""
    context = services.supervisor_assignments(request.user)
    placements = [a.placement_id for a in context["current"]]
    context |= panel_context("my_alis", request.user, placements=placements)
    return render(request, "placements/my_alis.html", context)


def _round_programmes(user, municipality):
    lineage = Municipality.objects.lineage_of([municipality.pk])
    return (
        Programme.objects.filter(participations__municipality__in=lineage)
        .distinct()
        .order_by("started")
    )


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=OK, post={}, office=FORBIDDEN)
@login_required
@submitted_once
def recruitment_round_create(request, number):
    municipality = get_municipality_for_user(request, number).current
    if not administers_municipality(request.user, municipality):
        raise PermissionDenied(_("Du kan bare registrere rekruttering i kommuner du forvalter."))
    form = RecruitmentRoundForm(
        request.POST or None,
        municipality=municipality,
        programmes=_round_programmes(request.user, municipality),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Rekrutteringsrunden er registrert."))
        return redirect(
            reverse("placements:municipality_detail", args=[municipality.number]) + "#rekruttering"
        )
    return render(
        request,
        "placements/register_form.html",
        {
            "form": form,
            "title": _("Ny rekrutteringsrunde i %(name)s") % {"name": municipality.name},
            "back": reverse("placements:municipality_detail", args=[municipality.number]),
        },
    )
