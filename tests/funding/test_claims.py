"""The yearly claim on the national scheme: lines to the krone, signed agreements only,
"supervision only", shared posts, the command's JSON, snapshots and versions."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from funding import claims
from funding.models import ImmutableError, NationalClaim, PostJobType
from placements.register.cost_shares import set_cost_shares

from .conftest import post

pytestmark = pytest.mark.django_db

YEAR = 2024


def fake_year_status(placement_ids, year):
    """Stands in for the supervision room's yearly check."""
    return {pk: {"required": 2520, "done": 2700, "status": "ok"} for pk in placement_ids}


def claim_of(municipality, year=YEAR):
    [draft] = [d for d in claims.compute_claims(year) if d.municipality == municipality]
    return draft


def test_a_full_year_and_a_part_year_at_80_percent(national_scheme, national, bergen):
    full = post(national, bergen, date(2023, 8, 1), date(2027, 7, 31))
    part = post(
        national, bergen, date(2024, 5, 15), date(2028, 5, 14), position_percent=80
    )  # June–December: 7 whole months
    draft = claim_of(bergen)
    amounts = {line.placement_id: (line.months, line.amount) for line in draft.lines}
    assert amounts == {full.pk: (12, 120_000), part.pk: (7, 56_000)}
    assert draft.total == 176_000


def test_centrality_6_adds_the_supplement(national_scheme, national, remote):
    placement = post(national, remote, date(2024, 1, 1), date(2028, 12, 31), position_percent=50)
    [line] = claim_of(remote).lines
    # 10 000 × 0.5 × 12 = 60 000, plus 2 000 × 0.5 × 12 = 12 000
    assert (line.placement_id, line.supplement, line.amount) == (placement.pk, 12_000, 72_000)


def test_unsigned_and_missing_agreements_are_listed_as_excluded(national_scheme, national, bergen):
    signed = post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    unsigned = post(national, bergen, date(2024, 1, 1), date(2028, 12, 31), signed=False)
    missing = post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    missing.agreement.delete()
    draft = claim_of(bergen)
    assert [line.placement_id for line in draft.included] == [signed.pk]
    reasons = {line.placement_id: line.excluded_reason for line in draft.excluded}
    assert reasons == {
        unsigned.pk: "ALIS-avtalen er ikke signert.",
        missing.pk: "Ingen ALIS-avtale er registrert.",
    }
    assert draft.total == 120_000


def test_supervision_only_is_set_on_the_post(national_scheme, national, bergen):
    placement = post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    PostJobType.objects.create(placement=placement, job_type="kun_veiledning")
    [line] = claim_of(bergen).lines
    assert (line.job_type, line.monthly_rate, line.amount) == ("kun_veiledning", 2_000, 24_000)


def test_contract_type_gives_the_job_type_without_an_override(national_scheme, national, bergen):
    post(
        national,
        bergen,
        date(2024, 1, 1),
        date(2028, 12, 31),
        contract_type="introduksjonsstilling",
    )
    [line] = claim_of(bergen).lines
    assert (line.job_type, line.amount) == ("introduksjonslege", 96_000)


def test_a_shared_post_bills_each_municipality_its_share(
    national_scheme, national, bergen, stord, liv
):
    placement = post(national, bergen, date(2024, 1, 1), date(2028, 12, 31), position_percent=75)
    set_cost_shares(placement, [(bergen, Decimal("66.67")), (stord, Decimal("33.33"))], by=liv)
    [bergen_line] = claim_of(bergen).lines
    [stord_line] = claim_of(stord).lines
    # The post: 10 000 × 0.75 × 12 = 90 000, split 66.67/33.33 -> 60 003 + 29 997
    assert (bergen_line.amount, stord_line.amount) == (60_003, 29_997)
    assert bergen_line.amount + stord_line.amount == bergen_line.post_amount == 90_000
    assert (bergen_line.percent, stord_line.percent) == (Decimal("50.0025"), Decimal("24.9975"))


def test_a_second_municipality_without_shares_splits_50_50(
    national_scheme, national, bergen, stord
):
    post(national, bergen, date(2024, 1, 1), date(2028, 12, 31), second_municipality=stord)
    assert claim_of(bergen).total == claim_of(stord).total == 60_000


def test_cost_shares_must_add_up_to_100(national_scheme, national, bergen, stord, liv):
    placement = post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    with pytest.raises(ValidationError, match="100 prosent; nå er summen 90"):
        set_cost_shares(placement, [(bergen, Decimal(50)), (stord, Decimal(40))], by=liv)
    with pytest.raises(ValidationError, match="Bergen står to ganger"):
        set_cost_shares(placement, [(bergen, Decimal(50)), (bergen, Decimal(50))], by=liv)
    assert not placement.cost_shares.exists()


def test_supervision_status_is_unknown_without_the_yearly_check(
    national_scheme, national, bergen, settings
):
    settings.CLAIM_SUPERVISION_STATUS = "supervision.no_such_module.year_status"
    post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    [line] = claim_of(bergen).lines
    assert line.supervision["status"] == "unknown"


def test_supervision_status_comes_from_the_named_function(
    national_scheme, national, bergen, settings
):
    settings.CLAIM_SUPERVISION_STATUS = "tests.funding.test_claims.fake_year_status"
    post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    [line] = claim_of(bergen).lines
    assert line.supervision == {"required": 2520, "done": 2700, "status": "ok"}


