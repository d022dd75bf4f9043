"""Every e-mail leads somewhere: each template under templates/emails, sent by its real
sender, carries one absolute action link that opens for its recipient, the reason it was
sent and, for notices that may come as a digest, the way to change how often they come.
A new e-mail without a scenario here fails the first test."""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alisvest import digests, emails
from alisvest.links import absolute_url
from alisvest.models import Invitation, User
from alisvest.roles import Role
from alisvest.tasks import send_digests, send_invitation
from funding import credit_notes
from funding import services as funding_services
from funding.credit_note_tasks import render_and_send_credit_note
from funding.factories import ExpenseFactory, GrantSchemeFactory
from funding.models import PaymentReminder
from funding.tasks import render_and_send, send_payment_reminder
from placements.applications import services as application_services
from placements.applications.factories import ApplicationFactory, CallFactory, decide
from placements.applications.tasks import send_application_email, send_call_correction
from placements.register.factories import DoctorFactory, PlacementFactory
from research import surveys
from research.factories import StudyFactory
from research.models import SurveyWave
from research.tasks import send_survey_email
from supervision import review_services
from supervision.assessments import services as assessment_services
from supervision.assessments.tasks import send_assessment_complete, send_assessor_invitation
from supervision.factories import SupervisionSessionFactory
from supervision.reviews import half_year_of
from supervision.services import run_monthly_check
from supervision.tasks import (
    send_deficit_notice,
    send_review_signed,
    send_review_to_acknowledge,
    send_session_logged,
    send_yearly_deficit_notice,
)
from supervision.yearly import run_yearly_check
from tests.conftest import with_totp

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"
NAMES = sorted(p.name.removesuffix("-subject.txt") for p in TEMPLATES.glob("*-subject.txt"))
ACTION = re.compile(r'<a href="(https?://[^"]+)"><strong>')
REASON = "Du får denne e-posten fordi"
EACH = User.EmailFrequency.EACH


def each_event(*users):
    for user in users:
        user.email_frequency = EACH
        user.save(update_fields=["email_frequency"])


def only_message():
    [message] = mail.outbox
    mail.outbox.clear()
    return message


# --- One scenario per e-mail: send it for real, return (message, recipient or None) -----


def session_logged(ctx):
    user, placement = ctx.dan
    each_event(user)
    session = SupervisionSessionFactory(placement=placement, supervisor=ctx.carol)
    assert send_session_logged(session.pk) is True
    return only_message(), user


def deficit(ctx):
    each_event(ctx.carol)
    run_monthly_check(date(2025, 4, 1), notify=False)
    check = ctx.supervised.monthly_checks.get()
    send_deficit_notice(check.pk)
    [message] = [m for m in mail.outbox if m.to == [ctx.carol.email]]
    return message, ctx.carol


def yearly_deficit(ctx):
    each_event(ctx.carol)
    ctx.programme.supervision_rule = "yearly_average"
    ctx.programme.save()
    run_yearly_check(2025, notify=False)
    send_yearly_deficit_notice(ctx.supervised.yearly_checks.get(year=2025).pk)
    [message] = [m for m in mail.outbox if m.to == [ctx.carol.email]]
    return message, ctx.carol


def signed_review(ctx):
    """Carol has written and signed Dan's first half-year review."""
    placement = ctx.supervised
    review = review_services.write_review(
        placement, half_year_of(placement, 1), by=ctx.carol, summary="Godt.", plan_next="Kurs."
    )
    review_services.sign_review(review, "supervisor", by=ctx.carol)
    return review


def review_signed(ctx):
    user, _placement = ctx.dan
    review = signed_review(ctx)
    assert send_review_signed(review.pk) is True
    return only_message(), user


def review_acknowledge(ctx):
    user, _placement = ctx.dan
    review = signed_review(ctx)
    review_services.sign_review(review, "alis", by=user, comment="Enig.")
    with_totp(ctx.liv)
    send_review_to_acknowledge(review.pk)
    [message] = [m for m in mail.outbox if m.to == [ctx.liv.email]]
    return message, ctx.liv


def application(ctx, name):
    each_event(ctx.alice)
    call = CallFactory(programme=ctx.programme)
    app = ApplicationFactory(
        call=call, municipality=ctx.bergen, complete=True, centre=ctx.bergen_centre
    )
    if name != "reminder":
        application_services.submit(app)
    if name == "more-info":
        application_services.request_more_information(app, "Beskriv bakvakten.")
    if name == "decision":
        decide(app, 1, outcome="approve_fewer")
    send_application_email(app.pk, name)
    return only_message(), ctx.alice


