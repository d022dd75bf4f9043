"""Submitted once, sent once.

A double click, a retry over a bad connection or two tabs post the same form twice; a Celery
task retried after a failure runs its e-mail code twice. Both are made harmless by one
mechanism: an `IdempotencyKey` row whose unique key is claimed in the same transaction as
the work. PostgreSQL makes a second insert of the same key wait until the first transaction
ends: if it committed, the second fails and does nothing; if it rolled back, the second
goes ahead. So even two simultaneous requests make one row and one e-mail.

Forms: put `{% submission_key %}` (`{% load idempotency %}`) in the <form> and
`@submitted_once` on the view (below @access and @login_required). The first POST with a key
runs the view in a transaction; if its answer is not a redirect (the form had errors) the key
is released, so the corrected form can be sent. A repeat is redirected to where the first
went, with a message. A POST without a key (the API, old pages) runs as before.

E-mails: `send_once(key, name, to, context, ...)` instead of `emails.send(...)`.
"""

import uuid
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from . import emails
from .models import IdempotencyKey

FIELD = "submission_key"
KEEP = timedelta(days=7)


def new_key():
    return str(uuid.uuid4())


def key_of(request):
    """The form's key, if it is a UUID; anything else counts as no key."""
    try:
        return str(uuid.UUID(request.POST.get(FIELD, "")))
    except ValueError:
        return None


def claim(key, user=None):
    """Insert the key in a savepoint of the caller's transaction; None if it was taken."""
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(key=key, user=user)
    except IntegrityError:
        return None


def succeeded(response):
    return response.status_code in (301, 302, 303) or "HX-Redirect" in response


def submitted_once(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = key_of(request) if request.method == "POST" else None
        if key is None:
            return view(request, *args, **kwargs)
        user = request.user if request.user.is_authenticated else None
        with transaction.atomic():
            claimed = claim(f"form:{key}", user)
            if claimed is None:
                return repeated(request, key, user)
            response = view(request, *args, **kwargs)
            if succeeded(response):
                claimed.location = response.get("Location") or response.get("HX-Redirect", "")
                claimed.save(update_fields=["location"])
            else:
                claimed.delete()
            return response

    wrapper.submitted_once = True  # carried up by functools.wraps; the tests check it
    return wrapper


def repeated(request, key, user):
    first = IdempotencyKey.objects.filter(key=f"form:{key}").first()
    messages.info(request, _("Skjemaet var allerede sendt. Det er lagret bare én gang."))
    if first is not None and first.user == user and first.location:
        return redirect(first.location)
    return redirect(request.path)


def send_once(key, *args, **kwargs):
    """emails.send, unless an e-mail with this key was sent before. The key is committed
    with the send: a send that fails releases it for the retry; a retry after a successful
    send finds it and sends nothing. Returns True if this call sent it."""
    with transaction.atomic():
        if claim(f"email:{key}") is None:
            return False
        emails.send(*args, **kwargs)
    return True


def forget_old():
    """Keys older than a week: no double click or retry comes that late."""
    return IdempotencyKey.objects.filter(created_at__lt=timezone.now() - KEEP).delete()[0]
