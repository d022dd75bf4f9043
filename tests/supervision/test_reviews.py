"""Half-year reviews: when they fall due, frozen once signed, new versions, who signs."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.models import OutboxMessage
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    AbsenceFactory,
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision import review_services as services
from supervision.models import ProgressReview, ReviewSignature
from supervision.reviews import HalfYear, due_half_years, half_year_of, half_years

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
Role_ = ReviewSignature.Role


# --- Due dates, a pure function ---------------------------------------------------------


def test_a_review_falls_due_every_six_months_from_the_start():
    periods = half_years(date(2024, 1, 15), date(2025, 7, 14))
    assert [(h.number, h.start, h.due) for h in periods] == [
        (1, date(2024, 1, 15), date(2024, 7, 14)),
        (2, date(2024, 7, 15), date(2025, 1, 14)),
        (3, date(2025, 1, 15), date(2025, 7, 14)),
    ]


def test_month_ends_stay_month_ends():
    [first, *_] = half_years(date(2024, 8, 31), date(2026, 8, 30))
    assert first.end == date(2025, 2, 27)  # 28 Feb minus a day: six months from 31 Aug


def test_a_placement_shorter_than_six_months_has_one_review_at_its_end():
    assert half_years(date(2024, 1, 1), date(2024, 3, 31)) == [
        HalfYear(1, date(2024, 1, 1), date(2024, 3, 31))
    ]


def test_a_short_remainder_joins_the_half_year_before_it():
    periods = half_years(date(2024, 1, 1), date(2025, 1, 31))
    assert [(h.start, h.end) for h in periods] == [
        (date(2024, 1, 1), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2025, 1, 31)),
    ]


def test_a_long_enough_remainder_has_its_own_closing_review():
    periods = half_years(date(2024, 1, 1), date(2025, 3, 31))
    assert periods[-1] == HalfYear(3, date(2025, 1, 1), date(2025, 3, 31))


def test_leave_moves_the_half_years_end_out_by_the_days_away():
    leave = [(date(2024, 3, 1), date(2024, 3, 31))]  # 31 days
    first, second = half_years(date(2024, 1, 1), date(2026, 1, 1), leave)[:2]
    assert first.end == date(2024, 6, 30) + timedelta(days=31)
    assert second.start == first.end + timedelta(days=1)


def test_leave_that_the_extension_reaches_also_counts():
    # The first half-year ends 30 June; leave from 1 July is inside once it is moved out.
    leave = [(date(2024, 6, 20), date(2024, 7, 10))]
    [first, *_] = half_years(date(2024, 1, 1), date(2026, 1, 1), leave)
    assert first.end == date(2024, 6, 30) + timedelta(days=21)


# --- Fixtures --------------------------------------------------------------------------


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=TODAY - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


@pytest.fixture
def olav(programme, bergen_centre):
    """Olav supervises another ALIS."""
    olav = UserFactory(email="olav@example.no", name="Olav Veileder")
    grant_role(olav, Role.SUPERVISOR)
    SupervisorAssignmentFactory(
        placement=PlacementFactory(doctor=DoctorFactory(programme=programme), centre=bergen_centre),
        supervisor=olav,
    )
    return olav


def written(placement, carol, number=1):
    return services.write_review(
        placement,
        half_year_of(placement, number),
        by=carol,
        summary="Godt halvår.",
        plan_next="Akuttkurs i høst.",
    )


# --- Due, written, signed ---------------------------------------------------------------


def test_two_half_years_are_due_after_400_days_until_the_supervisor_signs(placement, carol):
    assert [h.number for _p, h in due_half_years([placement])] == [1, 2]
    review = written(placement, carol)
    assert [h.number for _p, h in due_half_years([placement])] == [1, 2]  # a draft is not done
    services.sign_review(review, Role_.SUPERVISOR, by=carol)
    assert [h.number for _p, h in due_half_years([placement])] == [2]


def test_only_the_placements_supervisor_writes_and_signs_as_supervisor(placement, carol, olav):
    with pytest.raises(PermissionDenied):
        written(placement, olav)
    review = written(placement, carol)
    with pytest.raises(PermissionDenied):
        services.sign_review(review, Role_.SUPERVISOR, by=olav)


def test_the_alis_signs_after_the_supervisor_and_the_leader_after_both(placement, carol, dan, liv):
    review = written(placement, carol)
    with pytest.raises(PermissionDenied):
        services.sign_review(review, Role_.ALIS, by=dan, comment="Enig.")
    services.sign_review(review, Role_.SUPERVISOR, by=carol)
    with pytest.raises(PermissionDenied):
        services.sign_review(review, Role_.LEADER, by=liv)
    with pytest.raises(PermissionDenied):  # carol is not the ALIS
        services.sign_review(review, Role_.ALIS, by=carol)
    services.sign_review(review, Role_.ALIS, by=dan, comment="Enig, men vil ha mer legevakt.")
    with pytest.raises(PermissionDenied):  # dan does not lead the programme
        services.sign_review(review, Role_.LEADER, by=dan)
    services.sign_review(review, Role_.LEADER, by=liv)
    review.refresh_from_db()
    assert review.status == ProgressReview.Status.COMPLETE
    assert review.alis_comment == "Enig, men vil ha mer legevakt."
    assert [(s.role, s.user) for s in review.signatures.all()] == [
        ("supervisor", carol),
        ("alis", dan),
        ("leader", liv),
    ]
    assert all(s.signed_at for s in review.signatures.all())


def test_each_role_signs_once(placement, carol):
    review = written(placement, carol)
    services.sign_review(review, Role_.SUPERVISOR, by=carol)
    with pytest.raises(PermissionDenied):
        services.sign_review(review, Role_.SUPERVISOR, by=carol)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewSignature.objects.create(review=review, role=Role_.SUPERVISOR, user=carol)


def test_signing_asks_the_next_person_through_the_outbox(placement, carol, dan):
    review = written(placement, carol)
    services.sign_review(review, Role_.SUPERVISOR, by=carol)
    services.sign_review(review, Role_.ALIS, by=dan, comment="")
    tasks = list(OutboxMessage.objects.values_list("task", flat=True))
    assert services.REVIEW_SIGNED_TASK in tasks
    assert services.REVIEW_TO_ACKNOWLEDGE_TASK in tasks


# --- Frozen and versioned ---------------------------------------------------------------


def test_a_draft_can_be_changed_but_a_signed_review_is_frozen(placement, carol):
    review = written(placement, carol)
    services.update_review(review, by=carol, summary="Bedre enn ventet.", plan_next="Kurs.")
    services.sign_review(review, Role_.SUPERVISOR, by=carol)
    with pytest.raises(PermissionDenied):
        services.update_review(review, by=carol, summary="Endret.", plan_next="Kurs.")
    review.summary = "Endret i ettertid."
    with pytest.raises(ValidationError):
        review.save()


def test_the_database_refuses_a_change_to_a_signed_review(placement, carol):
    review = written(placement, carol)
    services.sign_review(review, Role_.SUPERVISOR, by=carol)
    with pytest.raises(Exception, match="frozen"), transaction.atomic():
        ProgressReview.objects.filter(pk=review.pk).update(summary="Bak ryggen.")
    with pytest.raises(Exception, match="never changed"), transaction.atomic():
        ReviewSignature.objects.filter(review=review).update(signed_at=timezone.now())
    with connection.cursor() as cursor:  # the ALIS may still comment before signing
        cursor.execute(
            "UPDATE supervision_progressreview SET alis_comment = 'ok' WHERE id = %s", [review.pk]
        )


def test_amending_makes_a_new_version_that_needs_fresh_signatures(placement, carol, dan):
    review = written(placement, carol)
    with pytest.raises(PermissionDenied):  # a draft is changed directly
        services.amend_review(review, by=carol)
    services.sign_review(review, Role_.SUPERVISOR, by=carol)
    services.sign_review(review, Role_.ALIS, by=dan, comment="Enig.")
    second = services.amend_review(review, by=carol)
    assert (second.version, second.supersedes, second.summary) == (2, review, review.summary)
    assert second.status == ProgressReview.Status.DRAFT
    assert list(ProgressReview.objects.current().filter(placement=placement)) == [second]
    assert review.signatures.count() == 2  # the old version keeps its signatures
    with pytest.raises(PermissionDenied):  # the old one is superseded
        services.sign_review(review, Role_.LEADER, by=carol)
    with pytest.raises(PermissionDenied):
        services.amend_review(review, by=carol)
    # Half-year 1 is due again until the new version is signed.
    assert 1 in [h.number for _p, h in due_half_years([placement])]


def test_a_half_year_is_written_once(placement, carol):
    written(placement, carol)
    with pytest.raises(ValidationError):
        written(placement, carol)


def test_due_dates_for_many_placements_take_three_queries(
    placement, carol, django_assert_num_queries
):
    others = [
        PlacementFactory(doctor=DoctorFactory(programme=placement.programme)) for _ in range(5)
    ]
    for other in others:
        AbsenceFactory(placement=other, kind="sykdom", start=other.start, end=other.start)
    with django_assert_num_queries(2):  # signed reviews, absences
        due_half_years([placement, *others])
