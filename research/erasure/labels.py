"""The pseudonymous label an erased person keeps, e.g. "Slettet veileder 7F3A".

The code after the kind is a keyed hash (HMAC-SHA256 under SECRET_KEY) of the kind and the
row's id, so it is stable for one person, does not count upwards with the ids (an erased
person's place in the table cannot be read off their label), and cannot be computed without
the key. Four hexadecimal characters keep it short enough to read aloud; two erased people
may share a label, so nothing relies on it being unique. The replacement e-mail and HPR
number, which must be unique, take longer codes from the same hash.

The words are stored text in bokmål, the source language, like the rest of the data."""

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext

from alisvest.roles import Role

ERASED_DOMAIN = "slettet.invalid"  # RFC 2606: a domain no mail can ever reach

WORDS = {
    Role.ALIS: "ALIS",
    Role.SUPERVISOR: "veileder",
    Role.MANAGER: "helseleder",
    Role.RESEARCHER: "forsker",
    Role.STEERING_GROUP: "styringsgruppemedlem",
    Role.PROJECT_LEADER: "prosjektleder",
    "respondent": "kontaktperson",
    "participant": "deltaker",
    "user": "bruker",
}

# A person with several roles is named after the one that says most about what their
# records are (a leader who also supervises is erased as a project leader).
PRIORITY = (
    Role.PROJECT_LEADER,
    Role.STEERING_GROUP,
    Role.RESEARCHER,
    Role.MANAGER,
    Role.SUPERVISOR,
    Role.ALIS,
)


def code(kind, pk, length=4):
    message = f"erasure:{kind}:{pk}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:length].upper()


def label(kind, pk):
    return f"Slettet {WORDS[kind]} {code(kind, pk)}"


def email(kind, pk):
    return f"slettet-{code(kind, pk, 16).lower()}@{ERASED_DOMAIN}"


def hpr_number(pk, attempt=0):
    """Nine digits starting with 9: unique in the table, and never a real HPR number (those
    have at most eight digits)."""
    return "9" + f"{int(code('hpr', f'{pk}:{attempt}', 16), 16) % 10**8:08d}"


def kind_of(user):
    """The person's kind for the label (groups prefetched: no query)."""
    roles = {group.name for group in user.groups.all()}
    for role in PRIORITY:
        if role.value in roles:
            return role
    return "user"


def kind_label(kind):
    """What the kind is called on a page, in the reader's language."""
    if kind in Role.values:
        return Role(kind).label
    return gettext("Bruker")
