"""The API answers in the request's language, errors included."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "accept, expected",
    [("nb", "Ikke funnet."), ("en", "Not found."), ("nn", "Ikkje funne.")],
)
def test_a_404_from_the_api_is_in_the_requests_language(client_for, carol, accept, expected):
    response = client_for(carol).get("/api/v1/placements/999999/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 404
    assert response.json()["detail"] == expected
