"""Education plans (template, individual plan, timeline) and learning objectives
(catalogue, import, progress per placement, the ALIS's own page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once
from alisvest.panels import panel_context
from placements.municipalities.models import Programme
from placements.plans import permissions, services
from placements.plans.catalogue import ImportError_, import_objectives, parse_objectives
from placements.plans.context import objective_rows, plan_context
from placements.plans.forms import (
    ObjectiveImportForm,
    PlannedCourseForm,
    PlanPeriodForm,
    TemplateCourseFormSet,
    TemplatePeriodFormSet,
)
from placements.plans.models import EducationPlan, LearningObjective, PeriodKind
from placements.register.models import Doctor, Placement
from placements.register.scope import get_placement_for_user


def get_programme_for_user(request, slug):
    return get_object_or_404(Programme.objects.for_user(request.user), slug=slug)


# --- Template ----------------------------------------------------------------------------


@access(NOT_FOUND, researcher=FORBIDDEN, steering=FORBIDDEN, leader=OK)
@login_required
def template_edit(request, slug):
    programme = get_programme_for_user(request, slug)
    require(permissions.can_edit_template(request.user, programme))
    template = services.template_for(programme)
    data = request.POST if request.method == "POST" else None
    periods = TemplatePeriodFormSet(data, instance=template, prefix="perioder")
    courses = TemplateCourseFormSet(data, instance=template, prefix="kurs")
    if request.method == "POST" and periods.is_valid() and courses.is_valid():
        with transaction.atomic():
            periods.save()
            courses.save()
        messages.success(request, _("Planmalen er lagret. Nye utdanningsplaner lages fra den."))
        if services.plans_to_update(programme):
            return redirect("placements:plan_template_apply", slug=programme.slug)
        return redirect("placements:plan_template", slug=programme.slug)
    return render(
        request,
        "placements/plans/template_form.html",
        {
            "programme": programme,
            "periods": periods,
            "courses": courses,
            "pending": len(services.plans_to_update(programme)),
        },
    )


@access(NOT_FOUND, researcher=FORBIDDEN, steering=FORBIDDEN, leader=OK, post={})
@login_required
def template_apply(request, slug):
    """GET lists the plans not yet started that the template would change; POST remakes
    the ticked ones from it."""
    programme = get_programme_for_user(request, slug)
    require(permissions.can_edit_template(request.user, programme))
    changes = services.plans_to_update(programme)
    error = ""
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("plan") if pk.isdigit()]
        if not chosen:
            error = _("Kryss av for planene som skal lages på nytt fra malen.")
        else:
            count = services.apply_template(programme, by=request.user, plan_ids=chosen)
            messages.success(
                request, _("%(n)s utdanningsplaner er oppdatert fra planmalen.") % {"n": count}
            )
            return redirect("placements:plan_template", slug=programme.slug)
    rows = [{"plan": plan, **_diff(after, now)} for plan, now, after in changes]
    return render(
        request,
        "placements/plans/template_apply.html",
        {"programme": programme, "rows": rows, "error": error},
    )


def _diff(after, now):
    """What the template adds and removes, as readable lines for the preview."""
    (after_periods, after_courses), (now_periods, now_courses) = after, now
    labels = dict(PeriodKind.choices)

    def period(p):
        return f"{labels.get(p[0], p[0])} {p[1]:%d.%m.%Y}–{p[2]:%d.%m.%Y}"

    def course(c):
        return f"{c[0]} {c[1]:%d.%m.%Y}"

    return {
        "added": [period(p) for p in after_periods if p not in now_periods]
        + [course(c) for c in after_courses if c not in now_courses],
        "removed": [period(p) for p in now_periods if p not in after_periods]
        + [course(c) for c in now_courses if c not in after_courses],
    }


# --- The individual plan -----------------------------------------------------------------


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
@login_required
def plan_edit(request, pk):
    placement = get_placement_for_user(request, pk)
    context = plan_context(request.user, placement)
    return render(request, "placements/plans/plan_edit.html", context)


@access(
    NOT_FOUND,
    alis=OK,
    own_manager=OK,
    steering=FORBIDDEN,
    leader=OK,
    method="POST",
    office=FORBIDDEN,
)
@login_required
@require_POST
@submitted_once
def plan_create(request, pk):
    placement = get_placement_for_user(request, pk)
    services.create_plan(placement, by=request.user)
    messages.success(request, _("Utdanningsplanen er laget fra programmets planmal."))
    return redirect("placements:plan_edit", pk=placement.pk)


def _editable_plan(request, pk):
    placement = get_placement_for_user(request, pk)
    require(permissions.can_edit_plan(request.user, placement))
    # A plan is made only by the explicit POST to plan_create, never as a GET's side effect.
    plan = get_object_or_404(EducationPlan, placement=placement)
    return placement, plan


def _plan_item_form(request, placement, form, saved_message, title):
    """The page for one period or course of a plan: save and go back to the plan."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, saved_message)
        return redirect("placements:plan_edit", pk=placement.pk)
    context = {"placement": placement, "form": form, "title": title}
    return render(request, "placements/plans/item_form.html", context)


@access(
    NOT_FOUND, alis=OK, own_manager=OK, steering=FORBIDDEN, leader=OK, post={}, office=FORBIDDEN
)
@login_required
@submitted_once
def period_form(request, pk, period_pk=None):
    placement, plan = _editable_plan(request, pk)
    period = get_object_or_404(plan.periods, pk=period_pk) if period_pk else None
    form = PlanPeriodForm(request.POST or None, instance=period, plan=plan)
    title = _("Endre periode") if period else _("Ny periode")
    return _plan_item_form(request, placement, form, _("Perioden er lagret."), title)


