"""Calls with an information meeting: a sign-up deadline after the meeting is refused, in the
form (naming the field) and in the database."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.urls import reverse

from placements.applications.factories import CallFactory
from placements.applications.models import Call

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def call_data(programme, **overrides):
    data = {
        "programme": programme.pk,
        "title": "Utlysning 2027",
        "target_counties": ["Rogaland"],
        "posts_offered": 15,
        "deadline": "2027-02-15T12:00",
        "meeting_at": "2027-01-29T10:00",
        "meeting_place": "Gardermoen",
        "meeting_signup_deadline": "2027-01-20",
    }
    data.update(overrides)
    return data


def test_signup_deadline_before_the_meeting_is_saved(client_for, liv_mfa, programme, register):
    response = client_for(liv_mfa).post(reverse("placements:call_create"), call_data(programme))
    assert response.status_code == 302
    assert Call.objects.get().meeting_signup_deadline == date(2027, 1, 20)


def test_signup_deadline_on_the_meeting_day_is_allowed(client_for, liv_mfa, programme, register):
    data = call_data(programme, meeting_at="2027-01-29T00:30", meeting_signup_deadline="2027-01-29")
    assert client_for(liv_mfa).post(reverse("placements:call_create"), data).status_code == 302


def test_signup_deadline_after_the_meeting_is_refused_naming_the_field(
    client_for, liv_mfa, programme, register
):
    data = call_data(programme, meeting_signup_deadline="2027-02-01")
    response = client_for(liv_mfa).post(reverse("placements:call_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["meeting_signup_deadline"] == [
        "Påmeldingsfristen (01.02.2027) kan ikke være etter informasjonsmøtet (29.01.2027)."
    ]
    assert 'value="Utlysning 2027"' in response.content.decode()  # nothing typed lost
    assert not Call.objects.exists()


def test_signup_deadline_without_a_meeting_is_refused(client_for, liv_mfa, programme, register):
    data = call_data(programme, meeting_at="", meeting_place="")
    response = client_for(liv_mfa).post(reverse("placements:call_create"), data)
    assert "krever et informasjonsmøte" in str(response.context["form"].errors)


def test_database_refuses_signup_deadline_after_the_meeting(programme):
    call = CallFactory(
        programme=programme,
        meeting_at=datetime(2027, 1, 29, 0, 30, tzinfo=OSLO),
        deadline=datetime(2027, 2, 15, 12, tzinfo=OSLO),
    )
    # 00:30 in Oslo is the day before in UTC: the rule reads the date in Oslo.
    Call.objects.filter(pk=call.pk).update(meeting_signup_deadline=date(2027, 1, 29))
    with pytest.raises(IntegrityError, match="placements_call_signup_by_meeting"):
        Call.objects.filter(pk=call.pk).update(meeting_signup_deadline=date(2027, 1, 30))
