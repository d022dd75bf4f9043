from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, DigestItem, Invitation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    ordering = ["name"]
    list_display = ["email", "name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password", "email_frequency"]}),
        ("Tilgang", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Datoer", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "name", "password1", "password2"]})]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "role", "programme", "municipality", "created_at", "accepted_at"]
    readonly_fields = ["digest"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "last_used_at"]


@admin.register(DigestItem)
class DigestItemAdmin(admin.ModelAdmin):
    """Read-only: the rows are written by alisvest.emails.send and the digest jobs."""

    list_display = ["subject", "user", "name", "created_at", "sent_at"]
    list_filter = ["name"]
    search_fields = ["user__email", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
