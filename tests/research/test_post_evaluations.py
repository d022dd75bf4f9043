"""Post evaluations reach research only for doctors whose consent is in force, by
pseudonym, without the free text."""

import pytest
from django.utils import timezone

from placements.register.factories import DoctorFactory, PlacementFactory
from research.factories import ConsentFactory, StudyFactory
from research.post_evaluations import post_evaluation_table
from supervision.models import PostEvaluation

pytestmark = pytest.mark.django_db


def evaluated(doctor, year=2025):
    return PostEvaluation.objects.create(
        placement=PlacementFactory(doctor=doctor),
        year=year,
        supervision_quality=4,
        workload=2,
        centre=5,
        stay="Fast liste hos Olsen på Leirvik",
    )


def test_only_consenting_doctors_by_pseudonym_and_never_the_free_text(programme):
    study = StudyFactory(programme=programme)
    consenting = ConsentFactory(study=study).doctor
    withdrawn = ConsentFactory(study=study, withdrawn_at=timezone.now()).doctor
    never = DoctorFactory(programme=programme)
    for doctor in (consenting, withdrawn, never):
        evaluated(doctor)
    table = post_evaluation_table(study)
    assert table.rows == [[study.pseudonym(f"doctor:{consenting.pk}"), 2025, 4, 2, 5]]
    flat = repr(table.rows)
    assert "Olsen" not in flat and consenting.name not in flat


def test_the_export_carries_the_table_with_its_codebook(programme):
    from research.export import build_tables, codebook_rows

    study = StudyFactory(programme=programme)
    evaluated(ConsentFactory(study=study).doctor)
    _doctors, tables = build_tables(study, {})
    table = next(t for t in tables if t.key == "stillingsevaluering")
    assert len(table.rows) == 1 and len(table.variables) == len(table.columns)
    described = {row[1] for row in codebook_rows(study, tables) if row[0] == table.key}
    assert described == set(table.columns)
