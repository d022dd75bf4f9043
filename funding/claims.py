"""The yearly claim on the national scheme: computing it (set-based, a handful of queries
whatever the number of posts), storing it as a numbered snapshot, submitting it and keeping
the auditor's statement.

Amounts, in whole kroner (rules.national_line): base = monthly rate × percent/100 × whole
months, supplement = class-6 supplement × percent/100 × whole months (only when the post's
municipality is in centrality class 6), each rounded half up; amount = base + supplement.
A shared post is computed whole and then split by the cost shares with the largest
remainder method (rules.split_kroner), base and supplement each, so the shares add up to
the post to the krone; a share's line then shows the municipality's part of the percent."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from alisvest.access import require
from alisvest.roles import access_of
from alisvest.uploads import safe_filename
from placements.models import Agreement, CostShare, Municipality, Placement, Programme
from placements.register.cost_shares import payers_of, shares_of

from . import permissions, rules
from .models import (
    GrantScheme,
    JobType,
    MonthlyRate,
    NationalClaim,
    NationalClaimLine,
    PostJobType,
    job_type_for,
)
from .models.claims import SUPERVISION_STATUS
from .services import recipient_of

CLAIM_LOCK = 6_160_000_000
AUDIT_FIELDS = ("file", "name", "type", "uploaded_at", "uploaded_by")
UNKNOWN = {"required": None, "done": None, "status": "unknown"}


def audit_deadline(year):
    """The auditor's statement for `year` is due on settings.NATIONAL_CLAIM_AUDIT_DEADLINE
    ("MM-DD") of the year after."""
    month, day = (int(part) for part in settings.NATIONAL_CLAIM_AUDIT_DEADLINE.split("-"))
    return date(year + 1, month, day)


def supervision_status(placement_ids, year):
    """{placement id: {"required", "done", "status"}} from the function named by
    settings.CLAIM_SUPERVISION_STATUS (funding does not import supervision); every post is
    "unknown" while no such function is installed."""
    path = getattr(settings, "CLAIM_SUPERVISION_STATUS", "")
    try:
        source = import_string(path) if path else None
    except ImportError:
        source = None
    found = source(list(placement_ids), year) if source and placement_ids else {}
    return {pk: {**UNKNOWN, **found.get(pk, {})} for pk in placement_ids}


@dataclass
class Line:
    placement: Placement
    job_type: str
    share_percent: Decimal
    percent: Decimal
    months: int
    monthly_rate: Decimal
    supplement: int
    amount: int
    post_amount: int
    agreement_reference: str = ""
    excluded_reason: str = ""
    supervision: dict = field(default_factory=lambda: dict(UNKNOWN))

    @property
    def placement_id(self):
        return self.placement.pk

    @property
    def doctor_name(self):
        return self.placement.doctor.name

    @property
    def position_percent(self):
        return self.placement.position_percent

    def get_job_type_display(self):
        return JobType(self.job_type).label

    def get_supervision_status_display(self):
        status = self.supervision["status"]
        return SUPERVISION_STATUS.get(status, status)


@dataclass
class Draft:
    """A claim computed but not stored."""

    scheme: GrantScheme
    municipality: Municipality
    year: int
    lines: list = field(default_factory=list)

    @property
    def programme(self):
        return self.scheme.programme

    @property
    def included(self):
        return [line for line in self.lines if not line.excluded_reason]

    @property
    def excluded(self):
        return [line for line in self.lines if line.excluded_reason]

    @property
    def total(self):
        return sum(line.amount for line in self.included)


def national_schemes(year, programmes=None):
    """{programme id: scheme} of national-scheme programmes valid in `year`, with rates."""
    valid = GrantScheme.objects.valid_in(year).filter(
        programme__rule_set=Programme.RuleSet.NATIONAL
    )
    if programmes is not None:
        valid = valid.filter(programme__in=programmes)
    return {
        s.programme_id: s
        for s in valid.select_related("programme").prefetch_related(
            Prefetch("monthly_rates", queryset=MonthlyRate.objects.all())
        )
    }


def compute_claims(year, *, programmes=None, municipalities=None, with_supervision=True):
    """Every claim for `year` (not stored): one per programme and paying municipality.
    `municipalities`: only the claims of these (ids, today's or former ones)."""
    schemes = national_schemes(year, programmes)
    placements = _placements(year, schemes, municipalities)
    payers = payers_of(placements)
    status = supervision_status([p.pk for p in placements], year) if with_supervision else {}
    drafts = {}
    for placement in placements:
        scheme = schemes[placement.programme_id]
        centrality = payers[recipient_of(placement.municipality, year)].centrality
        for line, payer_id in _lines(scheme, placement, year, centrality):
            payer = payers[recipient_of(payers[payer_id], year)]
            line.supervision = status.get(placement.pk, dict(UNKNOWN))
            key = (scheme.programme_id, payer.pk)
            draft = drafts.setdefault(key, Draft(scheme=scheme, municipality=payer, year=year))
            draft.lines.append(line)
    wanted = _lineage(municipalities)
    result = [d for d in drafts.values() if wanted is None or d.municipality.pk in wanted]
    return sorted(result, key=lambda d: (d.scheme.programme_id, d.municipality.name))


def _lineage(municipalities):
    if municipalities is None:
        return None
    return set(Municipality.objects.lineage_of(municipalities).values_list("pk", flat=True))


def _placements(year, schemes, municipalities):
    rows = (
        Placement.objects.overlapping(date(year, 1, 1), date(year, 12, 31))
        .filter(programme__in=schemes.keys())
        .select_related("doctor", "municipality", "national_job_type", "agreement")
        .prefetch_related(Prefetch("cost_shares", queryset=CostShare.objects.order_by("pk")))
        # What counts as signed is the agreements room's to say (Agreement.objects.signed()).
        .annotate(
            agreement_signed=Exists(Agreement.objects.signed().filter(placement=OuterRef("pk")))
        )
        .order_by("doctor__name", "start", "pk")
    )
    if municipalities is not None:
        lineage = Municipality.objects.lineage_of(municipalities)
        rows = rows.filter(
            Q(municipality__in=lineage)
            | Q(second_municipality__in=lineage)
            | Q(cost_shares__municipality__in=lineage)
        ).distinct()
    return [p for p in rows if rules.whole_months(year, p.start, p.end)]


def agreement_of(placement):
    try:
        return placement.agreement
    except Placement.agreement.RelatedObjectDoesNotExist:
        return None


def agreement_reference(agreement):
    if agreement is None:
        return ""
    reference = (
        getattr(agreement, "reference", "")
        or getattr(agreement, "number", "")
        or f"ALIS-avtale {agreement.pk}"
    )
    if agreement.signed_on:
        return f"{reference}, {agreement.signed_on:%d.%m.%Y}"
    return reference


def exclusion_reason(placement, scheme, job_type):
    agreement = agreement_of(placement)
    if agreement is None:
        return _("Ingen ALIS-avtale er registrert.")
    if not placement.agreement_signed:
        return _("ALIS-avtalen er ikke signert.")
    if job_type not in scheme.rates():
        return _("Ordningen har ingen sats for stillingstypen.")
    return ""


def _lines(scheme, placement, year, centrality):
    """[(Line, paying municipality id)] for one post: one per cost share."""
    job_type = job_type_for(placement)
    months = rules.whole_months(year, placement.start, placement.end)
    rate = Decimal(scheme.rates().get(job_type, 0))
    post = rules.national_line(
        months=months,
        monthly_rate=rate,
        position_percent=placement.position_percent,
        class6_monthly_supplement=scheme.class6_monthly_supplement,
        class6=centrality == 6,
    )
    reason = exclusion_reason(placement, scheme, job_type)
    shares = shares_of(placement)
    percents = [p for _m, p in shares]
    bases = rules.split_kroner(post.base, percents)
    supplements = rules.split_kroner(post.supplement, percents)
    reference = agreement_reference(agreement_of(placement))
    result = []
    for (payer_id, share), base, supplement in zip(shares, bases, supplements, strict=True):
        percent = (Decimal(placement.position_percent) * share / 100).quantize(Decimal("0.0001"))
        amount = 0 if reason else base + supplement
        line = Line(
            placement, job_type, share, percent, months, rate, 0 if reason else supplement,
            amount, post.amount, reference, reason,
        )  # fmt: skip
        result.append((line, payer_id))
    return result


# --- Stored claims ----------------------------------------------------------------------


def current_claim(programme, municipality, year):
    return (
        NationalClaim.objects.current()
        .filter(programme=programme, municipality=municipality, year=year)
        .first()
    )


def draft_for(programme, municipality, year):
    """The claim as it would be made now, or None if the municipality has no post."""
    drafts = compute_claims(year, programmes=[programme.pk], municipalities=[municipality.pk])
    return next((d for d in drafts if d.municipality.pk == municipality.pk), None)


def _lock(year):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s::bigint)", [CLAIM_LOCK + year])


