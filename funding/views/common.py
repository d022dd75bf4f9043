"""The funding objects a request may see (outside the user's scope is a 404), and the
project leader's programmes."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from alisvest.roles import access_of
from placements.models import Programme

from .. import permissions
from ..models import Expense, GrantScheme, GrantStatement, StatementRun
from ..selectors import reportable_placements


def get_reportable_placement(request, pk):
    """A placement whose expenses the user reports, with doctor, municipality, programme."""
    return get_object_or_404(
        reportable_placements(request.user).select_related("doctor", "municipality", "programme"),
        pk=pk,
    )


def get_expense_for_user(request, pk):
    return get_object_or_404(
        Expense.objects.for_user(request.user).select_related(
            "placement__doctor", "placement__municipality", "placement__programme"
        ),
        pk=pk,
    )


def get_statement_for_user(request, pk):
    return get_object_or_404(
        GrantStatement.objects.for_user(request.user).select_related(
            "municipality", "programme", "scheme", "superseded_by", "supersedes"
        ),
        pk=pk,
    )


def get_scheme_for_leader(request, pk):
    scheme = get_object_or_404(
        GrantScheme.objects.for_user(request.user).select_related("programme"), pk=pk
    )
    if not permissions.can_edit_scheme(request.user, scheme.programme)[0]:
        raise PermissionDenied(_("Bare prosjektleder kan endre tilskuddsordninger."))
    return scheme


def led_programmes(user):
    access = access_of(user)
    if access.superuser:
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=access.led_programmes)


def require_leader(request):
    """The programmes the user leads; 403 for a user who leads none."""
    programmes = led_programmes(request.user)
    if not programmes.exists():
        raise PermissionDenied(_("Bare prosjektleder har tilgang til denne siden."))
    return programmes


def get_run_for_leader(request, pk):
    """A run is seen by its programme's leaders only: 404 for everyone else."""
    runs = StatementRun.objects.filter(programme__in=led_programmes(request.user))
    return get_object_or_404(runs, pk=pk)
