"""The synthetic data generator: bulk SQL, the sizes it promises, the same rows for a seed."""

from datetime import date

import pytest
from django.db import connection, transaction

from demo.synthetic import SCALES, generate
from placements.models import Placement
from supervision.models import MonthlyCheck, SupervisionSession

TODAY = date(2026, 11, 15)

FINGERPRINT = """
SELECT md5(string_agg(concat_ws(',', d.hpr_number, m.number, p.start, p.actual_end,
                                p.contract_type, s.n, s.minutes), ';' ORDER BY d.hpr_number))
  FROM placements_placement p
  JOIN placements_doctor d ON d.id = p.doctor_id
  JOIN placements_municipality m ON m.id = p.municipality_id
  LEFT JOIN (SELECT placement_id, count(*) AS n, sum(minutes) AS minutes
               FROM supervision_supervisionsession GROUP BY placement_id) s
    ON s.placement_id = p.id
"""


class Rollback(Exception):
    pass


def fingerprint_of(seed):
    try:
        with transaction.atomic():
            generate("small", seed=seed, today=TODAY)
            with connection.cursor() as cursor:
                cursor.execute(FINGERPRINT)
                value = cursor.fetchone()[0]
            raise Rollback
    except Rollback:
        return value


@pytest.mark.django_db
def test_small_scale_has_the_promised_sizes(register, django_assert_max_num_queries):
    scale = SCALES["small"]
    # Bulk statements: the number of queries does not follow the number of rows.
    with django_assert_max_num_queries(150):
        generate("small", seed=3, today=TODAY)
    assert Placement.objects.count() == scale.placements
    assert Placement.objects.active(TODAY).count() == scale.active
    sessions = SupervisionSession.objects.count()
    assert abs(sessions - scale.sessions) <= scale.placements
    # Every session lies inside its placement's period and is not in the future.
    assert not SupervisionSession.objects.filter(date__gt=TODAY).exists()
    assert not SupervisionSession.objects.filter(date__lt=models_start()).exists()
    assert MonthlyCheck.objects.filter(status="deficit").exists()
    assert MonthlyCheck.objects.filter(status="ok").exists()


def models_start():
    from django.db.models import Min

    return Placement.objects.aggregate(first=Min("start"))["first"]


@pytest.mark.django_db
def test_same_seed_same_rows_other_seed_other_rows(register):
    assert fingerprint_of(7) == fingerprint_of(7)
    assert fingerprint_of(7) != fingerprint_of(8)


@pytest.mark.django_db
def test_refuses_a_database_that_already_has_synthetic_data(register):
    generate("small", seed=1, today=TODAY)
    with pytest.raises(RuntimeError, match="allerede syntetiske data"):
        generate("small", seed=1, today=TODAY)
