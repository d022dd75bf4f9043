"""Half-year reviews: the placement's list of half-years, writing a review from its facts,
signing, the ALIS's comment, the leader's acknowledgement and new versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once
from placements.models import Placement

from .. import permissions
from .. import review_services as services
from ..models import ProgressReview, ReviewSignature
from ..review_forms import ReviewForm, SignForm
from ..reviews import facts, schedule

# The ALIS, the placement's supervisors and its project leaders; nobody else sees a review.
REVIEWERS = {
    "alis": OK,
    "own_manager": NOT_FOUND,
    "steering": NOT_FOUND,
    "leader": OK,
    "office": NOT_FOUND,
}
WRITER = {**REVIEWERS, "alis": FORBIDDEN, "leader": FORBIDDEN}


def get_review_placement(request, pk):
    return get_object_or_404(
        Placement.objects.filter(
            pk__in=ProgressReview.objects.scope_placements(request.user)
        ).select_related("doctor", "municipality", "programme"),
        pk=pk,
    )


def get_review_for_user(request, pk):
    return get_object_or_404(
        ProgressReview.objects.for_user(request.user).select_related(
            "placement__doctor", "placement__municipality", "placement__programme", "written_by"
        ),
        pk=pk,
    )


@access(NOT_FOUND, **REVIEWERS)
@login_required
def review_list(request, pk):
    placement = get_review_placement(request, pk)
    reviews = {
        r.number: r
        for r in placement.progress_reviews.current().prefetch_related("signatures__user")
    }
    today = timezone.localdate()
    may_write = permissions.supervises(request.user, placement)
    rows = [
        {"half": h, "review": reviews.get(h.number), "due": h.due <= today}
        for h in schedule([placement])[placement.pk]
    ]
    return render(
        request,
        "supervision/review_list.html",
        {"placement": placement, "rows": rows, "may_write": may_write},
    )


@access(NOT_FOUND, **WRITER, post={})
@login_required
@submitted_once
def review_create(request, pk, half_year):
    placement = get_review_placement(request, pk)
    if not permissions.supervises(request.user, placement):
        require((False, _("Bare veilederen til ALIS-en kan skrive halvårsvurderingen.")))
    half = next((h for h in schedule([placement])[placement.pk] if h.number == half_year), None)
    if half is None:
        raise Http404
    existing = placement.progress_reviews.current().filter(number=half.number).first()
    if existing is not None:
        return redirect("supervision:review_detail", pk=existing.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.write_review(placement, half, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("Halvårsvurderingen er lagret. Signer den når den er klar.")
            )
            return redirect("supervision:review_detail", pk=review.pk)
    context = {
        "placement": placement,
        "half": half,
        "form": form,
        "since": half.start,
        "until": half.end,
        "facts": facts(placement, half.start, half.end),
    }
    return render(
        request, "supervision/review_form.html", context, status=400 if form.errors else 200
    )


@access(NOT_FOUND, **REVIEWERS)
@login_required
def review_detail(request, pk):
    review = get_review_for_user(request, pk)
    return _detail(request, review, SignForm(initial={"comment": review.alis_comment}))


def _detail(request, review, sign_form, status=200):
    user = request.user
    roles = [
        role for role in ReviewSignature.Role if permissions.can_sign_review(user, review, role)[0]
    ]
    versions = (
        ProgressReview.objects.filter(placement=review.placement, number=review.number)
        .prefetch_related("signatures__user")
        .select_related("written_by")
        .order_by("-version")
    )
    context = {
        "review": review,
        "placement": review.placement,
        "facts": facts(review.placement, review.period_start, review.period_end),
        "signatures": review.signatures.select_related("user"),
        "versions": versions,
        "sign_roles": roles,
        "sign_form": sign_form,
        "can_edit": permissions.can_edit_review(user, review)[0],
        "can_amend": permissions.can_amend_review(user, review)[0],
    }
    return render(request, "supervision/review_detail.html", context, status=status)


@access(NOT_FOUND, **WRITER, post={})
@login_required
def review_edit(request, pk):
    review = get_review_for_user(request, pk)
    require(permissions.can_edit_review(request.user, review))
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        services.update_review(review, by=request.user, **form.cleaned_data)
        messages.success(request, _("Endringene er lagret."))
        return redirect("supervision:review_detail", pk=review.pk)
    context = {
        "placement": review.placement,
        "half": review,
        "review": review,
        "form": form,
        "since": review.period_start,
        "until": review.period_end,
        "facts": facts(review.placement, review.period_start, review.period_end),
    }
    return render(
        request, "supervision/review_form.html", context, status=400 if form.errors else 200
    )


@access(NOT_FOUND, **WRITER, method="POST")
@login_required
@require_POST
def review_amend(request, pk):
    review = get_review_for_user(request, pk)
    new = services.amend_review(review, by=request.user)
    messages.success(
        request,
        _("Versjon %(v)s er laget. Den må signeres på nytt.") % {"v": new.version},
    )
    return redirect("supervision:review_edit", pk=new.pk)


@access(NOT_FOUND, **REVIEWERS, method="POST")
@login_required
@require_POST
def review_sign(request, pk):
    review = get_review_for_user(request, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _detail(request, review, form, status=400)
    role = form.cleaned_data["role"]
    comment = form.cleaned_data["comment"] if role == ReviewSignature.Role.ALIS else None
    services.sign_review(review, role, by=request.user, comment=comment)
    messages.success(request, DONE[role]())
    return redirect("supervision:review_detail", pk=review.pk)


DONE = {
    ReviewSignature.Role.SUPERVISOR: lambda: _(
        "Halvårsvurderingen er signert. ALIS-en blir bedt om å kommentere og signere."
    ),
    ReviewSignature.Role.ALIS: lambda: _(
        "Takk! Halvårsvurderingen er signert, og prosjektleder blir bedt om å kvittere."
    ),
    ReviewSignature.Role.LEADER: lambda: _("Du har kvittert for halvårsvurderingen."),
}
