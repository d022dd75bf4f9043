"""The yearly check (the 10.5-month rule) on demand: the project leader's button on the
compliance page, for the programmes they lead. Celery beat runs it on 1 January."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, OK, access, require
from alisvest.roles import access_of
from placements.models import Placement

from .. import permissions
from ..models import YearlyCheck
from ..yearly import YEARLY, run_yearly_check


def last_year_over(year=None):
    """The year shown if it is over, else the year before this one."""
    this_year = timezone.localdate().year
    return year if year and year < this_year else this_year - 1


@access(FORBIDDEN, method="POST", leader=OK)
@login_required
@require_POST
def yearly_check(request):
    require(permissions.can_run_yearly_check(request.user))
    try:
        year = last_year_over(int(request.POST.get("year", "")))
    except ValueError:
        year = last_year_over()
    placements = _yearly_placements(request.user)
    claimed = run_yearly_check(year, placements=placements)
    deficits = YearlyCheck.objects.filter(
        year=year, placement__in=placements, status=YearlyCheck.Status.DEFICIT
    ).count()
    message = ngettext(
        "Årskontrollen for %(year)s er kjørt: %(count)s utdanningsstilling, "
        "%(deficits)s med underskudd, %(new)s nye varsler.",
        "Årskontrollen for %(year)s er kjørt: %(count)s utdanningsstillinger, "
        "%(deficits)s med underskudd, %(new)s nye varsler.",
        len(placements),
    )
    counts = {"year": year, "count": len(placements), "deficits": deficits, "new": len(claimed)}
    messages.success(request, message % counts)
    return redirect(f"{reverse('supervision:compliance')}?ar={year}")


def _yearly_placements(user):
    """Ids of the yearly-rule placements in the programmes the user leads (all: superuser)."""
    access = access_of(user)
    placements = Placement.objects.filter(programme__supervision_rule=YEARLY)
    if not access.superuser:
        placements = placements.filter(programme__in=access.led_programmes)
    return list(placements.values_list("pk", flat=True))
