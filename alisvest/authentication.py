"""The API's personal tokens: `Authorization: Bearer alv_…`, what a limited token may reach,
and how the schema shows them."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from .models import ApiScope, ApiToken

# The part of the API a view belongs to, by the module it lives in (the longest match
# wins). A view in no part (the API root) holds no data and is open to every token.
SCOPE_BY_MODULE = {
    "placements": ApiScope.PLACEMENTS,
    "supervision": ApiScope.SUPERVISION,
    "supervision.assessments.api": ApiScope.SUPERVISION,  # the training record's assessments
    "funding": ApiScope.FUNDING,
    "research": ApiScope.RESEARCH,
    "alisvest.todo_api": ApiScope.TASKS,
    "alisvest.me_api": ApiScope.TASKS,  # the person's own, like their to-do list
}
OPEN_MODULES = ("rest_framework.", "drf_spectacular.")


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer alv_…` with a personal token from the profile page."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Ugyldig Authorization-header.")
        token = ApiToken.find(header[1])
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Ukjent, utløpt eller tilbaketrukket API-nøkkel.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "alisvest.authentication.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}


def scope_of(view):
    """The view's ApiScope; None for the views that hold no data; "" for one in no part."""
    module = type(view).__module__
    if module.startswith(OPEN_MODULES):
        return None
    matches = [m for m in SCOPE_BY_MODULE if module == m or module.startswith(m + ".")]
    return SCOPE_BY_MODULE[max(matches, key=len)] if matches else ""


class TokenLimits(permissions.BasePermission):
    """A read-only token may only read (403 on POST, PUT, PATCH, DELETE); a token limited to
    some parts of the API gets 403 everywhere else. A session is not limited."""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        if token.read_only and request.method not in permissions.SAFE_METHODS:
            self.message = _("Denne API-nøkkelen kan bare lese.")
            return False
        scope = scope_of(view)
        if token.scopes and scope is not None and scope not in token.scopes:
            self.message = _(
                "Denne API-nøkkelen gjelder ikke denne delen av API-et (%(scope)s)."
            ) % {"scope": scope or "-"}
            return False
        return True
