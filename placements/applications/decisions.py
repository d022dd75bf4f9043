"""Deciding applications: the call's capacity, the steering group's votes and the decision
the project leader records for the group, with corrections as new records.

Capacity is checked with the call's row locked, so two decisions recorded at the same moment
cannot together grant more posts than the call offers."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placements.applications.models import Application, Call
from placements.applications.models.decisions import CallQuota, Decision, PostSlot, Vote
from placements.applications.tasks import send_application_email
from placements.municipalities.models import Participation
from placements.register.models import Placement

S = Application.Status
Outcome = Decision.Outcome
# The steering group votes and the project leader decides while an application is in
# handling (Application.IN_HANDLING); a decided one is decided again only as a correction.
DECIDED = (S.APPROVED, S.REJECTED)


@dataclass
class Capacity:
    label: str
    offered: int
    granted: int

    @property
    def left(self):
        return max(self.offered - self.granted, 0)


def call_capacity(call, *, excluding=None):
    """The call's posts as (per county, whole call): offered, granted by current decisions
    and left. `excluding` leaves one application's own grant out, for deciding it again."""
    granted = Decision.objects.granting().filter(application__call=call)
    if excluding is not None:
        granted = granted.exclude(application=excluding)
    by_county = dict(
        granted.values_list("application__municipality__county").annotate(Sum("posts"))
    )
    counties = [
        Capacity(quota.county, quota.posts, by_county.get(quota.county, 0))
        for quota in call.quotas.all()
    ]
    whole = Capacity(gettext_lazy("Hele utlysningen"), call.posts_offered, sum(by_county.values()))
    return counties, whole


def _check_capacity(call, application, posts):
    """A ValidationError on "posts" naming the limit hit and what remains."""
    requested = application.posts_requested or 0
    if posts > requested:
        raise ValidationError(
            {
                "posts": _("Kommunen søkte om %(n)s stillinger. Innvilg høyst %(n)s.")
                % {"n": requested}
            }
        )
    counties, whole = call_capacity(call, excluding=application)
    county = application.municipality.county
    limits = [c for c in counties if c.label == county] + [whole]
    if counties and len(limits) == 1:
        raise ValidationError(
            {"posts": _("Utlysningen har ingen stillinger til %(c)s.") % {"c": county}}
        )
    for limit in limits:
        if posts > limit.left:
            raise ValidationError(
                {
                    "posts": _(
                        "%(label)s har %(left)s stillinger igjen: %(offered)s utlyst, "
                        "%(granted)s innvilget til andre søknader."
                    )
                    % {
                        "label": limit.label,
                        "left": limit.left,
                        "offered": limit.offered,
                        "granted": limit.granted,
                    }
                }
            )


def _normalised(outcome, posts, requested):
    """The outcome and posts as the database holds them: approve grants what was asked,
    approve fewer grants fewer (at least one), reject grants none."""
    if outcome == Outcome.REJECT:
        return outcome, 0
    if posts is None:
        if outcome == Outcome.APPROVE_FEWER:
            raise ValidationError({"posts": _("Skriv hvor mange stillinger som innvilges.")})
        posts = requested
    if posts < 1:
        raise ValidationError({"posts": _("Innvilg minst én stilling, eller avslå.")})
    if posts < requested:
        return Outcome.APPROVE_FEWER, posts
    if outcome == Outcome.APPROVE_FEWER and posts >= requested:
        raise ValidationError(
            {
                "posts": _(
                    "Innvilg færre enn de %(n)s stillingene kommunen søkte om, eller velg "
                    "innvilget."
                )
                % {"n": requested}
            }
        )
    return Outcome.APPROVE, posts


@transaction.atomic
def record_decision(
    application,
    *,
    outcome,
    posts=None,
    meeting_date,
    reason,
    conditions="",
    by=None,
    correction_reason="",
    now=None,
    notify=True,
):
    """Record the steering group's decision, or correct the current one (a new decision that
    supersedes it, with a reason). Participation, posts and the letter follow it; the
    municipality gets the letter unless `notify` is false (decisions made long ago)."""
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=application.call_id)
    app = Application.objects.select_for_update().select_related("municipality")
    app = app.get(pk=application.pk)
    previous = app.decisions.current().first()
    _check_ready(app, previous, reason, correction_reason)
    requested = app.posts_requested or 0
    outcome, posts = _normalised(outcome, posts, requested)
    _check_capacity(call, app, posts)
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    decision = Decision.objects.create(
        application=app,
        outcome=outcome,
        posts=posts,
        posts_requested=requested,
        meeting_date=meeting_date,
        reason=reason.strip(),
        conditions=conditions.strip(),
        decided_by=by,
        decided_at=now,
        supersedes=previous,
        correction_reason=correction_reason.strip(),
        letter_version=previous.letter_version + 1 if previous else 1,
    )
    _sync_slots(app, decision)
    _follow_participation(app, decision, now)
    app.status, app.posts_granted = (S.APPROVED if posts else S.REJECTED), (posts or None)
    app.conditions, app.decided_at = decision.conditions, now
    app.save()
    if notify:
        send_application_email.delay_on_commit(app.pk, "decision")
    return decision


