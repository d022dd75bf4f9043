"""The dashboard's cards from placements (settings.DASHBOARD_PANELS): programmes with their
municipalities and recruitment, calls and applications waiting, and the ALIS in scope."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from alisvest.charts import recruitment_bars
from alisvest.roles import Role
from placements.applications.decisions import slot_progress
from placements.applications.models import Application, Call, PostSlot
from placements.municipalities.models import (
    MedicalCentre,
    Municipality,
    Participation,
    RecruitmentRound,
)
from placements.programmes.selectors import programmes_of
from placements.register.models import Placement


def programmes(user, programme=None):
    """The programme the user chose (`programme`, a slug; else their first) among those
    they take part in, with a switch when there are more: its participations and
    recruitment for staff and researchers, its rules for the others; the manager's own
    municipalities with their centres."""
    access = user.access
    choices = list(programmes_of(user).order_by("started", "name"))
    chosen = next((p for p in choices if p.slug == programme), choices[0] if choices else None)
    full = chosen is not None and (
        access.superuser or chosen.pk in access.staff_programmes | access.researched_programmes
    )
    context = {
        "programme_choices": choices if len(choices) > 1 else [],
        "chosen_programme": chosen,
        "programmes": [programme_card(user, chosen)] if full else [],
    }
    if access.managed_municipalities:
        context["managed"] = (
            Municipality.objects.filter(pk__in=access.managed_municipalities)
            .annotate(centre_count=Count("centres"))
            .prefetch_related("centres")
        )
    return context


def programme_card(user, programme):
    """The programme in figures, one row per county (drawn by the database, so the card is
    as long with 357 municipalities as with 6); each county opens its municipalities."""
    rounds = RecruitmentRound.objects.for_user(user).filter(programme=programme)
    participations = Participation.objects.for_user(user).filter(programme=programme)
    counties = county_rows(participations, rounds)
    access = user.access
    return {
        "programme": programme,
        # A researcher reads the list, not the pages (placements.municipalities.views).
        "opens_municipalities": access.superuser
        or access.is_programme_staff
        or bool(access.managed_municipalities),
        "participation_count": sum(c["municipalities"] for c in counties),
        "counties": counties,
        "chart": recruitment_bars(
            [c for c in counties if c["applicants"] or c["hired"]], label=lambda c: c["county"]
        ),
        "totals": rounds.aggregate(applicants=Sum("applicants"), hired=Sum("hired")),
        "centre_count": MedicalCentre.objects.for_user(user)
        .filter(municipality__in=Municipality.objects.in_programmes([programme.pk]))
        .count(),
    }


def county_rows(participations, rounds):
    """Per county of today (a former municipality counts towards the one it merged into):
    participating municipalities by phase, applicants and hired (2 queries)."""
    today = Coalesce("municipality__merged_into__county", "municipality__county")
    rows = {
        r["county"]: {
            "county": r["county"],
            "municipalities": r["municipalities"],
            "phases": r["phases"],
            "applicants": 0,
            "hired": 0,
        }
        for r in participations.annotate(county=today)
        .values("county")
        .annotate(
            municipalities=Count(
                Coalesce("municipality__merged_into", "municipality"), distinct=True
            ),
            phases=Count("phase", distinct=True),
        )
        .order_by("county")
    }
    recruited = (
        rounds.annotate(county=today)
        .values("county")
        .annotate(applicants=Sum("applicants"), hired=Sum("hired"))
        .order_by("county")
    )
    for r in recruited:
        row = rows.setdefault(
            r["county"], {"county": r["county"], "municipalities": 0, "phases": 0}
        )
        row["applicants"], row["hired"] = r["applicants"] or 0, r["hired"] or 0
    return sorted(rows.values(), key=lambda r: r["county"])


def applications(user, **_page):
    """Open calls for a manager's county; applications waiting for staff and reviewers; for
    programme staff the granted posts: decided, in recruitment and filled (one query)."""
    access = user.access
    overview = {}
    if access.managed_municipalities:
        overview["open_calls"] = list(
            Call.objects.for_user(user).open().select_related("programme").order_by("deadline")
        )
    waiting = [
        Application.Status.SUBMITTED,
        Application.Status.RESUBMITTED,
        Application.Status.UNDER_REVIEW,
    ]
    if access.is_programme_staff or user.applications_to_review.exists():
        overview["show_review"] = True
        overview["to_review"] = list(
            Application.objects.for_user(user)
            .filter(status__in=waiting)
            .select_related("municipality", "call")
            .order_by("submitted_at")[:20]
        )
    if access.is_programme_staff:
        overview["posts"] = slot_progress(PostSlot.objects.for_user(user))
    return overview


def alis(user, **_page):
    """Placements in the user's scope in one aggregate query; an ALIS's own placements."""
    context = {"alis": alis_overview(user)}
    if Role.ALIS in user.access.roles:
        context["own_placements"] = list(
            Placement.objects.for_user(user)
            .filter(doctor__user=user)
            .select_related("municipality", "centre")
            .order_by("-start")
        )
    return context


def alis_overview(user):
    """The dashboard's ALIS card: placements in the user's scope, in one aggregate query."""

    today = timezone.localdate()
    counts = Placement.objects.for_user(user).aggregate(
        total=Count("pk"),
        active=Count(
            "pk",
            filter=Q(start__lte=today)
            & (Q(actual_end__isnull=True, planned_end__gte=today) | Q(actual_end__gte=today)),
        ),
        left_early=Count("pk", filter=Q(actual_end__isnull=False) & ~Q(end_reason="spesialist")),
    )
    return counts if counts["total"] else None
