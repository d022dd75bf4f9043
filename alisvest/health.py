"""Health checks that answer before the host check and the HTTPS redirect.

A container's health check asks http://127.0.0.1:8000/healthz from inside the container: the
host is not one of ALLOWED_HOSTS and the scheme is http, so under the production settings
Django would answer 400 (DisallowedHost) or 301 to https and the container would never become
healthy. This middleware, first in MIDDLEWARE, serves only the paths in HEALTH_CHECK_PATHS and
nothing else; their views read no user data and never build an absolute URL.
"""

from django.conf import settings
from django.urls import resolve


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = frozenset(settings.HEALTH_CHECK_PATHS)

    def __call__(self, request):
        if request.path_info not in self.paths:
            return self.get_response(request)
        match = resolve(request.path_info)
        request.resolver_match = match  # the access log knows it is a probe
        return match.func(request, *match.args, **match.kwargs)
