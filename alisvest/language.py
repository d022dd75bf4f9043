"""Each person's language: chosen on the profile or with the header's switch, then used for
their pages and every e-mail to them. Without a choice, the browser's language decides."""

from django.conf import settings
from django.utils import translation
from django.views.i18n import set_language as django_set_language

from .access import REDIRECT, access
from .models import User

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """After authentication: a signed-in person's own choice outranks the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "language", "")
        if language in LANGUAGE_CODES:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@access(REDIRECT, anonymous=REDIRECT)
def set_language(request):
    """Django's language switch, which also remembers the choice for a signed-in person."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in LANGUAGE_CODES:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


def language_of(email):
    """The chosen language of the person with this address, or None."""
    chosen = User.objects.filter(email__iexact=email).exclude(language="")
    return chosen.values_list("language", flat=True).first()
