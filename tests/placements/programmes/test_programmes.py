"""Programmes from the browser: liv creates a national programme with its defaults, edits it
with history kept, invites its people; a manager of a municipality taking part sees it, and
a user in two programmes switches between them."""

from datetime import date

import pytest
from django.urls import reverse

from alisvest.roles import Role, grant_role
from placements.models import Programme
from placements.municipalities.factories import ParticipationFactory, ProgrammeFactory
from placements.programmes.services import unique_slug

pytestmark = pytest.mark.django_db

NEW = {
    "name": "ALIS Nordland nasjonal",
    "rule_set": "national",
    "supervision_rule": "yearly_average",
    "monthly_supervision_minutes": "240",
    "started": "2025-01-01",
    "ended": "",
    "lead_municipality": "",
    "description": "",
}


def test_the_form_offers_the_defaults_of_the_rule_set(client_for, liv_mfa):
    client = client_for(liv_mfa)
    national = client.get(reverse("placements:programme_create")).context["form"]
    assert (
        national["monthly_supervision_minutes"].value(),
        national["supervision_rule"].value(),
    ) == (
        240,
        "yearly_average",
    )
    regional = client.get(reverse("placements:programme_create"), {"regelverk": "regional"})
    form = regional.context["form"]
    assert (form["monthly_supervision_minutes"].value(), form["supervision_rule"].value()) == (
        120,
        "monthly",
    )


def test_liv_creates_a_national_programme_and_leads_it(client_for, liv_mfa):
    client = client_for(liv_mfa)
    response = client.post(reverse("placements:programme_create"), NEW)
    programme = Programme.objects.get(name="ALIS Nordland nasjonal")
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:programme_detail", args=[programme.slug])
    assert programme.slug == "alis-nordland-nasjonal"
    assert programme.is_national and programme.monthly_supervision_minutes == 240
    liv_mfa.refresh_from_db()
    liv_mfa.__dict__.pop("access", None)
    assert programme.pk in liv_mfa.access.led_programmes
    page = client.get(response["Location"]).content.decode()
    assert "42 timer i et helt år" in page and "Inviter personer" in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "ALIS Nordland nasjonal" in dashboard  # the new programme is the one chosen


def test_bad_input_names_the_field_and_keeps_what_was_typed(client_for, liv_mfa):
    data = {**NEW, "name": "", "monthly_supervision_minutes": "5", "description": "Nord"}
    response = client_for(liv_mfa).post(reverse("placements:programme_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "monthly_supervision_minutes" in form.errors
    assert "mellom 15 og 480" in str(form.errors["monthly_supervision_minutes"])
    assert "Nord" in response.content.decode()
    ended = {**NEW, "ended": "2024-01-01"}
    response = client_for(liv_mfa).post(reverse("placements:programme_create"), ended)
    assert response.status_code == 200 and "Sluttdato kan ikke være før startdato" in (
        response.content.decode()
    )
    assert not Programme.objects.filter(name="ALIS Nordland nasjonal").exists()


def test_editing_keeps_the_history(client_for, liv_mfa, programme):
    client = client_for(liv_mfa)
    data = {
        **NEW,
        "name": programme.name,
        "rule_set": "regional",
        "supervision_rule": "monthly",
        "monthly_supervision_minutes": "150",
        "started": "2017-01-01",
    }
    response = client.post(reverse("placements:programme_edit", args=[programme.slug]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.monthly_supervision_minutes == 150
    assert [h.monthly_supervision_minutes for h in programme.history.all()][:1] == [150]
    assert programme.history.count() >= 2
    assert programme.history.first().history_user == liv_mfa


def test_only_a_leader_creates_or_edits(client_for, stein, alice, programme, participating):
    for user in (stein, alice):
        client = client_for(user)
        assert client.get(reverse("placements:programme_create")).status_code == 403
        edit = reverse("placements:programme_edit", args=[programme.slug])
        assert client.get(edit).status_code == 403
    other = ProgrammeFactory(slug="annet")
    assert (
        client_for(stein).get(reverse("placements:programme_detail", args=[other.slug])).status_code
        == 404
    )


def test_a_manager_of_a_municipality_taking_part_sees_the_programme(client_for, alice, bergen):
    national = ProgrammeFactory(name="ALIS Vest nasjonal", slug="vest-nasjonal")
    ParticipationFactory(programme=national, municipality=bergen)
    dashboard = client_for(alice).get(reverse("dashboard")).content.decode()
    assert "ALIS Vest nasjonal" in dashboard
    page = client_for(alice).get(reverse("placements:programme_detail", args=[national.slug]))
    assert page.status_code == 200 and "Endre program" not in page.content.decode()


def test_a_leader_of_two_programmes_switches(client_for, liv_mfa, programme):
    national = ProgrammeFactory(
        name="ALIS Vest nasjonal", slug="vest-nasjonal", started=date(2023, 1, 1)
    )
    grant_role(liv_mfa, Role.PROJECT_LEADER, national)
    client = client_for(liv_mfa)
    first = client.get(reverse("dashboard")).content.decode()
    assert "Bytt til ALIS Vest nasjonal" in first and f'id="programme-{programme.pk}"' in first
    response = client.post(reverse("placements:programme_switch", args=[national.slug]))
    assert response["Location"] == reverse("dashboard")
    after = client.get(reverse("dashboard")).content.decode()
    assert f'id="programme-{national.pk}"' in after
    assert f'id="programme-{programme.pk}"' not in after
    assert "Bytt til ALIS-VEST" in after


def test_the_invitation_form_starts_with_the_programme(client_for, liv_mfa, programme):
    response = client_for(liv_mfa).get(reverse("invitations"), {"programme": programme.pk})
    assert str(response.context["form"]["programme"].value()) == str(programme.pk)


def test_slugs_are_unique_and_never_shadow_a_path(db):
    ProgrammeFactory(slug="alis-ost")
    assert unique_slug("ALIS Øst") == "alis-ost-2"
    assert unique_slug("Ny") == "program-ny"
    assert Programme.objects.filter(started__lte=date.today()).exists()


def test_a_change_without_a_user_shows_in_the_history(client_for, liv_mfa, programme):
    programme.description = "Endret av en jobb"
    programme.save()  # no request: the history row has no user
    page = client_for(liv_mfa).get(reverse("placements:programme_detail", args=[programme.slug]))
    assert page.status_code == 200 and "—" in page.content.decode()
