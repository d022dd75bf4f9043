"""Research pages for a researcher who is a member of the study: the page (200), seen but not
acted on (403), or not there (404). Researchers never reach a page with names."""

from datetime import date

import pytest
from django.urls import reverse

from research.models import Study
from tests.conftest import with_totp

pytestmark = pytest.mark.django_db

# The generated matrix (tests/product/test_permission_matrix.py) checks every role against
# the @access declarations in research/; its researcher is not a member of the study. What a
# researcher who is a member of the study may reach is checked here.
MEMBER = {
    "planning": 404,
    "study_list": 200,
    "study_detail": 200,
    "study_edit": 403,
    "consent_list": 404,
    "consent_create": 404,
    "retention": 200,
    "retention_people": 404,
    "export": 200,
    "round_create": 200,
    "wave_create": 200,
}


@pytest.fixture
def study(programme, erin):
    study = Study.objects.create(programme=programme, name="Følgestudie", started=date(2017, 9, 1))
    study.members.add(erin)
    return study


def url_of(name, study):
    if name in {"planning", "study_list"}:
        return reverse(f"research:{name}")
    return reverse(f"research:{name}", args=[study.pk])


def test_a_study_member_sees_the_study_but_no_page_with_names(client, erin, study):
    client.force_login(with_totp(erin))
    got = {name: client.get(url_of(name, study)).status_code for name in MEMBER}
    assert got == MEMBER
