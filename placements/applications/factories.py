from datetime import timedelta

import factory
from django.utils import timezone

from placements.applications.decisions import record_decision
from placements.applications.models import Application, Call
from placements.municipalities.factories import ProgrammeFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Utlysning {n}")
    target_counties = factory.LazyFunction(lambda: ["Vestland"])
    posts_offered = 15
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft; `complete=True` fills every section so it can be submitted."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)

    class Params:
        complete = factory.Trait(
            posts_requested=2,
            contact_name="Alice Aas",
            contact_email="alice@bergen.kommune.no",
            recruitment_situation="Tre ledige hjemler siste år.",
            list_solution=Application.ListSolution.MUNICIPAL,
            list_length=700,
            daily_supervision="Erfaren kollega på samme senter hver dag.",
            supervisor_name="Kari Veileder",
            supervisor_is_specialist=True,
            supervisor_same_centre=True,
            supervision_hours_per_month=2,
            backup_on_call="Bakvakt fra erfaren fastlege til godkjenning.",
            municipal_work="Sykehjem 20 %.",
            municipal_work_percent=20,
            substitute_solution="Vikarpool i kommunen.",
            vulnerability="Lav; fem leger på senteret.",
            post_kind=Application.PostKind.NEW,
        )


def decide(application, posts=None, *, outcome="approve", **kwargs):
    """The project leader records a decision as the steering group reached it."""
    kwargs.setdefault("meeting_date", timezone.localdate())
    kwargs.setdefault("reason", "Søknaden svarer godt på alle punktene.")
    return record_decision(application, outcome=outcome, posts=posts, **kwargs)
