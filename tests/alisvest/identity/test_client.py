"""The client's proofs against the real provider: a client assertion is used once and lives
at most 60 seconds (HelseID's rules, enforced by the local provider as by HelseID)."""

import json

import pytest
from authlib.oauth2.rfc7523 import private_key_jwt_sign
from django.core.cache import cache
from joserfc import jwt
from joserfc.jwk import RSAKey

from alisvest.factories import UserFactory
from alisvest.identity import client
from alisvest.identity import client as identity_client
from alisvest.identity.client import LoginRefused
from alisvest.identity.models import ExternalIdentity, pid_digest

from .provider import DEV_KEY, PEOPLE

pytestmark = [pytest.mark.oidc, pytest.mark.django_db]

REDIRECT = "http://testserver/innlogging/helseid/tilbake/"


def test_a_replayed_client_assertion_is_refused(oidc_provider):
    provider = client.get_provider("helseid")
    assertion = client.client_assertion(provider)
    assert client.authorization_url(
        provider, client.new_flow(), redirect_uri=REDIRECT, assertion=assertion
    ).startswith(oidc_provider["helseid"])
    with pytest.raises(LoginRefused) as refused:
        client.authorization_url(
            provider, client.new_flow(), redirect_uri=REDIRECT, assertion=assertion
        )
    assert refused.value.message == (
        "HelseID avviste innloggingsforespørselen vår. Du er ikke logget inn."
    )
    assert '"invalid_client"' in refused.value.detail  # the same assertion, used again


def test_a_long_lived_client_assertion_is_refused(oidc_provider):
    provider = client.get_provider("helseid")
    key = client._private_key(provider)
    assertion = private_key_jwt_sign(
        key, client_id=provider.client_id, token_endpoint=provider.issuer, expires_in=300
    )
    with pytest.raises(LoginRefused) as refused:
        client.authorization_url(
            provider, client.new_flow(), redirect_uri=REDIRECT, assertion=assertion
        )
    assert '"invalid_client"' in refused.value.detail
    # The same request with our own 60-second assertion goes through.
    assert client.authorization_url(provider, client.new_flow(), redirect_uri=REDIRECT)


def test_our_assertions_live_60_seconds_with_a_fresh_jti(oidc_provider):
    provider = client.get_provider("helseid")
    first, second = (
        jwt.decode(client.client_assertion(provider), client._private_key(provider)).claims
        for _ in range(2)
    )
    assert first["exp"] - first["iat"] == 60
    assert first["jti"] != second["jti"]
    assert first["aud"] == provider.issuer
    assert first["iss"] == first["sub"] == provider.client_id


def test_the_key_may_be_a_pem_file_as_well_as_a_jwk(oidc_provider, settings):
    pem = RSAKey.import_key(json.loads(DEV_KEY)).as_pem(private=True).decode()
    settings.IDENTITY_PROVIDERS["helseid"]["private_key"] = pem
    provider = client.get_provider("helseid")
    assert client.authorization_url(provider, client.new_flow(), redirect_uri=REDIRECT)


def test_a_stale_key_set_is_fetched_again_on_an_unknown_kid(browser, client, oidc_provider):
    """The provider rotated its keys since we cached them: one fresh fetch, then the login."""
    provider = identity_client.get_provider("helseid")
    retired = RSAKey.generate_key(2048, parameters={"kid": "retired-1"})
    cache.set(f"identity:jwks:{provider.issuer}", {"keys": [retired.as_dict(private=False)]}, 3600)
    user = UserFactory()
    ExternalIdentity.objects.create(
        user=user, provider="helseid", pid_digest=pid_digest(PEOPLE["demo-dan"]["pid"])
    )
    browser.login("helseid", "demo-dan")
    assert client.session.get("_auth_user_id") == str(user.pk)
    kids = [key["kid"] for key in cache.get(f"identity:jwks:{provider.issuer}")["keys"]]
    assert kids == ["helseid-signing-1"]
