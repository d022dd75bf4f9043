"""The portfolio PDF of a placement: request it, watch the progress bar, download it. Anyone
who sees the placement may make and read it (the ALIS for the specialist approval, the
municipality to keep when the ALIS leaves)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from alisvest.access import NOT_FOUND, OK, access
from alisvest.middleware import background
from alisvest.uploads import PDF, attachment_response

from .. import portfolio, portfolio_jobs
from .common import get_placement_with_programme

SEES_PLACEMENT = {"alis": OK, "own_manager": OK, "steering": OK, "leader": OK, "office": OK}


@access(NOT_FOUND, **SEES_PLACEMENT, post={})
@login_required
def portfolio_page(request, pk):
    """GET: the running job's progress bar, or the latest file; POST: make a new one (or
    reuse the one being made) and come back here to watch it."""
    placement = get_placement_with_programme(request, pk)
    if request.method == "POST":
        portfolio_jobs.request_portfolio(placement, by=request.user)
        return redirect("supervision:portfolio", pk=placement.pk)
    job = portfolio_jobs.unfinished(placement)
    return render(
        request,
        "supervision/portfolio.html",
        {
            "placement": placement,
            "job": job,
            "progress": portfolio_jobs.progress(job) if job else None,
            "done": portfolio_jobs.latest_done(placement),
        },
    )


@background
@access(NOT_FOUND, **SEES_PLACEMENT)
@login_required
def portfolio_progress(request, pk):
    """The progress bar, polled by htmx every second until the job is finished."""
    placement = get_placement_with_programme(request, pk)
    job = portfolio_jobs.unfinished(placement) or placement.portfolio_jobs.first()
    return render(
        request,
        "supervision/partials/portfolio_progress.html",
        {
            "placement": placement,
            "job": job,
            "progress": portfolio_jobs.progress(job) if job else None,
        },
    )


@access(NOT_FOUND, **SEES_PLACEMENT)
@login_required
def portfolio_download(request, pk):
    """The latest finished portfolio; 404 until one is made."""
    placement = get_placement_with_programme(request, pk)
    job = portfolio_jobs.latest_done(placement)
    if job is None:
        raise Http404
    return attachment_response(job.pdf.open("rb"), portfolio.filename(placement), PDF)
