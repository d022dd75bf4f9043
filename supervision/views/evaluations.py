"""The ALIS's yearly evaluation of the post, and the project leader's aggregate of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once
from alisvest.roles import access_of
from placements.models import Programme

from .. import permissions
from .. import review_services as services
from ..evaluations import GROUPINGS, MIN_ANSWERS, aggregate
from ..models import RATING_FIELDS, PostEvaluation
from ..review_forms import EvaluationForm
from .common import get_placement_with_programme


@access(
    NOT_FOUND,
    alis=OK,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=FORBIDDEN,
    office=FORBIDDEN,
    post={},
)
@login_required
@submitted_once
def evaluation(request, pk):
    """This year's evaluation, once per placement and year; only the ALIS writes it."""
    placement = get_placement_with_programme(request, pk)
    require(permissions.can_evaluate_post(request.user, placement))
    year = timezone.localdate().year
    done = PostEvaluation.objects.for_user(request.user).filter(placement=placement, year=year)
    done = done.first()
    form = EvaluationForm(request.POST or None) if done is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.submit_evaluation(placement, by=request.user, year=year, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Takk for svaret!"))
            return redirect("supervision:evaluation", pk=placement.pk)
    status = 400 if form is not None and form.errors else 200
    context = {"placement": placement, "form": form, "done": done, "year": year}
    return render(request, "supervision/evaluation_form.html", context, status=status)


@access(FORBIDDEN, leader=OK)
@login_required
def evaluation_summary(request):
    """Means and counts per municipality or centre; a group under MIN_ANSWERS shows nothing."""
    require(permissions.can_read_evaluations(request.user))
    access_ = access_of(request.user)
    programmes = Programme.objects.all() if access_.superuser else access_.led_programmes
    today = timezone.localdate()
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        year = today.year
    by = request.GET.get("gruppe", "municipality")
    by = by if by in GROUPINGS else "municipality"
    context = {
        "groups": aggregate(programmes, year, by),
        "year": year,
        "years": range(today.year, today.year - 6, -1),
        "by": by,
        "fields": [(f, PostEvaluation._meta.get_field(f).verbose_name) for f in RATING_FIELDS],
        "min_answers": MIN_ANSWERS,
    }
    return render(request, "supervision/evaluation_summary.html", context)
