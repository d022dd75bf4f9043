"""The front door: health check, home, the accessibility statement and the dashboard, whose
cards come from the apps."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from alisvest.access import LOGIN, OK, REDIRECT, access
from alisvest.panels import panel_context
from alisvest.roles import Role


@access(OK, anonymous=OK)
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@access(OK, anonymous=OK)
def accessibility(request):
    """The accessibility statement Norwegian public bodies must publish (WCAG 2.1 AA)."""
    context = {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL}
    return render(request, "accessibility.html", context)


@access(REDIRECT, anonymous=LOGIN)
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return redirect("account_login")


@access(OK)
@login_required
def dashboard(request):
    """Each app adds its cards (settings.PANELS["dashboard"]), for the programme the user
    last switched to (its slug in the session, set by the programme pages)."""
    user = request.user
    chosen = request.session.get("programme")
    context = {
        "access": user.access,
        "Role": Role,
        **panel_context("dashboard", user, programme=chosen),
    }
    return render(request, "dashboard.html", context)
