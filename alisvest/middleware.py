from urllib.parse import unquote

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import DataError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

from .identity.services import MFA_SESSION_KEY as IDENTITY_MFA_SESSION_KEY
from .models import DownloadLog

ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/")


class RequireMfaMiddleware:
    """Project leaders and researchers see nothing until they have set up TOTP, unless they
    logged in through HelseID or ID-porten at level high."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and settings.MFA_REQUIRED_ROLES
            and not request.path.startswith(ALLOWED_PREFIXES)
            and any(user.access.has(role) for role in settings.MFA_REQUIRED_ROLES)
            # HelseID or ID-porten at level high is the second factor (alisvest.identity).
            and not request.session.get(IDENTITY_MFA_SESSION_KEY)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuse a body larger than REQUEST_MAX_BYTES from its Content-Length, before anything
    reads it: a 150 MB upload is not streamed to a temporary file to be refused afterwards.
    First in MIDDLEWARE. A body without Content-Length is read as empty by Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            message = _("Forespørselen er for stor: høyst %(max)s MB kan sendes om gangen.") % {
                "max": settings.REQUEST_MAX_BYTES // (1024 * 1024)
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class StaffIdleTimeoutMiddleware:
    """Everyone who sees other people's records (programme staff, researchers, health
    managers, supervisors) is logged out after settings.IDLE_LOGOUT_SECONDS idle (sliding:
    every request restarts the clock); municipal PCs are shared. An ALIS, who sees only
    their own, keeps the normal session length. A request the page makes by itself
    (@background) is no activity: it leaves the clock and the session alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "background", False):
            return None
        user = request.user
        if user.is_authenticated and user.access.sees_others_records:
            request.session.set_expiry(settings.IDLE_LOGOUT_SECONDS)
        return None


def background(view):
    """Mark a view the page calls by itself (the task count, a progress bar, a response
    rate): not the person's activity. Restarting the idle clock saves the whole session, and
    a count that loads while the person clicks would then write back the session it read
    before the click (a programme switch came back undone)."""
    view.background = True
    return view


class DataErrorIsBadRequestMiddleware:
    """Input PostgreSQL cannot hold (a NUL byte, a number out of range) is the client's
    mistake, not ours: answer 400 instead of 500, wherever a field let it through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DataError):
            return None
        if request.path.startswith("/api/"):
            message = _("Forespørselen inneholder verdier som ikke kan lagres (f.eks. NUL-tegn).")
            return JsonResponse({"detail": message}, status=400)
        return bad_request(request, exception)


class LogDownloadsMiddleware:
    """Log every successful file download (Content-Disposition: attachment) with its user:
    exports, PDFs and attachments are personal data leaving the product."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if response.status_code == 200 and disposition.startswith("attachment"):
            user = getattr(request, "user", None)
            DownloadLog.objects.create(
                user=user if user is not None and user.is_authenticated else None,
                path=request.get_full_path()[:1000],
                filename=_filename(disposition)[:255],
                content_type=response.get("Content-Type", "")[:120],
            )
        return response


def _filename(disposition):
    """The file name of a Content-Disposition header, RFC 5987 `filename*` preferred."""
    names = {}
    for part in disposition.split(";"):
        key, _sep, value = part.strip().partition("=")
        names[key] = value.strip('"')
    if "filename*" in names:
        return unquote(names["filename*"].partition("''")[2])
    return names.get("filename", "")
