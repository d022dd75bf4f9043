"""Programme pages: the list with a switch, a programme's own dashboard, and the project
leader's forms to create and change one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, OK, access
from alisvest.idempotency import submitted_once
from alisvest.roles import Role
from placements.municipalities.models import Programme

from . import permissions, services
from .forms import ProgrammeForm
from .people import people_of
from .selectors import SESSION_KEY, programmes_of


def get_programme_for_user(request, slug, *, write=False):
    """A programme the user takes part in (404 otherwise); 403 to change it without leading."""
    programme = get_object_or_404(programmes_of(request.user), slug=slug)
    if write:
        allowed, reason = permissions.can_edit_programme(request.user, programme)
        if not allowed:
            raise PermissionDenied(reason)
    return programme


@access(OK)
@login_required
def programme_list(request):
    programmes = programmes_of(request.user).order_by("started", "name")
    return render(
        request,
        "placements/programmes/programme_list.html",
        {
            "programmes": programmes,
            "current": request.session.get(SESSION_KEY),
            "can_create": permissions.can_create_programme(request.user)[0],
        },
    )


@access(FORBIDDEN, leader=OK, post={})
@login_required
@submitted_once
def programme_create(request):
    allowed, reason = permissions.can_create_programme(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    initial = {"rule_set": request.GET.get("regelverk")} if request.GET.get("regelverk") else {}
    if initial and initial["rule_set"] not in Programme.RuleSet.values:
        initial = {}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        programme = _saved(form, services.create_programme, request.user)
        if programme:
            request.session[SESSION_KEY] = programme.slug
            messages.success(request, _("Programmet %(name)s er opprettet.") % {"name": programme})
            return redirect("placements:programme_detail", programme.slug)
    return render(request, "placements/programmes/programme_form.html", {"form": form})


@access(FORBIDDEN, leader=OK, post={})
@login_required
@submitted_once
def programme_edit(request, slug):
    programme = get_programme_for_user(request, slug, write=True)
    form = ProgrammeForm(request.POST or None, instance=programme)
    saved = request.method == "POST" and form.is_valid()
    if saved and _saved(form, services.update_programme, request.user):
        messages.success(request, _("Endringene er lagret."))
        return redirect("placements:programme_detail", programme.slug)
    return render(
        request, "placements/programmes/programme_form.html", {"form": form, "programme": programme}
    )


def _saved(form, service, user):
    """The service's result, or None with its validation errors on the form."""
    try:
        return service(form.instance, by=user)
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return None


@access(OK)
@login_required
def programme_detail(request, slug):
    """The programme's own dashboard: its figures, rules, people and history."""
    programme = get_programme_for_user(request, slug)
    request.session[SESSION_KEY] = programme.slug
    leads = permissions.can_edit_programme(request.user, programme)[0]
    context = {
        "programme": programme,
        "leads": leads,
        "people": people_of(programme) if leads else None,
        "history": programme.history.select_related("history_user")[:10] if leads else None,
        "yearly_hours": programme.monthly_supervision_minutes * 21 / 2 / 60,
        "Role": Role,
    }
    return render(request, "placements/programmes/programme_detail.html", context)


@access(OK, method="POST")
@login_required
@require_POST
def programme_switch(request, slug):
    """Switch the dashboard to another of the user's programmes."""
    programme = get_programme_for_user(request, slug)
    request.session[SESSION_KEY] = programme.slug
    return redirect("dashboard")
