from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BudgetLine,
    Counterparty,
    Expense,
    GrantScheme,
    GrantStatement,
    GrantStatementLine,
    MonthlyRate,
    Payment,
    PaymentSetup,
)


class MonthlyRateInline(admin.TabularInline):
    model = MonthlyRate
    extra = 0


@admin.register(GrantScheme)
class GrantSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "programme", "kind", "valid_from", "valid_to", "is_example"]
    list_filter = ["kind", "is_example", "programme"]
    inlines = [MonthlyRateInline]


@admin.register(Expense)
class ExpenseAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "year", "category", "amount", "status", "created_at"]
    list_filter = ["year", "category", "status"]
    raw_id_fields = ["placement"]
    exclude = ["attachment"]


class LineInline(admin.TabularInline):
    model = GrantStatementLine
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GrantStatement)
class GrantStatementAdmin(admin.ModelAdmin):
    """Read only: a statement is never edited or deleted; issue a new version instead."""

    list_display = ["number", "municipality", "year", "version", "status", "total_grant", "net"]
    list_filter = ["year", "status", "programme"]
    search_fields = ["number", "municipality__name", "municipality__number"]
    inlines = [LineInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Payment)
class PaymentAdmin(SimpleHistoryAdmin):
    list_display = ["statement", "paid_on", "amount", "source", "recorded_by"]
    list_filter = ["source"]
    raw_id_fields = ["statement"]

    def has_delete_permission(self, request, obj=None):
        return False  # a payment recorded stays; a mistake is corrected in the history


@admin.register(PaymentSetup)
class PaymentSetupAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "bank_account", "kid_agreement", "grant_account"]


@admin.register(Counterparty)
class CounterpartyAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "organisation_number"]
    raw_id_fields = ["municipality"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "year", "category", "amount"]
    list_filter = ["programme", "year", "category"]
