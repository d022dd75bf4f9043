"""The person's calendar feed, read by calendar programs with the token in the address, and
the button that gives it a new address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest import calendar
from alisvest.access import OK, access


@access(OK, anonymous=OK)  # the token in the address is the credential
def calendar_feed(request, feed):
    user = calendar.user_for_token(feed)
    if user is None:
        raise Http404(_("Kalenderadressen finnes ikke, eller den er erstattet av en ny."))
    response = HttpResponse(
        calendar.ics(user, calendar.events_for(user)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="alisvest.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@access(OK, method="POST")
@login_required
@require_POST
def calendar_new_address(request):
    calendar.new_address(request.user)
    messages.success(request, _("Kalenderen har fått en ny adresse. Den gamle virker ikke lenger."))
    return redirect(reverse("profile") + "#kalender")
