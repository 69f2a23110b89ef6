"""Every audit action code is read by the roles that read its record, and by no others (#11).

The action codes come from the code base (every audited model's created/updated/deleted/
imported and the verbs given to `audit_action`, every `audit.record("...")` call) and
from the demo's log. For each, the roles that may read the entry (gonghui.audit.readers,
declared by each app) are compared with the roles that may open the record's own page
(PAGES below: the page's declared permission, read from the view itself). A code whose
resource no app declared, or whose record page is not named here, fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import get_resolver

from gonghui.accounts.access import resolve_access
from gonghui.accounts.permissions import ROLES
from gonghui.audit import readers
from gonghui.audit.models import AuditEntry
from gonghui.core.models import AuditedModel
from gonghui.core.scoping import unscoped

ROOT = Path(__file__).resolve().parents[2] / "gonghui"

# resource → the record's own page: a view ("module.function") or an API action
# ("api:module.Resource.action").
# Records without a page of their own name the page that shows them.
PAGES = {
    "assignments.assignment": "gonghui.assignments.views.board",
    "assignments.assignmenttarget": "gonghui.assignments.views.target_detail",
    "assignments.answerfile": "gonghui.assignments.views.target_detail",
    "assignments.reminder": "gonghui.assignments.views.target_detail",
    "assignments.answers": "gonghui.assignments.views.export",
    "assessments.scheme": "gonghui.assessments.views.scheme",
    "assessments.assessment": "gonghui.assessments.views.review",
    "assessments.evidence": "gonghui.assessments.views.review",
    "assessments.results": "gonghui.assessments.views.export",
    "awards.awardround": "gonghui.awards.views.round_detail",
    "awards.objection": "gonghui.awards.views.round_detail",
    "awards.decision": "gonghui.awards.views.round_detail",
    "awards.nomination": "gonghui.awards.views.nomination",
    "awards.nominationfile": "gonghui.awards.views.nomination",
    "awards.titleheld": "gonghui.awards.views.titles",
    "awards.certificates": "gonghui.awards.views.certificates",
    "awards.nominations": "gonghui.awards.views.export",
    "ideas.drive": "gonghui.ideas.views.drives",
    "ideas.idea": "gonghui.ideas.views.detail",
    "ideas.ideafile": "gonghui.ideas.views.detail",
    "ideas.departmentrequest": "gonghui.ideas.views.detail",
    "ideas.review": "gonghui.ideas.views.detail",
    "ideas.reward": "gonghui.ideas.views.detail",
    "survey.surveyperiod": "gonghui.survey.views.period",
    "survey.surveyreport": "gonghui.survey.views.report",
    "survey.workbook": "gonghui.survey.views.report_export",
    "binders.binderjob": "gonghui.binders.views.detail",
    "accounts.user": "gonghui.accounts.views_org.role_list",
    "accounts.roleassignment": "gonghui.accounts.views_org.role_list",
    "accounts.token": "gonghui.accounts.views_org.role_list",
    "activities.activity": "gonghui.activities.views.detail",
    "activities.signup": "gonghui.activities.views.detail",
    "activities.activityfile": "gonghui.activities.views.detail",
    "activities.interestgroup": "gonghui.activities.groups.views.group",
    "activities.groupmembership": "gonghui.activities.groups.views.group",
    "activities.groupplan": "gonghui.activities.groups.views.group",
    "activities.contest": "gonghui.activities.contests.views.contest",
    "activities.entrant": "gonghui.activities.contests.views.contest",
    "activities.judge": "gonghui.activities.contests.views.contest",
    "activities.score": "gonghui.activities.contests.views.contest",
    "aid.aidround": "gonghui.aid.views.round_detail",
    "aid.roundstandard": "gonghui.aid.views.round_detail",
    "aid.application": "gonghui.aid.views.application_detail",
    "aid.payment": "gonghui.aid.views.application_detail",
    "aid.scheme": "gonghui.aid.views.scheme_detail",
    "aid.enrolment": "gonghui.aid.views.enrolments",
    "aid.claim": "gonghui.aid.views.claim_detail",
    "aid.claimbill": "gonghui.aid.views.claim_detail",
    "aid.education_report": "gonghui.aid.views.education_report_xlsx",
    "aid.medical_report": "gonghui.aid.views.medical_report_xlsx",
    "assets.asset": "gonghui.assets.views.asset_detail",
    "assets.depreciationrun": "gonghui.assets.views.depreciation",
    "assets.stocktake": "gonghui.assets.views.stocktake_detail",
    "assets.stocktakeitem": "gonghui.assets.views.stocktake_detail",
    "assets.disposal": "gonghui.assets.views.disposals",
    "assets.lentitem": "gonghui.assets.views.lent_items",
    "assets.register": "gonghui.assets.views.export",
    "budgets.budget": "gonghui.budgets.views.detail",
    "budgets.execution": "gonghui.budgets.views.execution_xlsx",
    "audit.entry": "gonghui.audit.views.entry_detail",
    "democracy.congress": "gonghui.democracy.views.congress_detail",
    "democracy.delegation": "gonghui.democracy.views.congress_detail",
    "democracy.representative": "gonghui.democracy.views.congress_detail",
    "democracy.session": "gonghui.democracy.views.session_detail",
    "democracy.agendaitem": "gonghui.democracy.views.session_detail",
    "democracy.sessiondocument": "gonghui.democracy.views.session_detail",
    "democracy.attendance": "gonghui.democracy.views.session_detail",
    "democracy.resolution": "gonghui.democracy.views.session_detail",
    "democracy.proposal": "gonghui.democracy.views.proposal_detail",
    "democracy.cosign": "gonghui.democracy.views.proposal_detail",
    "democracy.contract": "gonghui.democracy.views.contract_detail",
    "democracy.negotiation": "gonghui.democracy.views.contract_detail",
    "democracy.honouringcheck": "gonghui.democracy.views.contract_detail",
    "dues.duesline": "gonghui.dues.views.month",
    "dues.duessettings": "gonghui.dues.views.settings_page",
    "dues.deductions": "gonghui.dues.views.deductions",
    "dues.month": "gonghui.dues.views.month",
    "finance.voucher": "gonghui.finance.views_vouchers.voucher_detail",
    "finance.voucherattachment": "gonghui.finance.views_vouchers.voucher_detail",
    "finance.period": "gonghui.finance.views.periods",
    "finance.subaccount": "gonghui.finance.views.chart_page",
    "finance.project": "gonghui.finance.views.chart_page",
    "finance.statements": "gonghui.finance.views_reports.statements",
    "finance.ledger": "gonghui.finance.views_ledgers.ledger",
    "finance.bank": "gonghui.finance.views_bank.bank_page",
    "finance.bankstatement": "gonghui.finance.views_bank.bank_page",
    "finance.bankreconciliation": "gonghui.finance.views_bank.bank_page",
    "finance.statementnote": "gonghui.finance.views_ledgers.notes_page",
    "upper.finance": "gonghui.upper.views.finance_year",
    "upper.unions": "gonghui.upper.views_unions.unions_year",
    "funds.fund": "gonghui.funds.views.fund_detail",
    "funds.fundentry": "gonghui.funds.views.fund_ledger",
    "funds.ledger": "gonghui.funds.views.export_xlsx",
    "spending.spendingrule": "gonghui.spending.views.history",
    "members.member": "gonghui.members.views.member_detail",
    "members.membershipevent": "gonghui.members.views.member_detail",
    "members.transfer": "gonghui.members.views.transfers",
    "members.changerequest": "gonghui.members.views.change_requests",
    "members.lapsetalk": "gonghui.members.views.lapse",
    "members.invitation": "gonghui.members.views.invitations",
    "members.invitations": "gonghui.members.views.invitations",
    "members.roster": "gonghui.members.views.export",
    # Cadre mode (drafts, withdrawn notices, who asked) needs the write right.
    "openness.notice": "gonghui.openness.views.edit",
    "openness.noticefile": "gonghui.openness.views.edit",
    "openness.question": "gonghui.openness.views.questions",
    "openness.itemrule": "api:gonghui.openness.api.UnitViewSet.items",
    "openness.opennesssettings": "api:gonghui.openness.api.UnitViewSet.settings_read",
    "openness.report": "gonghui.openness.views.report_export",
    "openness.financeopenness": "gonghui.openness.views_finance.finance_index",
    "openness.financepublication": "gonghui.openness.views_finance.finance_index",
    "openness.finance_report": "gonghui.openness.views_finance.finance_report",
    "levy.splitrule": "gonghui.levy.views.split",
    "levy.arrival": "gonghui.levy.views.index",
    "levy.remittance": "gonghui.levy.views.index",
    "levy.receivable": "gonghui.levy.views.index",
    "levy.reminder": "gonghui.levy.views.index",
    "oversight.oversightsettings": "gonghui.oversight.views.index",
    "oversight.review": "gonghui.oversight.views.review_detail",
    "oversight.finding": "gonghui.oversight.views.findings",
    "oversight.report": "gonghui.oversight.views.report_docx",
    "oversight.reporttext": "gonghui.oversight.views.report",
    "orgs.organisation": "gonghui.orgs.views.detail",
    "orgs.committeeterm": "gonghui.orgs.views.term_detail",
    "orgs.committeeseat": "gonghui.orgs.views.term_detail",
    "plans.plan": "gonghui.plans.views.plan_detail",
    "plans.section": "gonghui.plans.views.plan_detail",
    "plans.task": "gonghui.plans.views.task_detail",
    "plans.evidence": "gonghui.plans.views.task_detail",
    "plans.record": "gonghui.plans.views.record_detail",
    "plans.attachment": "gonghui.plans.views.attachment_download",
    "plans.summary": "gonghui.plans.views_summary.summary",
    "voting.ballot": "gonghui.voting.views.ballot_detail",
    "voting.ballotitem": "gonghui.voting.views.ballot_detail",
    "voting.evaluationform": "gonghui.voting.views.evaluation_detail",
    "voting.evaluationsubject": "gonghui.voting.views.evaluation_detail",
    "voting.evaluationitem": "gonghui.voting.views.evaluation_detail",
    "welfare.hardshipfile": "gonghui.welfare.views.case_detail",
    "welfare.householdmember": "gonghui.welfare.views.case_detail",
    "welfare.helpmeasure": "gonghui.welfare.views.case_detail",
    "welfare.casereview": "gonghui.welfare.views.case_detail",
    "welfare.casedocument": "gonghui.welfare.views.case_detail",
    "welfare.case": "gonghui.welfare.views.case_detail",
    "welfare.regionline": "gonghui.welfare.views.rules_page",
    "welfare.caresettings": "gonghui.welfare.views.rules_page",
    "welfare.sickleave": "gonghui.welfare.views.reminders",
    "welfare.visit": "gonghui.welfare.views.visit_detail",
    "welfare.visits": "gonghui.welfare.views.report_export",
    "welfare.batch": "gonghui.welfare.views.batch_detail",
    "welfare.batchline": "gonghui.welfare.views.batch_detail",
}
# An import's pages need the permission of its kind (imports.services.KIND_PERMISSIONS).
KIND_PAGES = ("imports.importbatch", "imports.batch")

RECORD_CALL = re.compile(r"\brecord\(\s*(f?)\"([^\"]+)\"")
VERB_CALL = re.compile(r"audit_action\(\s*[\"']([a-z_]+)[\"']\s*\)")


def _fstring_codes(template: str) -> list[str]:
    """The codes an f-string action can take: its literal resource, or known expansions."""
    literal = template.split("{", 1)[0]
    if literal.count(".") >= 2:  # "welfare.case.{action}": the resource is literal
        return [literal.rsplit(".", 1)[0] + ".*"]
    if template == "aid.{exporter.identifier}.exported":
        from gonghui.aid import exports

        return [
            f"aid.{cls.identifier}.exported"
            for cls in vars(exports).values()
            if isinstance(cls, type)
            and cls.__module__ == exports.__name__
            and getattr(cls, "identifier", None)
        ]
    if template.startswith("{obj.audit_action("):
        return []  # a verb of a model: the model's resource (VERB_CALL)
    raise AssertionError(f"an audit action built at run time, unknown to this test: {template}")


def codes_in_source() -> set[str]:
    verbs = {"created", "updated", "deleted", "imported"}
    codes = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        verbs |= set(VERB_CALL.findall(text))
        for is_f, code in RECORD_CALL.findall(text):
            codes.update(_fstring_codes(code) if is_f else [code])
    for model in apps.get_models():
        if issubclass(model, AuditedModel):
            meta = model._meta
            codes.update(f"{meta.app_label}.{meta.model_name}.{verb}" for verb in verbs)
    return codes


def codes_in_demo_log() -> set[str]:
    with unscoped():
        return set(AuditEntry.objects.values_list("action", flat=True).distinct())


def page_permission(resource: str) -> str:
    get_resolver().url_patterns  # noqa: B018 - importing the views fills the registries
    from gonghui.api.base import API_VIEWS
    from gonghui.core.decorators import VIEW_PERMISSIONS

    page = PAGES[resource]
    if page.startswith("api:"):
        name, action = page[4:].rsplit(".", 1)
        [view] = [v for v in API_VIEWS if f"{v.__module__}.{v.__name__}" == name]
        return view.permissions[action]
    return VIEW_PERMISSIONS[page]


def log_roles(allowed) -> set[str]:
    """The demo roles that read the log (audit.log:read) and pass `allowed(permissions)`."""
    return {
        code
        for code, role in ROLES.items()
        if "audit.log:read" in role.permissions and allowed(role.permissions)
    }


@pytest.mark.django_db
def test_every_action_code_is_read_by_the_roles_that_read_its_record(platform):
    codes = codes_in_source() | codes_in_demo_log()
    assert len(codes) > 200  # the scan found the models and the record() calls
    undeclared, mismatched = [], []
    for code in sorted(codes):
        name = readers.resource(code)
        rule = readers.rule_for(code)
        if rule is None:
            undeclared.append(code)
            continue
        if name in KIND_PAGES:
            continue  # test_an_import_entry_is_read_by_those_who_may_run_its_kind
        assert name in PAGES, f"{code}: name the page of its record in PAGES"
        entry_roles = log_roles(rule.allows)
        page = page_permission(name)
        record_roles = log_roles(lambda perms, p=page: p in perms)
        if entry_roles != record_roles:
            mismatched.append((code, sorted(entry_roles), sorted(record_roles)))
    assert not undeclared, f"declare these in the app's audit_readers: {undeclared}"
    assert not mismatched, mismatched


def test_every_declared_resource_names_its_record_page():
    declared = set(readers.rules())
    assert declared - set(PAGES) - set(KIND_PAGES) == set()
    assert set(PAGES) - declared == set()


def test_an_import_entry_is_read_by_those_who_may_run_its_kind():
    from gonghui.imports.services import KIND_PERMISSIONS

    for name in KIND_PAGES:
        rule = readers.rules()[name]
        assert set(rule.permissions) == set(KIND_PERMISSIONS.values())
        assert rule.records is not None


def test_the_upper_union_and_the_funds_auditor_read_neither_hardship_nor_aid_files():
    # The roles of the finding: the entries follow the pages (upper union: reports, not
    # files; funds auditors: aid, which their role reads, but no hardship file).
    upper, auditor = ROLES["upper_staff"].permissions, ROLES["auditor"].permissions
    for code in (
        "aid.application.created",
        "aid.claim.updated",
        "welfare.case.viewed",
        "welfare.hardshipfile.updated",
        "welfare.householdmember.created",
    ):
        assert not readers.rule_for(code).allows(upper), code
    assert readers.rule_for("aid.application.created").allows(auditor)
    assert not readers.rule_for("welfare.hardshipfile.created").allows(auditor)
    assert readers.rule_for("welfare.visit.created").allows(auditor)
    assert readers.rule_for("no.such.action") is None


# -- the same through the API, for every action code in the demo's log ---------------------


def page_shows(resource: str, object_id: str) -> bool:
    """Whether the record's page shows it to those holding the page's permission: a draft
    proposal (and its co-signatures) is its proposer's alone unless shown for help."""
    from gonghui.democracy import selectors
    from gonghui.democracy.models import Cosign

    with unscoped():
        if resource == "democracy.cosign":
            object_id = Cosign.objects.filter(pk=object_id).values("proposal_id").first()
            object_id = object_id and object_id["proposal_id"]
            return bool(object_id) and selectors.proposals().filter(pk=object_id).exists()
        if resource == "democracy.proposal" and object_id:  # the report's export: none
            return selectors.proposals().filter(pk=object_id).exists()
    return True