@access(
    NOT_FOUND,
    alis=OK,
    own_manager=OK,
    steering=FORBIDDEN,
    leader=OK,
    method="POST",
    office=FORBIDDEN,
)
@login_required
@require_POST
def period_delete(request, pk, period_pk):
    placement, plan = _editable_plan(request, pk)
    get_object_or_404(plan.periods, pk=period_pk).delete()
    messages.success(request, _("Perioden er slettet."))
    return redirect("placements:plan_edit", pk=placement.pk)


@access(
    NOT_FOUND, alis=OK, own_manager=OK, steering=FORBIDDEN, leader=OK, post={}, office=FORBIDDEN
)
@login_required
@submitted_once
def course_form(request, pk, course_pk=None):
    placement, plan = _editable_plan(request, pk)
    course = get_object_or_404(plan.courses, pk=course_pk) if course_pk else None
    form = PlannedCourseForm(request.POST or None, instance=course, plan=plan)
    title = _("Endre kurs") if course else _("Nytt kurs")
    return _plan_item_form(request, placement, form, _("Kurset er lagret."), title)


@access(
    NOT_FOUND,
    alis=OK,
    own_manager=OK,
    steering=FORBIDDEN,
    leader=OK,
    method="POST",
    office=FORBIDDEN,
)
@login_required
@require_POST
def course_delete(request, pk, course_pk):
    placement, plan = _editable_plan(request, pk)
    get_object_or_404(plan.courses, pk=course_pk).delete()
    messages.success(request, _("Kurset er slettet."))
    return redirect("placements:plan_edit", pk=placement.pk)


# --- Learning objectives -----------------------------------------------------------------


@access(NOT_FOUND, researcher=OK, steering=OK, leader=OK)
@login_required
def objective_catalogue(request, slug):
    programme = get_programme_for_user(request, slug)
    objectives = LearningObjective.objects.filter(programme=programme).order_by("order", "code")
    return render(
        request,
        "placements/plans/objective_catalogue.html",
        {
            "programme": programme,
            "objectives": objectives,
            "can_import": permissions.can_import_objectives(request.user, programme)[0],
        },
    )


@access(NOT_FOUND, researcher=FORBIDDEN, steering=FORBIDDEN, leader=OK)
@login_required
def objective_import(request, slug):
    programme = get_programme_for_user(request, slug)
    require(permissions.can_import_objectives(request.user, programme))
    form = ObjectiveImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            rows = parse_objectives(raw)
        except ImportError_ as error:
            errors = error.errors
        else:
            created, updated = import_objectives(programme, rows)
            messages.success(
                request,
                _("Importert: %(created)s nye og %(updated)s oppdaterte læringsmål.")
                % {"created": created, "updated": updated},
            )
            return redirect("placements:objective_catalogue", slug=programme.slug)
    return render(
        request,
        "placements/plans/objective_import.html",
        {"programme": programme, "form": form, "errors": errors},
    )


STEPS = {
    "aktivitet": services.log_activity,
    "signer": services.sign,
    "godkjenn": services.approve,
}


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
@login_required
def placement_objectives(request, pk):
    placement = get_placement_for_user(request, pk)
    context = plan_context(request.user, placement, with_timeline=False)
    context["rows"] = objective_rows(request.user, placement)
    return render(request, "placements/plans/placement_objectives.html", context)


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, method="POST", office=OK)
@login_required
@require_POST
def objective_step(request, pk, objective_pk, step):
    placement = get_placement_for_user(request, pk)
    if step not in STEPS:
        raise Http404
    objective = get_object_or_404(
        LearningObjective.objects.filter(programme=placement.programme), pk=objective_pk
    )
    progress = services.progress_for(placement, objective)
    try:
        if step == "aktivitet":
            note = request.POST.get("note", "").strip()
            if not note:
                raise ValueError(_("Beskriv aktiviteten før du registrerer den."))
            services.log_activity(progress, by=request.user, note=note)
        else:
            STEPS[step](progress, by=request.user)
    except (PermissionDenied, ValueError) as error:
        if request.htmx:
            row = objective_rows(request.user, placement, only=objective)[0]
            row["error"] = str(error)
            return render(request, "placements/partials/objective_row.html", {"row": row})
        messages.error(request, str(error))
        return redirect("placements:placement_objectives", pk=placement.pk)
    if request.htmx:
        row = objective_rows(request.user, placement, only=objective)[0]
        return render(request, "placements/partials/objective_row.html", {"row": row})
    messages.success(request, _("Læringsmålet er oppdatert."))
    return redirect("placements:placement_objectives", pk=placement.pk)


# --- The ALIS's own page -----------------------------------------------------------------


@access(OK)
@login_required
def my_plan(request):
    doctor = Doctor.objects.filter(user=request.user).first()
    placement = None
    if doctor is not None:
        placements = Placement.objects.for_user(request.user).filter(doctor=doctor)
        placement = placements.active().first() or placements.order_by("-start").first()
    if placement is None:
        return render(request, "placements/plans/my_plan.html", {"placement": None})
    placement = get_placement_for_user(request, placement.pk)
    context = plan_context(request.user, placement)
    context |= panel_context("my_plan", request.user, placement=placement)
    return render(request, "placements/plans/my_plan.html", context)
