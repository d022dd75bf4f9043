"""XLSX import of placements: a dry-run preview names every bad row and column, and nothing
is saved unless every row is valid."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from placements.imports.columns import COLUMNS
from placements.imports.workbook import import_placements
from placements.models import Doctor, Placement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("placements:placement_import")


def xlsx(*rows, header=COLUMNS):
    """A workbook whose first row is `header` and whose rows are dicts by column name."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(name) for name in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(**values):
    base = {
        "HPR-nummer": "1234567",
        "Navn på ALIS": "Nora Ny",
        "E-post": "nora@example.no",
        "Kommunenummer": "4601",
        "Legesenter": "Åsane legesenter",
        "Avtaleform": "Fastlønn",
        "Stillingsprosent": 100,
        "Startdato": date(2019, 9, 1),
    }
    base.update(values)
    return base


@pytest.fixture
def stord_centre(stord):
    return MedicalCentreFactory(municipality=stord, name="Stord legesenter")


@pytest.fixture
def kari(programme, bergen):
    """An ALIS already in the register, registered by Bergen."""
    return DoctorFactory(
        programme=programme, registered_by=bergen, name="Kari Kjent", hpr_number="7654321"
    )


def upload(client, data, programme, name="stillinger.xlsx"):
    return client.post(
        IMPORT_URL,
        {"programme": programme.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_valid_file_previews_then_saves_every_row(
    client_for, liv_mfa, programme, participating, bergen_centre, stord_centre, kari
):
    client = client_for(liv_mfa)
    data = xlsx(
        row(),
        row(
            **{
                "HPR-nummer": 7654321,  # Excel keeps it as a number
                "Kommunenummer": 4614,
                "Legesenter": "stord legesenter",
                "Avtaleform": "naeringsdrift",
                "Stillingsprosent": "80 %",
                "Startdato": "01.01.2018",
                "Planlagt slutt": "31.12.2018",
                "Faktisk slutt": "30.06.2018",
                "Sluttårsak": "Familie og personlige forhold",
                "Gikk til": "Forlot kommunen",
            }
        ),
    )
    response = upload(client, data, programme)
    assert response.status_code == 302
    preview_url = response["Location"]

    preview = client.get(preview_url)
    assert preview.status_code == 200
    outcome = preview.context["outcome"]
    assert outcome.valid and [r.number for r in outcome.rows] == [2, 3]
    assert [r.doctor for r in outcome.rows] == ["Nora Ny", "Kari Kjent"]
    assert "ny ALIS" in preview.content.decode()
    assert Placement.objects.count() == 0 and not Doctor.objects.filter(name="Nora Ny").exists()

    # A new doctor is created only when the importer ticks that they should be.
    unticked = client.post(preview_url)
    assert unticked.status_code == 200
    assert "Kryss av for at de nye ALIS-legene skal opprettes" in unticked.content.decode()
    assert Placement.objects.count() == 0

    confirmed = client.post(preview_url, {"create_doctors": "1"})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("placements:placement_list")
    nora = Placement.objects.get(doctor__name="Nora Ny")
    assert nora.planned_end == date(2024, 9, 1)  # start + 5 years
    assert nora.programme == programme and nora.doctor.registered_by.number == "4601"
    ended = Placement.objects.get(doctor=kari)
    assert (ended.contract_type, ended.position_percent) == ("naeringsdrift", 80)
    assert ended.end_reason == Placement.EndReason.FAMILY
    assert ended.destination == Placement.Destination.LEFT_MUNICIPALITY

    # The upload is gone once used: confirming twice cannot import twice.
    assert client.post(preview_url, {"create_doctors": "1"}).status_code == 302
    assert Placement.objects.count() == 2


def test_one_bad_row_saves_nothing_and_names_the_row(
    client_for, liv_mfa, programme, participating, bergen_centre, kari
):
    client = client_for(liv_mfa)
    data = xlsx(
        row(),
        row(**{"HPR-nummer": "7654321", "Startdato": date(2010, 1, 1)}),
        row(**{"HPR-nummer": "2222222", "Kommunenummer": "9999", "Navn på ALIS": "Ola"}),
    )
    preview_url = upload(client, data, programme)["Location"]
    response = client.get(preview_url)
    content = response.content.decode()
    assert "1 rad har feil. Ingenting er lagret." in content
    assert "Rad 4, kolonne «Kommunenummer»: Ukjent kommunenummer «9999»." in content
    assert "Importer 3 stillinger" not in content  # no confirm button
    assert [bool(r.errors) for r in response.context["outcome"].rows] == [False, False, True]

    # Posting the confirm anyway saves nothing, not even the valid rows or the new doctor.
    response = client.post(preview_url, {"create_doctors": "1"})
    assert response.status_code == 200
    assert Placement.objects.count() == 0
    assert list(Doctor.objects.values_list("name", flat=True)) == ["Kari Kjent"]


@pytest.mark.parametrize(
    ("rows", "number", "column", "message"),
    [
        (
            [row(**{"Kommunenummer": "12"})],
            2,
            "Kommunenummer",
            "Ukjent kommunenummer «12».",
        ),
        (
            [row(**{"Legesenter": "Stord legesenter"})],
            2,
            "Legesenter",
            "4601 Bergen har ikke noe legesenter som heter «Stord legesenter».",
        ),
        (
            [row(**{"Navn på ALIS": None})],
            2,
            "HPR-nummer",
            "Ukjent HPR-nummer 1234567. Fyll inn «Navn på ALIS» og «E-post»",
        ),
        ([row(**{"HPR-nummer": "12ab"})], 2, "HPR-nummer", "6–9 siffer"),
        ([row(**{"E-post": "ikke-en-adresse"})], 2, "E-post", "gyldig"),
        ([row(**{"Startdato": "31.02.2019"})], 2, "Startdato", "«31.02.2019» er ikke en gyldig"),
        ([row(**{"Stillingsprosent": 150})], 2, "Stillingsprosent", "100"),
        ([row(**{"Stillingsprosent": "hundre"})], 2, "Stillingsprosent", "ikke et helt tall"),
        ([row(**{"Avtaleform": "Svart arbeid"})], 2, "Avtaleform", "Ukjent verdi"),
        (
            [row(**{"Planlagt slutt": date(2019, 1, 1)})],
            2,
            "Planlagt slutt",
            "Planlagt slutt kan ikke være før startdato.",
        ),
        (
            [row(**{"Sluttårsak": "Familie og personlige forhold"})],
            2,
            "Faktisk slutt",
            "Fyll inn faktisk sluttdato",
        ),
        (
            [row(), row(**{"Startdato": date(2021, 1, 1), "Legesenter": "åsane legesenter"})],
            3,
            "Startdato",
            "Perioden overlapper rad 2 i filen, som gjelder samme ALIS.",
        ),
    ],
)
def test_row_errors_name_row_and_column(
    liv_mfa, programme, participating, bergen_centre, stord_centre, rows, number, column, message
):
    outcome = import_placements(xlsx(*rows), user=liv_mfa, programme=programme)
    bad = {r.number: r.errors for r in outcome.rows if r.errors}
    assert list(bad) == [number]
    assert any(c == column and message.lower() in m.lower() for c, m in bad[number]), bad
    assert Placement.objects.count() == 0


def test_overlap_with_a_registered_placement_is_explained(
    liv_mfa, programme, participating, bergen_centre, kari
):
    PlacementFactory(
        programme=programme,
        doctor=kari,
        centre=bergen_centre,
        start=date(2017, 9, 1),
        planned_end=date(2022, 9, 1),
    )
    outcome = import_placements(
        xlsx(row(**{"HPR-nummer": "7654321"})), user=liv_mfa, programme=programme
    )
    [(column, message)] = outcome.rows[0].errors
    assert column == "Startdato"
    assert "allerede en utdanningsstilling i Bergen fra 01.09.2017 til 01.09.2022" in message


def test_other_municipalitys_manager_cannot_import_outside_scope(
    client_for, bob, programme, participating, bergen_centre, stord_centre
):
    client = client_for(bob)
    stord_row = row(
        **{"HPR-nummer": "3333333", "Kommunenummer": "4614", "Legesenter": "Stord legesenter"}
    )
    preview_url = upload(client, xlsx(row(), stord_row), programme)["Location"]
    outcome = client.get(preview_url).context["outcome"]
    [bergen_row] = outcome.error_rows
    assert bergen_row.number == 2
    assert bergen_row.errors == [
        (
            "Kommunenummer",
            "Du kan ikke registrere stillinger i 4601 Bergen; bare i kommuner du forvalter.",
        )
    ]
    client.post(preview_url, {"create_doctors": "1"})
    assert Placement.objects.count() == 0

    # His own municipality alone imports.
    preview_url = upload(client, xlsx(stord_row), programme)["Location"]
    assert client.post(preview_url, {"create_doctors": "1"}).status_code == 302
    assert Placement.objects.get().municipality.number == "4614"


def test_upload_is_bound_to_the_user_who_made_it(
    client_for, alice, bob, programme, participating, bergen_centre, django_user_model
):
    preview_url = upload(client_for(alice), xlsx(row()), programme)["Location"]
    client = client_for(bob)
    response = client.post(preview_url, {"create_doctors": "1"})
    assert response.status_code == 302 and response["Location"] == IMPORT_URL
    assert Placement.objects.count() == 0


def test_only_leaders_and_managers_may_import(client_for, carol, erin_mfa, participating):
    for user in (carol, erin_mfa):
        client = client_for(user)
        assert client.get(IMPORT_URL).status_code == 403
        assert client.get(reverse("placements:placement_import_template")).status_code == 403


def test_manager_cannot_choose_a_programme_outside_scope(client_for, bob, participating):
    from placements.municipalities.factories import ProgrammeFactory

    other = ProgrammeFactory(name="ALIS-Nord", slug="alis-nord")
    response = upload(client_for(bob), xlsx(row()), other)
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "er en SVG-, HTML- eller XML-fil"),
        (b"%PDF-1.4 a pdf", "er ikke en XLSX-fil"),
        (b"PK\x03\x04 not really a zip", "er ikke en XLSX-fil"),
        (xlsx(row(), header=["HPR-nummer", "Legesenter"]), "mangler kolonnen «Kommunenummer»"),
        (b"PK\x03\x04" + b"0" * (2 * 1024 * 1024), "er for stor: filen kan være høyst 2 MB"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(
    client_for, liv_mfa, programme, participating, data, message
):
    response = upload(client_for(liv_mfa), data, programme)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])


