from datetime import date

import factory
from dateutil.relativedelta import relativedelta

from placements.register.factories import PlacementFactory

from .models import (
    GroupMeeting,
    GroupMembership,
    ProgressReview,
    SupervisionGroup,
    SupervisionSession,
)


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionSession

    placement = factory.SubFactory(PlacementFactory)
    supervisor = factory.SubFactory("alisvest.factories.UserFactory")
    date = factory.LazyAttribute(lambda s: s.placement.start)
    minutes = 60
    kind = SupervisionSession.Kind.INDIVIDUAL
    topics = "Journalføring og henvisninger"


class SupervisionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionGroup

    programme = factory.SubFactory("placements.municipalities.factories.ProgrammeFactory")
    name = factory.Sequence(lambda n: f"Veiledningsgruppe {n}")
    leader = factory.SubFactory("alisvest.factories.UserFactory")
    start = date(2025, 1, 1)
    end = date(2026, 12, 31)


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(SupervisionGroupFactory)
    placement = factory.SubFactory(PlacementFactory)


class GroupMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMeeting

    group = factory.SubFactory(SupervisionGroupFactory)
    date = date(2025, 2, 1)
    hours = 7.5


class ProgressReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReview

    placement = factory.SubFactory(PlacementFactory)
    number = 1
    period_start = factory.LazyAttribute(lambda r: r.placement.start)
    period_end = factory.LazyAttribute(
        lambda r: r.placement.start + relativedelta(months=6, days=-1)
    )
    summary = "God fremdrift i allmennpraksis."
    plan_next = "Kurs i akuttmedisin og mer legevakt."
    written_by = factory.SubFactory("alisvest.factories.UserFactory")
