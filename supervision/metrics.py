"""The monthly supervision check in /metrics (settings.METRICS_COLLECTORS): when it last ran,
so an alert fires when the 1st of the month passed without it."""

from django.db.models import Max
from prometheus_client.core import GaugeMetricFamily

from .models import MonthlyCheck


def monthly_check():
    last = MonthlyCheck.objects.aggregate(last=Max("checked_at"))
    if last["last"] is None:
        return
    yield GaugeMetricFamily(
        "alisvest_supervision_monthly_check_last_timestamp_seconds",
        "When the monthly supervision check last wrote a result (Unix time)",
        value=last["last"].timestamp(),
    )
