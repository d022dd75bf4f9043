"""Run the real local OpenID provider (scripts/oidc-provider/server.mjs, panva's
oidc-provider on Node) on free ports of 127.0.0.1, and point the settings at it."""

import contextlib
import copy
import json
import os
import socket
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts/oidc-provider/server.mjs"
PEOPLE = {
    p["sub"]: p
    for p in json.loads((ROOT / "scripts/oidc-provider/people.json").read_text())["people"]
}
DEV_KEY = (ROOT / "scripts/oidc-provider/dev-keys/client-private.jwk.json").read_text()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OpenID provider stopped: {process.stdout.read()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("the OpenID provider did not start")


@contextlib.contextmanager
def running_provider(rp_base_url):
    """Both issuers, {"helseid": url, "idporten": url}, for a relying party at rp_base_url."""
    ports = {"helseid": _free_port(), "idporten": _free_port()}
    env = {
        **os.environ,
        "OIDC_HELSEID_PORT": str(ports["helseid"]),
        "OIDC_IDPORTEN_PORT": str(ports["idporten"]),
        "OIDC_RP_BASE_URL": rp_base_url,
        "OIDC_TEST_SWITCHES": "1",
    }
    process = subprocess.Popen(  # noqa: S603
        ["node", str(SCRIPT)],  # noqa: S607
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for port in ports.values():
            _wait(port, process)
        yield {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    finally:
        process.terminate()
        process.wait(timeout=10)


def configure(settings, issuers):
    """Point pytest-django's `settings` (restored after the test) at the running provider."""
    providers = copy.deepcopy(settings.IDENTITY_PROVIDERS)
    for name, issuer in issuers.items():
        providers[name].update(issuer=issuer, client_id="alisvest-dev", private_key=DEV_KEY)
    settings.IDENTITY_PROVIDERS = providers
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] += list(issuers.values())  # logout's redirect
    settings.CONTENT_SECURITY_POLICY = policy


def misbehave(issuer, mode):
    """The provider's test switch: its next ID token has one thing wrong."""
    response = requests.post(f"{issuer}/__test__/next-id-token", params={"mode": mode}, timeout=5)
    assert response.status_code == 204
