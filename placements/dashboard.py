"""The dashboard's cards from placements (settings.DASHBOARD_PANELS): programmes with their
municipalities and recruitment, calls and applications waiting, and the ALIS in scope."""

from django.db.models import Count, Q, Sum
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
    rounds = list(
        RecruitmentRound.objects.for_user(user)
        .filter(programme=programme)
        .select_related("municipality")
        .order_by("date", "municipality__name")
    )
    access = user.access
    return {
        "programme": programme,
        # A researcher reads the list, not the pages (placements.municipalities.views).
        "opens_municipalities": access.superuser
        or access.is_programme_staff
        or bool(access.managed_municipalities),
        "participations": Participation.objects.for_user(user)
        .filter(programme=programme)
        .select_related("municipality__merged_into")
        .order_by("phase", "municipality__name"),
        "rounds": rounds,
        "chart": recruitment_bars(rounds),
        "totals": RecruitmentRound.objects.for_user(user)
        .filter(programme=programme)
        .aggregate(applicants=Sum("applicants"), hired=Sum("hired")),
        "centre_count": MedicalCentre.objects.for_user(user)
        .filter(municipality__in=Municipality.objects.in_programmes([programme.pk]))
        .count(),
    }


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
