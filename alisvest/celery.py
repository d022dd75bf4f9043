import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alisvest.settings.dev")

app = Celery("alisvest")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["placements.applications", "supervision.assessments"])
