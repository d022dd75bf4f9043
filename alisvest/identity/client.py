"""The OpenID Connect client for HelseID and ID-porten, as HelseID requires: the authorization
code flow with PKCE (S256), pushed authorization requests, a confidential client that proves
itself with `private_key_jwt` (an assertion living 60 seconds with a fresh `jti`), and the ID
token's signature, `iss`, `aud`, `exp`, `iat` and `nonce` checked against the provider's JWKS
(cached, fetched again when a token names a key we do not know).

Authlib does the OAuth 2.0 parts (PKCE, the client assertion, the code exchange); joserfc,
Authlib's JOSE library, checks the ID token. Nothing here hand-rolls JWT or JWKS code."""

import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingKeyError,
)
from joserfc.jwk import KeySet, RSAKey

ASSERTION_SECONDS = 60  # HelseID refuses client assertions that live longer
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
METADATA_SECONDS = 60 * 60
LEEWAY_SECONDS = 30
TIMEOUT = 10
ALGORITHMS = ["RS256", "PS256", "ES256"]


class LoginRefused(Exception):
    """A login that must not go on; `message` says why, to the person, in their language."""

    def __init__(self, message, detail=""):
        super().__init__(message)
        self.message = message
        self.detail = detail  # for the log, never shown


@dataclass(frozen=True)
class Provider:
    name: str  # "helseid" or "idporten": the URL segment and the stored provider
    title: str
    issuer: str
    client_id: str
    private_key: str  # a JWK (JSON) or a PEM, from configuration
    scopes: str
    acr_values: str = ""
    ui_locales: bool = False


def get_provider(name):
    """The configured provider of that name, or None (unknown or not configured)."""
    config = settings.IDENTITY_PROVIDERS.get(name)
    if not config or not config.get("issuer") or not config.get("client_id"):
        return None
    return Provider(name=name, **config)


def configured_providers():
    return [p for p in map(get_provider, settings.IDENTITY_PROVIDERS) if p is not None]


def new_flow():
    """The secrets one login carries through the browser: state, nonce and PKCE verifier."""
    return {
        "state": generate_token(32),
        "nonce": generate_token(32),
        "verifier": generate_token(64),
    }


def _get_json(url, what, provider):
    try:
        response = requests.get(url, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise LoginRefused(
            _("%(provider)s svarer ikke akkurat nå. Prøv igjen om litt.")
            % {"provider": provider.title},
            detail=f"{what} {url}: {error}",
        ) from error


def metadata(provider):
    key = f"identity:metadata:{provider.issuer}"
    found = cache.get(key)
    if found is None:
        url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        found = _get_json(url, "metadata", provider)
        if found.get("issuer") != provider.issuer:
            raise LoginRefused(
                _("%(provider)s er feil satt opp hos oss. Kontakt brukerstøtte.")
                % {"provider": provider.title},
                detail=f"issuer {found.get('issuer')!r} != {provider.issuer!r}",
            )
        cache.set(key, found, METADATA_SECONDS)
    return found


def _private_key(provider):
    """A JWK (its `kid` names the key in our assertions) or a PEM (no `kid`: the provider
    tries the keys registered for the client)."""
    raw = provider.private_key.strip()
    value = json.loads(raw) if raw.startswith("{") else raw
    return RSAKey.import_key(value)


def client_assertion(provider):
    """A fresh signed client assertion: our proof of who we are, usable once, for 60 s."""
    key = _private_key(provider)
    return private_key_jwt_sign(
        key,
        client_id=provider.client_id,
        token_endpoint=provider.issuer,  # HelseID wants its issuer as the audience
        header={"kid": key.kid} if key.kid else {},
        expires_in=ASSERTION_SECONDS,
        issued_at=int(time.time()),
    )


class _ClientAssertion(PrivateKeyJWT):
    """Authlib's private_key_jwt with our assertion (its default lives an hour)."""

    def __init__(self, provider):
        super().__init__()
        self.provider = provider

    def sign(self, auth, token_endpoint):
        return client_assertion(self.provider)


def authorization_url(provider, flow, *, redirect_uri, language="nb", assertion=None):
    """Push the authorization request (PAR) and return where to send the browser."""
    meta = metadata(provider)
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scopes,
        "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": create_s256_code_challenge(flow["verifier"]),
        "code_challenge_method": "S256",
    }
    if provider.acr_values:
        params["acr_values"] = provider.acr_values
    if provider.ui_locales:
        params["ui_locales"] = language
    data = {
        **params,
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion or client_assertion(provider),
    }
    try:
        response = requests.post(
            meta["pushed_authorization_request_endpoint"], data=data, timeout=TIMEOUT
        )
    except requests.RequestException as error:
        raise LoginRefused(
            _("%(provider)s svarer ikke akkurat nå. Prøv igjen om litt.")
            % {"provider": provider.title},
            detail=str(error),
        ) from error
    if response.status_code != 201:
        raise LoginRefused(
            _("%(provider)s avviste innloggingsforespørselen vår. Du er ikke logget inn.")
            % {"provider": provider.title},
            detail=f"PAR {response.status_code}: {response.text[:500]}",
        )
    query = urlencode(
        {"client_id": provider.client_id, "request_uri": response.json()["request_uri"]}
    )
    return f"{meta['authorization_endpoint']}?{query}"


