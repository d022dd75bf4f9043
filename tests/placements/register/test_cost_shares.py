"""Setting a shared post's cost shares on the placement page."""

from datetime import date

import pytest
from django.urls import reverse

from placements.models import CostShare
from tests.funding.test_statements import place

pytestmark = pytest.mark.django_db


def form(rows):
    data = {"form-TOTAL_FORMS": "4", "form-INITIAL_FORMS": "0"}
    for i, (municipality, percent) in enumerate(rows):
        data[f"form-{i}-municipality"] = municipality
        data[f"form-{i}-percent"] = percent
    return data


def test_liv_shares_a_post_between_bergen_and_stord(
    programme, bergen, stord, participating, liv_mfa, client_for
):
    liv = liv_mfa
    placement = place(programme, bergen, date(2024, 1, 1))
    client = client_for(liv)
    url = reverse("placements:placement_cost_shares", args=[placement.pk])
    page = client.get(url).content.decode()
    assert "Bergen" in page
    response = client.post(url, form([(bergen.pk, "60"), (stord.pk, "30")]))
    assert response.status_code == 200
    assert "Andelene må til sammen være 100 prosent; nå er summen 90" in response.content.decode()
    assert 'value="30"' in response.content.decode()  # nothing typed is lost
    response = client.post(url, form([(bergen.pk, "60"), (stord.pk, "")]))
    assert "Velg både kommune og andel" in response.content.decode()
    response = client.post(url, form([(bergen.pk, "60"), (stord.pk, "40")]))
    assert response.status_code == 302
    assert sorted(CostShare.objects.values_list("municipality__name", "percent")) == [
        ("Bergen", 60),
        ("Stord", 40),
    ]
    detail = client.get(reverse("placements:placement_detail", args=[placement.pk]))
    assert "Stord: 40 %" in detail.content.decode()
    assert CostShare.history.filter(history_user=liv).count() == 2


def test_bob_cannot_share_bergens_post(programme, bergen, participating, bob, client_for):
    placement = place(programme, bergen, date(2024, 1, 1))
    url = reverse("placements:placement_cost_shares", args=[placement.pk])
    assert client_for(bob).get(url).status_code == 404
