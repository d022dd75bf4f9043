import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alisvest.models import DownloadLog
from placements.municipalities.factories import MedicalCentreFactory
from tests.placements.municipalities.test_centres import centre_data

pytestmark = pytest.mark.django_db


def audit_page(client, **params):
    return client.get(reverse("audit_log"), params)


def test_leader_sees_who_changed_what_with_before_and_after(
    client_for, alice, liv_mfa, bergen_centre
):
    client_for(alice).post(
        reverse("placements:centre_edit", args=[bergen_centre.pk]),
        centre_data(name=bergen_centre.name, doctor_count="8"),
    )
    response = audit_page(client_for(liv_mfa), model="placements.medicalcentre")
    assert response.status_code == 200
    entry = response.context["changes"][0]
    assert entry.user == alice
    assert entry.change_type == "~"
    assert ("antall leger", 4, 8) in [(str(f), b, a) for f, b, a in entry.changes]
    assert "Åsane legesenter" in entry.object_repr
    assert b"alice@" in response.content


def test_filters_narrow_the_log(client_for, alice, liv_mfa, bergen_centre):
    leader = client_for(liv_mfa)
    changes = audit_page(leader, model="placements.medicalcentre", user="nobody@").context[
        "changes"
    ]
    assert changes == []
    changes = audit_page(leader, model="placements.programme").context["changes"]
    assert changes and all(str(c.model) == "program" for c in changes)
    response = audit_page(leader, start="2030-01-02", end="2030-01-01")
    assert "«Til dato» kan ikke være før «Fra dato»." in response.content.decode()


def test_only_project_leaders_open_the_log(client_for, alice):
    assert audit_page(client_for(alice)).status_code == 404


def test_every_download_is_logged_with_its_user(client_for, alice, liv_mfa, bergen_centre):
    client = client_for(alice)
    assert client.get(reverse("placements:placement_export", args=["csv"])).status_code == 200
    log = DownloadLog.objects.get()
    assert (log.user, log.filename) == (alice, "utdanningsstillinger.csv")
    assert log.path.startswith("/stillinger/eksport.csv")
    client.get(reverse("placements:placement_list"))  # a page, not a file: not logged
    assert DownloadLog.objects.count() == 1
    downloads = audit_page(client_for(liv_mfa)).context["downloads"]
    assert [d.filename for d in downloads] == ["utdanningsstillinger.csv"]


def test_query_count_does_not_grow_with_history(client_for, liv_mfa, bergen):
    client = client_for(liv_mfa)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert audit_page(client).status_code == 200
        return len(captured)

    MedicalCentreFactory(municipality=bergen)
    few = queries()
    for centre in MedicalCentreFactory.create_batch(30, municipality=bergen):
        centre.doctor_count += 1
        centre.save()
    assert queries() == few


def test_logging_in_writes_no_empty_audit_line(client, alice):
    """A login saves only last_login, which the history leaves out: no row, so the audit
    page's rows are real changes. A real change to the user still is one."""
    alice.set_password("et-langt-passord-123")
    alice.save(update_fields=["password"])
    before = alice.history.count()
    assert client.login(email=alice.email, password="et-langt-passord-123")
    alice.refresh_from_db()
    assert alice.last_login is not None
    assert alice.history.count() == before
    alice.name = "Alice Andersen-Berg"
    alice.save()
    assert alice.history.count() == before + 1
