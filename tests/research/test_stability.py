"""The stability page is served from the result the worker stored after the data changed:
a change marks it stale and the job computes it again; the charts say what they show."""

import time
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research import stability
from research.factories import ConsentFactory, StudyFactory
from research.models import StabilityResult
from tests.conftest import wait_for


def cohort(study, municipality, n=4):
    centre = MedicalCentreFactory(municipality=municipality)
    for i in range(n):
        doctor = DoctorFactory(programme=study.programme)
        PlacementFactory(doctor=doctor, centre=centre, start=date(2018, 1, 1),
                         actual_end=date(2019, 6, 30) if i == 0 else None,
                         end_reason="familie" if i == 0 else "")  # fmt: skip
        ConsentFactory(study=study, doctor=doctor)


def settled(study, quiet=1.5, seconds=30):
    """Wait until the jobs sent by the saves have all run (nothing stored for a while)."""
    deadline = time.monotonic() + seconds
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = list(StabilityResult.objects.order_by("pk").values_list("computed_at", flat=True))
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return True
        time.sleep(0.1)
    return False


def fresh(study):
    return StabilityResult.objects.filter(
        study=study, cutoff=timezone.localdate(), stale=False
    ).count()


@pytest.mark.django_db(transaction=True)
def test_the_worker_computes_after_a_change_and_the_page_reads_it(
    celery_worker, register, programme, client_for, liv_mfa
):
    study = StudyFactory(programme=programme)
    cohort(study, register.current().get(number="4601"))
    assert wait_for(lambda: fresh(study) == 2, seconds=30)  # leaders' and researchers'
    assert settled(study)
    stored = StabilityResult.objects.get(study=study, names=True, cutoff=timezone.localdate())
    assert stored.data["summary"]["total"] == 4
    # The page shows what is stored (not a fresh computation).
    stored.data["summary"]["total"] = 41
    stored.save()
    page = client_for(liv_mfa).get(reverse("research:retention", args=[study.pk]))
    assert page.context["summary"]["total"] == 41
    # A new placement marks it stale; the job stores the new figures.
    cohort(study, register.current().get(number="4601"), n=1)
    assert wait_for(lambda: fresh(study) == 2 and StabilityResult.objects.get(
        study=study, names=True, cutoff=timezone.localdate()).data["summary"]["total"] == 5,
        seconds=30)  # fmt: skip


@pytest.mark.django_db
def test_a_change_marks_the_result_stale_and_the_page_never_shows_old_figures(
    programme, bergen, client_for, liv_mfa
):
    study = StudyFactory(programme=programme)
    cohort(study, bergen)
    stability.refresh(study)
    assert fresh(study) == 2
    cohort(study, bergen, n=1)
    assert fresh(study) == 0
    page = client_for(liv_mfa).get(reverse("research:retention", args=[study.pk]))
    assert page.context["summary"]["total"] == 5
    assert fresh(study) == 1  # computed at once for this audience, stored for the next


@pytest.mark.django_db
def test_the_first_load_does_no_more_work_than_a_warm_one(programme, bergen, client_for, liv_mfa):
    """The first load after a change is served from the result the job stored, so it runs
    the same queries as a warm load (timing it here would only measure the machine's load;
    the speed itself is the benchmarks' business)."""
    study = StudyFactory(programme=programme)
    cohort(study, bergen, n=12)
    stability.refresh(study)  # what the job does after the change
    client = client_for(liv_mfa)
    url = reverse("research:retention", args=[study.pk])

    def queries_of_a_load():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    stored = fresh(study)
    first = queries_of_a_load()
    assert first == queries_of_a_load() == queries_of_a_load()
    assert fresh(study) == stored  # nothing was computed again


@pytest.mark.django_db
def test_nobody_in_post_is_zero_and_the_chart_runs_to_the_cut_off(
    programme, bergen, client_for, erin_mfa
):
    study = StudyFactory(programme=programme)
    study.members.add(erin_mfa)
    centre = MedicalCentreFactory(municipality=bergen)
    for _ in range(4):
        doctor = DoctorFactory(programme=programme)
        PlacementFactory(doctor=doctor, centre=centre, start=date(2017, 9, 1),
                         planned_end=date(2022, 8, 31))  # fmt: skip
        ConsentFactory(study=study, doctor=doctor)
    client = client_for(erin_mfa)
    page = client.get(reverse("research:retention", args=[study.pk]))
    assert page.context["summary"]["in_post"] == 0  # not "<3"
    monthly = next(f for f in page.context["figures"] if f["name"] == "i-stilling")
    last = monthly["chart"].bars[-1]
    assert last["title"] == f"{timezone.localdate():%m}.{timezone.localdate():%Y}: 0"
    svg = client.get(reverse("research:retention_figure", args=[study.pk, "i-stilling", "svg"]))
    text = svg.content.decode()
    for label in ("ALIS i stilling måned for måned", "Måned", "Antall i stilling"):
        assert label in text
    km = client.get(reverse("research:retention_figure", args=[study.pk, "km-kohort", "svg"]))
    for label in ("Måneder siden start", "Andel (95 % konfidensintervall)", "Antall fulgt"):
        assert label in km.content.decode()
