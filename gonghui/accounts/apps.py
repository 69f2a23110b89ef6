from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    verbose_name = _("Accounts and roles")
    # Who reads this app's audit entries (gonghui.audit.readers): the roles page's readers.
    audit_readers = {"accounts.role:read": ("user", "roleassignment", "token")}

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem(
                "roles", _("Roles and accounts"), "accounts_org:roles", "accounts.role:read", 80
            )
        )
