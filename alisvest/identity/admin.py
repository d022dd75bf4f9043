from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(SimpleHistoryAdmin):
    """Support may see and remove a link; nobody types one in (links come from a login)."""

    list_display = ["user", "provider", "hpr_number", "linked_at", "last_login_at"]
    list_filter = ["provider"]
    search_fields = ["user__email", "user__name", "hpr_number"]
    readonly_fields = ["user", "provider", "hpr_number", "linked_at", "last_login_at"]

    def has_add_permission(self, request):
        return False
