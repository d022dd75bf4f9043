"""The portfolio of a placement: the document an ALIS attaches when applying for specialist
approval, and what the municipality keeps when the ALIS leaves.

The document is an ordered list of sections. Each section is one function of the placement
returning a small context dict, drawn by one template, `supervision/portfolio/_<name>.html`
(the function's name). A new section is one function added to SECTIONS and one template.
Each function asks a fixed number of queries, so the whole document does too, however many
sessions, meetings and objectives five years hold; hours are summed per month in the
database."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from alisvest.pdf import render_pdf
from placements.models import (
    EducationPlan,
    LearningObjective,
    ObjectiveProgress,
    PeriodKind,
    Placement,
    PlannedCourse,
    PlanPeriod,
)
from placements.plans.rules import as_years, covered_days, plan_warnings

from .assessments import completed_assessments
from .models import (
    GROUP_REQUIREMENT_HOURS,
    GroupAttendance,
    MonthlyCheck,
    ProgressReview,
    SupervisionSession,
)
from .months import months_between
from .units import hours_label, minutes_as_hours

STYLESHEETS = ("placements/pdf.css", "supervision/portfolio_pdf.css")
CHART_WIDTH = 640
CHART_HEIGHT = 120


def placement_for_portfolio(pk):
    """The placement with everything the sections read from it, in one query."""
    return Placement.objects.select_related(
        "doctor__user", "programme", "municipality", "second_municipality", "centre"
    ).get(pk=pk)


def language_of(placement):
    """The ALIS's own language, else the site's."""
    user = placement.doctor.user
    return (user.language if user else "") or settings.LANGUAGE_CODE


def filename(placement):
    return f"portefolje-{placement.doctor.name}.pdf"


# --- The sections --------------------------------------------------------------------------


def about(placement):
    """Who, where and when, with the supervisors over the years."""
    supervisors = placement.supervisor_assignments.select_related("supervisor").order_by(
        "start", "pk"
    )
    return {"placement": placement, "doctor": placement.doctor, "supervisors": list(supervisors)}


def plan(placement):
    """The education plan's periods, the time each kind covers, and the rule warnings."""
    plan = EducationPlan.objects.filter(placement=placement).first()
    periods = list(PlanPeriod.objects.filter(plan__placement=placement).order_by("start", "pk"))
    covered = [
        {
            "kind": label,
            "years": as_years(covered_days([(p.start, p.end) for p in periods if p.kind == kind])),
        }
        for kind, label in PeriodKind.choices
        if any(p.kind == kind for p in periods)
    ]
    return {
        "plan": plan,
        "periods": periods,
        "covered": covered,
        "warnings": plan_warnings(periods) if plan else [],
    }


def hours(placement):
    """Individual supervision per month, summed in the database, beside the monthly check's
    requirement and result where the check has run."""
    logged = {
        row["month"]: row
        for row in SupervisionSession.objects.counting()
        .filter(placement=placement)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(minutes=Sum("minutes"), sessions=Count("pk"))
        .order_by()
    }
    checks = {
        c["month"]: c
        for c in MonthlyCheck.objects.filter(placement=placement).values(
            "month", "required_minutes", "status"
        )
    }
    labels = dict(MonthlyCheck.Status.choices)
    last = min(placement.end, timezone.localdate())
    rows = []
    for month in months_between(placement.start, last) if placement.start <= last else []:
        row, check = logged.get(month, {}), checks.get(month)
        rows.append(
            {
                "month": month,
                "sessions": row.get("sessions", 0),
                "minutes": row.get("minutes", 0),
                "hours": minutes_as_hours(row.get("minutes", 0)),
                "required": minutes_as_hours(check["required_minutes"]) if check else None,
                "status": str(labels.get(check["status"], "")) if check else "",
            }
        )
    total = sum(r["minutes"] for r in rows)
    return {
        "months": rows,
        "total_hours": minutes_as_hours(total),
        "total_sessions": sum(r["sessions"] for r in rows),
        "chart": month_chart(rows),
    }


def month_chart(rows):
    """A bar per month (SVG geometry), scaled to the busiest month or the requirement."""
    if not rows:
        return None
    top = max([r["minutes"] for r in rows] + [(r["required"] or 0) * 60 for r in rows] + [60])
    step = CHART_WIDTH / len(rows)
    bars = []
    for i, r in enumerate(rows):
        height = round(CHART_HEIGHT * r["minutes"] / top, 1)
        bars.append(
            {
                "x": round(i * step + step * 0.1, 1),
                "y": round(CHART_HEIGHT - height, 1),
                "width": round(step * 0.8, 1),
                "height": height,
                "year_starts": r["month"].month == 1 or i == 0,
                "label": r["month"].year,
            }
        )
    required = next((r["required"] for r in reversed(rows) if r["required"]), None)
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "required_y": round(CHART_HEIGHT - CHART_HEIGHT * required * 60 / top, 1)
        if required
        else None,
        "top": minutes_as_hours(top),
    }


