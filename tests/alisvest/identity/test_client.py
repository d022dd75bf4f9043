"""The client's proofs against the real provider: a client assertion is used once and lives
at most 60 seconds (HelseID's rules, enforced by the local provider as by HelseID)."""

import pytest
from authlib.oauth2.rfc7523 import private_key_jwt_sign
from joserfc import jwt

from alisvest.identity import client
from alisvest.identity.client import LoginRefused

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
