"""ALIS agreements over the API, read-only: each placement's agreement with its versions and
their signatures, in the placement's scope. Generating and signing are done on the page."""

from rest_framework import serializers

from alisvest.access import OK
from alisvest.api import ScopedViewSet, scoped_access

from .models import Agreement, AgreementSignature, AgreementVersion


class SignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementSignature
        fields = ["party", "name", "role", "signed_on", "recorded_at"]


class VersionSerializer(serializers.ModelSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = AgreementVersion
        fields = [
            "id",
            "number",
            "reference",
            "language",
            "municipality_name",
            "municipality_number",
            "organisation_number",
            "shared_with",
            "alis_name",
            "programme_name",
            "centre_name",
            "contract_type",
            "position_percent",
            "start",
            "end",
            "supervisor_name",
            "education_plan",
            "created_at",
            "signed_on",
            "has_scan",
            "signatures",
        ]

    def get_has_scan(self, version) -> bool:
        return bool(version.scan)


class AgreementSerializer(serializers.ModelSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "placement", "signed_on", "reference", "versions"]


class AgreementViewSet(ScopedViewSet):
    """Signed: `signed_on` is the date the latest signed version was signed (null if none)."""

    model = Agreement
    serializer_class = AgreementSerializer
    access = scoped_access(alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)

    def scoped(self, queryset):
        return queryset.prefetch_related("versions__signatures").order_by("pk")
