from copy import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, serializers

from .models import ApiToken


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer alv_…` with a personal token from the profile page."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Ugyldig Authorization-header.")
        token = ApiToken.find(header[1])
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Ukjent, utløpt eller tilbaketrukket API-nøkkel.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "alisvest.api.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}


def as_400(error):
    """A Django ValidationError as the API's 400, naming the fields."""
    raise serializers.ValidationError(serializers.as_serializer_error(error)) from error


def proposed_instance(serializer, attrs):
    """The row as it would be saved: a copy of the current one (or a new one) with attrs."""
    instance = copy(serializer.instance) if serializer.instance else serializer.Meta.model()
    for name, value in attrs.items():
        setattr(instance, name, value)
    return instance


def full_clean_or_400(instance, **kwargs):
    """The model's rules (clean and constraints), so the API refuses what the form does."""
    try:
        instance.full_clean(**kwargs)
    except DjangoValidationError as error:
        as_400(error)