def exchange_code(provider, flow, *, code, redirect_uri):
    """The tokens for the authorization code, our client assertion as proof."""
    meta = metadata(provider)
    session = OAuth2Session(
        provider.client_id,
        token_endpoint_auth_method=_ClientAssertion.name,
        redirect_uri=redirect_uri,
    )
    session.register_client_auth_method(_ClientAssertion(provider))
    try:
        return session.fetch_token(
            meta["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            code_verifier=flow["verifier"],
            timeout=TIMEOUT,
        )
    except (OAuthError, requests.RequestException) as error:
        raise LoginRefused(
            _("%(provider)s godtok ikke innloggingen. Du er ikke logget inn.")
            % {"provider": provider.title},
            detail=f"token: {error}",
        ) from error


def _keys(provider, *, refresh=False):
    key = f"identity:jwks:{provider.issuer}"
    found = None if refresh else cache.get(key)
    if found is None:
        found = _get_json(metadata(provider)["jwks_uri"], "jwks", provider)
        cache.set(key, found, METADATA_SECONDS)
    return KeySet.import_key_set(found)


def _decode(provider, id_token):
    try:
        return jwt.decode(id_token, _keys(provider), algorithms=ALGORITHMS)
    except (InvalidKeyIdError, MissingKeyError):
        # The provider may have rotated its keys: fetch them once more before refusing.
        return jwt.decode(id_token, _keys(provider, refresh=True), algorithms=ALGORITHMS)


def _reason(error):
    if isinstance(error, InvalidKeyIdError | MissingKeyError):
        return _("signert med en ukjent nøkkel")
    if isinstance(error, BadSignatureError):
        return _("ugyldig signatur")
    if isinstance(error, ExpiredTokenError):
        return _("utløpt")
    claim = getattr(error, "claim", "")
    return {
        "aud": _("utstedt til en annen tjeneste (aud)"),
        "iss": _("feil utsteder (iss)"),
        "nonce": _("svarer ikke til forespørselen vår (nonce)"),
        "iat": _("feil utstedelsestidspunkt (iat)"),
    }.get(claim, _("ugyldig innhold"))


def validate_id_token(provider, id_token, *, nonce):
    """The ID token's claims once signature, issuer, audience, times and nonce all hold."""
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
        iat={"essential": True},
        sub={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        token = _decode(provider, id_token)
        registry.validate(token.claims)
        if token.claims["iat"] > time.time() + LEEWAY_SECONDS:
            raise InvalidClaimError("iat")
    except (JoseError, ValueError) as error:
        reason = _reason(error) if isinstance(error, JoseError) else _("ugyldig innhold")
        raise LoginRefused(
            _("Svaret fra %(provider)s kunne ikke bekreftes: %(reason)s. Du er ikke logget inn.")
            % {"provider": provider.title, "reason": reason},
            detail=f"id_token: {error!r}",
        ) from error
    return token.claims


def end_session_url(provider, *, post_logout_redirect_uri, state):
    """Where to send the browser to end the provider's session (RP-initiated logout). The
    client is named by client_id, not by an id_token_hint: the ID token carries the national
    identity number, and we keep it nowhere, the session included."""
    endpoint = metadata(provider).get("end_session_endpoint")
    if not endpoint:
        return None
    query = urlencode(
        {
            "client_id": provider.client_id,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "state": state,
        }
    )
    return f"{endpoint}?{query}"
