"""A claim as JSON (the national_claims command, the API) and as the spreadsheet for
Helsedirektoratet. Works alike on a stored claim and on one computed but not stored."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook

from alisvest.spreadsheets import append_row

from .models import JobType


def number(value):
    """A Decimal as JSON: an int when whole (100, 12000), else a float (33.33)."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def line_json(line):
    supervision = getattr(line, "supervision", None) or {
        "required": line.supervision_required,
        "done": line.supervision_done,
        "status": line.supervision_status,
    }
    return {
        "placement_id": line.placement_id,
        "doctor": getattr(line, "doctor_name", None) or line.placement.doctor.name,
        "job_type": str(line.job_type),
        "percent": number(line.percent),
        "share_percent": number(line.share_percent),
        "months": line.months,
        "monthly_rate": number(line.monthly_rate),
        "supplement": line.supplement,
        "amount": line.amount,
        "post_amount": line.post_amount,
        "agreement": line.agreement_reference,
        "supervision": supervision,
    }


def claim_json(claim, lines, *, status, number_=None, version=None):
    """`claim`: a NationalClaim or a claims.Draft; `lines`: its lines."""
    included = [line for line in lines if not line.excluded_reason]
    return {
        "number": number_,
        "version": version,
        "status": status,
        "programme": claim.programme.name,
        "municipality": claim.municipality.name,
        "municipality_number": claim.municipality.number,
        "year": claim.year,
        "total": sum(line.amount for line in included),
        "lines": [line_json(line) for line in included],
        "excluded": [
            {"placement_id": line.placement_id, "reason": line.excluded_reason}
            for line in lines
            if line.excluded_reason
        ],
    }


def stored_json(claim):
    return claim_json(
        claim,
        list(claim.lines.all()),
        status=claim.status,
        number_=claim.number,
        version=claim.version,
    )


def draft_json(draft):
    return claim_json(draft, draft.lines, status="not_started")


HEADER = (
    _l("Kommunenummer"), _l("Kommune"), _l("År"), _l("Kravnummer"), _l("ALIS"),
    _l("Stilling (id)"), _l("Stillingstype"), _l("Stillingsprosent"),
    _l("Kommunens andel (%)"), _l("Prosent i kravet"), _l("Hele måneder"),
    _l("Månedssats (kr)"), _l("Tillegg (kr)"), _l("Beløp (kr)"), _l("ALIS-avtale"),
    _l("Veiledning"),
)  # fmt: skip


def claim_xlsx(claim, lines):
    """One row per post in the claim, then the total; excluded posts on a second sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Krav")[:31]
    append_row(sheet, [str(h) for h in HEADER])
    for line in lines:
        if line.excluded_reason:
            continue
        append_row(sheet, _row(claim, line))
    append_row(sheet, [""] * 13 + [claim.total])
    excluded = book.create_sheet(_("Ikke med")[:31])
    append_row(excluded, [_("ALIS"), _("Stilling (id)"), _("Ikke med fordi")])
    for line in lines:
        if line.excluded_reason:
            append_row(excluded, [line.doctor_name, line.placement_id, line.excluded_reason])
    return book


def _row(claim, line):
    return [
        claim.municipality.number,
        claim.municipality.name,
        claim.year,
        claim.number,
        line.doctor_name,
        line.placement_id,
        str(JobType(line.job_type).label),
        line.position_percent,
        float(line.share_percent),
        float(line.percent),
        line.months,
        float(line.monthly_rate),
        line.supplement,
        line.amount,
        line.agreement_reference,
        str(line.get_supervision_status_display()),
    ]