@transaction.atomic
def prepare_claim(programme, municipality, year, *, by):
    """Store the claim as it is now, as a draft to review; a current version (draft or
    submitted) is superseded by it. Raises ValidationError if there is nothing to claim."""
    draft = draft_for(programme, municipality, year)
    if draft is None:
        raise ValidationError(
            _("%(municipality)s har ingen utdanningsstillinger i %(programme)s i %(year)s.")
            % {"municipality": municipality.name, "programme": programme.name, "year": year}
        )
    _lock(year)
    previous = current_claim(programme, municipality, year)
    sequence = (
        NationalClaim.objects.filter(programme=programme, year=year).aggregate(top=Max("sequence"))[
            "top"
        ]
        or 0
    ) + 1
    if previous is not None:
        NationalClaim.objects.filter(pk=previous.pk).update(status=NationalClaim.Status.SUPERSEDED)
    claim = NationalClaim.objects.create(
        programme=programme,
        scheme=draft.scheme,
        municipality=municipality,
        year=year,
        sequence=sequence,
        number=f"KRAV-{programme.slug.upper()}-{year}-{sequence:04d}",
        version=previous.version + 1 if previous else 1,
        supersedes=previous,
        created_at=timezone.now(),
        created_by=by,
        language=municipality.language,
        total=draft.total,
    )
    if previous is not None:
        NationalClaim.objects.filter(pk=previous.pk).update(superseded_by=claim)
    _store_lines(claim, draft)
    return claim


