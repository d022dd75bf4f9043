import math
import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django import forms
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import ngettext

from .identity.services import provider_logout_url

RATE_LIMIT_APP = "allauth.account"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join by invitation only (alisvest.views.accounts.accept_invitation).
        return False

    def get_logout_redirect_url(self, request):
        # A session begun at HelseID or ID-porten ends there too (RP-initiated logout).
        back = request.build_absolute_uri(reverse("identity_logged_out"))
        found = provider_logout_url(request, post_logout_redirect_uri=back)
        return found or super().get_logout_redirect_url(request)

    def pre_authenticate(self, request, **credentials):
        """allauth's throttle of failed logins (settings.ACCOUNT_RATE_LIMITS), but the
        refusal says how many minutes to wait instead of "try again later"."""
        key = self._get_login_attempts_cache_key(request, **credentials)
        self._login_failed_rl_usage = ratelimit.consume(
            request, app=RATE_LIMIT_APP, action="login_failed", key=key
        )
        if not self._login_failed_rl_usage:
            minutes = max(1, math.ceil(seconds_to_wait(request, "login_failed", key) / 60))
            raise forms.ValidationError(
                ngettext(
                    "For mange innloggingsforsøk. Vent %(minutes)d minutt og prøv igjen.",
                    "For mange innloggingsforsøk. Vent %(minutes)d minutter og prøv igjen.",
                    minutes,
                )
                % {"minutes": minutes},
                code="too_many_login_attempts",
            )


def seconds_to_wait(request, action, key):
    """How long until every rate of `action` allows one more try: each rate keeps its hit
    times newest first, and the `amount`-th newest must fall out of the window."""
    now = time.time()
    wait = 0.0
    for rate in ratelimit.get_rates(app=RATE_LIMIT_APP, action=action):
        cache_key = ratelimit.get_cache_key(
            request, app=RATE_LIMIT_APP, action=action, rate=rate, key=key
        )
        history = [t for t in cache.get(cache_key, []) if t > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return wait
