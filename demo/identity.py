"""Demo logins through the local OpenID provider (scripts/oidc-provider/): Carol (supervisor)
and Liv (project leader) have their HelseID identities linked, so "Logg inn med HelseID" logs
them in at the first click; the others show how a first login is linked (invitation or code)."""

import json

from django.conf import settings

from alisvest.identity.models import ExternalIdentity, pid_digest
from alisvest.models import User

PEOPLE = settings.BASE_DIR / "scripts/oidc-provider/people.json"
LINKED = {"carol@demo.alisvest.no": "helseid", "leder@demo.alisvest.no": "helseid"}


def seed(stdout):
    people = {p["email"]: p for p in json.loads(PEOPLE.read_text())["people"]}
    for email, provider in LINKED.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        person = people[email]
        ExternalIdentity.objects.update_or_create(
            provider=provider,
            pid_digest=pid_digest(person["pid"]),
            defaults={"user": user, "hpr_number": person["hpr_number"] or ""},
        )
