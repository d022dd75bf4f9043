from datetime import date

import factory

from placements.municipalities.models import MedicalCentre, Municipality, Participation, Programme
from placements.register.models import Absence, Doctor, Placement, SupervisorAssignment


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


class DoctorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Doctor

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Lege {n}")
    email = factory.Sequence(lambda n: f"lege{n}@example.no")
    hpr_number = factory.Sequence(lambda n: f"{1000000 + n}")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    doctor = factory.SubFactory(DoctorFactory)
    programme = factory.SelfAttribute("doctor.programme")
    centre = factory.SubFactory(MedicalCentreFactory)
    municipality = factory.SelfAttribute("centre.municipality")
    start = date(2017, 9, 1)
    planned_end = factory.LazyAttribute(lambda p: p.start.replace(year=p.start.year + 5))


class SupervisorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisorAssignment

    placement = factory.SubFactory(PlacementFactory)
    supervisor = factory.SubFactory("alisvest.factories.UserFactory")
    start = factory.SelfAttribute("placement.start")


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    placement = factory.SubFactory(PlacementFactory)
    kind = Absence.Kind.ILLNESS
    start = factory.SelfAttribute("placement.start")
    end = factory.SelfAttribute("placement.start")
