from django.conf import settings

from alisvest.celery import app


def test_a_task_of_a_dead_worker_is_redelivered_within_minutes():
    """acks_late + reject_on_worker_lost leave a killed worker's task in Redis unacknowledged;
    it comes back after the visibility timeout, which must be minutes, not Redis's hour."""
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout <= 10 * 60
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    # A task still running when the timeout passes would be handed to a second worker: the
    # hard time limit ends it first.
    assert timeout > settings.CELERY_TASK_TIME_LIMIT
