"""The planning calculator: how many GPs, at what cost. Programme staff plan for the whole
country or a municipality of their programme; health managers for their own municipality,
with population and GP lists filled in from the municipality register."""

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from alisvest.access import NOT_FOUND, OK, access
from alisvest.roles import access_of
from placements.models import MedicalCentre, Municipality
from research.forms import PlanningForm
from research.permissions import can_plan


def planning_municipalities(user):
    """Managers: their own municipalities; staff: those of their programmes."""
    who = access_of(user)
    if who.superuser:
        return Municipality.objects.current()
    own = (
        Municipality.objects.for_user(user)
        .current()
        .filter(pk__in=Municipality.objects.lineage_of(who.managed_municipalities).values("pk"))
    )
    if who.is_programme_staff:
        return (own | Municipality.objects.in_programmes(who.staff_programmes)).current()
    return own


def reference_figures(municipality):
    """(population, GP lists, note) from the register: the municipality's population and
    the doctors of its registered medical centres."""
    gps = MedicalCentre.objects.filter(municipality=municipality).aggregate(n=Sum("doctor_count"))
    note = ""
    if municipality.population is None:
        note = _("Kommuneregisteret har ikke innbyggertall for %(m)s; fyll inn innbyggere.") % {
            "m": municipality.name
        }
    return municipality.population, gps["n"] or 0, note


def _defaults(form):
    return {name: f.initial for name, f in form.fields.items() if f.initial is not None}


def _bound_form(request, municipalities):
    """The form as typed, or the 2017 figures, or a municipality's figures when it was
    just chosen (or is the manager's own on first visit)."""
    chosen = None
    if "hent" in request.GET or not request.GET:
        pk = request.GET.get("kommune", "")
        chosen = municipalities.filter(pk=pk).first() if pk.isdigit() else None
        if pk and chosen is None:
            raise Http404  # outside the user's municipalities
        if not request.GET and not access_of(request.user).is_programme_staff:
            chosen = municipalities.order_by("name").first()
    if chosen is None and request.GET and "hent" not in request.GET:
        return PlanningForm(request.GET, municipalities=municipalities), ""
    data = _defaults(PlanningForm(municipalities=municipalities))
    note = ""
    if chosen is not None:
        population, gps, note = reference_figures(chosen)
        data.update(kommune=chosen.pk, population=population or "", current_gps=gps)
    return PlanningForm(data, municipalities=municipalities), note


@access(NOT_FOUND, steering=OK, leader=OK, own_manager=OK, other_manager=OK)
@login_required
def planning(request):
    allowed, _reason = can_plan(request.user)
    if not allowed:
        raise Http404
    form, note = _bound_form(request, planning_municipalities(request.user))
    rows = form.results() if form.is_valid() else None
    return render(request, "research/planning.html", {"form": form, "rows": rows, "note": note})
