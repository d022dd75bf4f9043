from celery import shared_task

from alisvest import emails

from .models import MonthlyCheck
from .services import deficit_recipients, previous_month, run_monthly_check


@shared_task
def check_previous_month():
    """Beat, 1st of each month 06:00 Europe/Oslo: the check for the month that just ended.
    Idempotent: a re-run updates the rows and notifies only newly claimed deficits."""
    run = run_monthly_check(previous_month())
    return {"month": run.month.isoformat(), "notified": len(run.claimed)}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_deficit_notice(check_id):
    """E-mail the supervisor, the ALIS and the municipal managers about one deficit. The row
    was claimed by compare-and-set before this task was sent, so it runs once per
    placement-month."""
    check = MonthlyCheck.objects.select_related(
        "placement__doctor__user", "placement__municipality", "placement__programme"
    ).get(pk=check_id)
    context = {"check": check, "placement": check.placement, "doctor": check.placement.doctor}
    for address in deficit_recipients(check):
        emails.send("supervision-deficit", address, context)
