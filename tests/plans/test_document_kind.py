"""What a document is, said before it is imported (#15 §5): a summary, a congress report or
a notice is not turned into a plan's tasks; a summary can be kept as its year's summary."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import services, services_summary
from gonghui.plans.models import Plan, Summary
from gonghui.plans.parsing.kind import document_kind

from .conftest import url

SUMMARY_TEXT = (
    "实验中学工会2030年工作总结\n"
    "一、加强组织建设\n1、全年共发展新会员12人。\n2、召开教代会一次，收到提案9件。\n"
    "二、关爱教职工\n1、春节慰问困难教职工5户，发放慰问金2000元。\n"
)
PROSE_SUMMARY = (
    "一年来，在学校党支部的领导下，工会开展了大量工作，取得了一定成绩。\n"
    "一、组织建设\n全年共举办活动7次，共慰问教职工45人，累计发放慰问金9000元。\n"
    "二、民主管理\n召开了教代会，完成了换届选举，举办了读书活动，组织了体检。\n"
)
PLAN_TEXT = "实验中学工会2031年工作计划\n一、组织建设\n1、3月召开教代会。\n2、5月举办运动会。\n"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (SUMMARY_TEXT, "summary"),
        (PROSE_SUMMARY, "summary"),
        ("第五届职代会第二次会议工会工作报告\n各位代表：过去一年……\n", "congress_report"),
        ("2031年第一季度厂务公开公示\n一、职工福利费使用情况\n", "notice"),
        (PLAN_TEXT, "plan"),
        ("2030年工作总结和2031年工作计划\n一、去年回顾\n二、今年打算\n", "plan"),
        ("新的一年我们将继续开展工作，要做好以下几点：\n一、……\n", "plan"),
    ],
)
def test_the_kind_of_a_document(text, code):
    assert document_kind(text).code == code


@pytest.mark.django_db
def test_a_summary_is_not_imported_as_a_plan_unless_asked(union, chair):
    data = SUMMARY_TEXT.encode()
    with scope(union), pytest.raises(services.PlanError) as refused:
        services.plans_import(actor=chair, org=union, year=2031, data=data)
    assert (
        "工作总结" in refused.value.message
        and "实验中学工会2030年工作总结" in refused.value.message
    )
    assert refused.value.field == "as_kind"
    with unscoped():
        assert not Plan.objects.filter(org=union).exists()
    with scope(union):
        [plan] = services.plans_import(actor=chair, org=union, year=2031, data=data, as_kind="plan")
        assert plan.tasks.count() >= 3


@pytest.mark.django_db
def test_a_summary_is_kept_as_its_years_summary_and_replaced_only_with_confirm(union, chair):
    with scope(union):
        summary = services_summary.summary_import(
            actor=chair, org=union, year=2030, data=SUMMARY_TEXT.encode(), filename="总结.txt"
        )
    summary.refresh_from_db()
    assert summary.title == "实验中学工会2030年工作总结"
    assert "全年共发展新会员12人" in summary.body and "工作总结" not in summary.body
    assert summary.figures == {"imported_from": "总结.txt"}
    with unscoped():
        entry = AuditEntry.objects.get(action="plans.summary.imported")
    assert entry.object_id == str(summary.pk)
    with scope(union), pytest.raises(services.PlanError, match="已有"):
        services_summary.summary_import(actor=chair, org=union, year=2030, data=b"x\n")
    with scope(union):
        services_summary.summary_import(
            actor=chair, org=union, year=2030, data="另一份总结\n正文".encode(), confirm=True
        )
    with unscoped():
        assert Summary.objects.get(org=union, year=2030).title == "另一份总结"


@pytest.mark.django_db
def test_the_import_page_says_what_the_document_is_and_keeps_what_was_typed(login, chair, union):
    c = login(chair)
    r = c.post(url("import", union), {"year": "2030", "text": SUMMARY_TEXT})
    body = r.content.decode()
    assert r.status_code == 200 and "看起来是" in body and "工作总结" in body
    assert "全年共发展新会员12人" in body  # the pasted text is still there
    r = c.post(url("import", union), {"year": "2030", "text": SUMMARY_TEXT, "as_kind": "summary"})
    assert r.status_code == 302 and r["Location"].endswith("/plans/summary/2030/")
    with unscoped():
        assert Summary.objects.get(org=union, year=2030).title == "实验中学工会2030年工作总结"
        assert not Plan.objects.filter(org=union).exists()


@pytest.mark.django_db
def test_the_api_imports_a_summary_and_refuses_one_as_a_plan(token_login, chair, union):
    c = token_login(chair)
    base = f"/api/v1/orgs/{union.code}/plans/"
    r = c.post(base, {"year": 2030, "text": SUMMARY_TEXT}, content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "as_kind"
    r = c.post(
        f"{base}summary/2030/import/", {"text": SUMMARY_TEXT}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["title"] == "实验中学工会2030年工作总结"
    r = c.post(
        f"{base}summary/2030/import/", {"text": SUMMARY_TEXT}, content_type="application/json"
    )
    assert r.status_code == 400  # there is one now: confirm to replace
