"""Research API: studies, consents, interview rounds, survey waves, retention aggregates and
exports. Read-only, and pseudonymised for everyone: no names, e-mails or HPR numbers. For
researchers, withdrawn consents are gone and small cells are "<3", as on the pages."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from alisvest.access import NOT_FOUND, OK, access
from alisvest.api import ScopedViewSet, scoped_access
from alisvest.filters import IdFilter, filters_for
from alisvest.roles import access_of
from placements.models import Placement

from . import export, retention
from .models import Category, Consent, ExportLog, InterviewRound, Question, Study, SurveyWave
from .permissions import sees_names


class StudySerializer(serializers.ModelSerializer):
    programme = serializers.StringRelatedField()
    consenting = serializers.IntegerField(read_only=True)

    class Meta:
        model = Study
        fields = ["id", "name", "institution", "programme", "started", "ended", "consenting"]


class ConsentSerializer(serializers.ModelSerializer):
    pseudonym = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "study",
            "pseudonym",
            "category",
            "given_at",
            "method",
            "text_version",
            "withdrawn_at",
        ]

    def get_pseudonym(self, consent) -> str:
        return consent.pseudonym


class CategoryCountsSerializer(serializers.Serializer):
    helseleder = serializers.IntegerField(allow_null=True)
    alis = serializers.IntegerField(allow_null=True)
    veileder = serializers.IntegerField(allow_null=True)
    hjelpepersonell = serializers.IntegerField(allow_null=True)


class InterviewRoundSerializer(serializers.ModelSerializer):
    targets = serializers.SerializerMethodField()
    interviews = serializers.SerializerMethodField()

    class Meta:
        model = InterviewRound
        fields = ["id", "study", "number", "label", "period_start", "period_end", "targets",
                  "interviews"]  # fmt: skip

    @extend_schema_field(CategoryCountsSerializer)
    def get_targets(self, interview_round) -> dict:
        targets = {t.category: t.target for t in interview_round.targets.all()}
        return {value: targets.get(value) for value in Category.values}

    @extend_schema_field(CategoryCountsSerializer)
    def get_interviews(self, interview_round) -> dict:
        return {value: getattr(interview_round, f"n_{value}") for value in Category.values}


class QuestionSerializer(serializers.ModelSerializer):
    key = serializers.CharField(read_only=True)

    class Meta:
        model = Question
        fields = ["key", "position", "text", "kind", "required", "choices"]


class SurveyWaveSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    invited = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveyWave
        fields = ["id", "study", "title", "opens_at", "closes_at", "questions", "invited",
                  "answered"]  # fmt: skip


class ExportLogSerializer(serializers.ModelSerializer):
    user = serializers.StringRelatedField()

    class Meta:
        model = ExportLog
        fields = ["id", "study", "user", "at", "format", "filters", "people"]


class CurveSerializer(serializers.Serializer):
    label = serializers.CharField()
    n = serializers.IntegerField()
    points = serializers.ListField(child=serializers.ListField(child=serializers.FloatField()))


TEXT = serializers.CharField


class RetentionSerializer(serializers.Serializer):
    measure = serializers.CharField()
    summary = serializers.DictField(child=serializers.CharField())
    monthly_in_post = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(allow_null=True))
    )
    curves = serializers.DictField(child=CurveSerializer(many=True))
    hidden_groups = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField())
    )
    end_reasons = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    destinations = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class ExportSerializer(serializers.Serializer):
    table = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


def _year(request, name):
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise ValidationError({name: _("Oppgi et årstall mellom 2000 og 2100.")})
    return int(value)


class StudyViewSet(ScopedViewSet):
    access = {
        **scoped_access(leader=OK),
        "retention": access(NOT_FOUND, leader=OK),
        "export": access(NOT_FOUND, leader=OK),
    }
    model = Study
    serializer_class = StudySerializer
    filterset_class = filters_for(Study, programme=IdFilter())
    action_params = {"retention": {"measure"}, "export": {"table", "from_year", "to_year"}}

    def scoped(self, queryset):
        return (
            queryset.select_related("programme")
            .annotate(consenting=Count("consents", filter=Q(consents__withdrawn_at=None)))
            .order_by("pk")
        )

    @extend_schema(
        parameters=[OpenApiParameter("measure", OpenApiTypes.STR, enum=["stilling", "kommune"])],
        responses=RetentionSerializer,
    )
    @action(detail=True)
    def retention(self, request, pk=None, **kwargs):
        """Retention aggregates: Kaplan–Meier curves per cohort, phase and contract type,
        ALIS in post month by month, reasons and destinations."""
        study = self.get_object()
        measure = request.query_params.get("measure", "stilling")
        if measure not in retention.MEASURES:
            raise ValidationError({"measure": _("Velg «stilling» eller «kommune».")})
        suppressed = not sees_names(request.user, study)
        # Labels never leave the API; the rows are the same people as on the page.
        rows = retention.records(study, names=not suppressed)
        curves, hidden = {}, {}
        for grouping in retention.GROUPINGS:
            curves[grouping], hidden[grouping] = retention.km_by(
                rows, grouping, measure, suppressed
            )
        data = {
            "measure": measure,
            "summary": {k: str(v) for k, v in retention.summary(rows, suppressed).items()},
            "monthly_in_post": [
                [f"{m:%Y-%m}", "<3" if n is None else str(n)]
                for m, n in retention.monthly_in_post(rows, suppressed=suppressed)
            ],
            "curves": curves,
            "hidden_groups": hidden,
            "end_reasons": [
                [label, str(n)]
                for label, n in retention.breakdown(
                    rows, "end_reason", Placement.EndReason.choices, suppressed
                )
            ],
            "destinations": [
                [label, str(n)]
                for label, n in retention.breakdown(
                    rows, "destination", Placement.Destination.choices, suppressed
                )
            ],
        }
        return Response(RetentionSerializer(data).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("table", OpenApiTypes.STR, enum=list(export.TABLES)),
            OpenApiParameter("from_year", OpenApiTypes.INT),
            OpenApiParameter("to_year", OpenApiTypes.INT),
        ],
        responses=ExportSerializer,
    )
    @action(detail=True)
    def export(self, request, pk=None, **kwargs):
        """One table of the pseudonymised export as JSON. Logged like a file export."""
        study = self.get_object()
        table = request.query_params.get("table", "stillinger")
        if table not in export.TABLES:
            raise ValidationError({"table": _("Ukjent tabell.")})
        filters = {"tabell": table}
        for name, key in (("from_year", "fra_ar"), ("to_year", "til_ar")):
            year = _year(request, name)
            if year:
                filters[key] = year
        doctors, tables = export.build_tables(study, filters)
        [found] = [t for t in tables if t.key == table]
        ExportLog.objects.create(
            study=study, user=request.user, format="api", filters=filters, people=len(doctors)
        )
        return Response(
            {
                "table": table,
                "columns": found.columns,
                "rows": [[str(v) for v in row] for row in found.rows],
            }
        )


class ConsentViewSet(ScopedViewSet):
    """Consents by pseudonym. Researchers see only consents in force."""

    access = scoped_access(leader=OK)
    model = Consent
    serializer_class = ConsentSerializer
    filterset_class = filters_for(Consent, study=IdFilter())

    def scoped(self, queryset):
        who = access_of(self.request.user)
        consents = queryset.select_related("study")
        if not who.superuser:
            consents = consents.filter(
                Q(study__programme__in=who.led_programmes) | Q(withdrawn_at=None)
            )
        return consents.order_by("study", "pk")


class InterviewRoundViewSet(ScopedViewSet):
    access = scoped_access(leader=OK)
    model = InterviewRound
    serializer_class = InterviewRoundSerializer
    filterset_class = filters_for(InterviewRound, study=IdFilter())

    def scoped(self, queryset):
        rounds = queryset.annotate(
            **{
                f"n_{value}": Count("interviews", filter=Q(interviews__category=value))
                for value in Category.values
            }
        ).prefetch_related("targets")
        return rounds.order_by("study", "number")


class SurveyWaveViewSet(ScopedViewSet):
    access = scoped_access(leader=OK)
    model = SurveyWave
    serializer_class = SurveyWaveSerializer
    filterset_class = filters_for(SurveyWave, study=IdFilter())

    def scoped(self, queryset):
        return (
            queryset.annotate(
                invited=Count("invitations", distinct=True),
                answered=Count("responses", distinct=True),
            )
            .prefetch_related("questions")
            .order_by("pk")
        )


class ExportLogViewSet(ScopedViewSet):
    access = scoped_access(leader=OK)
    model = ExportLog
    serializer_class = ExportLogSerializer
    filterset_class = filters_for(ExportLog, study=IdFilter())

    def scoped(self, queryset):
        return queryset.select_related("user").order_by("-at")
