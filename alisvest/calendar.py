"""Each person's private calendar feed (iCal): their deadlines, group meetings and courses,
for Outlook, Google or a phone's calendar to subscribe to.

The address carries the credential, as calendar programs cannot log in: a token that is an
HMAC of the person's id and feed version under the secret key. Nothing secret is stored, the
person can read their address again on the profile page, and making a new address (a new
version) stops the old one at once. Each room that knows of dated events names a source in
settings.CALENDAR_SOURCES: a function of the user that returns Events, a query or two
whatever the size of the data. Deadlines come from the to-do list, so the feed and the list
cannot disagree."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import icalendar
from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .links import absolute_url
from .models import User
from .todo import tasks_for

SALT = "alisvest.calendar.feed"
# How far back the feed reaches: calendars keep what they once showed anyway.
PAST_DAYS = 180


@dataclass(frozen=True)
class Event:
    uid: str  # stable across feeds, e.g. "supervision.groupmeeting.12"
    title: str
    day: date  # all-day events: our records have dates, not times
    url: str
    description: str = ""
    about: str = ""  # a deadline's object ("<app_label>.<model>.<id>")


@cache
def sources():
    return [import_string(path) for path in settings.CALENDAR_SOURCES]


def deadlines(user):
    """The to-do list's tasks that have a due date, as all-day events on that day."""
    return [
        Event(
            uid=f"task.{task.kind}.{task.object_id}",
            title=_("Frist: %(task)s") % {"task": task.title},
            day=task.due,
            url=task.url,
            description=task.detail,
            about=f"{task.object_type}.{task.object_id}",
        )
        for task in tasks_for(user)
        if task.due is not None
    ]


def events_for(user):
    """Every event of the user from PAST_DAYS ago on, in date order; a task about an event
    the rooms list (the next course) is that event, not a second one."""
    since = timezone.localdate() - timedelta(days=PAST_DAYS)
    events = [e for source in sources() for e in source(user, since)]
    listed = {e.uid for e in events}
    events += [d for d in deadlines(user) if d.about not in listed]
    return sorted((e for e in events if e.day >= since), key=lambda e: (e.day, e.title))


def feed_token(user):
    digest = salted_hmac(SALT, f"{user.pk}:{user.calendar_feed_version}").hexdigest()
    return f"{user.pk}-{digest[:40]}"


def user_for_token(token):
    """The active user whose current feed token this is, or None."""
    pk, _sep, _digest = str(token).partition("-")
    if not pk.isdigit():
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not constant_time_compare(feed_token(user), token):
        return None
    return user


def calendar_url(user):
    return absolute_url(reverse("calendar_feed", args=[feed_token(user)]))


def new_address(user):
    """A new feed address; the old one stops working at once."""
    User.objects.filter(pk=user.pk).update(calendar_feed_version=F("calendar_feed_version") + 1)
    user.refresh_from_db(fields=["calendar_feed_version"])


def ics(user, events):
    """The feed as RFC 5545 bytes."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//ALIS-VEST//kalender//NO")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("ALIS-VEST: kalender for %(name)s") % {"name": user.name})
    stamp = timezone.now()
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "alisvest"
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.uid}@{host}")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        item.add("dtstart", event.day)
        item.add("dtend", event.day + timedelta(days=1))
        item.add("url", absolute_url(event.url))
        if event.description:
            item.add("description", event.description)
        calendar.add_component(item)
    return calendar.to_ical()
