"""Calls and applications over the API, with the web pages' scope and state rules."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.api import ScopedViewSet, scoped_access
from alisvest.filters import IdFilter, MunicipalityNumberFilter, filters_for
from placements.applications import decisions, services
from placements.applications.changes import changed_fields, chosen_base, versions
from placements.applications.models import Application, Call, Review
from placements.applications.serializers import (
    ApplicationSerializer,
    CallCorrectionInputSerializer,
    CallCorrectionSerializer,
    CallSerializer,
    ChangesSerializer,
    DecisionInputSerializer,
    DecisionSerializer,
    InfoRequestSerializer,
    ReviewSerializer,
    VoteSerializer,
)


# A plain read-only viewset: as a ScopedViewSet, the schema would show that base class's
# docstring as the description of the calls' endpoints.
class CallViewSet(viewsets.ReadOnlyModelViewSet):
    access = {
        **scoped_access(other_manager=OK, own_manager=OK, steering=OK, leader=OK),
        "corrections": access(
            NOT_FOUND,
            other_manager=OK,
            own_manager=OK,
            steering=OK,
            leader=OK,
            post={"other_manager": FORBIDDEN, "own_manager": FORBIDDEN, "steering": FORBIDDEN},
        ),
    }
    serializer_class = CallSerializer
    filterset_class = filters_for(Call, programme=IdFilter())

    def get_queryset(self):
        granted = Sum(
            "applications__decisions__posts",
            filter=Q(applications__decisions__is_current=True),
        )
        return (
            Call.objects.for_user(self.request.user)
            .select_related("programme")
            .annotate(posts_granted=Coalesce(granted, 0))
        )

    @extend_schema(
        request=CallCorrectionInputSerializer, responses=CallCorrectionSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"])
    def corrections(self, request, pk=None, **kwargs):
        """The corrections made after publication, newest first. POST (project leaders)
        corrects the call with a `reason`; the applicants are told by e-mail. Posts below
        those already granted: 400 on `posts_offered`."""
        call = self.get_object()
        if request.method == "GET":
            rows = call.corrections.select_related("changed_by")
            return Response(CallCorrectionSerializer(rows, many=True).data)
        if call.programme_id not in request.user.access.led_programmes:
            raise exceptions.PermissionDenied(_("Bare prosjektleder kan endre utlysningen."))
        data = dict(_valid(CallCorrectionInputSerializer, request.data))
        reason = data.pop("reason")
        try:
            correction = services.correct_call(call, data, reason=reason, by=request.user)
        except DjangoValidationError as error:
            raise _api_error(error) from error
        return Response(CallCorrectionSerializer(correction).data, status=201)


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _api_error(error):
    """A service's ValidationError as DRF's: field errors stay on their fields."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"detail": error.messages})


