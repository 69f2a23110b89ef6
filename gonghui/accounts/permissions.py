"""Permissions (`resource:action`) and the roles that bundle them.

Roles are data in code rather than rows so that every deployment means the same thing
by 工会主席 or 小组长, the scoping matrix test can enumerate them, and a change to a role
is a reviewed commit. A role is granted at one node of the union tree and covers that
node's whole subtree. Later modules add their permissions here and to the roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict[str, str] = {
    "dashboard:read": _("See the dashboard"),
    "orgs.org:read": _("See the organisation tree"),
    "orgs.org:write": _("Create and edit organisations"),
    "orgs.import:run": _("Import organisations from a spreadsheet"),
    "orgs.committee:read": _("See committees"),
    "orgs.committee:write": _("Edit committees"),
    "accounts.role:read": _("See who holds which role"),
    "accounts.role:write": _("Grant and revoke roles"),
    "audit.log:read": _("Read the audit log"),
    "members.roster:read": _("See the member roster"),
    "members.roster:write": _("Add and edit members"),
    "members.lifecycle:write": _("Approve, transfer, retire and remove members"),
    "members.import:run": _("Import members from a spreadsheet"),
    "members.export:run": _("Export the member roster"),
    "members.account:write": _("Invite members to log in"),
    "members.sensitive:read": _("See full ID numbers and phone numbers"),
    "self:read": _("See one's own records"),
    # Work plans and summaries (plans app)
    "plans.plan:read": _("See work plans, tasks and summaries"),
    "plans.plan:write": _("Import and edit work plans, tasks, evidence and summaries"),
    # Activities (activities app)
    "activities.activity:read": _("See activities, sign-ups and their statistics"),
    "activities.activity:write": _("Create, publish, run and close activities"),
    "activities.signup:self": _("Sign oneself up for activities and check in"),
}


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    permissions: frozenset[str]
    description: str = ""

    @property
    def sensitive(self) -> bool:
        return "members.sensitive:read" in self.permissions


# What every member may do for themselves in their own union.
SELF_SERVICE = {"activities.signup:self"}
_BASE = {"dashboard:read", "self:read", "orgs.org:read", "orgs.committee:read", *SELF_SERVICE}
# The day-to-day roster work of a union's committee.
MEMBER_WORK = {
    "members.roster:read",
    "members.roster:write",
    "members.lifecycle:write",
    "members.import:run",
    "members.export:run",
    "members.account:write",
}
# The rest of a committee's yearly work: plans, activities.
UNION_WORK = {
    "plans.plan:read",
    "plans.plan:write",
    "activities.activity:read",
    "activities.activity:write",
}

ROLES: dict[str, Role] = {
    r.code: r
    for r in [
        Role(
            "upper_staff",
            _("Upper union staff"),
            frozenset(
                _BASE
                | {
                    "orgs.org:write",
                    "orgs.import:run",
                    "accounts.role:read",
                    "accounts.role:write",
                    "audit.log:read",
                    "members.roster:read",
                    "members.export:run",
                    "members.import:run",
                    "plans.plan:read",
                    "activities.activity:read",
                }
            ),
            _("Staff of a federation or upper union: the whole subtree below it."),
        ),
        Role(
            "chair",
            _("Union chair"),
            frozenset(
                _BASE
                | {
                    "orgs.org:write",
                    "orgs.committee:write",
                    "accounts.role:read",
                    "accounts.role:write",
                    "audit.log:read",
                    "members.sensitive:read",
                    *MEMBER_WORK,
                    *UNION_WORK,
                }
            ),
            _("Chair or vice chair of a grassroots union: everything in the union."),
        ),
        Role(
            "cadre",
            _("Union cadre"),
            frozenset(
                _BASE | {"orgs.committee:write", "accounts.role:read", *MEMBER_WORK, *UNION_WORK}
            ),
            _("Committee member or union officer: day-to-day work of the union."),
        ),
        Role(
            "finance",
            _("Accountant or cashier"),
            frozenset(
                _BASE | {"members.roster:read", "plans.plan:read", "activities.activity:read"}
            ),
            _("Keeps the union's funds ledger."),
        ),
        Role(
            "auditor",
            _("Funds auditor"),
            frozenset(
                _BASE
                | {
                    "audit.log:read",
                    "members.roster:read",
                    "plans.plan:read",
                    "activities.activity:read",
                }
            ),
            _("Member of the funds audit committee: reads the books and the log."),
        ),
        Role(
            "group_leader",
            _("Group leader"),
            frozenset(_BASE | {"members.roster:read", "activities.activity:read"}),
            _("Leader of a union group (工会小组): the members of that group."),
        ),
        Role(
            "member",
            _("Member"),
            frozenset({"dashboard:read", "self:read", *SELF_SERVICE}),
            _("A union member: their own records and what the union publishes."),
        ),
    ]
}

ROLE_CHOICES = [(r.code, r.name) for r in ROLES.values()]


def role_permissions(codes) -> frozenset[str]:
    perms: set[str] = set()
    for code in codes:
        perms |= ROLES[code].permissions
    return frozenset(perms)
