"""GET /api/v1/me/: who the token or session belongs to, with their calendar feed."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from alisvest.access import OK, access
from alisvest.calendar import calendar_url
from alisvest.filters import ALWAYS_ALLOWED, refuse_unknown


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()
    language = serializers.CharField(help_text="Empty: the browser's language.")
    calendar_url = serializers.SerializerMethodField(
        help_text="The private iCal feed; the address is the credential, keep it secret."
    )

    def get_calendar_url(self, user) -> str:
        return calendar_url(user)


class OneObject(AutoSchema):
    """The route is the router's list route, but it answers one object, not a list."""

    def _is_list_view(self, serializer=None):
        return False


class MeViewSet(viewsets.ViewSet):
    """The signed-in user."""

    access = {"list": access(OK)}
    schema = OneObject()

    @extend_schema(responses=MeSerializer)
    def list(self, request, format=None):
        refuse_unknown(request, ALWAYS_ALLOWED)
        return Response(MeSerializer(request.user).data)
