import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placements.applications.factories import ApplicationFactory, CallFactory
from placements.applications.models import ApplicationAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def draft(programme, bergen):
    call = CallFactory(programme=programme)
    return ApplicationFactory(call=call, municipality=bergen)


def upload(client, application, name, content):
    return client.post(
        reverse("placements:attachment_upload", args=[application.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_pdf_and_docx_are_accepted_and_downloaded_as_attachment(client_for, alice, draft):
    client = client_for(alice)
    upload(client, draft, "budsjett.pdf", PDF)
    upload(client, draft, "plan.docx", docx_bytes())
    kinds = sorted(draft.attachments.values_list("content_type", flat=True))
    assert kinds == sorted([ApplicationAttachment.Kind.PDF, ApplicationAttachment.Kind.DOCX])
    attachment = draft.attachments.get(name="budsjett.pdf")
    assert "budsjett" not in attachment.file.name  # stored under a random name
    response = client.get(reverse("placements:attachment_download", args=[draft.pk, attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_fake_extension_is_refused(client_for, alice, draft):
    response = upload(client_for(alice), draft, "skjult.pdf", b"MZ\x90\x00 not a pdf at all")
    assert "«skjult.pdf» er ikke en PDF-" in response.content.decode()
    assert not draft.attachments.exists()


def test_oversize_file_is_refused(client_for, alice, draft):
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = upload(client_for(alice), draft, "stor.pdf", big)
    assert "er for stor: filen kan være høyst 10 MB" in response.content.decode()
    assert not draft.attachments.exists()


def test_other_manager_gets_404_on_attachment(client_for, alice, bob, draft):
    upload(client_for(alice), draft, "budsjett.pdf", PDF)
    attachment = draft.attachments.get()
    client = client_for(bob)
    url = reverse("placements:attachment_download", args=[draft.pk, attachment.pk])
    assert client.get(url).status_code == 404
    assert upload(client, draft, "x.pdf", PDF).status_code == 404
