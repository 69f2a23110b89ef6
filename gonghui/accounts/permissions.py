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
    # Care and aid (welfare, aid apps) and the funds they pay from (funds app)
    "welfare.case:read": _("See hardship files (困难职工档案)"),
    "welfare.case:write": _("Create and manage hardship files"),
    "welfare.visit:read": _("See condolence visits, batches and welfare reports"),
    "welfare.visit:write": _("Plan and record condolence visits and payouts"),
    "welfare.override:approve": _("Approve a payout above the standard, with a reason"),
    "aid.programme:read": _("See education aid and mutual medical aid"),
    "aid.programme:write": _("Handle education aid applications and medical aid claims"),
    "funds.ledger:read": _("See the funds and their ledgers"),
    "funds.ledger:write": _("Record income, payouts and reversals in the funds"),
    # The books (finance app): 会计 prepares and posts, another person reviews, the chair
    # reopens a closed month, the 经审会 and the upper union read.
    "finance.books:read": _("See the books: vouchers, ledgers and statements"),
    "finance.voucher:prepare": _("Prepare vouchers and hand them in for review"),
    "finance.voucher:review": _("Review (审核) vouchers prepared by someone else"),
    "finance.voucher:post": _("Post reviewed vouchers and close months"),
    "finance.period:reopen": _("Reopen a closed month, with a reason"),
    "finance.statements:read": _("See the statements (工会01, 工会02)"),
    "finance.dues:write": _(
        "Generate monthly dues, import payroll deductions, exempt and book dues"
    ),
    "finance.dues:collect": _("Record dues paid in cash, with the receipt number"),
    "finance.bank:reconcile": _("Import bank statements and reconcile the bank account"),
    # Budget and final accounts (budgets app): the accountant drafts, the committee
    # approves, the 经审会 reviews, the upper union ratifies.
    "budgets.budget:read": _("See budgets, adjustments, final accounts and their execution"),
    "budgets.budget:write": _("Draft budgets, adjustments and final accounts"),
    "budgets.budget:approve": _("Approve budgets for the committee and send them up"),
    "budgets.budget:ratify": _("Approve the budgets and final accounts of unions below"),
    # The funds audit committee (oversight app)
    "oversight.review:read": _("See the audit committee's reviews and findings"),
    "oversight.review:write": _("Run reviews, record findings and sign review opinions"),
    # Assets (assets app)
    "assets.asset:read": _("See the fixed-asset register"),
    "assets.asset:write": _("Register assets, run depreciation and stocktakes"),
    "assets.disposal:approve": _("Approve the disposal of assets"),
    # Spending rules (spending app): the upper union sets them for its subtree.
    "spending.rule:read": _("See the spending rules and the payouts that went beyond them"),
    "spending.rule:write": _("Set the spending rules for the unions below"),
    # The 2% funds (levy app)
    "levy.levy:read": _(
        "See the union funds paid by employers (拨缴经费) and the upper share owed"
    ),
    "levy.levy:write": _(
        "Record the union funds paid by employers (拨缴经费) and remit the upper share"
    ),
    "levy.reminder:send": _("Remind unions below to remit the upper share"),
    "levy.rule:write": _(
        "Set how the union funds paid by employers are split with the unions below"
    ),
    # Democratic management (democracy, voting, openness apps)
    "democracy.congress:read": _("See congresses, representatives, sessions and proposals"),
    "democracy.congress:write": _("Run congresses: representatives, sessions, attendance"),
    "democracy.proposal:handle": _("Review proposals and follow their answers"),
    "democracy.contract:read": _("See collective contracts"),
    "democracy.contract:write": _("Record and follow collective contracts"),
    "democracy.proposal:submit": _("Submit and co-sign proposals as a representative"),
    "voting.ballot:read": _("See ballots, evaluations and their published results"),
    "voting.ballot:write": _("Set up and run ballots and evaluations, count paper ballots"),
    "voting.vote:cast": _("Vote in ballots and answer evaluations one is entitled to"),
    "openness.notice:read": _("Read the openness notices (厂务/校务公开) and ask questions"),
    "openness.notice:write": _("Publish openness notices and answer questions"),
    # Assigned tasks and report forms (assignments app): the upper union sends and
    # reviews, the unions below answer.
    "assignments.task:read": _("See assigned tasks and report forms, sent or received"),
    "assignments.task:write": _("Send tasks and forms to the unions below and review answers"),
    "assignments.task:answer": _("Fill in and hand in the tasks and forms sent from above"),
    # The yearly statistics survey (survey app): unions correct and hand in their
    # figures, the upper union opens the period, reviews and aggregates its subtree.
    "survey.report:read": _("See the yearly statistics survey (统计年报)"),
    "survey.report:write": _("Correct and hand in the union's statistics survey"),
    "survey.report:review": _("Open survey periods, return or accept the unions' surveys"),
    # The inspection binder (binders app): a union's year as one .zip of ledgers.
    "binders.binder:build": _("Build and download the inspection binder (台账) of a year"),
    # Assessments (assessments app): the upper union scores, the unions self-score.
    "assessments.assessment:read": _("See assessment schemes, scores and rankings"),
    "assessments.assessment:self": _("Self-score the union and attach the evidence"),
    "assessments.assessment:write": _("Define assessment schemes and review the unions' scores"),
    # Awards and model workers (awards app): the committee runs award rounds and keeps
    # the register of titles; members nominate, object during 公示 and see the honour roll.
    "awards.award:read": _("See award rounds, nominations, decisions and the title register"),
    "awards.award:write": _("Run award rounds, review nominations and keep the title register"),
    "awards.nomination:self": _("Nominate for awards, object during the public notice"),
    # Rationalisation proposals (ideas app): every member submits, the committee handles.
    "ideas.idea:read": _("See rationalisation proposals (合理化建议) and their figures"),
    "ideas.idea:write": _("Handle rationalisation proposals: review, adopt, verify, reward"),
    "ideas.idea:submit": _("Submit rationalisation proposals (金点子)"),
}


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    permissions: frozenset[str]
    description: str = ""
    # Of `permissions`, those that count only at the node the role is held at, not in
    # its subtree: a federation writes its own work plan, not its unions' plans.
    own_node_only: frozenset[str] = frozenset()

    def permissions_at(self, held_here: bool) -> frozenset[str]:
        return self.permissions if held_here else self.permissions - self.own_node_only

    @property
    def sensitive(self) -> bool:
        return "members.sensitive:read" in self.permissions


