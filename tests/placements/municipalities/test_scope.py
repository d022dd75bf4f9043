"""Scope: outside it, 404; read-only, 403; anonymous, to the login page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def urls(centre):
    return {
        "detail": reverse("placements:centre_detail", args=[centre.pk]),
        "edit": reverse("placements:centre_edit", args=[centre.pk]),
        "create": reverse("placements:centre_create", args=[centre.municipality.number]),
        "municipality": reverse(
            "placements:municipality_detail", args=[centre.municipality.number]
        ),
    }


def test_anonymous_is_sent_to_login(client, bergen_centre):
    for url in urls(bergen_centre).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_bob_cannot_see_bergens_centre(client_for, bob, bergen_centre):
    client = client_for(bob)
    for name, url in urls(bergen_centre).items():
        assert client.get(url).status_code == 404, name
    assert client.post(urls(bergen_centre)["edit"], {"name": "x"}).status_code == 404


def test_alice_sees_and_edits_bergens_centre(client_for, alice, bergen_centre):
    client = client_for(alice)
    for name, url in urls(bergen_centre).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.usefixtures("participating")
def test_steering_group_reads_but_may_not_edit(client_for, stein, bergen_centre):
    client = client_for(stein)
    assert client.get(urls(bergen_centre)["detail"]).status_code == 200
    assert client.get(urls(bergen_centre)["edit"]).status_code == 403
    assert client.get(urls(bergen_centre)["create"]).status_code == 403


@pytest.mark.usefixtures("participating")
def test_project_leader_edits_centres_in_participating_municipalities(
    client_for, liv_mfa, bergen_centre
):
    client = client_for(liv_mfa)
    assert client.get(urls(bergen_centre)["edit"]).status_code == 200


def test_project_leader_cannot_see_centres_outside_the_programme(
    client_for, liv_mfa, bergen_centre
):
    # Bergen does not take part here (no `participating` fixture).
    assert client_for(liv_mfa).get(urls(bergen_centre)["detail"]).status_code == 404


@pytest.mark.usefixtures("participating")
def test_ullensvang_centres_count_through_odda(client_for, stein, register):
    from placements.models import Municipality
    from placements.municipalities.factories import MedicalCentreFactory

    ullensvang = Municipality.objects.current().get(number="4618")
    centre = MedicalCentreFactory(municipality=ullensvang, name="Odda legesenter")
    assert client_for(stein).get(urls(centre)["detail"]).status_code == 200


def test_researcher_without_participation_sees_no_centres(client_for, erin_mfa, bergen_centre):
    assert client_for(erin_mfa).get(urls(bergen_centre)["detail"]).status_code == 404


@pytest.mark.usefixtures("participating")
def test_a_researcher_reads_the_list_but_opens_no_municipality_or_centre_page(
    client_for, erin_mfa, bergen_centre
):
    """Staff counts and ages on these pages are quasi-identifiers of the few doctors in a
    small municipality; the research export is where a researcher reads the programme."""
    client = client_for(erin_mfa)
    listing = client.get(reverse("placements:municipality_list"), {"q": "Bergen"})
    assert "Bergen" in listing.content.decode()
    assert reverse("placements:municipality_detail", args=["4601"]) not in (
        listing.content.decode()
    )
    for name, url in urls(bergen_centre).items():
        assert client.get(url).status_code == 404, name
    api = client.get(f"/api/v1/centres/{bergen_centre.pk}/")
    assert api.status_code == 404
    assert client.get("/api/v1/centres/").json()["count"] == 0


def test_for_user_helpers_return_only_scope(alice, bob, bergen_centre):
    from placements.models import MedicalCentre, Municipality

    assert list(MedicalCentre.objects.for_user(alice)) == [bergen_centre]
    assert list(MedicalCentre.objects.for_user(bob)) == []
    assert set(Municipality.objects.for_user(bob).values_list("number", flat=True)) == {
        "4614",
        "1221",  # Stord today, and Stord before the 2020 renumbering
    }


@pytest.mark.usefixtures("participating")
def test_participation_scope(bob, stein, carol):
    from placements.models import Participation

    # The fixture enrols today's Stord (4614); bob manages it.
    assert [p.municipality.number for p in Participation.objects.for_user(bob)] == ["4614"]
    assert Participation.objects.for_user(stein).count() == 3
    assert Participation.objects.for_user(carol).count() == 0
