from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["org"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "mobile", "is_active", "is_superuser"]
    search_fields = ["username", "display_name", "mobile"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Gonghui"), {"fields": ["display_name", "mobile", "must_change_password"]}),
    ]
    inlines = [RoleInline]
