"""Supervision sessions (list, create, edit within the rules) and monthly check results
(read), with the same scope and rules as the pages: the services decide."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.api import ScopedViewSet, as_400, full_clean_or_400, scoped_access
from alisvest.filters import IdFilter, filters_for
from placements.models import LearningObjective, Placement

from . import limits, permissions, record, services
from .models import MonthlyCheck, Reflection, SessionMinutes, SupervisionSession
from .months import parse_month


class SupervisionSessionSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())
    supervisor = serializers.StringRelatedField()
    minutes = serializers.IntegerField()
    confirm_unusual = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Sann for å bekrefte en uvanlig, men mulig verdi (f.eks. over 3 timer)."),
    )

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
            "status",
            "alis_comment",
            "resolution_note",
            "created_at",
            "confirm_unusual",
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

    def validate_minutes(self, minutes):
        error = limits.session_minutes_error(minutes)
        if error:
            raise serializers.ValidationError(error)
        return minutes

    def validate(self, attrs):
        """An unusual value (limits.session_warnings) needs confirm_unusual: true."""
        confirmed = attrs.pop("confirm_unusual", False)
        session = self.instance
        placement = attrs.get("placement") or session.placement
        day = attrs.get("date") or (session.date if session else None)
        minutes = attrs.get("minutes") or (session.minutes if session else None)
        exclude = session.pk if session else None
        error = limits.month_error(placement, day, minutes, exclude=exclude)
        if error:
            raise serializers.ValidationError({"minutes": [error]})
        warnings = limits.session_warnings(placement, day, minutes, exclude=exclude)
        if warnings and not confirmed:
            hint = _("Send confirm_unusual: true for å bekrefte.")
            raise serializers.ValidationError({"confirm_unusual": [*warnings, hint]})
        return attrs


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


class DisputeSerializer(serializers.Serializer):
    comment = serializers.CharField(label=_("Hva stemmer ikke?"))


# What the ALIS does with a session over the API, as on the page.
ALIS_ONLY = access(
    NOT_FOUND,
    alis=OK,
    own_manager=FORBIDDEN,
    steering=FORBIDDEN,
    leader=FORBIDDEN,
    office=FORBIDDEN,
    method="POST",
)


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
    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK) | {
        "confirm": ALIS_ONLY,
        "dispute": ALIS_ONLY,
    }
    model = SupervisionSession
    serializer_class = SupervisionSessionSerializer
    pagination_class = SessionPagination

    filterset_class = filters_for(
        SupervisionSession,
        placement=IdFilter(),
        status=filters.ChoiceFilter(choices=SupervisionSession.Status.choices),
    )

    def scoped(self, queryset):
        return queryset.select_related(
            "supervisor", "placement__programme", "placement__doctor"
        ).order_by("-date", "-pk")

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

    @extend_schema(request=None, responses=SupervisionSessionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, **kwargs):
        """The ALIS confirms the session."""
        session = services.confirm_session(self.get_object(), by=request.user)
        return Response(self.get_serializer(session).data)

    @extend_schema(request=DisputeSerializer, responses=SupervisionSessionSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None, **kwargs):
        """The ALIS disputes the session, within the same 60 days as the page allows."""
        session = self.get_object()
        require(permissions.can_dispute(request.user, session))
        body = DisputeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = services.dispute_session(
            session, by=request.user, comment=body.validated_data["comment"]
        )
        return Response(self.get_serializer(session).data)


def _in_month(queryset, name, value):
    try:
        return queryset.filter(month=parse_month(value))
    except ValueError as error:
        raise serializers.ValidationError({"month": [str(error)]}) from error


class MonthlyCheckViewSet(ScopedViewSet):
    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
    model = MonthlyCheck
    serializer_class = MonthlyCheckSerializer

    filterset_class = filters_for(
        MonthlyCheck,
        month=filters.CharFilter(method=_in_month, help_text="YYYY-MM"),
        placement=IdFilter(),
        status=filters.ChoiceFilter(choices=MonthlyCheck.Status.choices),
    )

    def scoped(self, queryset):
        # Placement by placement, month by month: the order of the unique (placement, month)
        # index, so a page is read from it and not sorted from every row in scope.
        return queryset.select_related("placement__doctor", "placement__municipality").order_by(
            "placement_id", "month"
        )


# --- The training record: minutes and reflections ---------------------------------------


class SessionMinutesSerializer(serializers.ModelSerializer):
    """A session's minutes: objectives by id from the programme's catalogue."""

    session = serializers.PrimaryKeyRelatedField(queryset=SupervisionSession.objects.none())
    objectives = serializers.PrimaryKeyRelatedField(
        queryset=LearningObjective.objects.all(), many=True, required=False
    )

    class Meta:
        model = SessionMinutes
        fields = ["id", "session", "objectives", "agreed", "follow_ups", "follows_up", "updated_at"]
        read_only_fields = ["follows_up", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["session"].queryset = SupervisionSession.objects.filter(
                placement__in=Placement.objects.for_user(request.user).values("pk")
            )
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["session"].read_only = True


class SessionMinutesViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    """Minutes: read by the ALIS, the supervisors and the project leaders; written by whoever
    may change the session. Health managers, the steering group, regional offices and
    researchers get nothing here (their list is empty, a row is 404)."""

    access = scoped_access(alis=OK, leader=OK)
    model = SessionMinutes
    serializer_class = SessionMinutesSerializer
    filterset_class = filters_for(SessionMinutes, session=IdFilter())

    def scoped(self, queryset):
        return queryset.select_related("session").prefetch_related("objectives").order_by("-pk")

    def _save(self, session, data):
        try:
            return record.save_minutes(
                session,
                by=self.request.user,
                objectives=data.get("objectives", []),
                agreed=data.get("agreed", ""),
                follow_ups=data.get("follow_ups", ""),
            )
        except DjangoValidationError as error:
            as_400(error)

    def perform_create(self, serializer):
        session = serializer.validated_data["session"]
        if SessionMinutes.objects.filter(session=session).exists():
            raise serializers.ValidationError(
                {"session": [_("Timen har allerede et referat; endre det i stedet.")]}
            )
        serializer.instance = self._save(session, serializer.validated_data)
        if serializer.instance is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Et tomt referat lagres ikke.")]}
            )

    def perform_update(self, serializer):
        current = serializer.instance
        data = {
            "objectives": list(current.objectives.all()),
            "agreed": current.agreed,
            "follow_ups": current.follow_ups,
            **serializer.validated_data,
        }
        serializer.instance = self._save(current.session, data) or current

    def perform_destroy(self, instance):
        require(permissions.can_change(self.request.user, instance.session))
        instance.delete()


class ReflectionSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())

    class Meta:
        model = Reflection
        fields = [
            "id",
            "placement",
            "session",
            "objective",
            "period",
            "text",
            "shared",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["placement"].queryset = Placement.objects.filter(doctor__user=request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["placement"].read_only = True


class ReflectionViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    """The ALIS's reflections; supervisors read the shared ones."""

    access = scoped_access(alis=OK)
    model = Reflection
    serializer_class = ReflectionSerializer
    filterset_class = filters_for(Reflection, placement=IdFilter())

    def scoped(self, queryset):
        return queryset.order_by("-created_at", "-pk")

    def _save(self, reflection):
        full_clean_or_400(reflection)
        try:
            return record.save_reflection(reflection, by=self.request.user)
        except DjangoValidationError as error:
            as_400(error)

    def perform_create(self, serializer):
        reflection = Reflection(author=self.request.user, **serializer.validated_data)
        serializer.instance = self._save(reflection)

    def perform_update(self, serializer):
        reflection = serializer.instance
        require(permissions.can_change_reflection(self.request.user, reflection))
        for name, value in serializer.validated_data.items():
            setattr(reflection, name, value)
        serializer.instance = self._save(reflection)

    def perform_destroy(self, instance):
        record.delete_reflection(instance, by=self.request.user)
