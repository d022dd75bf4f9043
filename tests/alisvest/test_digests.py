"""Digests instead of one e-mail per event: carol (supervisor) and dan (ALIS) get a daily
digest unless they choose otherwise, alice (manager) a weekly one, liv (project leader)
each event. The beat jobs send one e-mail per person and never twice."""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from alisvest.digests import Frequency, default_frequency, effective_frequency
from alisvest.models import DigestItem
from alisvest.tasks import send_daily_digests, send_weekly_digests
from supervision.factories import SupervisionSessionFactory
from supervision.services import run_monthly_check
from supervision.tasks import send_deficit_notice

pytestmark = pytest.mark.django_db

APRIL, MAY = date(2025, 4, 1), date(2025, 5, 1)


def deficit_notice(placement, month):
    """The monthly check finds a deficit and its notice task runs."""
    run_monthly_check(month, notify=False)
    send_deficit_notice(placement.monthly_checks.get(month=month).pk)


def to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_defaults_per_role(carol, dan, alice, liv):
    assert default_frequency(carol.access) == Frequency.DAILY
    assert default_frequency(dan[0].access) == Frequency.DAILY
    assert default_frequency(alice.access) == Frequency.WEEKLY
    assert default_frequency(liv.access) == Frequency.EACH
    liv.email_frequency = Frequency.WEEKLY
    assert effective_frequency(liv) == Frequency.WEEKLY


def test_a_supervisor_on_the_daily_digest_gets_no_notice_then_one_digest(supervised, carol, alice):
    SupervisionSessionFactory(placement=supervised, supervisor=carol, date=date(2025, 5, 6))
    deficit_notice(supervised, APRIL)
    deficit_notice(supervised, MAY)
    assert mail.outbox == []  # carol and dan daily, alice weekly: everything held
    assert carol.digest_items.filter(sent_at=None).count() == 2

    assert send_daily_digests() == 2  # carol and dan; alice waits for Monday
    [digest] = to(carol)
    assert digest.subject == "Dagens oppsummering: 2 nye meldinger"
    page = reverse("supervision:placement", args=[supervised.pk])
    for month in ("april 2025", "mai 2025"):
        assert f"For lite veiledning for Dan Dale i {month}" in digest.body
    assert f"{settings.SITE_URL}{page}#month-2025-04" in digest.body
    assert f"{settings.SITE_URL}{page}#month-2025-05" in digest.body
    assert not carol.digest_items.filter(sent_at=None).exists()
    assert to(alice) == []

    mail.outbox.clear()
    assert send_daily_digests() == 0  # a re-run sends nothing
    assert mail.outbox == []


def test_a_manager_defaults_to_weekly(supervised, alice):
    deficit_notice(supervised, APRIL)
    send_daily_digests()
    assert to(alice) == []
    assert send_weekly_digests() == 1
    [digest] = to(alice)
    assert digest.subject == "Ukens oppsummering: 1 ny melding"
    assert "ukentlig oppsummering" in digest.body
    assert send_weekly_digests() == 0


def test_choosing_each_event_sends_at_once(client_for, supervised, carol):
    client = client_for(carol)
    response = client.post(reverse("email_settings"), {"email_frequency": "each"})
    assert response.status_code == 302
    assert response["Location"] == reverse("profile") + "#varsler"
    carol.refresh_from_db()
    assert carol.email_frequency == "each"
    assert carol.history.first().email_frequency == "each"  # the change is in the history

    deficit_notice(supervised, APRIL)
    [notice] = to(carol)
    assert notice.subject == "For lite veiledning for Dan Dale i april 2025"
    assert not carol.digest_items.exists()


def test_items_held_before_switching_to_each_event_still_go_out_next_morning(supervised, carol):
    deficit_notice(supervised, APRIL)
    carol.email_frequency = Frequency.EACH
    carol.save()
    send_weekly_digests()
    assert to(carol) == []
    send_daily_digests()
    assert len(to(carol)) == 1


def test_the_same_notice_delivered_twice_is_listed_once(supervised, carol):
    deficit_notice(supervised, APRIL)
    send_deficit_notice(supervised.monthly_checks.get().pk)  # at-least-once delivery
    assert DigestItem.objects.filter(user=carol).count() == 1


def test_profile_shows_the_setting_and_the_role_default(client_for, carol):
    page = client_for(carol).get(reverse("profile")).content.decode()
    assert 'id="varsler"' in page
    assert "Nå får du varsler slik: daglig oppsummering." in page
    assert "Standard for rollen din (daglig oppsummering)" in page
    assert "helseledere ukentlig" in page


def test_an_unknown_choice_is_refused_and_nothing_changes(client_for, carol):
    client = client_for(carol)
    response = client.post(reverse("email_settings"), {"email_frequency": "hourly"}, follow=True)
    assert "Velg hvor ofte du vil få varsler på e-post." in response.content.decode()
    carol.refresh_from_db()
    assert carol.email_frequency == ""


def test_beat_sends_digests_at_seven_oslo_time_daily_and_on_mondays():
    daily = settings.CELERY_BEAT_SCHEDULE["email-digest-daily"]
    weekly = settings.CELERY_BEAT_SCHEDULE["email-digest-weekly"]
    assert daily["task"] == "alisvest.tasks.send_daily_digests"
    assert weekly["task"] == "alisvest.tasks.send_weekly_digests"
    assert daily["schedule"].hour == {7} and daily["schedule"].minute == {0}
    assert weekly["schedule"].hour == {7} and weekly["schedule"].day_of_week == {1}
    assert settings.CELERY_TIMEZONE == "Europe/Oslo"
