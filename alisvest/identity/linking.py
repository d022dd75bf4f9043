"""A first login whose identity no account knows yet: the person proves which account is
theirs with a one-time code sent to the e-mail on file (or came through an invitation link,
see views.callback). Never by matching a name."""

import hashlib
import hmac
import secrets
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alisvest.models import User

CODE_SESSION_KEY = "identity_link_code"
CODE_SECONDS = 10 * 60
MAX_TRIES = 5  # per code
MAX_CODES_PER_HOUR = 5  # per identity: new codes must not reset the guessing


class EmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-postadressen kontoen din har"))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Engangskode fra e-posten"), max_length=6, min_length=6
    )


def _digest(code):
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def may_send_code(person):
    """At most MAX_CODES_PER_HOUR codes for one identity, however many sessions it opens."""
    key = f"identity:codes:{person.pid_digest}"
    cache.add(key, 0, 60 * 60)
    return cache.incr(key) <= MAX_CODES_PER_HOUR


def send_code(request, email):
    """Send a code if an active account has this address; say nothing either way, so the
    form does not tell who has an account."""
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[CODE_SESSION_KEY] = {
        "user": user.pk if user else None,
        "digest": _digest(code),
        "until": time.time() + CODE_SECONDS,
        "tries": 0,
    }
    if user is not None:
        send_mail(
            _("Engangskode for å koble til innloggingen din"),
            _(
                "Koden din er %(code)s. Den gjelder i 10 minutter. Ba du ikke om den, kan du se "
                "bort fra denne e-posten."
            )
            % {"code": code},
            None,
            [user.email],
        )


def check_code(request, code):
    """The user the code was sent for, or None with the form's error message."""
    pending = request.session.get(CODE_SESSION_KEY)
    if not pending or pending["until"] < time.time():
        return None, _("Koden er utløpt. Be om en ny kode.")
    pending["tries"] += 1
    request.session[CODE_SESSION_KEY] = pending
    if pending["tries"] > MAX_TRIES:
        return None, _("For mange feil forsøk. Be om en ny kode.")
    if pending["user"] is None or not hmac.compare_digest(pending["digest"], _digest(code)):
        return None, _("Koden stemmer ikke. Sjekk e-posten og prøv igjen.")
    request.session.pop(CODE_SESSION_KEY)
    return User.objects.filter(pk=pending["user"], is_active=True).first(), ""
