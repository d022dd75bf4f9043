import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alisvest import audit
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
    """Count and page of the changes (2), the page's rows and their previous versions (2 per
    kind of record on the page), downloads (2), plus the session and access: the same for
    the first page and a later one, for 60 changes or 120."""
    client = client_for(liv_mfa)

    def queries(**params):
        with CaptureQueriesContext(connection) as captured:
            assert audit_page(client, model="placements.medicalcentre", **params).status_code == 200
        return len(captured)

    def changes(n):
        for centre in MedicalCentreFactory.create_batch(n, municipality=bergen):
            centre.doctor_count += 1
            centre.save()

    changes(30)
    few = queries()
    changes(30)
    assert queries() == few
    assert queries(side=2) == few


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


def test_the_log_pages_fifty_at_a_time(client_for, liv_mfa, bergen):
    centres = MedicalCentreFactory.create_batch(60, municipality=bergen)
    leader = client_for(liv_mfa)
    first = audit_page(leader, model="placements.medicalcentre")
    assert len(first.context["changes"]) == 50
    assert "60 endringer passer filteret." in first.content.decode()
    second = audit_page(leader, model="placements.medicalcentre", side=2)
    assert len(second.context["changes"]) == 10
    shown = {e.object_id for e in first.context["changes"] + second.context["changes"]}
    assert shown == {c.pk for c in centres}
    assert "model=placements.medicalcentre&amp;side=2" in first.content.decode()


def test_filters_by_who_changed_it_and_by_text_in_the_record(
    client_for, alice, liv_mfa, bergen_centre, bergen
):
    client_for(alice).post(
        reverse("placements:centre_edit", args=[bergen_centre.pk]),
        centre_data(name="Fjellsiden legesenter", doctor_count="9"),
    )
    MedicalCentreFactory(municipality=bergen, name="Sentrum legekontor")
    leader = client_for(liv_mfa)
    by_name = audit_page(leader, user="Alice").context["changes"]
    assert by_name and {e.user for e in by_name} == {alice}
    found = audit_page(leader, q="fjellsiden").context["changes"]
    assert [e.object_id for e in found] == [bergen_centre.pk]
    assert audit_page(leader, q="fjellsiden", user="nobody@").context["changes"] == []
    assert audit_page(leader, q="finnes-ikke-noe-sted").context["changes"] == []
    today = timezone.localdate()
    assert audit_page(leader, q="fjellsiden", start=today).context["changes"]
    assert not audit_page(leader, q="fjellsiden", end=today - timedelta(days=1)).context["changes"]


def test_a_bad_filter_names_its_field_and_keeps_what_was_typed(client_for, liv_mfa):
    response = audit_page(client_for(liv_mfa), object_id="abc", q="Åsane")
    assert response.status_code == 200
    assert response.context["form"].errors["object_id"]
    assert 'value="Åsane"' in response.content.decode()


def test_the_filtered_changes_download_as_csv_with_formulas_neutralised(
    client_for, alice, liv_mfa, bergen
):
    MedicalCentreFactory(municipality=bergen, name='=HYPERLINK("https://evil","klikk")')
    MedicalCentreFactory(municipality=bergen, name="Vanlig legesenter")
    response = client_for(liv_mfa).get(
        reverse("audit_export"), {"model": "placements.medicalcentre", "q": "hyperlink"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="revisjonslogg.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Tidspunkt", "Bruker", "Type post"]
    assert len(rows) == 2  # the header and the one matching change
    assert rows[1][4].startswith("'=HYPERLINK")
    assert rows[1][5] == "Opprettet"
    assert DownloadLog.objects.filter(filename="revisjonslogg.csv").exists()


def test_only_project_leaders_export_the_log(client_for, alice):
    assert client_for(alice).get(reverse("audit_export")).status_code == 404


def test_logging_in_through_the_login_page_writes_no_audit_line(client, alice):
    """The login page (allauth) touches the user, the session and the login attempts; none
    of it is a change someone should read in the audit log."""
    alice.set_password("et-langt-passord-123")
    alice.save(update_fields=["password"])
    before = audit.changes().count()
    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": "et-langt-passord-123"}
    )
    assert response.status_code == 302
    assert audit.changes().count() == before
