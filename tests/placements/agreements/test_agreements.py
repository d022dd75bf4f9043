"""ALIS agreements: a snapshot of the placement, versions, signatures per party, the scanned
copy, the PDF in the municipality's målform, and the health manager's task."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from alisvest.todo import tasks_for
from placements.agreements import services
from placements.agreements.models import Agreement, AgreementSignature
from placements.agreements.todo import manager_agreements_missing
from placements.register.factories import PlacementFactory

pytestmark = pytest.mark.django_db

MUNICIPALITY = AgreementSignature.Party.MUNICIPALITY
ALIS = AgreementSignature.Party.ALIS


def sign_both(version, by):
    today = timezone.localdate()
    services.record_signature(
        version, party=MUNICIPALITY, name="Mona Mo", role="Kommunalsjef", signed_on=today, by=by
    )
    return services.record_signature(
        version, party=ALIS, name="Nina Nasjonal", role="ALIS", signed_on=today, by=by
    )


def pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_agreement_is_a_snapshot_of_the_placement(nina, alice):
    version = services.generate(nina, by=alice, organisation_number="964338531")
    assert version.number == 1
    assert version.alis_name == "Nina Nasjonal"
    assert version.municipality_name == "Bergen"
    assert version.supervisor_name == "Carol Corneliussen"
    assert version.position_percent == nina.position_percent
    assert (version.start, version.end) == (nina.start, nina.planned_end)
    nina.position_percent = 80
    nina.save()
    version.refresh_from_db()
    assert version.position_percent == 100  # the agreement keeps what was agreed
    assert services.changed_fields(version, nina) == ["stillingsprosent"]


def test_an_unsigned_draft_is_drawn_again_in_place(nina, alice):
    first = services.generate(nina, by=alice)
    nina.position_percent = 60
    nina.save()
    again = services.generate(nina, by=alice)
    assert again.pk == first.pk and again.position_percent == 60
    assert nina.agreement.versions.count() == 1


def test_both_signatures_sign_the_agreement_and_it_is_then_immutable(nina, alice):
    version = services.generate(nina, by=alice)
    services.record_signature(
        version,
        party=MUNICIPALITY,
        name="Mona Mo",
        role="Kommunalsjef",
        signed_on=timezone.localdate() - timedelta(days=3),
        by=alice,
    )
    assert not Agreement.objects.signed().exists()
    services.record_signature(
        version,
        party=ALIS,
        name="Nina Nasjonal",
        role="ALIS",
        signed_on=timezone.localdate(),
        by=alice,
    )
    version.refresh_from_db()
    assert version.signed_on == timezone.localdate()  # the later of the two
    assert Agreement.objects.signed().get().placement == nina
    assert Agreement.objects.get().reference == version.reference == f"{nina.pk}-1"
    version.position_percent = 10
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(PermissionDenied):
        services.record_signature(
            version, party=ALIS, name="X", role="ALIS", signed_on=timezone.localdate(), by=alice
        )


def test_a_party_signs_a_version_once_and_never_in_the_future(nina, alice):
    version = services.generate(nina, by=alice)
    today = timezone.localdate()
    services.record_signature(
        version, party=ALIS, name="Nina", role="ALIS", signed_on=today, by=alice
    )
    with pytest.raises(ValidationError):
        services.record_signature(
            version, party=ALIS, name="Nina", role="ALIS", signed_on=today, by=alice
        )
    with pytest.raises(ValidationError):
        services.record_signature(
            version,
            party=MUNICIPALITY,
            name="Mona",
            role="Kommunalsjef",
            signed_on=today + timedelta(days=1),
            by=alice,
        )


def test_amending_a_signed_agreement_makes_a_new_version(nina, alice):
    first = services.generate(nina, by=alice)
    sign_both(first, alice)
    with pytest.raises(ValidationError):  # nothing changed
        services.generate(nina, by=alice)
    nina.planned_end += timedelta(days=365)
    nina.save()
    second = services.generate(nina, by=alice)
    assert (second.number, second.end) == (2, nina.planned_end)
    first.refresh_from_db()
    assert first.end == nina.planned_end - timedelta(days=365)
    nina.agreement.refresh_from_db()
    assert nina.agreement.signed_on == first.signed_on  # the signed one applies until then
    with pytest.raises(PermissionDenied):  # the older version is no longer signed
        services.record_signature(
            first, party=ALIS, name="N", role="ALIS", signed_on=timezone.localdate(), by=alice
        )


def test_only_the_municipality_or_leader_changes_it_and_only_on_the_national_scheme(
    nina, alice, bob, programme, bergen_centre
):
    with pytest.raises(PermissionDenied):
        services.generate(nina, by=bob)
    regional = PlacementFactory(centre=bergen_centre, doctor__programme=programme)
    with pytest.raises(PermissionDenied):
        services.generate(regional, by=alice)


def test_the_manager_generates_signs_and_uploads_the_scan_in_the_browser(nina, alice, client_for):
    client = client_for(alice)
    url = reverse("placements:agreement_detail", args=[nina.pk])
    assert "ingen ALIS-avtale" in client.get(url).content.decode()
    response = client.post(
        reverse("placements:agreement_generate", args=[nina.pk]),
        {"organisation_number": "12345"},
    )
    assert response.status_code == 400
    assert "Organisasjonsnummer er ni siffer." in response.content.decode()
    client.post(
        reverse("placements:agreement_generate", args=[nina.pk]),
        {"organisation_number": "964 338 531"},
    )
    version = nina.agreement.versions.get()
    assert version.organisation_number == "964338531"
    sign = reverse("placements:agreement_sign", args=[nina.pk, version.pk])
    for party, name in ((MUNICIPALITY, "Mona Mo"), (ALIS, "Nina Nasjonal")):
        client.post(
            sign,
            {"party": party, "name": name, "role": "x", "signed_on": timezone.localdate()},
        )
    version.refresh_from_db()
    assert version.is_signed
    scan = reverse("placements:agreement_scan", args=[nina.pk, version.pk])
    svg = SimpleUploadedFile("avtale.pdf", b"<svg onload=alert(1)>", "application/pdf")
    response = client.post(scan, {"scan": svg})
    assert response.status_code == 400 and "SVG" in response.content.decode()
    pdf = SimpleUploadedFile("avtale signert.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    assert client.post(scan, {"scan": pdf}).status_code == 302
    download = client.get(reverse("placements:agreement_scan_download", args=[nina.pk, version.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_pdf_is_in_nynorsk_for_a_nynorsk_municipality(nina, alice, client_for):
    nina.municipality.language = "nn"
    nina.municipality.save()
    version = services.generate(nina, by=alice)
    assert version.language == "nn"
    response = client_for(alice).get(
        reverse("placements:agreement_pdf", args=[nina.pk, version.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Partar" in text and "Rettleiing og utdanningsplan" in text
    assert "Nina Nasjonal" in text


def test_the_pdf_is_in_bokmal_by_default(nina, alice, client_for):
    version = services.generate(nina, by=alice)
    response = client_for(alice).get(
        reverse("placements:agreement_pdf", args=[nina.pk, version.pk])
    )
    assert "Veiledning og utdanningsplan" in pdf_text(response.content)


def test_the_manager_task_appears_and_goes_when_signed(nina, alice, bob):
    assert [t.object_id for t in manager_agreements_missing(alice)] == [nina.pk]
    assert manager_agreements_missing(bob) == []
    version = services.generate(nina, by=alice)
    assert "agreements.agreement_missing" in {t.kind for t in tasks_for(alice)}
    sign_both(version, alice)
    assert manager_agreements_missing(alice) == []


def test_the_alis_reads_their_agreement_but_cannot_sign(nina, alice, client_for):
    from alisvest.factories import UserFactory

    version = services.generate(nina, by=alice)
    anna = UserFactory(email="nina@alis.no")
    nina.doctor.user = anna
    nina.doctor.save()
    client = client_for(anna)
    page = client.get(reverse("placements:agreement_detail", args=[nina.pk]))
    assert page.status_code == 200 and "Registrer signatur" not in page.content.decode()
    refused = client.post(
        reverse("placements:agreement_sign", args=[nina.pk, version.pk]),
        {"party": ALIS, "name": "Nina", "role": "ALIS", "signed_on": timezone.localdate()},
    )
    assert refused.status_code == 403
    assert not version.signatures.exists()


def test_the_api_lists_agreements_in_scope(nina, alice, bob, client_for):
    version = services.generate(nina, by=alice)
    sign_both(version, alice)
    rows = client_for(alice).get("/api/v1/agreements/").json()["results"]
    assert rows[0]["placement"] == nina.pk
    assert [s["party"] for s in rows[0]["versions"][0]["signatures"]] == ["alis", "municipality"]
    assert client_for(bob).get("/api/v1/agreements/").json()["results"] == []
