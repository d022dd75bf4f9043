"""The shared upload rules (alisvest/uploads.py), one test per rule, unit and through the
application attachments that use them."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from alisvest import uploads
from alisvest.uploads import (
    DOCX,
    JPEG,
    ODT,
    PDF,
    PNG,
    XLSX,
    PrivateStorage,
    safe_filename,
    validate_upload,
)
from placements.applications.factories import ApplicationFactory, CallFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ALL = [PDF, DOCX, ODT, PNG, JPEG, XLSX]


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def file(name, content):
    return SimpleUploadedFile(name, content)


# --- Size ------------------------------------------------------------------------------


def test_size_limit():
    validate_upload(file("a.pdf", PDF_BYTES), kinds=[PDF], max_bytes=len(PDF_BYTES))
    with pytest.raises(ValidationError) as error:
        validate_upload(file("a.pdf", PDF_BYTES + b"x"), kinds=[PDF], max_bytes=len(PDF_BYTES))
    assert error.value.code == "too_big"


# --- Type from content --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF_BYTES, PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, JPEG),
        (zipped({"word/document.xml": "<w:document/>"}), DOCX),
        (zipped({"xl/workbook.xml": "<workbook/>"}), XLSX),
        (zipped({"mimetype": "application/vnd.oasis.opendocument.text"}), ODT),
    ],
)
def test_type_is_sniffed_from_content_not_name(content, kind):
    assert validate_upload(file("uten-endelse.txt", content), kinds=ALL, max_bytes=10**6) == kind


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 a windows program",
        b"plain text",
        zipped({"payload.exe": "MZ"}),  # a ZIP, but no office document
        zipped({"mimetype": "application/x-evil"}),
        b"PK\x03\x04 broken zip",
        b"",
    ],
)
def test_unknown_content_is_refused_whatever_the_name(content):
    with pytest.raises(ValidationError) as error:
        validate_upload(file("budsjett.pdf", content), kinds=ALL, max_bytes=10**6)
    assert error.value.code == "wrong_type"


def test_a_known_type_not_allowed_here_is_refused():
    with pytest.raises(ValidationError, match="er ikke en XLSX-fil"):
        validate_upload(file("a.xlsx", PDF_BYTES), kinds=[XLSX], max_bytes=10**6)


# --- SVG and HTML -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
        b"\xef\xbb\xbf<!DOCTYPE html><html><body>hei</body></html>",
        b"  \r\n\t<HTML><script>alert(1)</script>",
        "<svg onload='alert(1)'/>".encode("utf-16"),
        "<html>".encode("utf-16-le"),
    ],
)
def test_svg_and_html_are_refused_even_with_a_harmless_name(content):
    with pytest.raises(ValidationError, match="SVG-, HTML- eller XML-fil") as error:
        validate_upload(file("bilde.png", content), kinds=ALL, max_bytes=10**6)
    assert error.value.code == "markup"


# --- Names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("budsjett.pdf", PDF, "budsjett.pdf"),
        ("../../../etc/passwd", None, "passwd"),
        ("..\\..\\windows\\system32\\evil.pdf", PDF, "evil.pdf"),
        ("/var/lib/alisvest/media/x.pdf", PDF, "x.pdf"),
        ("..", None, "vedlegg"),
        (".htaccess", None, "htaccess"),
        ("", PDF, "vedlegg.pdf"),
        ("rapport\x00.pdf.exe", PDF, "rapport.pdf.exe.pdf"),
        ("faktura\u202efdp.exe", None, "fakturafdp.exe"),  # right-to-left override removed
        ('a"; filename="evil.html', PDF, "a__ filename=_evil.html.pdf"),
        ("linje\r\nSet-Cookie: x.pdf", PDF, "linjeSet-Cookie_ x.pdf"),
        ("bilde.JPEG", JPEG, "bilde.JPEG"),
        ("x" * 300 + ".pdf", PDF, "x" * 196 + ".pdf"),
    ],
)
def test_path_traversal_and_header_tricks_are_neutralised(name, kind, expected):
    assert safe_filename(name, kind) == expected


def test_stored_path_never_comes_from_the_user():
    name = uploads.RandomName("expenses")(None, "../../settings.py")
    assert re.fullmatch(r"expenses/[0-9a-f]{32}", name)


# --- Private storage ----------------------------------------------------------------------


def test_private_storage_has_no_url_and_is_the_default(tmp_path):
    from django.conf import settings

    assert settings.STORAGES["default"]["BACKEND"] == "alisvest.uploads.PrivateStorage"
    storage = PrivateStorage(location=tmp_path)
    name = storage.save("applications/1/abc", io.BytesIO(PDF_BYTES))
    with pytest.raises(ValueError, match="no URL"):
        storage.url(name)


def test_system_check_refuses_media_under_the_static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "alisvest.uploads.PrivateStorage",
            "OPTIONS": {"location": tmp_path / "static" / "media"},
        },
    }
    [error] = uploads.check_private_storage(None)
    assert error.id == "alisvest.E010"


def test_configured_storage_passes_the_check():
    assert uploads.check_private_storage(None) == []
    assert not uploads.inside(default_storage.location, Path(__file__).parents[2] / "static")


# --- Through the application attachments -------------------------------------------------


@pytest.fixture
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "alisvest.uploads.PrivateStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def draft(db, programme, bergen):
    return ApplicationFactory(call=CallFactory(programme=programme), municipality=bergen)


def post(client, application, name, content):
    return client.post(
        reverse("placements:attachment_upload", args=[application.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.django_db
def test_traversal_name_is_stored_privately_and_served_as_attachment(
    client_for, alice, draft, private_media, tmp_path
):
    client = client_for(alice)
    post(client, draft, "../../../static/faktura.html", PDF_BYTES)
    attachment = draft.attachments.get()
    assert attachment.name == "faktura.html.pdf"
    assert re.fullmatch(rf"applications/{draft.pk}/[0-9a-f]{{32}}", attachment.file.name)
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to(private_media.resolve())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [stored]

    url = reverse("placements:attachment_download", args=[draft.pk, attachment.pk])
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="faktura.html.pdf"'
    assert response["Content-Type"] == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    # The storage's URL prefix is not routed: only the scoped view serves the file.
    assert client.get(f"/private-media/{attachment.file.name}").status_code == 404


@pytest.mark.django_db
def test_svg_upload_is_refused_with_the_reason(client_for, alice, draft, private_media):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = post(client_for(alice), draft, "logo.png", svg)
    assert "«logo.png» er en SVG-, HTML- eller XML-fil" in response.content.decode()
    assert not draft.attachments.exists()
    assert not private_media.exists() or not any(private_media.rglob("*.*"))


# --- Text imports (CSV), read but never stored ---------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html><table><tr><td>ALM-1</td></tr></table></html>", "wrong_type"),
        (PDF_BYTES, "wrong_type"),
        (b"code;group;text\n" + b"x" * (1024 * 1024), "too_big"),
    ],
)
def test_csv_imports_refuse_markup_binaries_and_huge_files(content, code):
    with pytest.raises(ValidationError) as error:
        uploads.validate_text_upload(file("mal.csv", content), max_bytes=1024 * 1024)
    assert error.value.code == code


def test_csv_import_accepts_plain_text():
    uploads.validate_text_upload(file("mal.csv", b"code;group;text\nALM-1;A;Tekst\n"), max_bytes=99)


# --- Through the expense receipts ---------------------------------------------------------


@pytest.fixture
def expense_placement(programme, bergen_centre):
    from datetime import date

    from placements.register.factories import DoctorFactory, PlacementFactory

    return PlacementFactory(
        doctor=DoctorFactory(programme=programme), centre=bergen_centre, start=date(2017, 9, 1)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kvittering.png", b"<svg onload='alert(1)'/>", "er en SVG-, HTML- eller XML-fil"),
        ("kvittering.pdf", zipped({"word/document.xml": "<w:document/>"}), "er ikke en PDF-"),
        ("kvittering.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), "er for stor"),
    ],
)
def test_expense_receipts_follow_the_same_rules(
    client_for, alice, expense_placement, private_media, name, content, message
):
    from funding.models import Expense

    url = reverse("funding:expenses", args=[expense_placement.pk, 2018])
    response = client_for(alice).post(
        url,
        {"year": 2018, "category": "reise", "amount": "10", "file": file(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Expense.objects.exists()


@pytest.mark.django_db
def test_expense_receipt_is_stored_privately_and_served_with_a_clean_name(
    client_for, alice, expense_placement, private_media
):
    from funding.models import Expense

    client = client_for(alice)
    url = reverse("funding:expenses", args=[expense_placement.pk, 2018])
    client.post(
        url,
        {
            "year": 2018,
            "category": "reise",
            "amount": "10",
            "file": file("..\\..\\kvittering.html", PDF_BYTES),
        },
    )
    expense = Expense.objects.get()
    assert expense.attachment_name == "kvittering.html.pdf"
    assert re.fullmatch(rf"expenses/{expense_placement.pk}/[0-9a-f]{{32}}", expense.attachment.name)
    assert Path(expense.attachment.path).resolve().is_relative_to(private_media.resolve())
    response = client.get(reverse("funding:expense_attachment", args=[expense.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="kvittering.html.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "language, one, three",
    [
        ("nb", "PDF-fil", "PDF-, PNG- eller JPEG-fil"),
        ("nn", "PDF-fil", "PDF-, PNG- eller JPEG-fil"),
        ("en", "PDF file", "PDF, PNG or JPEG file"),
    ],
)
def test_file_kinds_read_naturally_in_each_language(language, one, three):
    with translation.override(language):
        assert uploads.kinds_text([uploads.PDF]) == one
        assert uploads.kinds_text([uploads.PDF, uploads.PNG, uploads.JPEG]) == three


# --- Archives that would inflate (ZIP bombs) -------------------------------------------------


def deflated(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_disguised_as_docx_is_refused():
    bomb = deflated({"word/document.xml": "<w:document/>", "word/media/x.bin": b"\0" * 50_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        validate_upload(file("søknad.docx", bomb), kinds=ALL, max_bytes=10 * uploads.MB)
    assert error.value.code == "zip_bomb"
    assert "«søknad.docx» pakker seg ut" in error.value.messages[0]


def test_an_archive_past_the_inflated_limit_is_refused(settings):
    settings.UPLOAD_ARCHIVE_MAX_INFLATED_BYTES = 1000
    content = zipped({"xl/workbook.xml": "<workbook/>" + "x" * 1000})
    with pytest.raises(ValidationError) as error:
        validate_upload(file("a.xlsx", content), kinds=ALL, max_bytes=uploads.MB)
    assert error.value.code == "zip_bomb"


def test_an_ordinary_document_passes():
    text = "".join(f"<w:p>Avsnitt {n} om veiledning i allmennmedisin.</w:p>" for n in range(2000))
    content = deflated({"word/document.xml": f"<w:document>{text}</w:document>"})
    assert validate_upload(file("a.docx", content), kinds=ALL, max_bytes=uploads.MB) == DOCX


@pytest.mark.django_db
def test_a_zip_bomb_is_not_stored_as_an_attachment(client_for, alice, draft, private_media):
    bomb = deflated({"word/document.xml": "<w:document/>", "word/media/x.bin": b"\0" * 50_000_000})
    response = post(client_for(alice), draft, "plan.docx", bomb)
    assert "«plan.docx» pakker seg ut" in response.content.decode()
    assert not draft.attachments.exists()


# --- The request body limit ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_body_over_the_limit_is_refused_before_it_is_read(client_for, alice, draft, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client_for(alice).post(
        reverse("placements:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES + b"x" * 2000)},
    )
    assert response.status_code == 413
    assert "for stor" in response.content.decode()
    assert not draft.attachments.exists()
