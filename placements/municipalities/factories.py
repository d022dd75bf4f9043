from datetime import date

import factory

from placements.municipalities.models import MedicalCentre, Municipality, Participation, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    started = date(2017, 1, 1)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A made-up municipality; tests mostly use the real register loaded by migration."""

    class Meta:
        model = Municipality

    number = factory.Sequence(lambda n: f"{9000 + n % 999:04d}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    county = "Testfylke"
    centrality = 4


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    joined = date(2017, 9, 1)


class MedicalCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MedicalCentre

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Legesenter {n}")
    doctor_count = 4
    specialist_count = 2
    equipment = ["ekg"]