class ApplicationViewSet(mixins.UpdateModelMixin, ScopedViewSet):
    """A manager updates their own draft and submits it; staff and reviewers read."""

    access = {
        **scoped_access(own_manager=OK, steering=OK, leader=OK),
        "submit": access(
            NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, method="POST"
        ),
        # The steering group votes; the project leader records the decision (SECURITY.md).
        "decision": access(
            NOT_FOUND, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, method="POST"
        ),
        "decisions": access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK),
        "votes": access(
            NOT_FOUND,
            own_manager=FORBIDDEN,
            steering=OK,
            leader=OK,
            post={"leader": FORBIDDEN},
        ),
        # Project leaders ask; the municipality answers by resubmitting (`submit`).
        "thread": access(
            NOT_FOUND,
            own_manager=OK,
            steering=OK,
            leader=OK,
            post={"own_manager": FORBIDDEN, "steering": FORBIDDEN},
        ),
        "changes": access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK),
    }
    action_params = {"changes": {"from"}}
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
            raise exceptions.PermissionDenied(_("Bare kommunens helseleder kan endre søknaden."))
        if not application.is_editable:
            raise exceptions.PermissionDenied(_("Søknaden er sendt inn og kan ikke endres."))

    def perform_update(self, serializer):
        self._check_write(serializer.instance)
        serializer.save()

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, **kwargs):
        application = self.get_object()
        self._check_write(application)
        try:
            application = services.submit(
                application, answer=request.data.get("answer"), by=request.user
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"detail": error.messages}) from error
        return Response(self.get_serializer(application).data)

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None, **kwargs):
        """Record the steering group's decision (project leaders). A second decision corrects
        the first and needs `correction_reason`. Over capacity: 400 with the limit on `posts`."""
        application = self.get_object()
        if application.call.programme_id not in request.user.access.led_programmes:
            raise exceptions.PermissionDenied(_("Bare prosjektleder kan registrere vedtaket."))
        data = _valid(DecisionInputSerializer, request.data)
        try:
            decision = decisions.record_decision(
                application,
                outcome=data["decision"],
                posts=data.get("posts"),
                meeting_date=data["meeting_date"],
                reason=data["reason"],
                conditions=data.get("conditions", ""),
                correction_reason=data.get("correction_reason", ""),
                by=request.user,
            )
        except DjangoValidationError as error:
            raise _api_error(error) from error
        return Response(DecisionSerializer(decision).data, status=201)

    @extend_schema(responses=DecisionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def decisions(self, request, pk=None, **kwargs):
        """Every decision on the application, newest first, each with `superseded_by`."""
        application = self.get_object()
        rows = application.decisions.select_related("decided_by", "superseded_by").order_by(
            "-letter_version"
        )
        return Response(DecisionSerializer(rows, many=True).data)

    @extend_schema(request=VoteSerializer, responses=VoteSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def votes(self, request, pk=None, **kwargs):
        """The steering group's votes; POST casts the caller's (a second replaces the first)."""
        application = self.get_object()
        access = request.user.access
        programme = application.call.programme_id
        if programme not in access.staff_programmes and not access.superuser:
            raise exceptions.PermissionDenied(
                _("Bare styringsgruppen og prosjektleder ser stemmene.")
            )
        if request.method == "POST":
            if programme not in access.steered_programmes:
                raise exceptions.PermissionDenied(_("Bare styringsgruppens medlemmer stemmer."))
            data = _valid(VoteSerializer, request.data)
            try:
                decisions.cast_vote(
                    application, request.user, data["vote"], data.get("comment", "")
                )
            except DjangoValidationError as error:
                raise _api_error(error) from error
        votes = application.votes.select_related("member").order_by("member__name")
        return Response(
            VoteSerializer(votes, many=True).data, status=201 if request.method == "POST" else 200
        )

    @extend_schema(request=InfoRequestSerializer, responses=InfoRequestSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def thread(self, request, pk=None, **kwargs):
        """The project leaders' questions and the municipality's answers, oldest first. POST
        (project leaders) asks for more information: `question`, sent to the municipality."""
        application = self.get_object()
        if request.method == "POST":
            if application.call.programme_id not in request.user.access.led_programmes:
                raise exceptions.PermissionDenied(
                    _("Bare prosjektleder kan be om mer informasjon.")
                )
            data = _valid(InfoRequestSerializer, request.data)
            try:
                services.request_more_information(application, data["question"], by=request.user)
            except DjangoValidationError as error:
                raise _api_error(error) from error
        rows = application.info_requests.select_related("asked_by", "answered_by")
        return Response(
            InfoRequestSerializer(rows, many=True).data,
            status=201 if request.method == "POST" else 200,
        )

    @extend_schema(
        responses=ChangesSerializer,
        parameters=[OpenApiParameter("from", int, description="history_id of the base version")],
    )
    @action(detail=True, methods=["get"])
    def changes(self, request, pk=None, **kwargs):
        """What changed in the answers since a version: by default the one the caller last
        reviewed, else the first submitted; `?from=<history_id>` picks another."""
        application = self.get_object()
        chosen = request.query_params.get("from", "")
        base = chosen_base(application, request.user, chosen)
        if chosen and base is None:
            raise exceptions.ValidationError(
                {"from": _("Ingen versjon av søknaden med denne id-en.")}
            )
        current = versions(application).select_related("history_user").last()
        rows = changed_fields(application, base, current)
        data = {"base": base, "current": current, "changes": [row._asdict() for row in rows]}
        return Response(ChangesSerializer(data).data)


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
