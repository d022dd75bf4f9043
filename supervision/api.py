"""Supervision sessions (list, create, edit within the rules) and monthly check results
(read), with the same scope and rules as the pages: the services decide."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers
from rest_framework.pagination import CursorPagination

from alisvest.access import OK
from alisvest.api import ScopedViewSet, as_400, scoped_access
from placements.models import Placement

from . import services
from .models import MonthlyCheck, SupervisionSession
from .months import parse_month


class SupervisionSessionSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())
    supervisor = serializers.StringRelatedField()

    class Meta:
        model = SupervisionSession
        fields = [
            "id",
            "placement",
            "supervisor",
            "date",
            "minutes",
            "kind",
            "topics",
            "learning_objectives",
            "status",
            "alis_comment",
            "resolution_note",
            "created_at",
        ]
        read_only_fields = [
            "supervisor",
            "status",
            "alis_comment",
            "resolution_note",
            "created_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["placement"].queryset = Placement.objects.for_user(request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["placement"].read_only = True


class MonthlyCheckSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m")
    doctor = serializers.CharField(source="placement.doctor.name")
    municipality_number = serializers.CharField(source="placement.municipality.number")

    class Meta:
        model = MonthlyCheck
        fields = [
            "id",
            "placement",
            "doctor",
            "municipality_number",
            "month",
            "eligible_days",
            "required_minutes",
            "logged_minutes",
            "status",
            "was_deficit",
            "checked_at",
            "notified_at",
        ]


class SessionPagination(CursorPagination):
    """Newest first, by cursor: a national list has a million sessions, and counting them
    for offset pages took longer than the page itself (bench: COUNT over 1 M rows)."""

    ordering = ("-date", "-id")
    page_size = 50


class SupervisionSessionViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK)
    model = SupervisionSession
    serializer_class = SupervisionSessionSerializer
    pagination_class = SessionPagination

    def scoped(self, queryset):
        sessions = queryset.select_related(
            "supervisor", "placement__programme", "placement__doctor"
        ).order_by("-date", "-pk")
        placement = self.request.query_params.get("placement")
        if placement and placement.isdigit():
            sessions = sessions.filter(placement=placement)
        return sessions

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        try:
            serializer.instance = services.log_session(placement, by=self.request.user, **data)
        except DjangoValidationError as error:
            as_400(error)

    def perform_update(self, serializer):
        try:
            services.update_session(
                serializer.instance, by=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            as_400(error)

    def perform_destroy(self, instance):
        services.delete_session(instance, by=self.request.user)


class MonthlyCheckViewSet(ScopedViewSet):
    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK)
    model = MonthlyCheck
    serializer_class = MonthlyCheckSerializer

    def scoped(self, queryset):
        checks = queryset.select_related("placement__doctor", "placement__municipality").order_by(
            "month", "placement"
        )
        month = self.request.query_params.get("month")
        if month:
            try:
                checks = checks.filter(month=parse_month(month))
            except ValueError as error:
                raise serializers.ValidationError({"month": str(error)}) from error
        return checks