PERSONAS = [
    "district",
    "school_chair",
    "hospital_chair",
    "factory_chair",
    "community_chair",
    "factory_auditor",
]


@pytest.mark.django_db
def test_every_demo_action_is_served_by_the_api_only_to_those_who_read_its_record(client_for):
    from gonghui.accounts.models import User
    from gonghui.imports.models import ImportBatch
    from gonghui.imports.services import KIND_PERMISSIONS

    viewers = []
    with unscoped():
        for username in PERSONAS:
            user = User.objects.get(username=username)
            for role in user.roles.select_related("org"):
                access = resolve_access(user, role.org.code)
                if access.has("audit.log:read"):
                    viewers.append((username, role.org, access))
        latest = {}
        for entry in AuditEntry.objects.select_related("org").order_by("pk"):
            if entry.org is not None:
                latest[entry.action] = entry
        kinds = {str(pk): kind for pk, kind in ImportBatch.objects.values_list("pk", "kind")}
    clients = {name: client_for(name) for name in PERSONAS}
    checked, wrong = 0, []
    for action, entry in sorted(latest.items()):
        name = readers.resource(action)
        for username, org, access in viewers:
            if not entry.org.path.startswith(org.path):
                continue
            if name in KIND_PAGES:
                allowed = access.has(KIND_PERMISSIONS[kinds[entry.object_id]])
            else:
                allowed = access.has(page_permission(name)) and page_shows(name, entry.object_id)
            r = clients[username].get(f"/api/v1/orgs/{org.code}/audit/{entry.pk}/")
            checked += 1
            if r.status_code != (200 if allowed else 404):
                wrong.append((action, username, org.code, r.status_code))
    assert checked > 100
    assert not wrong, wrong