def test_the_command_prints_every_claim_by_the_rule(
    national_scheme, national, bergen, stord, remote, liv
):
    post(national, bergen, date(2023, 8, 1), date(2027, 7, 31))
    post(national, remote, date(2024, 3, 10), date(2028, 3, 9), position_percent=60)
    shared = post(national, stord, date(2024, 2, 1), date(2028, 1, 31), position_percent=90)
    set_cost_shares(
        shared,
        [(stord, Decimal("33.33")), (bergen, Decimal("33.33")), (remote, Decimal("33.34"))],
        by=liv,
    )
    post(national, stord, date(2024, 1, 1), date(2028, 12, 31), signed=False)
    claims.prepare_claim(national, bergen, YEAR, by=liv)
    out = json_of("national_claims", "--year", str(YEAR), "--json")
    assert {c["municipality"] for c in out} == {"Bergen", "Stord", remote.name}
    assert {c["status"] for c in out} == {"draft", "not_started"}
    for claim in out:
        for line in claim["lines"]:
            exact = Decimal(str(line["monthly_rate"])) * Decimal(str(line["percent"])) / 100
            expected = exact * line["months"] + line["supplement"]
            # A share of a shared post is within a krone of its own formula ...
            assert abs(line["amount"] - expected) <= (1 if line["share_percent"] != 100 else 0.5)
        assert claim["total"] == sum(line["amount"] for line in claim["lines"])
    parts = [line for c in out for line in c["lines"] if line["placement_id"] == shared.pk]
    # ... and the shares add up to the post: 10 000 × 0.9 × 11 = 99 000
    assert sum(line["amount"] for line in parts) == parts[0]["post_amount"] == 99_000
    [stord_claim] = [c for c in out if c["municipality"] == "Stord"]
    assert len(stord_claim["excluded"]) == 1


def json_of(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_a_claim_is_a_numbered_snapshot_and_a_new_version_supersedes(
    national_scheme, national, bergen, alice
):
    post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    first = claims.prepare_claim(national, bergen, YEAR, by=alice)
    assert (first.number, first.version, first.total) == (
        "KRAV-ALIS-NASJONAL-2024-0001",
        1,
        120_000,
    )
    claims.submit_claim(first, by=alice)
    first.total = 1
    with pytest.raises(ImmutableError):
        first.save()
    with pytest.raises(ImmutableError):
        first.delete()
    post(national, bergen, date(2024, 7, 1), date(2028, 6, 30))
    second = claims.prepare_claim(national, bergen, YEAR, by=alice)
    first.refresh_from_db()
    assert (first.status, first.superseded_by, first.total) == ("superseded", second, 120_000)
    assert (second.version, second.supersedes, second.total) == (2, first, 180_000)
    assert second.number == "KRAV-ALIS-NASJONAL-2024-0002"
    assert first.lines.count() == 1 and second.lines.count() == 2
    with pytest.raises(ValidationError):
        claims.submit_claim(first, by=alice)  # a superseded version is never submitted


def test_the_auditor_statement_only_after_submission(national_scheme, national, bergen, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    claim = claims.prepare_claim(national, bergen, YEAR, by=alice)
    upload = SimpleUploadedFile("attest.pdf", b"%PDF-1.4 attest")
    with pytest.raises(ValidationError, match="Send inn kravet"):
        claims.upload_audit_statement(claim, upload, "application/pdf", by=alice)
    claims.submit_claim(claim, by=alice)
    claims.upload_audit_statement(claim, upload, "application/pdf", by=alice)
    claim.refresh_from_db()
    assert claim.is_done and claim.audit_name == "attest.pdf"
    assert claims.audit_deadline(YEAR) == date(2025, 4, 1)


def test_nothing_to_claim_is_refused(national_scheme, national, stord, bob):
    with pytest.raises(ValidationError, match="ingen utdanningsstillinger"):
        claims.prepare_claim(national, stord, YEAR, by=bob)
    assert not NationalClaim.objects.exists()


def test_computing_claims_is_a_constant_number_of_queries(
    national_scheme, national, bergen, stord, liv, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CLAIM_SUPERVISION_STATUS = "tests.funding.test_claims.fake_year_status"

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            claims.compute_claims(YEAR)
        return len(ctx.captured_queries)

    post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    few = queries()
    for _ in range(5):
        shared = post(national, stord, date(2024, 1, 1), date(2028, 12, 31))
        set_cost_shares(shared, [(stord, Decimal(50)), (bergen, Decimal(50))], by=liv)
    # schemes, their rates, placements (with job type and agreement), their cost shares,
    # the paying municipalities
    assert queries() == few == 5


def test_the_supervision_room_answers_for_the_year(national_scheme, national, bergen):
    """With the yearly check installed (settings.CLAIM_SUPERVISION_STATUS), a post with no
    supervision logged in its year owes the year's hours and is not "unknown"."""
    post(national, bergen, date(2024, 1, 1), date(2028, 12, 31))
    [line] = claim_of(bergen).lines
    assert line.supervision["status"] in {"behind", "deficit"}
    assert line.supervision["required"] > 0 and line.supervision["done"] == 0
