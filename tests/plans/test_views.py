"""Pages of the work plan: the persona cases for each view, then the flows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import services
from gonghui.plans.models import Evidence, Plan, PlanStatus, Record, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked(make_plan):
    return make_plan(
        tasks=[("三月份召开教代会", {"months": [3], "category": "democracy"}), "组织教职工体检"],
        accept=True,
    )


def _url(name, code="S0001", **kw):
    return reverse(f"plans:{name}", kwargs={"org_code": code, **kw})


def _ids(plan):
    with unscoped():
        task = plan.tasks.order_by("position").first()
        return {"plan_id": plan.pk, "task_id": task.pk}


READ_PAGES = ["index", "calendar", "plan", "source", "task"]
WRITE_POSTS = [
    ("task_add", {"text": "新任务"}),
    ("task_split", {"parts": "甲\n乙"}),
    ("task_status", {"status": "dropped"}),
    ("tasks_bulk", {"action": "category", "category": "care"}),
]


def _kwargs_for(name, ids):
    if name in ("plan", "source", "task_add", "tasks_bulk"):
        return {"plan_id": ids["plan_id"]}
    if name in ("task", "task_split", "task_status"):
        return {"task_id": ids["task_id"]}
    return {}


@pytest.mark.parametrize("name", READ_PAGES)
def test_read_pages_work_for_the_chair_and_404_elsewhere(client_for, tracked, name):
    ids = _ids(tracked)
    chair = client_for("school_chair")
    r = chair.get(_url(name, **_kwargs_for(name, ids)))
    assert r.status_code == 200
    # Another union's chair: the organisation is not theirs.
    assert client_for("hospital_chair").get(_url(name, **_kwargs_for(name, ids))).status_code == 404
    # Their own union, but this plan's ids: not found either.
    if _kwargs_for(name, ids):
        r = client_for("hospital_chair").get(_url(name, "H0001", **_kwargs_for(name, ids)))
        assert r.status_code == 404


@pytest.mark.parametrize("name", ["index", "calendar"])
def test_a_member_without_plan_permission_gets_403(client_for, name):
    assert client_for("member").get(_url(name, "S0001-G01")).status_code == 403


@pytest.mark.parametrize("name,data", WRITE_POSTS)
def test_write_views_need_write_permission(client_for, tracked, name, data):
    ids = _ids(tracked)
    # factory_finance reads plans at F0001 but may not change them.
    r = client_for("factory_finance").post(_url(name, "F0001", **_kwargs_for(name, ids)), data)
    assert r.status_code == 403
    r = client_for("hospital_chair").post(_url(name, **_kwargs_for(name, ids)), data)
    assert r.status_code == 404
    r = client_for("school_chair").get(_url(name, **_kwargs_for(name, ids)))
    assert r.status_code == 405


def test_wrong_method_on_read_pages_is_405(client_for):
    assert client_for("school_chair").post(_url("calendar")).status_code == 405
    assert client_for("school_chair").delete(_url("index")).status_code == 405


def test_index_lists_the_years_plans_with_counts(client_for, tracked):
    r = client_for("school_chair").get(_url("index") + "?year=2031")
    body = r.content.decode()
    assert tracked.title in body
    assert "已接受" in body or "跟踪" in body


def test_bulk_category_and_merge(client_for, make_plan):
    plan = make_plan(tasks=["甲", "乙", "丙"])
    with unscoped():
        a, b, c = plan.tasks.order_by("position")
    chair = client_for("school_chair")
    r = chair.post(
        _url("tasks_bulk", plan_id=plan.pk),
        {"action": "category", "category": "culture", "task": [a.pk, b.pk]},
    )
    assert r.status_code == 302
    with unscoped():
        assert set(plan.tasks.values_list("category", flat=True)) == {"culture", "other"}
    chair.post(_url("tasks_bulk", plan_id=plan.pk), {"action": "merge", "task": [a.pk, c.pk]})
    with unscoped():
        assert list(plan.tasks.order_by("position").values_list("text", flat=True)) == [
            "甲；丙。",
            "乙",
        ]


def test_editing_a_task_keeps_what_was_typed_on_error(client_for, tracked):
    ids = _ids(tracked)
    r = client_for("school_chair").post(
        _url("task", task_id=ids["task_id"]), {"text": "改过的文字", "category": "no-such"}
    )
    assert r.status_code == 400
    assert "改过的文字" in r.content.decode()
    with unscoped():
        assert Task.objects.get(pk=ids["task_id"]).text == "三月份召开教代会"


def test_editing_a_task_saves_months_owner_and_audits(client_for, tracked, org):
    ids = _ids(tracked)
    with unscoped():
        seat = services.owner_choices(org("S0001")).first()
    r = client_for("school_chair").post(
        _url("task", task_id=ids["task_id"]),
        {
            "text": "三月份召开教代会",
            "category": "democracy",
            "months": ["3", "4"],
            "owner": seat.pk,
        },
    )
    assert r.status_code == 302
    with unscoped():
        task = Task.objects.get(pk=ids["task_id"])
        assert task.months == [3, 4] and task.owner_id == seat.pk
        entry = AuditEntry.objects.filter(
            action="plans.task.updated", object_id=str(task.pk)
        ).last()
        assert entry.actor.username == "school_chair" and "months" in entry.changes


def test_a_work_record_with_an_attachment_is_linked_and_downloadable(client_for, tracked):
    ids = _ids(tracked)
    chair = client_for("school_chair")
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    r = chair.post(
        _url("record_add", task_id=ids["task_id"]),
        {
            "title": "五届三次教代会",
            "date": "2031-03-20",
            "participants": "86",
            "attachments": photo,
        },
    )
    assert r.status_code == 302
    with unscoped():
        record = Record.objects.get(title="五届三次教代会")
        ev = Evidence.objects.get(task_id=ids["task_id"])
        att = record.attachments.get()
    assert ev.object_id == str(record.pk) and ev.date == dt.date(2031, 3, 20)
    r = chair.get(_url("attachment", attachment_id=att.pk))
    assert r.status_code == 200 and b"fake jpeg" in b"".join(r.streaming_content)
    assert (
        client_for("hospital_chair")
        .get(_url("attachment", "H0001", attachment_id=att.pk))
        .status_code
        == 404
    )
    page = chair.get(_url("task", task_id=ids["task_id"])).content.decode()
    assert "五届三次教代会" in page and "1 of 1" not in page  # translated label


def test_a_bad_record_keeps_the_form(client_for, tracked):
    ids = _ids(tracked)
    r = client_for("school_chair").post(
        _url("record_add", task_id=ids["task_id"]), {"title": "缺日期的记录", "date": ""}
    )
    assert r.status_code == 400
    assert "缺日期的记录" in r.content.decode()
    with unscoped():
        assert not Record.objects.filter(title="缺日期的记录").exists()


def test_link_from_another_page_goes_back_there(client_for, tracked, org, user):
    ids = _ids(tracked)
    school = org("S0001")
    with scope(school), acting(user=user("school_chair")):
        record = services.record_create(
            actor=user("school_chair"),
            org=school,
            data={"title": "体检", "date": dt.date(2031, 5, 1)},
        )
    r = client_for("school_chair").post(
        _url("evidence_link"),
        {
            "task": ids["task_id"],
            "kind": "plans.record",
            "object_id": record.pk,
            "next": "/o/S0001/plans/calendar/",
        },
    )
    assert r.status_code == 302 and r["Location"] == "/o/S0001/plans/calendar/"
    with unscoped():
        assert Evidence.objects.filter(task_id=ids["task_id"], object_id=str(record.pk)).exists()


def test_accept_and_discard(client_for, make_plan):
    plan = make_plan(tasks=["甲"])
    other = make_plan(tasks=["乙"])
    chair = client_for("school_chair")
    chair.post(_url("plan_action", plan_id=plan.pk, action="accept"))
    chair.post(_url("plan_action", plan_id=other.pk, action="discard"))
    with unscoped():
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ACCEPTED
        assert not Plan.objects.filter(pk=other.pk).exists()
        assert AuditEntry.objects.filter(
            action="plans.plan.deleted", object_id=str(other.pk)
        ).exists()


def test_a_refused_button_says_why_on_the_page_it_was_pressed_on(client_for, make_plan):
    plan = make_plan(tasks=[])
    page = _url("plan", plan_id=plan.pk)
    chair = client_for("school_chair")
    r = chair.post(_url("plan_action", plan_id=plan.pk, action="accept"), HTTP_REFERER=page)
    assert r.status_code == 302 and r["Location"] == page
    assert "计划中没有任务，不能确认。" in chair.get(page).content.decode()
    with unscoped():
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DRAFT


def test_calendar_shows_tasks_in_their_months(client_for, tracked):
    r = client_for("school_chair").get(_url("calendar") + "?year=2031")
    body = r.content.decode()
    march = body.index('id="month-3"')
    april = body.index('id="month-4"')
    assert march < body.index("三月份召开教代会") < april


def _docx(paragraphs) -> bytes:
    import io

    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_import_page_reads_a_docx_into_a_draft(client_for):
    data = _docx(
        [
            "测试工会2032年工作计划",
            "一、民主管理",
            "1、三月份召开职工代表大会。",
            "2、坚持厂务公开，每季度公开一次。",
            "二、帮扶送温暖",
            "1、春节前走访慰问困难职工三户。",
        ]
    )
    upload = SimpleUploadedFile("计划.docx", data)
    r = client_for("school_chair").post(_url("import"), {"year": "2032", "file": upload})
    assert r.status_code == 302
    with unscoped():
        plan = Plan.objects.get(org__code="S0001", year=2032)
        assert plan.status == PlanStatus.DRAFT and plan.source_name == "计划.docx"
        assert list(plan.sections.values_list("title", flat=True)) == ["民主管理", "帮扶送温暖"]
        task = plan.tasks.get(text__contains="职工代表大会")
        assert task.months == [3] and task.category == "democracy"
        assert plan.tasks.get(text__contains="三户").quantities == [{"value": 3, "unit": "户"}]
        assert AuditEntry.objects.filter(
            action="plans.plan.imported", object_id=str(plan.pk)
        ).exists()
    assert r["Location"].endswith(f"/plans/{plan.pk}/")


def test_pasted_text_is_kept_when_it_is_not_a_plan(client_for):
    r = client_for("school_chair").post(
        _url("import"), {"year": "2032", "text": "这只是一句普通的话"}
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "这只是一句普通的话" in body  # the form keeps what was typed
    assert 'class="alert alert-danger"' in body
    with unscoped():
        assert not Plan.objects.filter(org__code="S0001", year=2032).exists()


def test_a_fake_docx_gets_a_chinese_error_and_saves_nothing(client_for):
    upload = SimpleUploadedFile("计划.docx", b"PK\x03\x04" + b"\x00" * 200)
    r = client_for("school_chair").post(_url("import"), {"year": "2032", "file": upload})
    assert r.status_code == 200
    assert "Word" in r.content.decode() or "docx" in r.content.decode()
    with unscoped():
        assert not Plan.objects.filter(org__code="S0001", year=2032).exists()


def test_importing_needs_write_permission(client_for):
    r = client_for("factory_finance").post(_url("import", "F0001"), {"year": "2032", "text": "x"})
    assert r.status_code == 403
    assert client_for("hospital_chair").get(_url("import")).status_code == 404
    assert client_for("school_chair").put(_url("import")).status_code == 405


def test_a_50_mb_upload_is_refused_before_reading(client_for):
    big = SimpleUploadedFile("计划.txt", b"\xe4\xb8\x80" * (50 * 1024 * 1024 // 3))
    r = client_for("school_chair").post(_url("import"), {"year": "2032", "file": big})
    assert r.status_code == 200
    assert "MB" in r.content.decode()
    with unscoped():
        assert not Plan.objects.filter(org__code="S0001", year=2032).exists()