# What every member may do for themselves in their own union.
SELF_SERVICE = {
    "activities.signup:self",
    "democracy.proposal:submit",
    "voting.vote:cast",
    "openness.notice:read",
    "awards.nomination:self",
    "ideas.idea:submit",
}
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
    "welfare.case:read",
    "welfare.case:write",
    "welfare.visit:read",
    "welfare.visit:write",
    "aid.programme:read",
    "aid.programme:write",
    "funds.ledger:read",
    "democracy.congress:read",
    "democracy.congress:write",
    "democracy.proposal:handle",
    "democracy.contract:read",
    "democracy.contract:write",
    "voting.ballot:read",
    "voting.ballot:write",
    "openness.notice:write",
    "assignments.task:read",
    "assignments.task:answer",
    "survey.report:read",
    "survey.report:write",
    "binders.binder:build",
    "assessments.assessment:read",
    "assessments.assessment:self",
    "awards.award:read",
    "awards.award:write",
    "ideas.idea:read",
    "ideas.idea:write",
}
# Reading the books: the accountant, the chair and the 经审会.
BOOKS_READ = {"finance.books:read", "finance.statements:read"}
# Reading what surrounds the books: budgets, assets, spending rules, the 2% funds, reviews.
MONEY_READ = {
    "budgets.budget:read",
    "assets.asset:read",
    "spending.rule:read",
    "levy.levy:read",
    "oversight.review:read",
}
# What the upper union follows in its subtree: reports and records, not personal files
# (aid applications carry household incomes and admission letters: left out).
UPPER_READ = {
    "plans.plan:read",
    "activities.activity:read",
    "welfare.visit:read",
    "funds.ledger:read",
    "democracy.congress:read",
    "democracy.contract:read",
    "voting.ballot:read",
    "finance.statements:read",
    "budgets.budget:read",
    "spending.rule:read",
    "levy.levy:read",
    "awards.award:read",
    "ideas.idea:read",
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
                    *UPPER_READ,
                    "budgets.budget:ratify",
                    "spending.rule:write",
                    "levy.reminder:send",
                    "levy.rule:write",
                    "assignments.task:read",
                    "assignments.task:write",
                    "survey.report:read",
                    "survey.report:review",
                    "binders.binder:build",
                    "assessments.assessment:read",
                    "assessments.assessment:write",
                    "plans.plan:write",
                    # Nominations to the upper union's own awards are reviewed there.
                    "awards.award:write",
                }
            ),
            _("Staff of a federation or upper union: the whole subtree below it."),
            # Its own awards are reviewed at its node; the unions' rounds (and who
            # objected in them) are the unions' own.
            own_node_only=frozenset({"plans.plan:write", "awards.award:write"}),
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
                    "funds.ledger:write",
                    "welfare.override:approve",
                    *BOOKS_READ,
                    "finance.voucher:review",
                    "finance.period:reopen",
                    "finance.dues:write",
                    "finance.dues:collect",
                    *MONEY_READ,
                    "budgets.budget:approve",
                    "assets.disposal:approve",
                    "levy.levy:write",
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
            _("Accountant"),
            frozenset(
                _BASE
                | {
                    "members.roster:read",
                    "plans.plan:read",
                    "activities.activity:read",
                    "welfare.visit:read",
                    "aid.programme:read",
                    "funds.ledger:read",
                    "funds.ledger:write",
                    *BOOKS_READ,
                    "finance.voucher:prepare",
                    "finance.voucher:review",
                    "finance.voucher:post",
                    "finance.dues:write",
                    "finance.dues:collect",
                    "finance.bank:reconcile",
                    *MONEY_READ,
                    "budgets.budget:write",
                    "assets.asset:write",
                    "levy.levy:write",
                }
            ),
            _("Keeps the union's books: prepares and posts vouchers, drafts the budget."),
        ),
        Role(
            "cashier",
            _("Cashier"),
            frozenset(
                _BASE
                | {
                    "members.roster:read",
                    "funds.ledger:read",
                    *BOOKS_READ,
                    "finance.bank:reconcile",
                    "finance.dues:collect",
                    "levy.levy:read",
                }
            ),
            _("Keeps cash and the bank account: journals, bank reconciliation, cash dues."),
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
                    "welfare.visit:read",
                    "aid.programme:read",
                    "funds.ledger:read",
                    "democracy.contract:read",
                    *BOOKS_READ,
                    *MONEY_READ,
                    "oversight.review:write",
                }
            ),
            _("Member of the funds audit committee: reads the books and the log."),
        ),
        Role(
            "group_leader",
            _("Group leader"),
            frozenset(
                _BASE | {"members.roster:read", "activities.activity:read", "finance.dues:collect"}
            ),
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
