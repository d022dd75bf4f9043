from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from placements.municipalities.models import (
    MedicalCentre,
    Municipality,
    Participation,
    Programme,
    RecruitmentRound,
)
from placements.municipalities.offices import RegionalOffice


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(Programme)
class ProgrammeAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "started",
        "ended",
        "monthly_supervision_minutes",
        "rule_set",
        "supervision_rule",
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ParticipationInline]


@admin.register(Municipality)
class MunicipalityAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["number", "name", "county", "centrality", "valid_to", "merged_into"]
    list_filter = ["county", "centrality"]
    search_fields = ["number", "name"]
    autocomplete_fields = ["merged_into"]


@admin.register(MedicalCentre)
class MedicalCentreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "doctor_count", "accepts_alis"]
    list_filter = ["accepts_alis", "ownership"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(RecruitmentRound)
class RecruitmentRoundAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "programme", "label", "applicants", "hired"]
    list_filter = ["programme", "label"]


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "city"]
    filter_horizontal = ["municipalities"]
    raw_id_fields = ["members"]
