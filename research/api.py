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

from . import export, retention, stability
from .forms import CutoffForm
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
    """A question of one or more questionnaire versions (since_version ≤ v < until_version),
    its text in bokmål, nynorsk and English, and its rules by the other question's key."""

    key = serializers.CharField(read_only=True)
    show_if = serializers.SerializerMethodField()
    required_if = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["key", "position", "text", "text_nn", "text_en", "kind", "required",
                  "choices", "since_version", "until_version", "show_if", "show_if_value",
                  "required_if", "required_if_value"]  # fmt: skip

    def get_show_if(self, question) -> str | None:
        return f"q{question.show_if_id}" if question.show_if_id else None

    def get_required_if(self, question) -> str | None:
        return f"q{question.required_if_id}" if question.required_if_id else None


class SurveyWaveSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    invited = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveyWave
        fields = ["id", "study", "title", "opens_at", "closes_at", "version", "questions",
                  "invited", "answered"]  # fmt: skip


class ExportLogSerializer(serializers.ModelSerializer):
    user = serializers.StringRelatedField()

    class Meta:
        model = ExportLog
        fields = ["id", "study", "user", "at", "format", "filters", "people", "purpose", "tables",
                  "variables"]  # fmt: skip


class PointSerializer(serializers.Serializer):
    month = serializers.FloatField()
    survival = serializers.FloatField()
    ci_low = serializers.FloatField()
    ci_high = serializers.FloatField()
    at_risk = serializers.IntegerField()


class CurveSerializer(serializers.Serializer):
    label = serializers.CharField()
    n = serializers.IntegerField()
    events = serializers.IntegerField()
    points = PointSerializer(many=True)
    at_risk = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="[month, number still followed] every 12 months",
    )


class LogrankSerializer(serializers.Serializer):
    statistic = serializers.FloatField()
    p_value = serializers.FloatField()
    df = serializers.IntegerField()


class RetentionSerializer(serializers.Serializer):
    cutoff = serializers.DateField()
    event = serializers.CharField()
    group_by = serializers.CharField()
    max_followup_months = serializers.FloatField()
    summary = serializers.DictField(child=serializers.CharField())
    monthly_in_post = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(allow_null=True))
    )
    curves = CurveSerializer(many=True)
    hidden_groups = serializers.ListField(child=serializers.CharField())
    logrank = LogrankSerializer(allow_null=True)
    end_reasons = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    destinations = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class ExportSerializer(serializers.Serializer):
    table = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    codebook = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="the table's data dictionary: variable, label_nb, label_en, type, values, "
        "derivation",
    )


def _text(items):
    return [[str(v) for v in item] for item in items]


def retention_data(analysis, group_by):
    """The API's view of one analysis: labels in the reader's language, counts as text
    (hidden ones are "<k")."""
    result = analysis["groupings"][group_by]
    return {
        "cutoff": analysis["cutoff"],
        "event": analysis["event"],
        "group_by": group_by,
        "max_followup_months": analysis["max_followup_months"],
        "summary": {k: str(v) for k, v in analysis["summary"].items()},
        "monthly_in_post": [[m, None if n is None else str(n)] for m, n, _e in analysis["monthly"]],
        "curves": [
            {
                **c,
                "label": retention.group_label(group_by, c["key"]),
                "at_risk": _text(c["at_risk"]),
            }
            for c in result["curves"]
        ],
        "hidden_groups": [retention.group_label(group_by, g) for g in result["hidden"]],
        "logrank": result["logrank"],
        "end_reasons": _text(
            retention.breakdown_labels(analysis["end_reasons"], Placement.EndReason.choices)
        ),
        "destinations": _text(
            retention.breakdown_labels(analysis["destinations"], Placement.Destination.choices)
        ),
    }


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
    action_params = {
        "retention": {"group_by", "cutoff"},
        "export": {"table", "from_year", "to_year", "purpose"},
    }

    def scoped(self, queryset):
        return (
            queryset.select_related("programme")
            .annotate(consenting=Count("consents", filter=Q(consents__withdrawn_at=None)))
            .order_by("pk")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("group_by", OpenApiTypes.STR, enum=list(retention.GROUPINGS)),
            OpenApiParameter("cutoff", OpenApiTypes.DATE, description="data cut-off date"),
        ],
        responses=RetentionSerializer,
    )
    @action(detail=True)
    def retention(self, request, pk=None, **kwargs):
        """Retention at the data cut-off date (default today): Kaplan–Meier curves of one
        grouping with 95 % confidence intervals and number at risk, the log-rank test, ALIS
        in post month by month, reasons and destinations. The event is the study's."""
        study = self.get_object()
        group_by = request.query_params.get("group_by", "kohort")
        if group_by not in retention.GROUPINGS:
            raise ValidationError({"group_by": _("Velg «kohort», «fase» eller «avtale».")})
        form = CutoffForm({"skjaeringsdato": request.query_params.get("cutoff", "")})
        if not form.is_valid():
            raise ValidationError({"cutoff": form.errors["skjaeringsdato"]})
        analysis = stability.analysis(study, sees_names(request.user, study), form.cutoff())
        return Response(RetentionSerializer(retention_data(analysis, group_by)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("table", OpenApiTypes.STR, enum=[*export.TABLES, export.CODEBOOK]),
            OpenApiParameter("from_year", OpenApiTypes.INT),
            OpenApiParameter("to_year", OpenApiTypes.INT),
            OpenApiParameter("purpose", OpenApiTypes.STR, description="why (the export log)"),
        ],
        responses=ExportSerializer,
    )
    @action(detail=True)
    def export(self, request, pk=None, **kwargs):
        """One table of the pseudonymised export as JSON, with its codebook (table=kodebok:
        the codebook of every table). Logged like a file export, with its purpose."""
        study = self.get_object()
        table = request.query_params.get("table", "stillinger")
        if table not in export.TABLES and table != export.CODEBOOK:
            raise ValidationError({"table": _("Ukjent tabell.")})
        filters = {"tabell": table}
        for name, key in (("from_year", "fra_ar"), ("to_year", "til_ar")):
            year = _year(request, name)
            if year:
                filters[key] = year
        doctors, [found] = export.chosen_tables(study, filters, "api")
        purpose = request.query_params.get("purpose", "").strip()[:500]
        export.log_export(study, request.user, "api", filters, purpose, doctors, [found])
        keys = ["table", "variable", "label_nb", "label_en", "type", "values", "derivation"]
        codebook = [
            dict(zip(keys, row, strict=True)) for row in export.codebook_rows(study, [found])
        ]
        return Response(
            {
                "table": table,
                "columns": found.columns,
                "rows": [[str(v) for v in row] for row in found.rows],
                "codebook": codebook,
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
        return queryset.with_counts().prefetch_related("questions").order_by("pk")


class ExportLogViewSet(ScopedViewSet):
    access = scoped_access(leader=OK)
    model = ExportLog
    serializer_class = ExportLogSerializer
    filterset_class = filters_for(ExportLog, study=IdFilter())

    def scoped(self, queryset):
        return queryset.select_related("user").order_by("-at")