def _store_lines(claim, draft):
    NationalClaimLine.objects.bulk_create(
        NationalClaimLine(
            claim=claim,
            placement=line.placement,
            doctor_name=line.placement.doctor.name,
            period_start=max(line.placement.start, date(claim.year, 1, 1)),
            period_end=min(line.placement.end, date(claim.year, 12, 31)),
            job_type=line.job_type,
            position_percent=line.placement.position_percent,
            share_percent=line.share_percent,
            percent=line.percent,
            months=line.months,
            monthly_rate=line.monthly_rate,
            supplement=line.supplement,
            amount=line.amount,
            post_amount=line.post_amount,
            agreement_reference=line.agreement_reference,
            supervision_required=line.supervision["required"],
            supervision_done=line.supervision["done"],
            supervision_status=line.supervision["status"],
            excluded_reason=line.excluded_reason,
        )
        for line in draft.lines
    )


def can_submit(claim):
    if claim.status != NationalClaim.Status.DRAFT:
        return False, _("Bare et krav under arbeid kan sendes inn.")
    if not claim.total:
        return False, _("Kravet har ingen beløp å kreve.")
    return True, ""


def submit_claim(claim, *, by):
    """Submit the version the manager reviewed: its lines are already fixed."""
    allowed, reason = can_submit(claim)
    if not allowed:
        raise ValidationError(reason)
    claim.status = NationalClaim.Status.SUBMITTED
    claim.submitted_at = timezone.now()
    claim.submitted_by = by
    claim.save(update_fields=["status", "submitted_at", "submitted_by"])
    return claim


def upload_audit_statement(claim, upload, content_type, *, by):
    """Keep the auditor's statement (revisorattestasjon) with the submitted claim; a new
    upload replaces the file, and the deadline is shown beside it, not enforced."""
    if not claim.is_submitted or claim.status == NationalClaim.Status.SUPERSEDED:
        raise ValidationError(
            {"file": _("Send inn kravet før du laster opp revisorattestasjonen.")}
        )
    claim.audit_name = safe_filename(upload.name, content_type)
    claim.audit_type = content_type
    claim.audit_file = upload
    claim.audit_uploaded_at = timezone.now()
    claim.audit_uploaded_by = by
    claim.save(
        update_fields=[
            "audit_file",
            "audit_name",
            "audit_type",
            "audit_uploaded_at",
            "audit_uploaded_by",
        ]
    )
    return claim


def to_prepare(user, year, *, as_leader=True):
    """Drafts for `year` the user handles (own municipalities, and unless not `as_leader`
    led programmes) that have no stored claim yet: the claims still to make."""
    access = access_of(user)
    drafts = []
    if access.managed_municipalities:
        drafts += compute_claims(
            year, municipalities=access.managed_municipalities, with_supervision=False
        )
    if as_leader and access.led_programmes:
        drafts += compute_claims(year, programmes=access.led_programmes, with_supervision=False)
    stored = set(
        NationalClaim.objects.current()
        .filter(year=year, programme__in={d.scheme.programme_id for d in drafts})
        .values_list("programme", "municipality")
    )
    seen, result = set(), []
    for draft in drafts:
        key = (draft.scheme.programme_id, draft.municipality.pk)
        if key not in stored and key not in seen:
            seen.add(key)
            result.append(draft)
    return result


@transaction.atomic
def set_post_job_type(placement, *, by, job_type, reason=""):
    """Set (or, with an empty job type, remove) the post's job type on the national scheme."""
    require(permissions.can_report_expenses(by, placement))
    current = PostJobType.objects.filter(placement=placement).first()
    if not job_type:
        if current is not None:
            current._history_user = by
            current.delete()
        return None
    current = current or PostJobType(placement=placement)
    current.job_type, current.reason = job_type, reason
    current._history_user = by
    current.full_clean()
    current.save()
    return current


def incomplete(year):
    """[(programme id, municipality id, current claim id or None)] for every claim of `year`
    that is still to make, to submit, or waits for the auditor's statement."""
    stored = {
        (c.programme_id, c.municipality_id): c
        for c in NationalClaim.objects.current().filter(year=year)
    }
    keys = {
        (d.scheme.programme_id, d.municipality.pk)
        for d in compute_claims(year, with_supervision=False)
    }
    keys |= stored.keys()
    result = []
    for key in sorted(keys):
        claim = stored.get(key)
        if claim is None or not claim.is_done:
            result.append((*key, claim.pk if claim else None))
    return result
