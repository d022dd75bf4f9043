"""No page's query count grows with the data: every page and API list endpoint of the
benchmark (bench/pages.py) is requested with the small synthetic set and with one four times
larger, and must make the same number of queries at both sizes, the number pinned below."""

import pytest
from django.db import transaction
from django.test import Client

from alisvest.models import User
from bench.pages import pages
from demo.synthetic import generate

# Every count includes the per-request base: session, user, the user's programme and
# municipality permissions and groups; for everyone who sees others' records (all but an
# ALIS) also the sliding session expiry (SAVEPOINT, UPDATE django_session, RELEASE); for a
# project leader (staff, not superuser) also the model permissions (user, groups) that decide
# the menu's admin link. After "+" are the page's own queries.
PINNED = {
    # + programmes; per programme (one here): rounds, their sums, centre count,
    # participations; applications waiting for review; granted posts by status;
    # placement counts; (leader) studies
    "Oversikt: prosjektleder": 18,
    "Oversikt: styringsgruppe": 15,  # as the leader: + granted posts by status
    # + the programmes taken part in (the switch), counties of the managed municipalities,
    # open calls, "has applications to review", managed municipalities with centre counts,
    # their centres (prefetch), placement counts
    "Oversikt: helseleder": 14,
    # + the programmes taken part in, "has applications to review", placement counts,
    # supervisor panel placements, the minutes each owes this month
    "Oversikt: veileder": 12,
    # + the programmes taken part in, "has applications to review", placement counts, own
    # placements
    "Oversikt: ALIS": 8,
    # + programmes, rounds, sums, centre count, "has applications", studies, placement
    # counts, participations
    "Oversikt: forsker": 15,
    # The to-do list: + one query per kind of task the role has (alisvest/todo.py); the
    # half-year reviews add one each for the supervisor's due reviews, the ALIS's to sign,
    # the ALIS's post evaluation and (a project leader) those to acknowledge; a supervisor
    # with ALIS also the drafts and the schedule (signed reviews, absences, plan); an ALIS
    # also their open assessments without a live link
    "Oppgaver: prosjektleder": 31,
    "Oppgaver: styringsgruppe": 23,
    "Oppgaver: helseleder": 32,
    "Oppgaver: veileder": 25,
    "Oppgaver: ALIS": 20,
    "Oppgaver: forsker": 22,
    # + count and page of placements with this month's minutes, the minutes each owes
    # this month, sessions awaiting
    "Veiledning: veileders start": 11,
    # + counts aggregate, start years, municipalities, counties, rows
    "Stillinger, filtrert (aktive i fylket)": 14,
    # + placement, may-edit check (once, shared by the page, register partials and plan),
    # absences, the assignment form's offered supervisors (the municipality's, at most 50),
    # education plan, its periods, its courses, objective progress, learning objectives,
    # assignments, substitute covers, the corrections with reasons (history), cost shares,
    # the ALIS agreement's card (the agreement; its versions only when there is one), the
    # portfolio's card (the latest file, a job being made)
    "Stilling": 25,
    # + placement, current assignment, the last session's follow-ups (with its minutes), the
    # programme's catalogue for the objective picker
    "Veiledning: skjema ny time": 11,
    # + placement, sessions with supervisor (and minutes), monthly checks, the requirement of
    # the months not checked yet, current assignment, the reflections shared with the viewer
    # (the minutes' objectives add one prefetch when the sessions have minutes)
    "Veiledning: timer i stillingen": 13,
    # + first/last month, municipalities, count and page of placements, their cells,
    # rolling 12-month sums
    "Etterlevelse (varmekart)": 15,
    "Etterlevelse (helseleder)": 13,
    # + call, meeting sign-ups, applications with municipality and scores,
    # posts granted per county, the county quotas, the post slots by status, the
    # corrections after publication
    "Søknader til vurdering (utlysning)": 16,
    # + count, page of doctors with programme and user, their placements (prefetch)
    "Leger (register)": 12,
    # + years, per-municipality rows, grant sums (2), budget, per year; settlements and the
    # payment setups; the year's budget lines, approved expenses by category, the year's
    # grant; the forecast: programmes, last planned end, grants per year, schemes, their
    # rates, placements planned
    "Økonomi: oversikt": 21,  # the forecast's five queries only when its data has changed
    # + "is staff" check, years, count and page of statements
    "Økonomi: oppgjør": 13,
    # + stored claims, the managed municipalities' claims to prepare
    "Økonomi: krav (helseleder)": 10,
    # + the programme's municipalities to fill in figures from
    "Planlegging (styringsgruppe)": 8,
    # + the study (scoped) and the stored stability result (computed by the job)
    "Følgeforskning: retensjon": 9,
    # API: + count and page (one query with select_related)
    "API: programme-list": 9,
    "API: municipality-list": 9,
    "API: centre-list": 9,
    "API: call-list": 9,
    # + count, page, attachments (prefetch)
    "API: application-list": 10,
    "API: review-list": 9,
    # + page by cursor (no count over a million sessions)
    "API: supervision-session-list": 8,
    "API: supervision-check-list": 9,
    "API: placement-list": 9,
    "API: doctor-list": 9,
    # + count, page, monthly rates (prefetch)
    "API: grant-scheme-list": 10,
    "API: expense-list": 9,
    # + count, page, lines (prefetch)
    "API: grant-statement-list": 11,  # + the programme's payment setup
    "API: study-list": 9,
    # + count, page, questions (prefetch)
    "API: survey-wave-list": 10,
    "API: task-list": 29,  # the to-do list's sources, as on the page
}


class Rollback(Exception):
    pass


def counts_at(scale, pin=None):
    """{page name: (queries, status)} with the synthetic set `scale`, rolled back after.
    With `pin` (django_assert_num_queries), each request must make its PINNED count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = {}
    try:
        with transaction.atomic():
            generate(scale)
            for name, email, url in pages():
                if url is None:
                    continue
                client = Client()
                client.force_login(User.objects.get(email=email))
                client.get(url)  # first request: caches warm, session created
                with CaptureQueriesContext(connection) as queries:
                    if pin is not None and name in PINNED:
                        try:
                            with pin(PINNED[name]):
                                response = client.get(url)
                        except pytest.fail.Exception as failure:
                            pytest.fail(
                                f"«{name}» ({url}): {failure}. If the page rightly does more "
                                "now, update PINNED in tests/product/test_query_counts.py and name "
                                "the queries; if it grows with the data, fix the N+1."
                            )
                    else:
                        response = client.get(url)
                found[name] = (len(queries), response.status_code)
            raise Rollback
    except Rollback:
        pass
    return found


@pytest.mark.django_db
def test_query_counts_are_pinned_and_do_not_grow_with_the_data(
    register, settings, django_assert_num_queries
):
    settings.MFA_REQUIRED_ROLES = []  # as in the benchmark (dev settings): no TOTP step
    small = counts_at("small", pin=django_assert_num_queries)
    medium = counts_at("medium")
    assert small, "no pages measured"
    errors = [f"{name}: status {status}" for name, (_n, status) in small.items() if status != 200]
    errors += [
        f"{name}: {small[name][0]} queries with the small set, {medium[name][0]} with the larger"
        for name in small
        if small[name][0] != medium[name][0]
    ]
    errors += [
        f"{name}: {n} queries and not pinned (add it to PINNED and name the queries)"
        for name, (n, _status) in small.items()
        if name not in PINNED
    ]
    assert not errors, "\n".join(errors)
