from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from placements.agreements.models import Agreement, AgreementSignature, AgreementVersion


class VersionInline(admin.TabularInline):
    model = AgreementVersion
    extra = 0
    can_delete = False
    fields = ["number", "reference", "signed_on", "created_at"]
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "signed_on"]
    list_filter = ["placement__programme"]
    raw_id_fields = ["placement"]
    inlines = [VersionInline]


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(SimpleHistoryAdmin):
    list_display = ["version", "party", "name", "signed_on", "recorded_by"]
    raw_id_fields = ["version", "recorded_by"]
