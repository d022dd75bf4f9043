"""The product's own error pages. Django renders 500.html without a request context, so
the page would always be in the default language; here it is in the request's."""

from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    # LocaleMiddleware sets LANGUAGE_CODE; an error raised before it ran falls back to
    # what the request asks for (cookie, Accept-Language).
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(
        request
    )
    with translation.override(language):
        html = loader.get_template("500.html").render({"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)
