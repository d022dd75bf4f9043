from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Consent,
    ExportLog,
    Interview,
    InterviewRound,
    Question,
    RoundTarget,
    Study,
    SurveyInvitation,
    SurveyResponse,
    SurveyWave,
)


@admin.register(Study)
class StudyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "institution", "started"]
    filter_horizontal = ["members"]
    # The pseudonym secret is never shown, not even here.
    exclude = ["secret"]


@admin.register(Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "study", "given_at", "withdrawn_at"]
    list_filter = ["study", "category"]
    raw_id_fields = ["doctor", "user"]


class TargetInline(admin.TabularInline):
    model = RoundTarget
    extra = 0


@admin.register(InterviewRound)
class InterviewRoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "study", "period_start", "period_end"]
    inlines = [TargetInline]


@admin.register(Interview)
class InterviewAdmin(SimpleHistoryAdmin):
    list_display = ["informant_code", "category", "municipality", "date", "round"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(SurveyWave)
class SurveyWaveAdmin(SimpleHistoryAdmin):
    list_display = ["title", "study", "opens_at", "closes_at"]
    inlines = [QuestionInline]


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    list_display = ["wave", "municipality", "email", "sent_at", "reminded_at"]
    exclude = ["nonce"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["wave", "municipality", "submitted_at", "updated_at"]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    list_display = ["study", "user", "at", "format", "filters", "people"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
