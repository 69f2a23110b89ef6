from django.contrib import admin

from .models import Fund, FundEntry


class _ReadOnly(admin.ModelAdmin):
    """The books are written by the service functions only (row lock, balance check,
    voucher numbers); an operator may look but not touch. Entries are corrected by a
    reversing entry in the union's pages, never here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Fund)
class FundAdmin(_ReadOnly):
    list_display = ["name", "org", "kind", "opened_on", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "org__name", "org__code"]


@admin.register(FundEntry)
class FundEntryAdmin(_ReadOnly):
    list_display = ["voucher_no", "fund", "date", "summary", "income", "expense", "source"]
    list_filter = ["fund__kind"]
    search_fields = ["voucher_no", "summary", "payee", "source_id"]
    list_select_related = ["fund"]
