"""The chain of a budget, an adjustment and final accounts, through the services: every
step, its refusals, the separation of duties and the lock after ratification."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.budgets import selectors, services
from gonghui.budgets.models import Budget, BudgetLine, Kind, State
from gonghui.budgets.services import BudgetError
from tests.factories import UnionFactory, UserFactory

from .conftest import MEETING, YEAR, D, expense, make_budget, people, walk

pytestmark = pytest.mark.usefixtures("platform")


def _entries(doc, action):
    return AuditEntry.objects.filter(action=action, object_id=str(doc.pk)).order_by("pk")


def test_a_budget_is_drafted_with_lines_and_logged(union, who):
    doc = services.budget_create(
        actor=who["accountant"], org=union, year=YEAR, explanation="说明书"
    )
    services.budget_line_set(
        actor=who["accountant"], budget=doc, account="50101", amount="1,200.5", restricted=False
    )
    services.budget_line_set(
        actor=who["accountant"], budget=doc, account="50101", amount="1300", restricted=False
    )
    services.budget_line_set(
        actor=who["accountant"], budget=doc, account="401", amount="5000", restricted=False
    )
    doc.refresh_from_db()
    lines = selectors.lines_of(doc)
    assert [(ln.account_code, ln.amount) for ln in lines] == [
        ("401", D("5000.00")),
        ("50101", D("1300.00")),
    ]
    assert lines[1].account_name == "职工教育"
    assert (doc.kind, doc.version, doc.state, doc.sign_preparer) == (
        "budget",
        1,
        "draft",
        str(who["accountant"]),
    )
    created = _entries(doc, "budgets.budget.created").get()
    assert created.actor == who["accountant"]
    assert (
        "50101 职工教育 1300.00" in _entries(doc, "budgets.budget.lines").last().changes["lines"][1]
    )
    services.budget_line_remove(actor=who["accountant"], budget=doc, line_id=lines[0].pk)
    assert [ln.account_code for ln in selectors.lines_of(doc)] == ["50101"]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"account": "102", "amount": "10"}, "account"),  # not income or expense
        ({"account": "501", "amount": "10"}, "account"),  # not a leaf
        ({"account": "50101", "amount": "abc"}, "amount"),
        ({"account": "50101", "amount": "-5"}, "amount"),
    ],
)
def test_a_line_on_a_wrong_account_or_amount_is_refused(union, who, line, field):
    doc = services.budget_create(actor=who["accountant"], org=union, year=YEAR)
    with pytest.raises(BudgetError) as refused:
        services.budget_line_set(actor=who["accountant"], budget=doc, **line)
    assert refused.value.field == field


def test_a_project_of_another_union_or_on_income_is_refused(union, who):
    from gonghui.finance.services import project_create

    other = UnionFactory()
    foreign = project_create(actor=None, org=other, code="P1", name="外单位项目")
    mine = project_create(actor=None, org=union, code="P1", name="职工书屋")
    doc = services.budget_create(actor=who["accountant"], org=union, year=YEAR)
    with pytest.raises(BudgetError, match="项目"):
        services.budget_line_set(
            actor=who["accountant"], budget=doc, account="50304", amount="9", project=foreign
        )
    with pytest.raises(BudgetError):
        services.budget_line_set(
            actor=who["accountant"], budget=doc, account="401", amount="9", project=mine
        )
    services.budget_line_set(
        actor=who["accountant"], budget=doc, account="50304", amount="9", project=mine
    )
    assert selectors.lines_of(doc)[0].project == mine


def test_one_budget_a_year(union, who):
    make_budget(union, state="draft")
    with pytest.raises(BudgetError, match="adjustment|调整"):
        services.budget_create(actor=who["accountant"], org=union, year=YEAR)


def test_the_whole_chain_records_each_step(union, who):
    doc = make_budget(union, state="draft")
    services.budget_approve(actor=who["chair"], budget=doc, term=3, session=5, date=MEETING)
    doc.refresh_from_db()
    assert (doc.state, doc.committee_term, doc.committee_session) == ("approved", 3, 5)
    assert doc.approved_by == who["chair"] and doc.sign_chair == str(who["chair"])
    assert _entries(doc, "budgets.budget.updated").last().changes["state"] == [
        "draft",
        "approved",
    ]

    services.budget_review(
        actor=who["auditor"], budget=doc, opinion="收支合理", term=3, session=2, date=MEETING
    )
    doc.refresh_from_db()
    assert (doc.state, doc.review_opinion, doc.reviewed_by) == (
        "reviewed",
        "收支合理",
        who["auditor"],
    )
    assert doc.sign_audit_head == str(who["auditor"])

    services.budget_submit(actor=who["chair"], budget=doc)
    doc.refresh_from_db()
    assert doc.state == "submitted" and doc.submitted_at

    services.budget_ratify(actor=who["upper"], budget=doc)
    doc.refresh_from_db()
    assert (doc.state, doc.ratified_by, doc.decided_in) == ("ratified", who["upper"], union.parent)
    entry = _entries(doc, "budgets.budget.updated").last()
    assert entry.actor == who["upper"] and entry.changes["state"] == ["submitted", "ratified"]
    assert selectors.in_force(union, YEAR) == doc


def test_steps_out_of_order_are_refused(union, who):
    doc = make_budget(union, state="draft")
    with pytest.raises(BudgetError):
        services.budget_submit(actor=who["chair"], budget=doc)
    with pytest.raises(BudgetError):
        services.budget_ratify(actor=who["upper"], budget=doc)
    with pytest.raises(BudgetError):
        services.budget_review(
            actor=who["auditor"], budget=doc, opinion="x", term=1, session=1, date=MEETING
        )
    empty = Budget.objects.get(
        pk=services.final_create(actor=who["accountant"], org=UnionFactory(), year=YEAR).pk
    )
    assert empty.state == "draft"


def test_a_budget_without_lines_is_not_approved(union, who):
    doc = services.budget_create(actor=who["accountant"], org=union, year=YEAR)
    with pytest.raises(BudgetError, match="编列"):
        services.budget_approve(actor=who["chair"], budget=doc, term=1, session=1, date=MEETING)


def test_the_meeting_needs_its_term_session_and_date(union, who):
    doc = make_budget(union, state="draft")
    with pytest.raises(BudgetError) as refused:
        services.budget_approve(actor=who["chair"], budget=doc, term=0, session=1, date=MEETING)
    assert refused.value.field == "term"
    with pytest.raises(BudgetError) as refused:
        services.budget_approve(actor=who["chair"], budget=doc, term=1, session=1, date=None)
    assert refused.value.field == "date"


def test_only_the_audit_committee_reviews(union, who):
    doc = make_budget(union, state="approved")
    for outsider in (who["chair"], who["accountant"], who["upper"]):
        with pytest.raises(BudgetError, match="经审会"):
            services.budget_review(
                actor=outsider, budget=doc, opinion="同意", term=1, session=1, date=MEETING
            )
        with pytest.raises(BudgetError, match="经审会"):
            services.budget_review_return(actor=outsider, budget=doc, opinion="退回")
    other_auditor = holder_elsewhere("auditor")
    with pytest.raises(BudgetError, match="经审会"):
        services.budget_review(
            actor=other_auditor, budget=doc, opinion="同意", term=1, session=1, date=MEETING
        )
    doc.refresh_from_db()
    assert doc.state == "approved"


def holder_elsewhere(role):
    return UserFactory(roles=[(role, UnionFactory())])


def test_the_audit_committee_may_return_it_to_draft(union, who):
    doc = make_budget(union, state="approved")
    with pytest.raises(BudgetError) as refused:
        services.budget_review_return(actor=who["auditor"], budget=doc, opinion=" ")
    assert refused.value.field == "opinion"
    services.budget_review_return(actor=who["auditor"], budget=doc, opinion="差旅费偏高")
    doc.refresh_from_db()
    assert (doc.state, doc.review_opinion, doc.approved_by) == ("draft", "差旅费偏高", None)
    # drafted again and the chain runs again
    walk(doc, "reviewed")
    assert doc.state == "reviewed"


def test_only_a_node_above_ratifies_or_returns(union, who):
    doc = make_budget(union, state="submitted")
    upper_at_union = UserFactory(roles=[("upper_staff", union)])
    unrelated_district = UserFactory(roles=[("upper_staff", UnionFactory().parent)])
    for outsider in (who["chair"], who["auditor"], upper_at_union, unrelated_district):
        with pytest.raises(BudgetError, match="上级"):
            services.budget_ratify(actor=outsider, budget=doc)
        with pytest.raises(BudgetError, match="上级"):
            services.budget_return(actor=outsider, budget=doc, reason="不行")
    doc.refresh_from_db()
    assert doc.state == "submitted"


def test_the_upper_union_returns_it_with_the_reason(union, who):
    doc = make_budget(union, state="submitted")
    with pytest.raises(BudgetError) as refused:
        services.budget_return(actor=who["upper"], budget=doc, reason="")
    assert refused.value.field == "reason"
    services.budget_return(actor=who["upper"], budget=doc, reason="收入预计偏低")
    doc.refresh_from_db()
    assert (doc.state, doc.return_reason, doc.decided_in) == ("draft", "收入预计偏低", union.parent)
    assert _entries(doc, "budgets.budget.updated").last().actor == who["upper"]
    # drafted again: lines may change, and the reason goes when it is sent up again
    services.budget_line_set(actor=who["accountant"], budget=doc, account="401", amount="1500")
    walk(doc, "submitted")
    assert doc.return_reason == ""


def test_a_ratified_document_is_locked(union, who):
    doc = make_budget(union, state="ratified")
    lines_before = list(BudgetLine.objects.filter(budget=doc).values_list("amount", flat=True))
    for attempt in (
        lambda: services.budget_line_set(
            actor=who["accountant"], budget=doc, account="401", amount="1"
        ),
        lambda: services.budget_update(actor=who["accountant"], budget=doc, explanation="改"),
        lambda: services.budget_cover_update(actor=who["chair"], budget=doc, sign_chair="某"),
        lambda: services.budget_delete(actor=who["accountant"], budget=doc),
        lambda: services.budget_return(actor=who["upper"], budget=doc, reason="再看看"),
        lambda: services.budget_ratify(actor=who["upper"], budget=doc),
    ):
        with pytest.raises(BudgetError, match="已核定|ratified|锁定|locked"):
            attempt()
    assert list(BudgetLine.objects.filter(budget=doc).values_list("amount", flat=True)) == (
        lines_before
    )


def test_an_adjustment_starts_from_the_budget_in_force_and_replaces_it_once_ratified(union, who):
    with pytest.raises(BudgetError):
        services.adjustment_create(actor=who["accountant"], org=union, year=YEAR)
    budget = make_budget(union)
    adj = services.adjustment_create(actor=who["accountant"], org=union, year=YEAR)
    assert (adj.kind, adj.version, str(adj)) == ("adjustment", 2, f"{YEAR}年年中调整（第1次）")
    assert [(ln.account_code, ln.amount) for ln in selectors.lines_of(adj)] == [
        (ln.account_code, ln.amount) for ln in selectors.lines_of(budget)
    ]
    with pytest.raises(BudgetError):  # one on its way at a time
        services.adjustment_create(actor=who["accountant"], org=union, year=YEAR)
    services.budget_line_set(actor=who["accountant"], budget=adj, account="50101", amount="900")
    assert selectors.in_force(union, YEAR) == budget  # not yet ratified
    walk(adj, "ratified")
    assert selectors.in_force(union, YEAR) == adj
    amounts = {ln.account_code: ln.amount for ln in selectors.lines_of(adj)}
    assert amounts["50101"] == D("900.00")
    assert services.adjustment_create(actor=who["accountant"], org=union, year=YEAR).version == 3


def test_final_accounts_take_the_books_and_lock_when_ratified(union, who):
    expense(union, "50101", "200.00")
    expense(union, "50305", "50.00")  # outside the budget (booked before it was ratified)
    make_budget(union)
    final = services.final_create(actor=who["accountant"], org=union, year=YEAR)
    assert final.kind == Kind.FINAL
    lines = {ln.account_code: ln for ln in selectors.lines_of(final)}
    assert (lines["50101"].amount, lines["50101"].budgeted) == (D("200.00"), D("500.00"))
    assert (lines["50305"].amount, lines["50305"].budgeted) == (D("50.00"), D("0.00"))
    assert (lines["401"].amount, lines["401"].budgeted) == (D("0.00"), D("1000.00"))
    totals = selectors.statement_totals(union, YEAR)
    assert selectors.sums(selectors.lines_of(final))["expense"] == totals["expense"] == D("250.00")
    # a line is not typed into final accounts
    with pytest.raises(BudgetError, match="账"):
        services.budget_line_set(actor=who["accountant"], budget=final, account="401", amount="1")
    expense(union, "50102", "30.00")
    services.final_refresh(actor=who["accountant"], budget=final)
    assert {ln.account_code: ln.amount for ln in selectors.lines_of(final)}["50102"] == D("30.00")
    with pytest.raises(BudgetError):
        services.final_create(actor=who["accountant"], org=union, year=YEAR)
    services.budget_cover_update(
        actor=who["accountant"], budget=final, sign_finance_head="张会计", sign_preparer="李出纳"
    )
    walk(final, "ratified")
    assert (final.sign_finance_head, final.sign_chair) == ("张会计", str(who["chair"]))
    with pytest.raises(BudgetError, match="核定|locked"):
        services.final_refresh(actor=who["accountant"], budget=final)
    with pytest.raises(BudgetError, match="核定|locked"):
        services.budget_cover_update(actor=who["accountant"], budget=final, sign_preparer="王")


def test_a_draft_may_be_deleted_until_it_was_approved_once(union, who):
    doc = make_budget(union, state="draft")
    services.budget_delete(actor=who["accountant"], budget=doc)
    assert not Budget.objects.filter(pk=doc.pk).exists()
    doc = make_budget(union, state="approved")
    services.budget_review_return(actor=who["auditor"], budget=doc, opinion="重做")
    with pytest.raises(BudgetError):
        services.budget_delete(actor=who["accountant"], budget=doc)


def test_the_oversight_queue_lists_what_waits_for_review(union, who):
    from gonghui.oversight import queue

    doc = make_budget(union, state="approved")
    waiting = [w for w in queue.waiting(union) if w.label == str(doc)]
    assert len(waiting) == 1
    assert waiting[0].url == f"/o/{union.code}/budgets/{doc.pk}/"
    walk(doc, "reviewed")
    assert not [w for w in queue.waiting(union) if w.label == str(doc)]
    assert doc.state == State.REVIEWED


def test_people_helper_builds_the_chain(union):
    p = people(union)
    assert p["upper"].roles.get().org == union.parent