def group_supervision(placement):
    """The group meetings the ALIS attended, in every group, against the 120 hours."""
    attended = (
        GroupAttendance.objects.filter(membership__placement=placement)
        .select_related("meeting__group")
        .order_by("meeting__date", "meeting__pk")
    )
    meetings = [
        {
            "date": a.meeting.date,
            "group": a.meeting.group.name,
            "topic": a.meeting.topic,
            "hours": hours_label(a.meeting.hours),
        }
        for a in attended
    ]
    total = sum((a.meeting.hours for a in attended), Decimal(0))
    return {
        "meetings": meetings,
        "total": hours_label(total),
        "requirement": hours_label(GROUP_REQUIREMENT_HOURS),
        "left": hours_label(max(GROUP_REQUIREMENT_HOURS - total, 0)),
    }


def objectives(placement):
    """Each objective the ALIS has worked on, by group, with who signed and approved it and
    when; the ones not started are counted."""
    progress = (
        ObjectiveProgress.objects.filter(placement=placement)
        .exclude(status=ObjectiveProgress.Status.NOT_STARTED)
        .select_related("objective", "signed_by", "approved_by")
        .order_by("objective__order", "objective__code")
    )
    groups = {}
    for p in progress:
        groups.setdefault(p.objective.group, []).append(p)
    done = [p for rows in groups.values() for p in rows]
    Status = ObjectiveProgress.Status
    return {
        "groups": list(groups.items()),
        "catalogue": LearningObjective.objects.filter(programme=placement.programme_id).count(),
        "signed": sum(p.status in (Status.SIGNED, Status.APPROVED) for p in done),
        "approved": sum(p.status == Status.APPROVED for p in done),
    }


def courses(placement):
    """The courses of the plan, those taken and those to come."""
    today = timezone.localdate()
    rows = PlannedCourse.objects.filter(plan__placement=placement).order_by("date", "pk")
    return {"courses": [{"course": c, "taken": c.date <= today} for c in rows]}


def topics(placement):
    """The catalogue's objectives discussed in the sessions' minutes: how many sessions and
    when first and last, by group (the minutes' own texts stay between the two)."""
    rows = (
        LearningObjective.objects.filter(session_minutes__session__placement=placement)
        .annotate(
            sessions=Count("session_minutes", distinct=True),
            first=Min("session_minutes__session__date"),
            last=Max("session_minutes__session__date"),
        )
        .order_by("group", "order", "code")
    )
    groups = {}
    for objective in rows:
        groups.setdefault(objective.group, []).append(objective)
    return {"groups": list(groups.items())}


def assessments(placement):
    """Completed assessments, each as the ALIS sees it: multi-source feedback only as its
    summary."""
    return {"assessments": completed_assessments(placement)}


def reviews(placement):
    """The current version of each half-year review, with its signatures (who and when)."""
    rows = (
        ProgressReview.objects.current()
        .filter(placement=placement)
        .select_related("written_by")
        .prefetch_related("signatures__user")
        .order_by("number")
    )
    return {"reviews": list(rows)}


SECTIONS = [
    about,
    plan,
    hours,
    topics,
    group_supervision,
    objectives,
    assessments,
    reviews,
    courses,
]


# --- The document --------------------------------------------------------------------------


def build_sections(placement, on_progress=None):
    """[{"template", "context"}] in SECTIONS order; on_progress(done, total) after each."""
    built = []
    for i, section in enumerate(SECTIONS, start=1):
        built.append(
            {
                "name": section.__name__,
                "template": f"supervision/portfolio/_{section.__name__}.html",
                "context": section(placement),
            }
        )
        if on_progress:
            on_progress(i, len(SECTIONS) + 1)  # the rendering is the last step
    return built


def render_portfolio(placement, language=None, on_progress=None):
    """The PDF's bytes, in the ALIS's language unless another is asked for."""
    language = language or language_of(placement)
    # The sections' labels (period kinds, check results, hours) in the document's language.
    with translation.override(language):
        sections = build_sections(placement, on_progress)
    context = {"placement": placement, "sections": sections, "made_at": timezone.now()}
    return render_pdf(
        "supervision/portfolio/document.html",
        context,
        language=language,
        stylesheets=STYLESHEETS,
    )
