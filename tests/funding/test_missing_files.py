"""A stored file gone from storage (a lost volume, a restore without media) is rendered again
or answered with a 404 page that says so, never a server error."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from funding import services
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import GrantStatement
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import DoctorFactory, PlacementFactory

pytestmark = pytest.mark.django_db


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
def placement(programme, bergen):
    GrantSchemeFactory(programme=programme)
    return PlacementFactory(
        doctor=DoctorFactory(programme=programme),
        centre=MedicalCentreFactory(municipality=bergen),
        municipality=bergen,
        start=date(2017, 9, 1),
        planned_end=date(2022, 9, 1),
    )


def test_a_statement_pdf_whose_file_is_gone_is_rendered_again(
    private_media, placement, alice, client_for
):
    [statement] = services.issue_statements(2017)
    url = reverse("funding:statement_pdf", args=[statement.pk])
    client = client_for(alice)
    assert client.get(url).status_code == 200
    statement.refresh_from_db()
    statement.pdf.storage.delete(statement.pdf.name)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    statement = GrantStatement.objects.get(pk=statement.pk)
    assert statement.pdf.storage.exists(statement.pdf.name)


def test_a_receipt_whose_file_is_gone_is_a_404_that_says_so(
    private_media, placement, alice, client_for
):
    expense = ExpenseFactory(placement=placement, year=2017, attachment_name="kvittering.pdf")
    expense.attachment.save("x", ContentFile(b"%PDF-1.4 receipt"), save=False)
    expense.attachment_type = "application/pdf"
    expense.save()
    expense.attachment.storage.delete(expense.attachment.name)
    response = client_for(alice).get(reverse("funding:expense_attachment", args=[expense.pk]))
    assert response.status_code == 404
    assert "«kvittering.pdf» er registrert, men selve filen mangler" in response.content.decode()
