"""Editing a programme's plan template offers to apply the change to plans not yet started:
a preview lists which plans change and how, then a confirmation remakes the chosen ones."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.plans import services
from placements.plans.models import PeriodKind
from placements.register.factories import PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(programme, participating, bergen_centre):
    """One plan of a placement that started last year, two of placements starting soon."""
    today = timezone.localdate()
    made = []
    for name, days in [("Gammel Gro", -365), ("Ny Nina", 30), ("Ny Ola", 60)]:
        placement = PlacementFactory(
            programme=programme,
            doctor__programme=programme,
            doctor__name=name,
            centre=bergen_centre,
            start=today + timedelta(days=days),
        )
        made.append(services.create_plan(placement))
    return made


def institution_months(plan):
    period = plan.periods.get(kind=PeriodKind.INSTITUTION)
    return (period.end - period.start).days // 30


def shorten_institution(programme):
    template = services.template_for(programme)
    period = template.periods.get(kind=PeriodKind.INSTITUTION)
    period.months = 6
    period.save()


def test_preview_lists_only_plans_not_yet_started_that_change(
    client_for, liv_mfa, programme, plans
):
    url = reverse("placements:plan_template_apply", args=[programme.slug])
    assert client_for(liv_mfa).get(url).context["rows"] == []  # all follow the template
    shorten_institution(programme)
    response = client_for(liv_mfa).get(url)
    names = [row["plan"].placement.doctor.name for row in response.context["rows"]]
    assert names == ["Ny Nina", "Ny Ola"]
    html = response.content.decode()
    assert "Gammel Gro" not in html
    assert "Institusjonstjeneste" in html  # the changed period, before and after


def test_confirming_remakes_the_chosen_plans_with_history(client_for, liv_mfa, programme, plans):
    old, nina, ola = plans
    shorten_institution(programme)
    url = reverse("placements:plan_template_apply", args=[programme.slug])
    response = client_for(liv_mfa).post(url, {"plan": [nina.pk]})
    assert response.status_code == 302
    assert institution_months(nina) < 7
    assert institution_months(ola) > 11  # not chosen
    assert institution_months(old) > 11  # started: never touched
    period = nina.periods.get(kind=PeriodKind.INSTITUTION)
    assert period.history.latest().history_change_reason == "Planmalen ble brukt på planen"
    assert period.history.latest().history_user == liv_mfa


def test_nothing_chosen_asks_again(client_for, liv_mfa, programme, plans):
    shorten_institution(programme)
    url = reverse("placements:plan_template_apply", args=[programme.slug])
    response = client_for(liv_mfa).post(url, {})
    assert response.status_code == 200
    assert "Kryss av for planene" in response.content.decode()


def test_saving_the_template_leads_to_the_preview(client_for, liv_mfa, programme, plans):
    shorten_institution(programme)
    page = client_for(liv_mfa).get(reverse("placements:plan_template", args=[programme.slug]))
    assert page.context["pending"] == 2
    assert reverse("placements:plan_template_apply", args=[programme.slug]) in (
        page.content.decode()
    )


def test_steering_group_cannot_apply(client_for, stein, programme, plans):
    url = reverse("placements:plan_template_apply", args=[programme.slug])
    assert client_for(stein).post(url, {"plan": [plans[1].pk]}).status_code == 403
