"""Research pages × roles: who gets the page (200), who may see it but not act (403), and
for whom it does not exist (404). Researchers never reach a page with names."""

from datetime import date

import pytest
from django.urls import reverse

from alisvest.roles import Role
from research.models import Study
from tests.conftest import person, with_totp

pytestmark = pytest.mark.django_db

# url name → expected status per role
MATRIX = {
    "planning": {"leader": 200, "steering": 200, "member": 404, "outsider": 404, "manager": 404},
    "study_list": {"leader": 200, "steering": 404, "member": 200, "outsider": 200,
                   "manager": 404},
    "study_detail": {"leader": 200, "steering": 404, "member": 200, "outsider": 404,
                     "manager": 404},
    "study_edit": {"leader": 200, "steering": 404, "member": 403, "outsider": 404,
                   "manager": 404},
    "consent_list": {"leader": 200, "steering": 404, "member": 404, "outsider": 404,
                     "manager": 404},
    "consent_create": {"leader": 200, "steering": 404, "member": 404, "outsider": 404,
                       "manager": 404},
    "retention": {"leader": 200, "steering": 404, "member": 200, "outsider": 404,
                  "manager": 404},
    "retention_people": {"leader": 200, "steering": 404, "member": 404, "outsider": 404,
                         "manager": 404},
    "export": {"leader": 200, "steering": 404, "member": 200, "outsider": 404, "manager": 404},
    "round_create": {"leader": 200, "steering": 404, "member": 200, "outsider": 404,
                     "manager": 404},
    "wave_create": {"leader": 200, "steering": 404, "member": 200, "outsider": 404,
                    "manager": 404},
}  # fmt: skip


@pytest.fixture
def study(programme, erin):
    study = Study.objects.create(programme=programme, name="Følgestudie", started=date(2017, 9, 1))
    study.members.add(erin)
    return study


@pytest.fixture
def users(programme, liv, stein, erin, alice):
    outsider = person("ola@uit.no", "Ola Utenfor", Role.RESEARCHER, programme)
    return {
        "leader": with_totp(liv),
        "steering": stein,
        "member": with_totp(erin),
        "outsider": with_totp(outsider),
        "manager": alice,
    }


def url_of(name, study):
    if name in {"planning", "study_list"}:
        return reverse(f"research:{name}")
    return reverse(f"research:{name}", args=[study.pk])


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_research_page_permissions(client, users, study, name):
    url = url_of(name, study)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for role, expected in MATRIX[name].items():
        client.force_login(users[role])
        assert client.get(url).status_code == expected, f"{name} as {role}"
