from copy import copy

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from .access import NOT_FOUND, OK, access


def exception_handler(error, context):
    """DRF's, except that a 404 says "not found" in the request's language instead of
    Django's untranslated "No Placement matches the given query"."""
    if isinstance(error, Http404):
        error = exceptions.NotFound(_("Ikke funnet."))
    return drf_exception_handler(error, context)


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


def scoped_access(**detail):
    """The usual API declaration: everyone logged in may list (their scope may be empty),
    and a row outside the scope is a 404 for every role not named."""
    return {"list": access(OK), "detail": access(NOT_FOUND, **detail)}


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """List and read what `model.objects.for_user(user)` holds; subclasses narrow or order
    it in `scoped(queryset)`. Nothing outside the user's scope is ever a row here."""

    model = None

    def get_queryset(self):
        return self.scoped(self.model.objects.for_user(self.request.user))

    def scoped(self, queryset):
        return queryset.order_by("pk")


class SaveMixin:
    """Saves inside a savepoint and turns a constraint violation into a 400 naming the field
    (`constraint_fields`: constraint name -> field)."""

    constraint_fields = {}
    constraint_messages = {}  # for unique keys, which carry no message of their own

    def perform_save(self, serializer, **kwargs):
        try:
            with transaction.atomic():
                serializer.save(**kwargs)
        except IntegrityError as error:
            integrity_error_as_400(error, self.constraint_fields, self.constraint_messages)


class WritableScopedViewSet(
    SaveMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """List, read, create and update; nothing is deleted over the API."""


def integrity_error_as_400(error, fields, messages=None):
    """A database constraint broken (a race past validate()) as a 400 naming its field."""
    text = str(error)
    for name, field in fields.items():
        if name in text:
            message = (messages or {}).get(name) or _constraint_message(name)
            raise serializers.ValidationError({field: [message]}) from error
    raise serializers.ValidationError(
        {"non_field_errors": [_("Bryter en regel i databasen.")]}
    ) from error


def _constraint_message(name):
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name == name and constraint.violation_error_message:
                return constraint.get_violation_error_message()
    return _("Bryter regelen %(rule)s.") % {"rule": name}
