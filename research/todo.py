"""Research's tasks for the to-do list (alisvest/todo.py): survey waves closing soon, and
consents withdrawn since the study's last export. A query per kind of task."""

from datetime import UTC, datetime, timedelta

from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alisvest.todo import Task

from .models import Consent, ExportLog, Study, SurveyWave

CLOSING_WITHIN_DAYS = 14
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def _member_studies(user):
    return Study.objects.filter(members=user)


def researcher_waves_closing(user):
    now = timezone.now()
    waves = SurveyWave.objects.filter(
        study__in=_member_studies(user),
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + timedelta(days=CLOSING_WITHIN_DAYS),
    ).select_related("study")
    return [
        Task(
            kind="research.wave_closing",
            title=_("Spørreundersøkelsen «%(title)s» stenger %(date)s")
            % {"title": w.title, "date": formats.date_format(timezone.localtime(w.closes_at))},
            detail=w.study.name,
            url=reverse("research:wave_detail", args=[w.study_id, w.pk]),
            due=timezone.localdate(w.closes_at),
            object_type="research.surveywave",
            object_id=w.pk,
        )
        for w in waves
    ]


def researcher_consents_withdrawn(user):
    """One task per study whose consents were withdrawn after its latest export."""
    last_export = ExportLog.objects.filter(study=OuterRef("study")).order_by("-at").values("at")
    withdrawn_since_export = Consent.objects.filter(
        study=OuterRef("pk"), withdrawn_at__gt=Coalesce(Subquery(last_export[:1]), Value(NEVER))
    )
    studies = _member_studies(user).filter(Exists(withdrawn_since_export))
    return [
        Task(
            kind="research.consent_withdrawn",
            title=_("Samtykker er trukket tilbake i «%(study)s» siden forrige uttrekk")
            % {"study": s.name},
            detail=_("Lag et nytt uttrekk og slett de gamle filene."),
            url=reverse("research:export", args=[s.pk]),
            due=None,
            object_type="research.study",
            object_id=s.pk,
        )
        for s in studies
    ]
