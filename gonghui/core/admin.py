from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The admin is a platform operator's tool: only superusers get in, and the middleware
# gives them the whole platform as scope. Union cadres work in the organisation pages.
admin.site.site_header = _("Gonghui platform administration")
admin.site.site_title = _("Gonghui")


def _superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only