def call_correction(ctx):
    each_event(ctx.alice)
    call = CallFactory(programme=ctx.programme)
    ApplicationFactory(call=call, municipality=ctx.bergen, contact_email=ctx.alice.email)
    correction = application_services.correct_call(
        call, {"posts_offered": 12}, reason="Budsjettet ble økt.", by=None
    )
    mail.outbox.clear()
    send_call_correction(correction.pk)
    return only_message(), ctx.alice


def grant_statement(ctx):
    GrantSchemeFactory(programme=ctx.programme)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=ctx.programme),
        centre=ctx.bergen_centre,
        start=date(2017, 9, 1),
    )
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(80_000))
    [statement] = funding_services.issue_statements(2017)
    render_and_send(statement.pk)
    return only_message(), ctx.alice


def credit_note(ctx):
    GrantSchemeFactory(programme=ctx.programme)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=ctx.programme),
        centre=ctx.bergen_centre,
        start=date(2017, 9, 1),
    )
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(80_000))
    [statement] = funding_services.issue_statements(2017)
    note = credit_notes.credit(statement, by=ctx.liv, reason="Feil i utgiftene")
    render_and_send_credit_note(note.pk)
    return only_message(), ctx.alice


def payment_reminder(ctx):
    """Bergen's own share exceeds its grant, so Bergen pays; 30 days late, its manager is
    reminded."""
    GrantSchemeFactory(programme=ctx.programme)
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=ctx.programme),
        centre=ctx.bergen_centre,
        start=date(2017, 1, 1),
    )
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(10_000))
    [statement] = funding_services.issue_statements(2017)
    reminder = PaymentReminder.objects.create(statement=statement, days_overdue=30)
    send_payment_reminder(reminder.pk)
    return only_message(), ctx.alice


def invitation(ctx):
    invitation = Invitation(
        email="ny@bergen.kommune.no",
        name="Nina Ny",
        role=Role.SUPERVISOR,
        invited_by=ctx.alice,
        expires_at=timezone.now() + timedelta(days=14),
    )
    invitation.set_token()
    invitation.save()
    send_invitation(invitation.pk)
    return only_message(), None


def survey(ctx, kind):
    study = StudyFactory(programme=ctx.programme)
    now = timezone.now()
    wave = SurveyWave.objects.create(
        study=study,
        title="Kommuneundersøkelsen",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20),
    )
    invitations, _missing = surveys.invite_participants(wave, settings.SITE_URL)
    [bergen] = [i for i in invitations if i.municipality == ctx.bergen]
    assert send_survey_email(bergen.pk, "invitation")
    if kind == "reminder":
        mail.outbox.clear()
        assert send_survey_email(bergen.pk, "reminder")
    [message] = [m for m in mail.outbox if m.to == [ctx.alice.email]]
    return message, None


def consent_invitation(ctx):
    from research import services as research_services
    from research.tasks import send_consent_invitation

    study = StudyFactory(programme=ctx.programme)
    research_services.publish_text(study, None, title="Om studien", text_nb="Vi følger ALIS.")
    doctor = DoctorFactory(programme=ctx.programme, email="alis@example.no")
    [invitation] = research_services.invite_to_consent(study, [doctor], None)
    assert send_consent_invitation(invitation.pk)
    [message] = [m for m in mail.outbox if m.to == ["alis@example.no"]]
    return message, None


def digest(ctx):
    run_monthly_check(date(2025, 4, 1), notify=False)
    send_deficit_notice(ctx.supervised.monthly_checks.get().pk)
    mail.outbox.clear()  # dan's and alice's
    assert send_digests(digests.Frequency.DAILY) >= 1
    [message] = [m for m in mail.outbox if m.to == [ctx.carol.email]]
    return message, ctx.carol


def claim_reminder(ctx):
    from funding import claims
    from funding.factories import MonthlyRateFactory, NationalSchemeFactory
    from funding.models import ClaimReminder
    from funding.tasks import send_claim_reminder, send_claim_reminders
    from placements.models import Agreement, Programme

    year = timezone.localdate().year - 1
    national = Programme.objects.create(
        name="ALIS Vestland nasjonal",
        slug="alis-nasjonal",
        rule_set="national",
        started=date(year, 1, 1),
    )
    scheme = NationalSchemeFactory(programme=national, valid_from=date(year, 1, 1))
    MonthlyRateFactory(scheme=scheme, job_type="fastlege")
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=national), centre=ctx.bergen_centre, start=date(year, 1, 1)
    )
    Agreement.objects.create(placement=placement, signed_on=date(year, 1, 1))
    week_before = claims.audit_deadline(year) - timedelta(days=7)
    assert send_claim_reminders(week_before.isoformat())["sent"] == 1
    send_claim_reminder(ClaimReminder.objects.get().pk)
    return only_message(), ctx.alice


