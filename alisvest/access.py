"""What each role gets from each view, declared beside the view and checked for every URL
pattern by tests/test_permission_matrix.py.

    @access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
    @login_required
    def placement_detail(request, pk): ...

The first argument holds for every role not named; `anonymous` is LOGIN unless named. The
roles, seen from the object graph of the test (an ALIS placed in the own municipality):

    anonymous         not logged in
    alis              the ALIS of the placement
    other_supervisor  supervisor of another ALIS (in another municipality)
    other_manager     health manager of another municipality in the programme
    own_manager       health manager of the placement's municipality
    researcher        researcher in the programme
    steering          steering group of the programme
    leader            project leader of the programme
    office            regional ALIS office following the own municipality (read-only)

Outside a user's scope a view answers NOT_FOUND, never FORBIDDEN and never OK.

POST: `method="POST"` for views that only take POST (the test posts empty form data);
`post={...}` to also check a POST on a GET view, with outcomes that differ from the GET
ones (`post={}`: the same as GET).

DRF viewsets declare a class attribute keyed by route ("list", "detail", or an @action's
url_path):

    access = {"list": access(OK), "detail": access(NOT_FOUND, own_manager=OK)}
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

OK = "OK"  # 200; after a POST also a redirect (saved) or 400 (the empty form was refused)
LOGIN = "LOGIN"  # sent to the login page (the API answers 401)
NOT_FOUND = "NOT_FOUND"  # 404: outside the user's scope
FORBIDDEN = "FORBIDDEN"  # 403: in scope, but the user may only read it / not do this
REDIRECT = "REDIRECT"  # 302 to somewhere other than the login page
NOT_ALLOWED = "NOT_ALLOWED"  # 405
ANY = "ANY"  # anything but a server error: only for views we did not write (EXTERNAL)
OUTCOMES = (OK, LOGIN, NOT_FOUND, FORBIDDEN, REDIRECT, NOT_ALLOWED, ANY)

ROLES = (
    "anonymous",
    "alis",
    "other_supervisor",
    "other_manager",
    "own_manager",
    "researcher",
    "steering",
    "leader",
    "office",
)


@dataclass(frozen=True)
class Access:
    outcomes: dict
    method: str = "GET"
    post: dict | None = field(default=None)

    def __call__(self, view):
        view.access = self
        return view

    def expected(self, role, method=None):
        method = method or self.method
        if method == "POST" and self.method == "GET":
            return self.post.get(role, self.outcomes[role])
        return self.outcomes[role]


def access(default=None, *, method="GET", post=None, **roles):
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise TypeError(f"@access: unknown role(s) {sorted(unknown)}; the roles are {ROLES}")
    for outcome in [default, *roles.values(), *(post or {}).values()]:
        if outcome is not None and outcome not in OUTCOMES:
            raise TypeError(f"@access: unknown outcome {outcome!r}; use one of {OUTCOMES}")
    roles.setdefault("anonymous", LOGIN)
    missing = [role for role in ROLES if role not in roles and default is None]
    if missing:
        raise TypeError(f"@access: no outcome for {missing}; name them or give a default")
    outcomes = {role: roles.get(role, default) for role in ROLES}
    return Access(outcomes=outcomes, method=method, post=post)


def declared(callback, route_name=""):
    """The Access declared for a resolved view (function, class-based view or viewset)."""
    found = getattr(callback, "access", None)
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if found is None and cls is not None:
        found = getattr(cls, "access", None)
    if isinstance(found, dict):
        return found.get(route_name)
    return found


# Views we did not write (allauth, Django's admin and i18n, DRF's API root, the schema),
# declared here by URL name, or by the start of the name ("admin:", "account_", "mfa_").
EXTERNAL = {
    "account_login": access(REDIRECT, anonymous=OK),
    "account_signup": access(REDIRECT, anonymous=OK),  # says: by invitation only
    "account_reset_password": access(OK, anonymous=OK),
    "account_": access(ANY, anonymous=ANY),  # allauth's own rules
    "mfa_": access(ANY, anonymous=LOGIN),  # allauth's own rules, behind login
    "admin:index": access(LOGIN, leader=OK),
    # No form of its own: allauth's login (with its MFA step) for anyone not logged in,
    # 403 for someone logged in who is not staff (alisvest/urls.py, secure_admin_login).
    "admin:login": access(FORBIDDEN, anonymous=LOGIN, leader=REDIRECT),
    "admin:logout": access(ANY, anonymous=ANY),
    # Every other admin page: its own login page; leaders are staff, and Django's model
    # permissions decide the rest.
    "admin:": access(LOGIN, leader=ANY),
    "set_language": access(REDIRECT, anonymous=REDIRECT, method="POST"),
    "api-root": access(OK),
    "schema": access(OK, anonymous=OK),  # the API's shape, no data
    "api-docs": access(OK, anonymous=OK),
}


def external(name, path):
    if name in EXTERNAL:
        return EXTERNAL[name]
    if path.startswith("admin/"):
        return EXTERNAL["admin:"]
    for prefix in ("account_", "mfa_"):
        if (name or "").startswith(prefix):
            return EXTERNAL[prefix]
    return None


def require(result):
    """A rule's (allowed, reason) as a 403 with the reason when not allowed."""
    allowed, reason = result
    if not allowed:
        raise PermissionDenied(reason)
