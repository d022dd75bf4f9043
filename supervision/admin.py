from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    GroupMeeting,
    GroupMembership,
    MonthlyCheck,
    Reflection,
    SessionMinutes,
    SupervisionGroup,
    SupervisionSession,
)


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "placement", "supervisor", "minutes", "kind", "status"]
    list_filter = ["status", "kind"]
    date_hierarchy = "date"
    raw_id_fields = ["placement", "supervisor"]


@admin.register(MonthlyCheck)
class MonthlyCheckAdmin(admin.ModelAdmin):
    list_display = [
        "month",
        "placement",
        "eligible_days",
        "required_minutes",
        "logged_minutes",
        "status",
        "notified_at",
    ]
    list_filter = ["status", "month"]
    raw_id_fields = ["placement"]

    def has_change_permission(self, request, obj=None):
        return False  # computed by the monthly check


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    raw_id_fields = ["placement"]
    extra = 1


@admin.register(SupervisionGroup)
class SupervisionGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "leader", "start", "end"]
    inlines = [MembershipInline]
    raw_id_fields = ["leader"]


@admin.register(GroupMeeting)
class GroupMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["group", "date", "hours"]


@admin.register(SessionMinutes)
class SessionMinutesAdmin(SimpleHistoryAdmin):
    list_display = ["session", "updated_at"]
    raw_id_fields = ["session", "follows_up"]
    filter_horizontal = ["objectives"]


@admin.register(Reflection)
class ReflectionAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "created_at", "shared"]
    list_filter = ["shared"]
    raw_id_fields = ["placement", "author", "session", "objective", "period"]