def _check_ready(app, previous, reason, correction_reason):
    """A first decision needs an application in handling, a correction its reason, and
    every decision the reason for it."""
    if previous is None and app.status not in Application.IN_HANDLING:
        raise ValidationError(_("Søknaden er ikke klar for vedtak."))
    if previous is not None and not correction_reason.strip():
        raise ValidationError(
            {"correction_reason": _("Søknaden har et vedtak. Skriv hvorfor det rettes.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv begrunnelsen for vedtaket.")})


def _sync_slots(application, decision):
    """One slot per granted post. Fewer posts remove unfilled slots (not yet announced
    first); a filled or returned post is never removed."""
    slots = list(application.slots.select_for_update().order_by("number"))
    kept = [s for s in slots if s.status in (PostSlot.Status.FILLED, PostSlot.Status.RETURNED)]
    if decision.posts < len(kept):
        raise ValidationError(
            {
                "posts": _(
                    "%(n)s av stillingene er allerede besatt eller levert tilbake. Innvilg "
                    "minst %(n)s."
                )
                % {"n": len(kept)}
            }
        )
    removable = sorted(
        (s for s in slots if s not in kept),
        key=lambda s: (s.status == PostSlot.Status.RECRUITING, -s.number),
    )
    surplus = len(slots) - decision.posts
    removed = removable[: max(surplus, 0)]
    PostSlot.objects.filter(pk__in=[s.pk for s in removed]).delete()
    last = max((s.number for s in slots if s not in removed), default=0)
    PostSlot.objects.bulk_create(
        PostSlot(application=application, number=last + i + 1, decision=decision)
        for i in range(max(-surplus, 0))
    )
    application.slots.update(decision=decision)


def _follow_participation(application, decision, now):
    """Participation follows the current decisions: one row per municipality and programme
    (a unique constraint), made by the first grant; removed when a correction takes away the
    only grant before any placement was made."""
    programme = application.call.programme
    municipality = application.municipality.current
    if decision.posts:
        Participation.objects.get_or_create(
            programme=programme, municipality=municipality, defaults={"joined": now.date()}
        )
        return
    other_grants = (
        Decision.objects.granting()
        .filter(application__call__programme=programme, application__municipality=municipality)
        .exclude(application=application)
    )
    placed = Placement.objects.filter(programme=programme, municipality=municipality)
    if decision.supersedes_id and not other_grants.exists() and not placed.exists():
        Participation.objects.filter(programme=programme, municipality=municipality).delete()


@transaction.atomic
def cast_vote(application, member, vote, comment="", *, now=None):
    """A steering-group member's vote; a second vote replaces the first (history keeps it).
    A member who declared a conflict of interest for a municipality in the programme cannot
    vote on that municipality's applications."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    if app.status not in Application.IN_HANDLING:
        raise ValidationError(_("Det kan bare stemmes over søknader som er til behandling."))
    conflict = (
        Vote.objects.filter(
            member=member,
            vote=Vote.Choice.CONFLICT,
            application__municipality=app.municipality_id,
            application__call__programme=app.call.programme_id,
        )
        .exclude(application=app)
        .exists()
    )
    if conflict and vote != Vote.Choice.CONFLICT:
        raise ValidationError(
            {
                "vote": _(
                    "Du har meldt deg inhabil for %(m)s og kan ikke stemme over kommunens søknader."
                )
                % {"m": app.municipality.name}
            }
        )
    result, _created = Vote.objects.update_or_create(
        application=app,
        member=member,
        defaults={"vote": vote, "comment": comment.strip(), "cast_at": now or timezone.now()},
    )
    return result


def tally(application):
    """Each choice with its label and count, in the choices' order, and the total."""
    counts = dict(
        application.votes.values_list("vote").annotate(n=Count("pk")).values_list("vote", "n")
    )
    rows = [(value, label, counts.get(value, 0)) for value, label in Vote.Choice.choices]
    return rows, sum(counts.values())


def set_quotas(call, posts_by_county):
    """Replace the call's split of posts between counties ({county: posts}); the parts add up
    to the call's posts."""
    if posts_by_county and sum(posts_by_county.values()) != call.posts_offered:
        raise ValidationError(
            _("Stillingene per fylke (%(sum)s) må til sammen bli %(n)s.")
            % {"sum": sum(posts_by_county.values()), "n": call.posts_offered}
        )
    call.quotas.exclude(county__in=list(posts_by_county)).delete()
    for county, posts in posts_by_county.items():
        CallQuota.objects.update_or_create(call=call, county=county, defaults={"posts": posts})


@dataclass
class Progress:
    """The posts granted in a call (or programme): in recruitment, filled and returned."""

    open: int = 0
    recruiting: int = 0
    filled: int = 0
    returned: int = 0

    @property
    def granted(self):
        return self.open + self.recruiting + self.filled + self.returned


def slot_progress(slots):
    counts = dict(slots.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return Progress(**{status: counts.get(status, 0) for status in PostSlot.Status.values})


def call_is_closed(call, progress):
    """Closed when the deadline has passed, nothing awaits a decision, and every granted
    post is filled or returned."""
    pending = Application.objects.filter(
        call=call, status__in=Application.IN_HANDLING + (S.MORE_INFO,)
    )
    return (
        not call.is_open
        and progress.granted > 0
        and progress.open + progress.recruiting == 0
        and not pending.exists()
    )