def test_template_downloads_as_an_attachment_and_imports_once_filled(
    client_for, liv_mfa, programme, participating, bergen_centre
):
    client = client_for(liv_mfa)
    response = client.get(reverse("placements:placement_import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="utdanningsstillinger-mal.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == COLUMNS
    assert book["Veiledning"]["A2"].value == "Stillings-ID"  # empty for a new placement
    assert book["Veiledning"]["A3"].value == "HPR-nummer"

    values = row()
    sheet.append([values.get(name) for name in COLUMNS])
    filled = io.BytesIO()
    book.save(filled)
    outcome = import_placements(filled.getvalue(), user=liv_mfa, programme=programme)
    assert outcome.valid and len(outcome.rows) == 1


def test_placement_list_links_to_the_import(client_for, alice, carol, participating):
    content = client_for(alice).get(reverse("placements:placement_list")).content.decode()
    assert IMPORT_URL in content
    content = client_for(carol).get(reverse("placements:placement_list")).content.decode()
    assert IMPORT_URL not in content


def test_a_bad_start_date_is_one_error_not_two(liv_mfa, programme, participating, bergen_centre):
    outcome = import_placements(
        xlsx(row(**{"Startdato": "32.13.2019"})), user=liv_mfa, programme=programme
    )
    assert outcome.rows[0].errors == [
        ("Startdato", "«32.13.2019» er ikke en gyldig dato; skriv dd.mm.åååå.")
    ]
