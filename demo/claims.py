"""Demo data for the national scheme's claims, for a national programme already seeded with
placements and ALIS agreements: a post shared by two municipalities (60/40), the 2024 claim
submitted with its auditor's statement, and the 2025 claim in preparation. The rates are the
demo's example rates (marked as examples), not official ones. Idempotent: a municipality
and year that already have a claim get none again."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from funding import claims
from funding.models import GrantScheme, MonthlyRate
from placements.models import Municipality, Placement
from placements.register.cost_shares import set_cost_shares

from .funding import EXAMPLE_NATIONAL_RATES

SUBMITTED_YEAR = 2024
PREPARING_YEAR = 2025
SHARES = (Decimal(60), Decimal(40))

# A one-page PDF standing in for the auditor's scanned statement.
AUDIT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@transaction.atomic
def seed(programme):
    """Returns the claims it made."""
    _example_scheme(programme)
    shared = _shared_post(programme)
    made = []
    drafts = claims.compute_claims(SUBMITTED_YEAR, programmes=[programme.pk])
    target = _first_with_amount(drafts, prefer=shared)
    if target is None:
        return made
    if claims.current_claim(programme, target, SUBMITTED_YEAR) is None:
        claim = claims.prepare_claim(programme, target, SUBMITTED_YEAR, by=None)
        claims.submit_claim(claim, by=None)
        upload = ContentFile(AUDIT_PDF, name="revisorattestasjon-2024.pdf")
        claims.upload_audit_statement(claim, upload, "application/pdf", by=None)
        made.append(claim)
    if claims.draft_for(programme, target, PREPARING_YEAR) is not None and (
        claims.current_claim(programme, target, PREPARING_YEAR) is None
    ):
        made.append(claims.prepare_claim(programme, target, PREPARING_YEAR, by=None))
    return made


def _example_scheme(programme):
    """The programme's national scheme from its start, if it has none: example rates."""
    if GrantScheme.objects.filter(programme=programme).exists():
        return
    scheme = GrantScheme.objects.create(
        programme=programme,
        name="EKSEMPEL – nasjonal ordning, satser per hele måned",
        kind=GrantScheme.Kind.PER_MONTH,
        is_example=True,
        valid_from=date(min(programme.started.year, SUBMITTED_YEAR), 1, 1),
        annual_own_share=Decimal(0),
        class6_monthly_supplement=Decimal(2_000),
    )
    MonthlyRate.objects.bulk_create(
        MonthlyRate(scheme=scheme, job_type=job_type, monthly_amount=amount)
        for job_type, amount in EXAMPLE_NATIONAL_RATES.items()
    )


def _shared_post(programme):
    """The programme's post with a second municipality (or else its first post, shared
    with another participating municipality), split 60/40; returns the main municipality."""
    posts = Placement.objects.filter(programme=programme).select_related(
        "municipality", "second_municipality"
    )
    post = posts.filter(second_municipality__isnull=False).order_by("pk").first()
    post = post or posts.order_by("start", "pk").first()
    if post is None:
        return None
    if post.cost_shares.exists():
        return post.municipality
    other = post.second_municipality or (
        Municipality.objects.current()
        .filter(participations__programme=programme)
        .exclude(pk=post.municipality_id)
        .order_by("name")
        .first()
    )
    if other is None:
        return post.municipality
    set_cost_shares(post, list(zip((post.municipality, other), SHARES, strict=True)), by=None)
    return post.municipality


def _first_with_amount(drafts, prefer=None):
    with_amount = [d for d in drafts if d.total]
    for draft in with_amount:
        if draft.municipality == prefer:
            return draft.municipality
    return with_amount[0].municipality if with_amount else None
