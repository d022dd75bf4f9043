from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from placements.applications.models import (
    Application,
    ApplicationAttachment,
    Call,
    MeetingSignup,
    Review,
)


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "posts_offered", "deadline"]
    list_filter = ["programme"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    extra = 0
    fields = ["name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "call", "status", "posts_requested", "posts_granted"]
    list_filter = ["call", "status"]
    search_fields = ["municipality__name", "municipality__number"]
    raw_id_fields = ["municipality", "centre"]
    filter_horizontal = ["reviewers"]
    inlines = [ReviewInline, AttachmentInline]


@admin.register(MeetingSignup)
class MeetingSignupAdmin(SimpleHistoryAdmin):
    list_display = ["call", "municipality", "attendees"]