def assessment_invitation(ctx):
    user, placement = ctx.dan
    assessment = assessment_services.request_assessment(
        placement,
        "kasusdiskusjon",
        [{"name": "Nina Sykepleier", "email": "nina@example.no", "relation": "sykepleier"}],
        by=user,
    )
    assert send_assessor_invitation(assessment.invitations.get().pk)
    [message] = [m for m in mail.outbox if m.to == ["nina@example.no"]]
    return message, None  # the assessor has no account: the link is the credential


def assessment_complete(ctx):
    user, placement = ctx.dan
    assessment = assessment_services.request_assessment(
        placement,
        "kasusdiskusjon",
        [{"name": "Nina Sykepleier", "email": "nina@example.no", "relation": "sykepleier"}],
        by=user,
    )
    answers = dict.fromkeys(["resonnering", "utredning", "oppfolging", "samlet"], "som")
    assessment_services.submit_response(
        assessment.invitations.get(), answers | {"styrker": "Ryddig", "forslag": "Mer tid"}
    )
    assert send_assessment_complete(assessment.pk)
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message, user


SCENARIOS = {
    "assessment-invitation": assessment_invitation,
    "assessment-complete": assessment_complete,
    "national-claim-reminder": claim_reminder,
    "supervision-session-logged": session_logged,
    "supervision-deficit": deficit,
    "supervision-yearly-deficit": yearly_deficit,
    "supervision-review-signed": review_signed,
    "supervision-review-acknowledge": review_acknowledge,
    "application-receipt": lambda ctx: application(ctx, "receipt"),
    "application-more-info": lambda ctx: application(ctx, "more-info"),
    "application-reminder": lambda ctx: application(ctx, "reminder"),
    "application-decision": lambda ctx: application(ctx, "decision"),
    "call-correction": call_correction,
    "grant-statement": grant_statement,
    "credit-note": credit_note,
    "payment-reminder": payment_reminder,
    "invitation": invitation,
    "survey-invitation": lambda ctx: survey(ctx, "invitation"),
    "survey-reminder": lambda ctx: survey(ctx, "reminder"),
    "consent-invitation": consent_invitation,
    "digest": digest,
}


class Ctx:
    def __init__(self, **kw):
        self.__dict__.update(kw)


@pytest.fixture
def ctx(programme, participating, bergen, bergen_centre, alice, carol, dan, supervised, liv):
    return Ctx(
        liv=liv,
        programme=programme,
        bergen=bergen,
        bergen_centre=bergen_centre,
        alice=alice,
        carol=carol,
        dan=dan,
        supervised=supervised,
    )


def test_every_email_template_has_a_scenario():
    assert NAMES, TEMPLATES
    assert sorted(SCENARIOS) == NAMES, "a new e-mail needs a scenario in this file"
    assert set(NAMES) >= emails.STOPPABLE


def opens_for(url, recipient):
    client = Client()
    if recipient is not None:
        client.force_login(recipient)
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return client.get(path).status_code


@pytest.mark.parametrize("name", NAMES)
def test_each_email_has_one_action_link_a_reason_and_where_allowed_a_way_to_stop(name, ctx):
    message, recipient = SCENARIOS[name](ctx)
    html = message.alternatives[0][0]
    [action_url] = ACTION.findall(html)
    assert action_url.startswith(settings.SITE_URL + "/")
    assert action_url in message.body
    assert opens_for(action_url, recipient) == 200, action_url
    assert REASON in message.body and REASON in html
    profile = absolute_url(reverse("profile")) + "#varsler"
    if name in emails.STOPPABLE:
        assert profile in message.body and f'href="{profile}"' in html
        assert opens_for(profile, recipient) == 200
    else:
        assert profile not in message.body


def test_the_text_part_is_not_html_escaped(ctx):
    ctx.alice.email_frequency = EACH
    ctx.alice.save()
    call = CallFactory(programme=ctx.programme, title="Fastlege & ALIS")
    app = ApplicationFactory(
        call=call, municipality=ctx.bergen, complete=True, centre=ctx.bergen_centre
    )
    application_services.submit(app)
    send_application_email(app.pk, "receipt")
    message = only_message()
    assert "til «Fastlege & ALIS»" in message.body
    assert "«Fastlege &amp; ALIS»" in message.alternatives[0][0]


def test_an_email_without_an_absolute_action_link_is_not_sent(alice):
    with pytest.raises(ValueError, match="action_url"):
        emails.send("invitation", alice.email, {"action_url": "/invitasjon/x/"})
    assert mail.outbox == []
