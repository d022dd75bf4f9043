"""Findings of the walkthrough as each role: what a user sees must not lead nowhere."""

import pytest

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, participating, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


def test_the_alis_dashboard_shows_their_placement(client_for, dan, placement):
    page = client_for(dan).get("/oversikt/").content.decode()
    assert "Utdanningsstillingen din er ikke registrert ennå." not in page
    assert "Åsane legesenter" in page
    assert "/min-plan/" in page


def test_the_alis_dashboard_without_a_placement_says_so(client_for, dan):
    page = client_for(dan).get("/oversikt/").content.decode()
    assert "Utdanningsstillingen din er ikke registrert ennå." in page


@pytest.mark.parametrize("who", ["dan", "carol"])
def test_alis_and_supervisor_get_no_links_they_may_not_follow(client_for, placement, who, request):
    client = client_for(request.getfixturevalue(who))
    listing = client.get("/stillinger/").content.decode()
    assert "/stillinger/ny/" not in listing
    detail = client.get(f"/stillinger/{placement.pk}/").content.decode()
    assert f"/kommuner/{placement.municipality.number}/" not in detail
    assert 'href="/kommuner/"' not in detail  # no menu entry to an empty list
    assert client.get("/stillinger/ny/").status_code == 403


def test_the_manager_keeps_the_links(client_for, alice, placement):
    client = client_for(alice)
    assert "/stillinger/ny/" in client.get("/stillinger/").content.decode()
    detail = client.get(f"/stillinger/{placement.pk}/").content.decode()
    assert f"/kommuner/{placement.municipality.number}/" in detail
    assert 'href="/kommuner/"' in detail


def test_the_forbidden_page_is_norwegian_with_the_reason(client_for, dan):
    response = client_for(dan).get("/stillinger/ny/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Ingen tilgang" in page
    assert "Bare helseledere og prosjektledere kan registrere stillinger." in page
    assert "Forbidden" not in page


def test_a_required_radio_group_shows_the_star_on_its_legend():
    from django import forms

    class Form(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        extra = forms.ChoiceField(
            choices=[("a", "A")], widget=forms.RadioSelect, required=False, label="Valgfri"
        )

    html = str(Form())
    assert 'Kind <span class="required" aria-hidden="true">*</span></legend>' in html
    assert "Valgfri</legend>" in html


def test_chart_figures_start_right_of_the_longer_bar():
    from types import SimpleNamespace

    from alisvest.charts import LABEL, recruitment_bars

    def round_(name, applicants, hired):
        return SimpleNamespace(
            municipality=SimpleNamespace(name=name), applicants=applicants, hired=hired
        )

    bars = recruitment_bars([round_("Bergen", 72, 2), round_("Fusa", None, 1)])["bars"]
    assert bars[1].applicants_width == 0 and bars[1].hired_width > 0
    assert bars[1].value_x == LABEL + bars[1].hired_width + 6
    assert bars[0].value_x == LABEL + bars[0].applicants_width + 6


def test_the_password_page_reads_as_a_sentence(client_for, dan):
    page = client_for(dan).get("/accounts/password/change/").content.decode()
    assert "Bytt passord" in page
    assert "Endre Passord" not in page
    assert '<div class="form-actions">' in page


def test_one_centre_is_singular_on_the_managers_overview(client_for, alice, bergen_centre):
    page = client_for(alice).get("/oversikt/").content.decode()
    assert "legesenter registrert" in page
    assert "legesentre registrert" not in page


def test_the_invite_page_marks_its_menu_entry_current(client_for, alice):
    page = client_for(alice).get("/invitasjoner/").content.decode()
    assert 'href="/invitasjoner/" aria-current="page"' in page
