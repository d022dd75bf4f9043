from django.urls import reverse
from django.utils import timezone

from alisvest import emails
from alisvest.idempotency import send_once
from alisvest.links import absolute_url
from alisvest.models import ProgrammeUserObjectPermission, User
from alisvest.tasks import durable_task

from .models import MonthlyCheck, ProgressReview, SupervisionSession, YearlyCheck
from .months import previous_month
from .pages import month_path
from .portfolio_jobs import TASK as PORTFOLIO_TASK
from .portfolio_jobs import run_job
from .review_services import REVIEW_SIGNED_TASK, REVIEW_TO_ACKNOWLEDGE_TASK
from .services import (
    DEFICIT_NOTICE_TASK,
    SESSION_LOGGED_TASK,
    deficit_recipients,
    period_recipients,
    run_monthly_check,
)
from .yearly import YEARLY_DEFICIT_TASK, run_yearly_check, year_bounds


def month_url(placement_id, day):
    return absolute_url(month_path(placement_id, day))


@durable_task
def check_previous_month():
    """Beat, 1st of each month 06:00 Europe/Oslo: the check for the month that just ended.
    Idempotent: a re-run updates the rows and notifies only newly claimed deficits."""
    run = run_monthly_check(previous_month())
    return {"month": run.month.isoformat(), "notified": len(run.claimed)}


@durable_task(name=DEFICIT_NOTICE_TASK)
def send_deficit_notice(check_id):
    """E-mail the supervisor, the ALIS and the municipal managers about one deficit. The row
    was claimed by compare-and-set before this task was sent, so it runs once per
    placement-month."""
    check = MonthlyCheck.objects.select_related(
        "placement__doctor__user", "placement__municipality", "placement__programme"
    ).get(pk=check_id)
    context = {
        "check": check,
        "placement": check.placement,
        "doctor": check.placement.doctor,
        "action_url": month_url(check.placement_id, check.month),
    }
    # One key per recipient: a retry after the third address failed does not mail the first
    # two again.
    for address in deficit_recipients(check):
        send_once(f"deficit:{check.pk}:{address}", "supervision-deficit", address, context)


@durable_task
def check_previous_year():
    """Beat, 1 January 06:30 Europe/Oslo: the 10.5-month rule for the year just ended.
    Idempotent like the monthly check: a re-run notifies only newly claimed deficits."""
    year = timezone.localdate().year - 1
    return {"year": year, "notified": len(run_yearly_check(year))}


@durable_task(name=YEARLY_DEFICIT_TASK)
def send_yearly_deficit_notice(check_id):
    """E-mail the year's supervisor(s), the ALIS and the municipal managers about one
    yearly deficit; the row was claimed by compare-and-set, so once per placement-year."""
    check = YearlyCheck.objects.select_related(
        "placement__doctor__user", "placement__municipality"
    ).get(pk=check_id)
    context = {
        "check": check,
        "placement": check.placement,
        "doctor": check.placement.doctor,
        "action_url": absolute_url(month_path(check.placement_id, year_bounds(check.year)[1])),
    }
    for address in period_recipients(check.placement, *year_bounds(check.year)):
        send_once(
            f"yearly-deficit:{check.pk}:{address}", "supervision-yearly-deficit", address, context
        )


@durable_task(name=SESSION_LOGGED_TASK)
def send_session_logged(session_id):
    """Ask the ALIS to confirm a logged session. Compare-and-set on alis_notified_at, so a
    second delivery of the task sends nothing."""
    if not SupervisionSession.objects.filter(pk=session_id, alis_notified_at=None).update(
        alis_notified_at=timezone.now()
    ):
        return False
    session = SupervisionSession.objects.select_related(
        "placement__doctor__user", "supervisor"
    ).get(pk=session_id)
    doctor = session.placement.doctor
    address = doctor.user.email if doctor.user else doctor.email
    if not address:
        return False
    try:
        emails.send(
            "supervision-session-logged",
            address,
            {
                "session": session,
                "doctor": doctor,
                "action_url": month_url(session.placement_id, session.date),
            },
        )
    except Exception:
        SupervisionSession.objects.filter(pk=session_id).update(alis_notified_at=None)
        raise
    return True


@durable_task(name=PORTFOLIO_TASK)
def make_portfolio(job_id):
    """Make one requested portfolio PDF, section by section, updating the job's progress."""
    return run_job(job_id)


def _review(review_id):
    return ProgressReview.objects.select_related(
        "placement__doctor__user", "placement__programme"
    ).get(pk=review_id)


def review_url(review):
    return absolute_url(reverse("supervision:review_detail", args=[review.pk]))


@durable_task(name=REVIEW_SIGNED_TASK)
def send_review_signed(review_id):
    """The supervisor has signed: ask the ALIS to comment and sign, once per version."""
    review = _review(review_id)
    doctor = review.placement.doctor
    address = doctor.user.email if doctor.user else doctor.email
    if not address:
        return False
    context = {"review": review, "doctor": doctor, "action_url": review_url(review)}
    return send_once(f"review-signed:{review.pk}", "supervision-review-signed", address, context)


@durable_task(name=REVIEW_TO_ACKNOWLEDGE_TASK)
def send_review_to_acknowledge(review_id):
    """Supervisor and ALIS have signed: ask the programme's project leaders to acknowledge."""
    review = _review(review_id)
    leaders = User.objects.filter(
        is_active=True,
        pk__in=ProgrammeUserObjectPermission.objects.filter(
            content_object=review.placement.programme_id, permission__codename="lead_programme"
        ).values("user"),
    )
    context = {
        "review": review,
        "doctor": review.placement.doctor,
        "action_url": review_url(review),
    }
    for leader in leaders:
        send_once(
            f"review-acknowledge:{review.pk}:{leader.email.lower()}",
            "supervision-review-acknowledge",
            leader.email,
            context,
        )
