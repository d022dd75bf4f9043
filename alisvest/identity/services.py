"""What a HelseID or ID-porten login means here: the person it names, the account linked to
that person, linking and unlinking (each kept in the history the audit log reads), and the
login itself through allauth, with level high counting as the second factor."""

from dataclasses import dataclass

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.contrib.auth import login as django_login
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest import services as account_services
from alisvest.models import User

from .client import LoginRefused, end_session_url, get_provider
from .models import ExternalIdentity, pid_digest

MFA_SESSION_KEY = "identity_mfa"  # this session's login was at level high: it is the MFA
LOGIN_SESSION_KEY = "identity_login"  # the provider, to end its session at logout
ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

HELSEID_HIGH = "4"  # helseid://claims/identity/security_level: 4 is "high" (BankID and alike)
IDPORTEN_HIGH = "idporten-loa-high"

CLAIMS = {
    # provider: (pid claim, HPR number claim)
    "helseid": ("helseid://claims/identity/pid", "helseid://claims/hpr/hpr_number"),
    "idporten": ("pid", None),
}


@dataclass(frozen=True)
class Person:
    provider: str
    pid_digest: str
    hpr_number: str
    name: str
    high: bool  # security level high: counts as MFA

    def as_session(self):
        return dict(self.__dict__)

    @classmethod
    def from_session(cls, data):
        return cls(**data) if data else None


def _is_high(provider_name, claims):
    if provider_name == "helseid":
        return str(claims.get("helseid://claims/identity/security_level", "")) == HELSEID_HIGH
    return claims.get("acr") == IDPORTEN_HIGH


def person_from_claims(provider, claims):
    pid_claim, hpr_claim = CLAIMS[provider.name]
    pid = str(claims.get(pid_claim) or "")
    if not pid:
        raise LoginRefused(
            _("%(provider)s oppga ikke fødselsnummeret ditt. Du er ikke logget inn.")
            % {"provider": provider.title},
            detail=f"no {pid_claim}",
        )
    return Person(
        provider=provider.name,
        pid_digest=pid_digest(pid),
        hpr_number=str(claims.get(hpr_claim) or "") if hpr_claim else "",
        name=str(claims.get("name") or ""),
        high=_is_high(provider.name, claims),
    )


def linked_user(person):
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=person.provider, pid_digest=person.pid_digest, user__is_active=True)
        .first()
    )
    return identity.user if identity else None


def link(user, person):
    """Link the person's identity to the account (one account per identity and provider)."""
    try:
        with transaction.atomic():
            return ExternalIdentity.objects.create(
                user=user,
                provider=person.provider,
                pid_digest=person.pid_digest,
                hpr_number=person.hpr_number,
                last_login_at=timezone.now(),
            )
    except IntegrityError as error:
        title = ExternalIdentity.Provider(person.provider).label
        raise LoginRefused(
            _(
                "Denne %(provider)s-identiteten er allerede koblet til en konto, eller kontoen "
                "har allerede en %(provider)s-kobling. Fjern den gamle koblingen først."
            )
            % {"provider": title},
            detail=str(error),
        ) from error


def unlink(identity):
    identity.delete()  # the history keeps who unlinked what, and when


@transaction.atomic
def accept_invitation(invitation, person):
    """A new account from an invitation, proven by the login itself: no password is set."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise LoginRefused(
            _(
                "Det finnes allerede en konto for %(email)s. Logg inn med den, og koble til "
                "innloggingen på profilsiden."
            )
            % {"email": invitation.email}
        )
    user = account_services.accept_invitation(
        invitation, name=person.name or invitation.name, password=None
    )
    link(user, person)
    return user


def log_in(request, user, person, *, redirect_url):
    """Log the user in through allauth. Level high is the second factor already, so allauth's
    own TOTP step is not asked for then; below high, allauth's stages run as for a password."""
    ExternalIdentity.objects.filter(
        user=user, provider=person.provider, pid_digest=person.pid_digest
    ).update(last_login_at=timezone.now(), hpr_number=person.hpr_number)
    record_authentication(request, user, method="oidc", provider=person.provider)
    if person.high:
        django_login(request, user, backend=ALLAUTH_BACKEND)
        response = redirect(redirect_url)
    else:
        response = perform_login(request, user, redirect_url=redirect_url)
    request.session[MFA_SESSION_KEY] = person.high
    request.session[LOGIN_SESSION_KEY] = person.provider
    return response


def provider_logout_url(request, *, post_logout_redirect_uri):
    """Where to end the provider's session too, if this session began there."""
    found = request.session.get(LOGIN_SESSION_KEY)
    provider = get_provider(found) if found else None
    if provider is None:
        return None
    try:
        return end_session_url(
            provider,
            post_logout_redirect_uri=post_logout_redirect_uri,
            state=request.session.session_key or "",
        )
    except LoginRefused:
        return None  # the provider is away: our own session still ends
