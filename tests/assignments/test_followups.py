"""What follows a sent task: the answer page's one form (attaching or removing a file keeps
the typing), withdrawing, adding unions, changing a draft, records linked as proof of a
task, the year's tasks from above on the union's plan, and a task of the federation's own
plan passed down (issue #16 items 2 and 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.activities.models import Activity
from gonghui.assignments import services
from gonghui.assignments.models import AnswerFile, AnswerStatus, Assignment, AssignmentStatus
from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory
from tests.plans.conftest import build_plan

from .conftest import make_form, target_for

pytestmark = pytest.mark.usefixtures("platform")

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def _inbox(org, what=""):
    return f"/o/{org.code}/assignments/inbox/{what}"


def _sent(org, what=""):
    return f"/o/{org.code}/assignments/{what}"


@pytest.fixture
def chair(unions, staff):
    return staff("chair", unions[0])


def make_task(district, sender, **data):
    return make_form(
        district, sender, kind="task", definition={}, title="开展安全生产月活动", **data
    )


# -- the answer page's one form -----------------------------------------------------------


def test_attaching_a_file_keeps_what_was_typed(login, unions, form, chair):
    t = target_for(form, unions[0])
    r = login(chair).post(
        _inbox(unions[0], f"{t.pk}/"),
        {"staff": "41", "notes": "已建成", "save": "",
         "file__photos": SimpleUploadedFile("家.png", PNG, "image/png")},
    )  # fmt: skip
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.values["staff"] == "41" and t.values["notes"] == "已建成"
    assert t.status == AnswerStatus.DRAFT
    with unscoped():
        assert list(AnswerFile.objects.filter(target=t).values_list("name", flat=True)) == [
            "家.png"
        ]


def test_a_refused_file_keeps_nothing_but_the_page_keeps_the_typing(login, unions, form, chair):
    t = target_for(form, unions[0])
    r = login(chair).post(
        _inbox(unions[0], f"{t.pk}/"),
        {"staff": "41", "notes": "写了很久的说明", "save": "",
         "file__photos": SimpleUploadedFile("假.png", b"not a picture", "image/png")},
    )  # fmt: skip
    body = r.content.decode()
    assert r.status_code == 400
    assert "写了很久的说明" in body and "不是真正的" in body
    t.refresh_from_db()
    assert t.values == {} and t.status == AnswerStatus.NOT_STARTED  # all or nothing


def test_removing_a_file_keeps_what_was_typed(login, unions, form, chair):
    t = target_for(form, unions[0])
    with unscoped(), acting(user=chair):
        item = services.answer_file_add(
            actor=chair, target=t, field="photos", upload=SimpleUploadedFile("a.png", PNG)
        )
    r = login(chair).post(
        _inbox(unions[0], f"{t.pk}/"), {"staff": "7", "notes": "改", "remove": str(item.pk)}
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.values["staff"] == "7"
    with unscoped():
        assert not AnswerFile.objects.filter(target=t).exists()


def test_pressing_enter_saves_rather_than_removes(login, unions, form, chair):
    # The first submit button of the form is the default one: a hidden "save".
    t = target_for(form, unions[0])
    with unscoped(), acting(user=chair):
        services.answer_file_add(
            actor=chair, target=t, field="photos", upload=SimpleUploadedFile("a.png", PNG)
        )
    body = login(chair).get(_inbox(unions[0], f"{t.pk}/")).content.decode()
    form_html = body[body.index('id="answer-form"') :]
    first = form_html[form_html.index("<button") : form_html.index("</button>")]
    assert 'name="save"' in first and 'name="remove"' not in first


# -- withdrawing, adding unions ----------------------------------------------------------


def test_withdrawing_takes_it_out_of_the_inboxes(login, district, sender, unions, form, chair):
    c = login(sender)
    r = c.post(_sent(district, f"{form.pk}/withdraw/"), {"reason": ""}, follow=True)
    assert "说明撤回的原因" in r.content.decode()
    assert (
        c.post(_sent(district, f"{form.pk}/withdraw/"), {"reason": "重复下发"}).status_code == 302
    )
    form.refresh_from_db()
    assert form.status == AssignmentStatus.WITHDRAWN and form.withdrawn_reason == "重复下发"
    u = login(chair)
    assert form.title not in u.get(_inbox(unions[0])).content.decode()
    t = target_for(form, unions[0])
    assert u.get(_inbox(unions[0], f"{t.pk}/")).status_code == 404
    board = c.get(_sent(district, f"{form.pk}/")).content.decode()
    assert "已撤回" in board and "重复下发" in board and 'id="remind-open"' not in board
    with unscoped():
        entry = AuditEntry.objects.filter(object_id=str(form.pk)).order_by("-id").first()
    assert entry.changes["status"] == ["sent", "withdrawn"]


def test_the_union_cannot_withdraw(login, district, unions, form, chair):
    assert login(chair).post(
        _sent(district, f"{form.pk}/withdraw/"), {"reason": "x"}
    ).status_code in (403, 404)


def test_adding_a_union_founded_after_sending(login, district, sender, unions, form):
    late = UnionFactory(parent=district, name="丁新建工会")
    c = login(sender)
    assert (
        c.post(_sent(district, f"{form.pk}/add-unions/"), {"codes": late.code}).status_code == 302
    )
    assert target_for(form, late).status == AnswerStatus.NOT_STARTED
    again = c.post(_sent(district, f"{form.pk}/add-unions/"), {"codes": late.code}, follow=True)
    assert "已经收到" in again.content.decode()
    outside = UnionFactory(name="外区工会")
    r = c.post(_sent(district, f"{form.pk}/add-unions/"), {"codes": outside.code}, follow=True)
    assert outside.code in r.content.decode()
    with unscoped():
        assert not form.targets.filter(org=outside).exists()


def test_wrong_methods(login, district, sender, form):
    c = login(sender)
    for what in ("withdraw/", "add-unions/"):
        assert c.get(_sent(district, f"{form.pk}/{what}")).status_code == 405


# -- changing a draft --------------------------------------------------------------------


def test_a_draft_is_changed_on_its_own_page(login, district, sender, unions):
    draft = make_form(district, sender, send=False)
    c = login(sender)
    body = c.get(_sent(district, f"{draft.pk}/edit/")).content.decode()
    assert "职工之家建设情况统计" in body and "职工人数|数字|必填" in body
    r = c.post(
        _sent(district, f"{draft.pk}/edit/"),
        {"kind": "form", "title": "职工之家统计（修订）", "deadline": "2099-03-31",
         "target_mode": "list", "codes": unions[1].code, "lines": "职工人数|数字|必填"},
    )  # fmt: skip
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "职工之家统计（修订）" and draft.target_filter == [unions[1].code]
    bad = c.post(
        _sent(district, f"{draft.pk}/edit/"),
        {"kind": "form", "title": "保留我打的字", "deadline": "2099-03-31",
         "target_mode": "subtree", "lines": "人数|金额"},
    )  # fmt: skip
    assert bad.status_code == 200 and "保留我打的字" in bad.content.decode()


def test_a_sent_task_is_not_changed(login, district, sender, form):
    r = login(sender).get(_sent(district, f"{form.pk}/edit/"))
    assert r.status_code == 302


# -- records as proof of a task ----------------------------------------------------------


def _held(union, title):
    start = timezone.now() - dt.timedelta(days=2)
    with unscoped():
        return Activity.objects.create(
            org=union, title=title, starts_at=start, ends_at=start + dt.timedelta(hours=2),
            status="finished",
        )  # fmt: skip


def test_a_task_is_proved_by_linking_the_unions_records(login, district, sender, unions, chair):
    task = make_task(district, sender)
    t = target_for(task, unions[0])
    mine = _held(unions[0], "安全知识竞赛")
    theirs = _held(unions[1], "别家的活动")
    c = login(chair)
    page = c.get(_inbox(unions[0], f"{t.pk}/")).content.decode()
    assert "安全知识竞赛" in page and "别家的活动" not in page
    r = c.post(
        _inbox(unions[0], f"{t.pk}/"),
        {"report": "举办了竞赛", "link": f"activities.activity:{mine.pk}", "save": ""},
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert [(x["kind"], x["id"], x["title"]) for x in t.records] == [
        ("activities.activity", mine.pk, "安全知识竞赛")
    ]
    assert t.values.get("report") == "举办了竞赛"
    with unscoped():
        logged = [e.changes["records"] for e in AuditEntry.objects.filter(object_id=str(t.pk))
                  if "records" in (e.changes or {})]  # fmt: skip
    assert logged and "activities.activity" not in str(logged) and "安全知识竞赛" in str(logged)
    refused = c.post(
        _inbox(unions[0], f"{t.pk}/"), {"link": f"activities.activity:{theirs.pk}", "save": ""}
    )
    assert refused.status_code == 400
    # The sender sees the records on the answer.
    with unscoped(), acting(user=chair):
        services.answer_submit(actor=chair, target=t)
    body = login(sender).get(_sent(district, f"{task.pk}/unions/{t.pk}/")).content.decode()
    assert "安全知识竞赛" in body


# -- the union's plan and the federation's plan ------------------------------------------


def test_the_unions_plan_shows_the_years_tasks_from_above(login, unions, form, chair):
    plan = build_plan(unions[0], chair, ["开展读书活动"], year=form.deadline.year)
    body = login(chair).get(f"/o/{unions[0].code}/plans/{plan.pk}/").content.decode()
    assert 'id="plan-assigned"' in body and form.title in body
    other = build_plan(unions[0], chair, ["x"], year=form.deadline.year + 3)
    body = login(chair).get(f"/o/{unions[0].code}/plans/{other.pk}/").content.decode()
    assert 'id="plan-assigned"' not in body


def test_a_task_of_the_federations_plan_is_passed_down(login, district, sender, unions):
    year = timezone.localdate().year
    plan = build_plan(
        district, sender, [("开展职工技能竞赛", {"months": [12]})], year=year, accept=True
    )
    with unscoped():
        task = plan.tasks.get()
    c = login(sender)
    page = c.get(f"/o/{district.code}/plans/tasks/{task.pk}/").content.decode()
    assert 'id="pass-down"' in page
    r = c.post(_sent(district, f"from-task/{task.pk}/"))
    assert r.status_code == 302
    with unscoped():
        made = Assignment.objects.get(plan_task=task)
    assert made.status == AssignmentStatus.DRAFT and made.kind == "task"
    assert made.deadline == dt.date(year, 12, 31) and "开展职工技能竞赛" in made.instructions
    again = c.post(_sent(district, f"from-task/{task.pk}/"), follow=True)
    assert "已经下发" in again.content.decode()
    with unscoped():
        assert Assignment.objects.filter(plan_task=task).count() == 1
    page = c.get(f"/o/{district.code}/plans/tasks/{task.pk}/").content.decode()
    assert 'id="pass-down"' not in page and made.title in page


def test_a_union_task_is_not_passed_down(login, district, unions, chair):
    plan = build_plan(
        unions[0], chair, ["开展读书活动"], year=timezone.localdate().year, accept=True
    )
    with unscoped():
        task = plan.tasks.get()
    assert login(chair).post(_sent(unions[0], f"from-task/{task.pk}/")).status_code == 403


def test_another_orgs_task_is_not_found(login, district, sender, unions, chair):
    plan = build_plan(
        unions[0], chair, ["开展读书活动"], year=timezone.localdate().year, accept=True
    )
    with unscoped():
        task = plan.tasks.get()
    assert login(sender).post(_sent(district, f"from-task/{task.pk}/")).status_code == 404


def test_federation_staff_write_their_own_plan_only(district, sender, unions):
    from gonghui.accounts.access import resolve_access

    assert resolve_access(sender, district.code).has("plans.plan:write")
    below = resolve_access(sender, unions[0].code)
    assert below.has("plans.plan:read") and not below.has("plans.plan:write")


# -- the API -----------------------------------------------------------------------------


def _api(org, what):
    return f"/api/v1/orgs/{org.code}/assignments/{what}"


def test_api_withdraw_add_and_records(token_login, district, sender, unions, chair):
    task = make_task(district, sender)
    c = token_login(sender)
    late = UnionFactory(parent=district, name="戊工会")
    r = c.post(
        _api(district, f"sent/{task.pk}/add-unions/"),
        {"codes": [late.code]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json() == {"added": 1}
    t = target_for(task, unions[0])
    act = _held(unions[0], "安全演练")
    u = token_login(chair)
    listed = u.get(_api(unions[0], f"inbox/{t.pk}/records/"), {"kind": "activities.activity"})
    assert [x["title"] for x in listed.json()] == ["安全演练"]
    linked = u.post(
        _api(unions[0], f"inbox/{t.pk}/records/"),
        {"kind": "activities.activity", "object_id": str(act.pk)},
        content_type="application/json",
    )
    assert linked.status_code == 200 and linked.json()["title"] == "安全演练"
    assert u.get(_api(unions[0], f"inbox/{t.pk}/")).json()["records"][0]["id"] == act.pk
    gone = u.post(
        _api(unions[0], f"inbox/{t.pk}/records/remove/"),
        {"kind": "activities.activity", "object_id": str(act.pk)},
        content_type="application/json",
    )
    assert gone.status_code == 200 and gone.json()["records"] == []
    w = c.post(
        _api(district, f"sent/{task.pk}/withdraw/"),
        {"reason": "下发有误"},
        content_type="application/json",
    )
    assert w.status_code == 200 and w.json()["status"] == "withdrawn"
    assert u.get(_api(unions[0], f"inbox/{t.pk}/")).status_code == 404


def test_api_from_task(token_login, district, sender):
    plan = build_plan(
        district, sender, ["开展劳动竞赛"], year=timezone.localdate().year, accept=True
    )
    with unscoped():
        task = plan.tasks.get()
    r = token_login(sender).post(
        _api(district, "sent/from-task/"), {"task_id": task.pk}, content_type="application/json"
    )
    assert (
        r.status_code == 201 and r.json()["plan_task"] == task.pk and r.json()["status"] == "draft"
    )


def test_api_the_union_may_not_withdraw(token_login, district, unions, form, chair):
    r = token_login(chair).post(
        _api(unions[0], f"sent/{form.pk}/withdraw/"),
        {"reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 403
