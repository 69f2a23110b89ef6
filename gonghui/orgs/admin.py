from django.contrib import admin

from .models import CommitteeSeat, CommitteeTerm, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "unit_type", "parent", "is_active"]
    list_filter = ["kind", "unit_type", "is_active"]
    search_fields = ["code", "name", "unit_name"]
    raw_id_fields = ["parent"]


class SeatInline(admin.TabularInline):
    model = CommitteeSeat
    extra = 0
    raw_id_fields = ["user"]


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(admin.ModelAdmin):
    list_display = ["org", "number", "start_date", "end_date"]
    raw_id_fields = ["org"]
    inlines = [SeatInline]
