"""The pseudonymised export, checked on the actual files: consenting people only, no
identifying fields, stable pseudonyms per study, small cells suppressed, every export logged."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from placements.models import Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory
from research.factories import ConsentFactory, StudyFactory
from research.models import ExportLog
from research.services import withdraw_consent
from supervision.models import Reflection, SessionMinutes, SupervisionSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(programme, erin):
    study = StudyFactory(programme=programme, name="Følgestudie ALIS-Vest", k_anonymity=2)
    study.members.add(erin)
    return study


@pytest.fixture
def cohort(study, bergen, carol):
    """Four ALIS in Bergen with consent; three left early for the same reason."""
    centre = MedicalCentreFactory(municipality=bergen)
    people = []
    for i, name in enumerate(["Dan Dale", "Siri Sæle", "Tor Tveit", "Una Ulv"]):
        doctor = DoctorFactory(
            programme=study.programme, name=name, email=f"alis{i}@example.no",
            hpr_number=f"98765{i:02d}",
        )  # fmt: skip
        placement = PlacementFactory(
            doctor=doctor, centre=centre, start=date(2017, 9, 1),
            actual_end=date(2018, 6, 30) if i < 3 else None,
            end_reason=Placement.EndReason.FAMILY if i < 3 else "",
            end_note="Flyttet hjem til Tromsø med familien" if i < 3 else "",
        )  # fmt: skip
        session = SupervisionSession.objects.create(
            placement=placement, supervisor=carol, date=date(2017, 10, 5), minutes=120,
            topics="Hemmelig fritekst om pasient",
        )  # fmt: skip
        # Minutes and a shared reflection: never in an export.
        SessionMinutes.objects.create(
            session=session, agreed="Hemmelig avtale", follow_ups="Hemmelig oppfølging"
        )
        Reflection.objects.create(
            placement=placement, author=carol, session=session, text="Hemmelig refleksjon",
            shared=True,
        )  # fmt: skip
        people.append((doctor, ConsentFactory(study=study, doctor=doctor)))
    return people


def download(client, study, **params):
    params.setdefault("formaal", "Artikkel om stabilitet")
    response = client.get(reverse("research:export", args=[study.pk]), params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return response


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_text(response):
    workbook = load_workbook(io.BytesIO(response.content))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if v is not None)
    return workbook, "\n".join(cells)


def test_withdrawn_consent_disappears_from_the_next_export(client_for, erin_mfa, study, cohort):
    client = client_for(erin_mfa)
    before = csv_rows(download(client, study, format="csv", tabell="stillinger"))
    (_dan, dan_consent) = cohort[0]
    withdraw_consent(dan_consent, by=None)
    after = csv_rows(download(client, study, format="csv", tabell="stillinger"))
    # Una, the one still in post, is alone in her combination: dropped at k = 2.
    assert len(before) == 4 and len(after) == 3
    assert dan_consent.pseudonym in {row[0] for row in before}
    assert dan_consent.pseudonym not in {row[0] for row in after}
    _workbook, text = xlsx_text(download(client, study, format="xlsx"))
    assert dan_consent.pseudonym not in text


def test_export_file_has_no_identifying_fields(client_for, erin_mfa, study, cohort):
    workbook, text = xlsx_text(download(client_for(erin_mfa), study, format="xlsx"))
    assert {s.title for s in workbook.worksheets} == {
        "stillinger", "veiledning", "avganger", "sporreundersokelse", "stillingsevaluering",
        "aggregater", "anonymisering", "kodebok",
    }  # fmt: skip
    for doctor, _consent in cohort:
        assert doctor.name not in text
        assert doctor.email not in text
        assert doctor.hpr_number not in text
    assert "Tromsø" not in text and "Hemmelig" not in text  # free text
    assert "2017-09-01" not in text  # exact dates: months only
    headers = {c.value for s in workbook.worksheets for c in next(s.iter_rows(max_row=1))}
    assert not headers & {"navn", "name", "email", "e-post", "hpr", "hpr_number", "fodselsdato"}
    assert not [h for h in headers if h == "id" or h.endswith("_id")]  # no internal keys


def test_pseudonym_is_stable_across_exports_and_differs_between_studies(
    client_for, liv_mfa, study, cohort, programme
):
    client = client_for(liv_mfa)
    first = csv_rows(download(client, study, format="csv", tabell="stillinger"))
    second = csv_rows(download(client, study, format="csv", tabell="stillinger"))
    assert [r[0] for r in first] == [r[0] for r in second]
    other = StudyFactory(programme=programme, name="Annen studie", k_anonymity=2)
    for doctor, _consent in cohort:
        ConsentFactory(study=other, doctor=doctor)
    third = csv_rows(download(client, other, format="csv", tabell="stillinger"))
    assert {r[0] for r in third[1:]}.isdisjoint(r[0] for r in first[1:])
    assert len({r[0] for r in first[1:]}) == 3 == len(third[1:])


def test_small_cells_are_suppressed(client_for, erin_mfa, study, cohort):
    rows = csv_rows(
        download(
            client_for(erin_mfa), study, format="csv", tabell="aggregater",
            skjaeringsdato="2019-01-01",
        )
    )  # fmt: skip
    cells = {(group, value): n for group, value, n in rows[1:]}
    assert cells[("sluttaarsak", "familie")] == "3"
    assert cells[("avtaleform_status", "fastlonn/i_stilling")] == "<3"
    assert cells[("startaar", "2017")] == "4"


def test_every_export_is_logged_with_its_filter(client_for, erin_mfa, study, cohort):
    download(client_for(erin_mfa), study, format="csv", tabell="avganger", fra_ar=2017)
    log = ExportLog.objects.get()
    assert log.user == erin_mfa and log.study == study and log.format == "csv"
    today = date.today().isoformat()
    assert log.filters == {"tabell": "avganger", "fra_ar": 2017, "skjaeringsdato": today}
    assert log.people == 4


def test_export_is_for_study_members_and_leaders_only(client_for, alice, study, cohort):
    url = reverse("research:export", args=[study.pk])
    assert client_for(alice).get(url, {"format": "csv"}).status_code == 404
    assert not ExportLog.objects.exists()


def test_monthly_supervision_totals(client_for, erin_mfa, study, cohort):
    rows = csv_rows(download(client_for(erin_mfa), study, format="csv", tabell="veiledning"))
    assert rows[0][:3] == ["pseudonym", "maaned", "individuell_minutter"]
    assert {(r[1], r[2]) for r in rows[1:]} == {("2017-10", "120")}
    assert len(rows) == 4  # Una, alone in her combination, is dropped with her placement row
