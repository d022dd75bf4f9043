from datetime import date

import factory

from placements.municipalities.factories import MedicalCentreFactory, ProgrammeFactory
from placements.register.models import Absence, Doctor, Placement, SupervisorAssignment


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
