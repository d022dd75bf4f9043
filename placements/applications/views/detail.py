"""An application's page: its answers and attachments for everyone who may read it, and
for the staff the handling, the votes and the decisions, with the forms each may use."""

from django.shortcuts import render

from placements.applications import decisions
from placements.applications.changes import changes_since_review
from placements.applications.forms import (
    AnnounceForm,
    ApplicationForm,
    DecisionForm,
    InfoRequestForm,
    RecommendationForm,
    ReviewerForm,
    ReviewForm,
    VoteForm,
)
from placements.applications.models import Application, Decision
from placements.applications.views.scope import leads, staff


def render_detail(request, application, *, status=200, decision_form=None, vote_form=None):
    """The page; a refused decision or vote passes its bound form to show what was typed."""
    is_staff = staff(request, application.call)
    is_leader = leads(request, application.call)
    is_manager = application.municipality_id in request.user.access.managed_municipalities
    reviews = list(application.reviews.select_related("reviewer")) if is_staff else []
    review_form = _review_form(request, application)
    history = (
        application.history.select_related("history_user").order_by("-history_date")[:20]
        if is_staff or is_manager
        else []
    )
    return render(
        request,
        "placements/applications/application_detail.html",
        {
            **decision_context(
                request, application, decision_form=decision_form, vote_form=vote_form
            ),
            "application": application,
            "is_manager": is_manager,
            "staff": is_staff,
            "leads": is_leader,
            "history": history,
            **_staff_forms(application, is_leader=is_leader),
            "sections": ApplicationForm(instance=application).sections(),
            "attachments": application.attachments.all(),
            "reviews": reviews,
            "review_form": review_form,
            "thread": application.info_requests.select_related("asked_by", "answered_by"),
            "changed": (is_staff or is_manager)
            and bool(changes_since_review(application, request.user)),
        },
        status=status,
    )


def _staff_forms(application, *, is_leader):
    """The forms of the handling, the project leaders': reviewers, information requests and
    the recommendation to the steering group (whose members vote, decision_context), while
    the application is in handling: none once it is decided, withdrawn or sent back."""
    if not is_leader or application.status not in Application.IN_HANDLING:
        return {}
    return {
        "reviewer_form": ReviewerForm(
            programme=application.call.programme,
            initial={"reviewers": application.reviewers.all()},
        ),
        "info_form": InfoRequestForm(),
        "recommendation_form": RecommendationForm(),
    }


def _review_form(request, application):
    """The reviewer's own scores, while the application is under review."""
    if not application.reviewers.filter(pk=request.user.pk).exists():
        return None
    own_review = application.reviews.filter(reviewer=request.user).first()
    if application.status != Application.Status.UNDER_REVIEW:
        return None
    return ReviewForm(instance=own_review, prefix="review")


def decision_context(request, application, *, decision_form=None, vote_form=None):
    """The votes, decisions and granted posts on an application's page, for who sees them."""
    access = request.user.access
    programme = application.call.programme_id
    is_leader = leads(request, application.call)
    member = programme in access.steered_programmes
    staff = is_leader or member or access.superuser
    history = list(application.decisions.select_related("decided_by").order_by("-letter_version"))
    current = next((d for d in history if d.is_current), None)
    context = {"decisions": history, "current_decision": current}
    if staff:
        context["tally"], context["votes_total"] = decisions.tally(application)
        context["votes"] = application.votes.select_related("member").order_by("member__name")
    if member:
        own = next((v for v in context["votes"] if v.member_id == request.user.pk), None)
        context["own_vote"] = own
        context["vote_form"] = vote_form or VoteForm(
            initial={"vote": own.vote, "comment": own.comment} if own else None
        )
    if is_leader:
        context["decision_form"] = decision_form or DecisionForm(
            correcting=current is not None,
            initial=_decision_initial(application, current),
        )
    managed = application.municipality_id in access.managed_municipalities
    if current and (managed or is_leader):
        context["slots"] = application.slots.select_related("placement__doctor")
        context["announce_form"] = AnnounceForm()
    return context


def _decision_initial(application, current):
    if current is None:
        return {"outcome": Decision.Outcome.APPROVE, "posts": application.posts_requested}
    return {
        "outcome": current.outcome,
        "posts": current.posts,
        "meeting_date": current.meeting_date,
        "reason": current.reason,
        "conditions": current.conditions,
    }
