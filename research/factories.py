from datetime import UTC, date, datetime

import factory

from placements.municipalities.factories import ProgrammeFactory
from placements.register.factories import DoctorFactory

from .models import Category, Consent, Interview, InterviewRound, Study


class StudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Study

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Studie {n}")
    institution = "NSDM"
    started = date(2017, 9, 1)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    study = factory.SubFactory(StudyFactory)
    category = Category.ALIS
    doctor = factory.SubFactory(DoctorFactory, programme=factory.SelfAttribute("..study.programme"))
    given_at = datetime(2017, 10, 1, 12, 0, tzinfo=UTC)
    method = Consent.Method.PAPER
    text_version = "v1 2017"


class InterviewRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewRound

    study = factory.SubFactory(StudyFactory)
    number = factory.Sequence(lambda n: n + 1)
    period_start = date(2017, 10, 1)
    period_end = date(2018, 2, 28)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    round = factory.SubFactory(InterviewRoundFactory)
    informant_code = factory.Sequence(lambda n: f"HL-{n:02d}")
    category = Category.MANAGER
    date = factory.SelfAttribute("round.period_start")
