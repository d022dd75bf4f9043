"""Funding's tasks for the to-do list (alisvest/todo.py): last year's expenses to report and
statements to check for health managers, statements to issue for project leaders. A query
per kind of task (and one for the schemes' deadlines)."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alisvest.roles import access_of
from alisvest.todo import Task
from placements.models import Municipality, Placement

from . import claims, payments
from .models import Expense, GrantScheme, GrantStatement, NationalClaim

RECENT_STATEMENT_DAYS = 60


def _last_year():
    return timezone.localdate().year - 1


def _placements_in(year):
    """Placements that ran some of `year` and have no current statement for it yet."""
    statements = GrantStatement.objects.current().filter(programme=OuterRef("programme"), year=year)
    # No statement to the municipality, and none to the one it merged into: two anti-joins
    # hashed on the recipient, where one with an OR compared every placement with every
    # statement of the year.
    return (
        Placement.objects.annotate(ends=Coalesce("actual_end", "planned_end"))
        .filter(start__lte=date(year, 12, 31), ends__gte=date(year, 1, 1))
        .filter(~Exists(statements.filter(municipality=OuterRef("municipality"))))
        .filter(~Exists(statements.filter(municipality=OuterRef("municipality__merged_into"))))
    )


def _deadlines(year, programmes):
    schemes = GrantScheme.objects.valid_in(year).filter(programme__in=programmes)
    return {s.programme_id: s.deadline_for(year) for s in schemes}


def manager_expense_reports(user):
    """Last year's expenses to report, per placement of the managed municipalities."""
    managed = access_of(user).managed_municipalities
    if not managed:
        return []
    year = _last_year()
    lineage = Municipality.objects.lineage_of(managed)
    placements = list(
        _placements_in(year).filter(municipality__in=lineage).select_related("doctor")
    )
    deadlines = _deadlines(year, {p.programme_id for p in placements})
    return [
        Task(
            kind="funding.report_expenses",
            title=_("Rapporter utgifter for %(year)s for %(doctor)s")
            % {"year": year, "doctor": p.doctor.name},
            url=reverse("funding:expenses", args=[p.pk, year]),
            due=deadlines.get(p.programme_id),
            object_type="placements.placement",
            object_id=p.pk,
        )
        for p in placements
    ]


def manager_statements_to_check(user):
    """Statements issued to the managed municipalities lately, before they fall due."""
    managed = access_of(user).managed_municipalities
    if not managed:
        return []
    today = timezone.localdate()
    statements = GrantStatement.objects.current().filter(
        municipality__in=Municipality.objects.lineage_of(managed),
        issued_at__gte=timezone.now() - timedelta(days=RECENT_STATEMENT_DAYS),
        due_date__gte=today,
    )
    return [
        Task(
            kind="funding.check_statement",
            title=_("Kontroller årsoppgjør %(number)s for %(year)s")
            % {"number": s.number, "year": s.year},
            url=reverse("funding:statement_detail", args=[s.pk]),
            due=s.due_date,
            object_type="funding.grantstatement",
            object_id=s.pk,
        )
        for s in statements
    ]


def leader_statements_to_issue(user):
    """Per led programme: municipalities with placements last year and no statement yet."""
    led = access_of(user).led_programmes
    if not led:
        return []
    year = _last_year()
    missing = (
        _placements_in(year)
        .filter(programme__in=led)
        .order_by()
        .values("programme")
        .annotate(n=Count("municipality", distinct=True))
    )
    deadlines = _deadlines(year, led)
    return [
        Task(
            kind="funding.issue_statements",
            title=ngettext(
                "%(n)s kommune venter på årsoppgjør for %(year)s",
                "%(n)s kommuner venter på årsoppgjør for %(year)s",
                row["n"],
            )
            % {"n": row["n"], "year": year},
            url=reverse("funding:generate"),
            due=deadlines.get(row["programme"]),
            object_type="placements.programme",
            object_id=row["programme"],
        )
        for row in missing
    ]


def manager_claims(user):
    """Last year's national claims of the managed municipalities: to make and submit, then
    the auditor's statement to upload, each due by the audit deadline."""
    managed = access_of(user).managed_municipalities
    if not managed:
        return []
    year = _last_year()
    due = claims.audit_deadline(year)
    tasks = [
        Task(
            kind="funding.submit_claim",
            title=_("Send inn krav om tilskudd for %(year)s for %(municipality)s")
            % {"year": year, "municipality": draft.municipality.name},
            url=reverse(
                "funding:claim_year",
                args=[draft.programme.slug, draft.municipality.number, year],
            ),
            due=due,
            object_type="placements.municipality",
            object_id=draft.municipality.pk,
        )
        for draft in claims.to_prepare(user, year, as_leader=False)
    ]
    stored = NationalClaim.objects.current().filter(
        year=year,
        municipality__in=Municipality.objects.lineage_of(managed),
        audit_uploaded_at=None,
    )
    for claim in stored.select_related("municipality"):
        if claim.status == NationalClaim.Status.DRAFT:
            title = _("Send inn krav %(number)s for %(year)s")
        else:
            title = _("Last opp revisorattestasjon for krav %(number)s for %(year)s")
        tasks.append(
            Task(
                kind="funding.complete_claim",
                title=title % {"number": claim.number, "year": year},
                url=reverse("funding:claim_detail", args=[claim.pk]),
                due=due,
                object_type="funding.nationalclaim",
                object_id=claim.pk,
            )
        )
    return tasks


def leader_overdue_payments(user):
    """Settlements of the led programmes that are past due and not recorded paid (one query)."""
    led = access_of(user).led_programmes
    if not led:
        return []
    # Only the unpaid whose stored deadline is past: the business day it moves to is never
    # earlier, so none overdue is left out, and the paid years are not read at all.
    unpaid = GrantStatement.objects.filter(
        programme__in=led,
        status=GrantStatement.Status.ISSUED,
        payment__isnull=True,
        due_date__lt=timezone.localdate(),
    ).select_related("municipality", "payment")
    return [
        Task(
            kind="funding.overdue_payment",
            title=_("Oppgjør %(number)s for %(municipality)s er forfalt og ikke betalt")
            % {"number": s.number, "municipality": s.municipality.name},
            url=reverse("funding:settlement", args=[s.pk]),
            due=payments.due_date(s),
            object_type="funding.grantstatement",
            object_id=s.pk,
        )
        for s in unpaid.order_by("due_date", "pk")
        if payments.status(s) == payments.Status.OVERDUE
    ]


def leader_expenses_to_review(user):
    """Per led programme: expenses the health managers have submitted for approval."""
    led = access_of(user).led_programmes
    if not led:
        return []
    waiting = (
        Expense.objects.filter(placement__programme__in=led, status=Expense.Status.SUBMITTED)
        .order_by()
        .values("placement__programme")
        .annotate(n=Count("pk"))
    )
    return [
        Task(
            kind="funding.review_expenses",
            title=ngettext(
                "%(n)s utgift venter på godkjenning",
                "%(n)s utgifter venter på godkjenning",
                row["n"],
            )
            % {"n": row["n"]},
            url=reverse("funding:expense_review"),
            due=None,
            object_type="placements.programme",
            object_id=row["placement__programme"],
        )
        for row in waiting
    ]
