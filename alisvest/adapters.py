from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .identity.services import provider_logout_url


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join by invitation only (alisvest.views.accounts.accept_invitation).
        return False

    def get_logout_redirect_url(self, request):
        # A session begun at HelseID or ID-porten ends there too (RP-initiated logout).
        back = request.build_absolute_uri(reverse("identity_logged_out"))
        found = provider_logout_url(request, post_logout_redirect_uri=back)
        return found or super().get_logout_redirect_url(request)
