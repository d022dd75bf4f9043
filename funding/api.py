"""Grant schemes (read), expenses (managers for their own municipality, through the same
services and rules as the pages) and grant statements (read, with their lines)."""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.api import ScopedViewSet, as_400, scoped_access
from alisvest.filters import IdFilter, MunicipalityNumberFilter, YearFilter, filters_for
from placements.models import Municipality, Placement, Programme

from . import claims, payments, permissions, services
from .models import (
    CreditNote,
    Expense,
    GrantScheme,
    GrantStatement,
    GrantStatementLine,
    MonthlyRate,
    NationalClaim,
    NationalClaimLine,
    PaymentSetup,
)
from .selectors import reportable_placements


class MonthlyRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonthlyRate
        fields = ["job_type", "monthly_amount"]


class GrantSchemeSerializer(serializers.ModelSerializer):
    monthly_rates = MonthlyRateSerializer(many=True, read_only=True)

    class Meta:
        model = GrantScheme
        fields = [
            "id",
            "programme",
            "name",
            "kind",
            "is_example",
            "valid_from",
            "valid_to",
            "annual_cap",
            "annual_own_share",
            "class6_monthly_supplement",
            "budget",
            "reporting_deadline_days",
            "payment_days",
            "monthly_rates",
        ]


class GrantSchemeViewSet(ScopedViewSet):
    access = scoped_access(other_manager=OK, own_manager=OK, steering=OK, leader=OK)
    model = GrantScheme
    serializer_class = GrantSchemeSerializer

    def scoped(self, queryset):
        return queryset.prefetch_related("monthly_rates").order_by("pk")


