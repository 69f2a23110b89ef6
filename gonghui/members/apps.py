from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def has_own_record(user, org) -> bool:
    """The user's member record lies on `org`'s line of the tree (in it, below or above):
    the "My …" menu entries have something to show."""
    from .selectors import own_member

    member = own_member(user)
    if member is None:
        return False
    return member.org.path.startswith(org.path) or org.path.startswith(member.org.path)


class MembersConfig(AppConfig):
    name = "gonghui.members"
    verbose_name = _("Members")
    # Who reads this app's audit entries (gonghui.audit.readers): each page's readers.
    audit_readers = {
        "members.roster:read": ("member", "membershipevent", "transfer"),
        "members.roster:write": ("changerequest",),
        "members.lifecycle:write": ("lapsetalk",),
        "members.account:write": ("invitation", "invitations"),
        "members.export:run": ("roster",),
    }

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem("members", _("Members"), "members:roster", "members.roster:read", 30)
        )
        nav.register(nav.NavItem("me", _("My membership"), "members:me", "self:read", 5))
        nav.register_record_check(has_own_record)

        from gonghui.plans import figures

        from .figures import year_figures

        figures.register(figures.Provider("members", "organisation", year_figures, order=10))
