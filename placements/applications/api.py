"""Calls and applications over the API, with the web pages' scope and state rules."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.api import ScopedViewSet, scoped_access
from alisvest.filters import IdFilter, MunicipalityNumberFilter, filters_for
from placements.applications import services
from placements.applications.forms import ApplicationForm
from placements.applications.models import Application, ApplicationAttachment, Call, Review
from placements.municipalities.models import Equipment


class CallSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "programme",
            "title",
            "description",
            "target_counties",
            "posts_offered",
            "deadline",
            "meeting_at",
            "meeting_place",
            "meeting_signup_deadline",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationAttachment
        fields = ["id", "name", "content_type", "size", "uploaded_at"]


def _verbose(name):
    return Application._meta.get_field(name).verbose_name


class ApplicationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="number", read_only=True)
    equipment = serializers.ListField(
        child=serializers.ChoiceField(choices=Equipment.choices), required=False
    )
    attachments = AttachmentSerializer(many=True, read_only=True)
    missing = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "municipality",
            "status",
            *Application.ANSWER_FIELDS,
            "submitted_at",
            "recommendation",
            "posts_granted",
            "conditions",
            "decided_at",
            "attachments",
            "missing",
        ]
        read_only_fields = [
            "call",
            "status",
            "submitted_at",
            "recommendation",
            "posts_granted",
            "conditions",
            "decided_at",
        ]
        # DRF turns the model's range validators into its own; keep their messages.
        extra_kwargs = {
            name: {"error_messages": limit.error_messages(_verbose(name))}
            for name, limit in ApplicationForm.UNUSUAL.items()
        }

    def get_missing(self, obj) -> list[str]:
        return [str(m) for m in obj.missing()]

    def validate_centre(self, centre):
        if centre is not None and centre.municipality_id != self.instance.municipality_id:
            raise serializers.ValidationError("Velg et legesenter i kommunen som søker.")
        return centre


# A plain read-only viewset: as a ScopedViewSet, the schema would show that base class's
# docstring as the description of the calls' endpoints.
class CallViewSet(viewsets.ReadOnlyModelViewSet):
    access = scoped_access(other_manager=OK, own_manager=OK, steering=OK, leader=OK)
    serializer_class = CallSerializer
    filterset_class = filters_for(Call, programme=IdFilter())

    def get_queryset(self):
        return Call.objects.for_user(self.request.user).select_related("programme")


class ApplicationViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    """A manager updates their own draft and submits it; staff and reviewers read."""

    access = {
        **scoped_access(own_manager=OK, steering=OK, leader=OK),
        "submit": access(
            NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, method="POST"
        ),
    }
    model = Application
    serializer_class = ApplicationSerializer
    filterset_class = filters_for(
        Application,
        call=IdFilter(),
        municipality=MunicipalityNumberFilter(),
        status=filters.ChoiceFilter(choices=Application.Status.choices),
    )

    def scoped(self, queryset):
        return (
            queryset.select_related("municipality", "call")
            .prefetch_related(Prefetch("attachments"))
            .order_by("pk")
        )

    def _check_write(self, application):
        if application.municipality_id not in self.request.user.access.managed_municipalities:
            raise exceptions.PermissionDenied("Bare kommunens helseleder kan endre søknaden.")
        if not application.is_editable:
            raise exceptions.PermissionDenied("Søknaden er sendt inn og kan ikke endres.")

    def perform_update(self, serializer):
        self._check_write(serializer.instance)
        serializer.save()

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, **kwargs):
        application = self.get_object()
        self._check_write(application)
        try:
            application = services.submit(application)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"detail": error.messages}) from error
        return Response(self.get_serializer(application).data)


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.StringRelatedField()
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Review
        fields = ["id", "application", "reviewer", *Review.CRITERIA, "total"]
        fields += ["recommendation", "comment", "updated_at"]
        read_only_fields = ["application", "reviewer", "updated_at"]


class ReviewViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Staff read every review in their programmes; a reviewer reads and writes their own.
    POST with `application` in the query string (?application=ID) saves the caller's review."""

    access = scoped_access(steering=OK, leader=OK)  # the leader wrote it
    model = Review
    serializer_class = ReviewSerializer
    filterset_class = filters_for(Review, application=IdFilter())

    def scoped(self, queryset):
        return queryset.select_related("reviewer").order_by("application_id", "pk")

    def create(self, request, *args, **kwargs):
        application = (
            Application.objects.for_user(request.user)
            .filter(pk=request.query_params.get("application"), reviewers=request.user)
            .first()
        )
        if application is None:
            raise exceptions.NotFound("Ingen søknad du er saksbehandler for.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            review = services.save_review(application, request.user, serializer.validated_data)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"detail": error.messages}) from error
        return Response(self.get_serializer(review).data, status=201)