class ExpenseSerializer(serializers.ModelSerializer):
    placement = serializers.PrimaryKeyRelatedField(queryset=Placement.objects.none())
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = [
            "id",
            "placement",
            "year",
            "category",
            "amount",
            "description",
            "has_attachment",
            "status",
            "review_comment",
            "created_at",
        ]
        read_only_fields = ["created_at", "status", "review_comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["placement"].queryset = reportable_placements(request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["placement"].read_only = True

    def get_has_attachment(self, expense) -> bool:
        return bool(expense.attachment)


class ExpenseViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    access = scoped_access(own_manager=OK, leader=OK)
    model = Expense
    serializer_class = ExpenseSerializer

    filterset_class = filters_for(Expense, placement=IdFilter(), year=YearFilter())

    def scoped(self, queryset):
        return queryset.order_by("year", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        try:
            serializer.instance = services.add_expense(placement, by=self.request.user, **data)
        except DjangoValidationError as error:
            as_400(error)

    def perform_update(self, serializer):
        try:
            services.update_expense(
                serializer.instance, by=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            as_400(error)

    def perform_destroy(self, instance):
        try:
            services.delete_expense(instance, by=self.request.user)
        except DjangoValidationError as error:
            as_400(error)


class GrantStatementLineSerializer(serializers.ModelSerializer):
    placement_id = serializers.IntegerField()

    class Meta:
        model = GrantStatementLine
        fields = [
            "placement_id",
            "doctor_name",
            "period_start",
            "period_end",
            "days",
            "months",
            "cap",
            "expenses",
            "grant",
            "own_share",
            "net",
        ]


class GrantStatementSerializer(serializers.ModelSerializer):
    municipality_number = serializers.CharField(source="municipality.number")
    settlement_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        read_only=True,
        help_text="Grant less own share: positive when the programme pays the municipality, "
        "negative when the municipality pays the programme.",
    )
    lines = GrantStatementLineSerializer(many=True, read_only=True)
    payment_reference = serializers.SerializerMethodField()
    payment_status = serializers.SerializerMethodField()
    payment_due_date = serializers.SerializerMethodField()
    paid_at = serializers.SerializerMethodField()

    def _setup(self, statement):
        """The programmes' payment setups, read once per response."""
        setups = self.context.setdefault("payment_setups", {})
        if statement.programme_id not in setups:
            setups[statement.programme_id] = PaymentSetup.objects.filter(
                programme=statement.programme_id
            ).first()
        return setups[statement.programme_id]

    def get_payment_reference(self, statement) -> str:
        """A KID (MOD10) where the programme has a KID agreement, else the number."""
        return payments.payment_reference(statement, self._setup(statement) or False)

    def get_payment_status(self, statement) -> str:
        """open, paid or overdue; a superseded statement is settled by its successor."""
        return payments.status(statement)

    def get_payment_due_date(self, statement) -> date:
        """The due date moved off weekends and Norwegian public holidays."""
        return payments.due_date(statement)

    def get_paid_at(self, statement) -> date | None:
        return payments.paid_at(statement)

    class Meta:
        model = GrantStatement
        fields = [
            "id",
            "number",
            "programme",
            "municipality",
            "municipality_number",
            "year",
            "version",
            "status",
            "superseded_by",
            "issued_at",
            "due_date",
            "total_grant",
            "total_own_share",
            "net",
            "settlement_amount",
            "payment_reference",
            "payment_status",
            "payment_due_date",
            "paid_at",
            "lines",
        ]


class GrantStatementViewSet(ScopedViewSet):
    access = scoped_access(own_manager=OK, leader=OK)
    model = GrantStatement
    serializer_class = GrantStatementSerializer

    filterset_class = filters_for(
        GrantStatement, year=YearFilter(), municipality=MunicipalityNumberFilter()
    )

    def scoped(self, queryset):
        return (
            queryset.select_related("municipality", "payment")
            .prefetch_related("lines")
            .order_by("-year", "number")
        )


class CreditNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditNote
        fields = ["id", "number", "statement", "year", "amount", "reason", "issued_at"]


class CreditNoteViewSet(ScopedViewSet):
    """Credit notes: each cancels one statement; `amount` is its settlement amount reversed."""

    access = scoped_access(own_manager=OK, leader=OK)
    model = CreditNote
    serializer_class = CreditNoteSerializer
    filterset_class = filters_for(CreditNote, year=YearFilter())

    def scoped(self, queryset):
        return queryset.order_by("-issued_at", "number")


class NationalClaimLineSerializer(serializers.ModelSerializer):
    placement_id = serializers.IntegerField()

    class Meta:
        model = NationalClaimLine
        fields = [
            "placement_id",
            "doctor_name",
            "job_type",
            "position_percent",
            "share_percent",
            "percent",
            "months",
            "monthly_rate",
            "supplement",
            "amount",
            "post_amount",
            "agreement_reference",
            "supervision_required",
            "supervision_done",
            "supervision_status",
            "excluded_reason",
        ]


class NationalClaimSerializer(serializers.ModelSerializer):
    municipality_number = serializers.CharField(source="municipality.number")
    has_audit_statement = serializers.SerializerMethodField()
    audit_deadline = serializers.SerializerMethodField()
    lines = NationalClaimLineSerializer(many=True, read_only=True)

    class Meta:
        model = NationalClaim
        fields = [
            "id",
            "number",
            "programme",
            "municipality",
            "municipality_number",
            "year",
            "version",
            "status",
            "superseded_by",
            "created_at",
            "submitted_at",
            "total",
            "has_audit_statement",
            "audit_deadline",
            "lines",
        ]

    def get_has_audit_statement(self, claim) -> bool:
        return claim.audit_uploaded_at is not None

    def get_audit_deadline(self, claim) -> date:
        return claims.audit_deadline(claim.year)


class PrepareClaimSerializer(serializers.Serializer):
    programme = serializers.SlugField()
    municipality = serializers.RegexField(r"^\d{4}$", help_text="Kommunenummer, fire siffer.")
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class NationalClaimViewSet(ScopedViewSet):
    """Claims on the national scheme (read, with their lines); the health manager makes a
    claim (a stored draft, superseding the current version) and submits it."""

    access = {
        **scoped_access(own_manager=OK, leader=OK, office=OK),
        "prepare": access(OK, method="POST"),  # the body names the claim; 404 outside scope
        "submit": access(NOT_FOUND, own_manager=OK, leader=OK, office=FORBIDDEN, method="POST"),
    }
    model = NationalClaim
    serializer_class = NationalClaimSerializer
    filterset_class = filters_for(
        NationalClaim, year=YearFilter(), municipality=MunicipalityNumberFilter()
    )

    def scoped(self, queryset):
        return (
            queryset.select_related("municipality")
            .prefetch_related("lines")
            .order_by("-year", "number")
        )

    @extend_schema(request=PrepareClaimSerializer, responses={201: NationalClaimSerializer})
    @action(detail=False, methods=["post"])
    def prepare(self, request, **kwargs):
        data = PrepareClaimSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = Programme.objects.filter(slug=data.validated_data["programme"]).first()
        municipality = (
            Municipality.objects.current()
            .filter(number=data.validated_data["municipality"])
            .first()
        )
        if programme is None or municipality is None:
            raise exceptions.NotFound()
        if not permissions.can_handle_claim(request.user, programme, municipality)[0]:
            raise exceptions.NotFound()
        try:
            claim = claims.prepare_claim(
                programme, municipality, data.validated_data["year"], by=request.user
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"detail": error.messages}) from error
        return Response(self.get_serializer(claim).data, status=201)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, **kwargs):
        claim = self.get_object()
        allowed, reason = permissions.can_handle_claim(
            request.user, claim.programme, claim.municipality
        )
        if not allowed:
            raise exceptions.PermissionDenied(reason)
        try:
            claims.submit_claim(claim, by=request.user)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"detail": error.messages}) from error
        return Response(self.get_serializer(claim).data)
