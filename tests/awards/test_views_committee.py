"""The committee's pages: the list, creating and opening a round, reviewing, 公示 with its
quota check, answering an objection, deciding, the documents (docx, PDF, xlsx with typed
text never a formula), the register; the persona cases (works, other union 404, no
permission 403, wrong method 405)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from gonghui.audit.context import acting
from gonghui.awards import services
from gonghui.awards.models import AwardRound, Nomination, NominationStatus, RoundStatus
from tests.factories import UnionFactory

from .conftest import fresh_publicity, make_round

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/awards/{what}"


def test_the_chair_creates_and_opens_a_round(login, school, chair, teachers):
    c = login(chair)
    assert c.get(_url(school)).status_code == 200
    r = c.post(
        _url(school, "new/"),
        {"kind": "model_teacher", "year": timezone.localdate().year,
         "nomination_deadline": (timezone.localdate() + dt.timedelta(days=7)).isoformat()},
    )  # fmt: skip
    assert r.status_code == 302
    found = AwardRound.objects.get(org=school)
    assert found.quota == 1 and found.title.endswith("师德标兵评选")  # 5% of 5 members
    assert c.post(_url(school, f"{found.pk}/open/")).status_code == 302
    found.refresh_from_db()
    assert found.status == RoundStatus.OPEN
    assert found.title in c.get(_url(school)).content.decode()


def test_review_publicise_answer_decide_and_download(login, school, chair, teachers):
    c = login(chair)
    r = make_round(school, chair, stage="open", nominees=teachers[:1])
    n = Nomination.objects.get(round=r)
    c.post(_url(school, f"{r.pk}/close-nominations/"))
    page = c.get(_url(school, f"{r.pk}/nominations/{n.pk}/"))
    assert page.status_code == 200 and "王老师" in page.content.decode()
    resp = c.post(
        _url(school, f"{r.pk}/nominations/{n.pk}/review/"), {"selected": "1", "score": "95"}
    )
    assert resp.status_code == 302
    n.refresh_from_db()
    assert n.status == NominationStatus.SELECTED and n.score == 95
    c.post(
        _url(school, f"{r.pk}/publicise/"),
        {"start": (timezone.localdate() - dt.timedelta(days=20)).isoformat()},
    )
    r.refresh_from_db()
    assert r.status == RoundStatus.PUBLICITY and r.publicity_end < timezone.localdate()
    resp = c.post(
        _url(school, f"{r.pk}/decide/"),
        {"number": "校工〔2026〕3号", "date": timezone.localdate().isoformat()},
    )
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.status == RoundStatus.DECIDED
    docx = c.get(_url(school, f"{r.pk}/decision.docx"))
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "校工〔2026〕3号" in text and "王老师" in text and "师德标兵" in text
    pdf = c.get(_url(school, f"{r.pk}/certificates.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert c.get(_url(school, f"{r.pk}/decision.pdf")).content.startswith(b"%PDF")


def test_the_workbook_keeps_typed_formulas_as_text(login, school, chair, teachers):
    r = make_round(school, chair, stage="open")
    with acting(user=chair):
        services.nomination_submit(
            actor=chair, round=r,
            data={"nominee_type": "member", "member": teachers[0].pk, "story": '=HYPERLINK("http://x","点我")事迹'},
        )  # fmt: skip
    resp = login(chair).get(_url(school, f"{r.pk}/nominations.xlsx"))
    ws = load_workbook(io.BytesIO(resp.content)).active
    cell = ws.cell(row=2, column=6)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_the_chair_answers_an_objection_and_sees_who_raised_it(login, school, chair, teachers):
    r = fresh_publicity(school, chair, teachers[:1])
    n = Nomination.objects.get(round=r)
    who = teachers[1].user
    with acting(user=who):
        o = services.objection_raise(actor=who, nomination=n, text="<b>请核实</b>获奖经历。")
    c = login(chair)
    page = c.get(_url(school, f"{r.pk}/")).content.decode()
    assert who.display_name in page and "&lt;b&gt;请核实&lt;/b&gt;" in page
    assert (
        c.post(_url(school, f"objections/{o.pk}/answer/"), {"answer": "已核实。"}).status_code
        == 302
    )
    o.refresh_from_db()
    assert o.answer == "已核实。" and o.answered_by == chair


def test_deciding_with_an_open_objection_says_why(login, school, chair, teachers):
    r = fresh_publicity(school, chair, teachers[:1])
    who = teachers[1].user
    with acting(user=who):
        services.objection_raise(
            actor=who, nomination=Nomination.objects.get(round=r), text="有异议，请核实。"
        )
    c = login(chair)
    resp = c.post(
        _url(school, f"{r.pk}/decide/"),
        {"number": "x", "date": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "异议未答复" in resp.content.decode()
    r.refresh_from_db()
    assert r.status == RoundStatus.PUBLICITY


def test_the_register_adds_a_title(login, school, chair, teachers):
    c = login(chair)
    resp = c.post(_url(school, "titles/"), {"member": teachers[0].pk, "title": "省五一劳动奖章",
                  "level": "provincial", "year": 2020, "awarding_body": "省总工会"})  # fmt: skip
    assert resp.status_code == 302
    assert "省五一劳动奖章" in c.get(_url(school, "titles/")).content.decode()


def test_another_union_is_a_404(login, school, chair):
    other = UnionFactory()
    r = make_round(other, None, stage="draft")
    c = login(chair)
    assert c.get(_url(other)).status_code == 404
    assert c.get(_url(school, f"{r.pk}/")).status_code == 404


def test_a_member_without_the_right_gets_403(login, school, chair, teachers):
    r = make_round(school, chair, stage="open")
    c = login(teachers[0].user)
    assert c.get(_url(teachers[0].org)).status_code == 403
    assert c.post(_url(teachers[0].org, f"{r.pk}/close-nominations/")).status_code == 403


def test_a_wrong_method_is_a_405(login, school, chair):
    r = make_round(school, chair, stage="draft")
    c = login(chair)
    assert c.get(_url(school, f"{r.pk}/open/")).status_code == 405
    assert c.delete(_url(school, f"{r.pk}/")).status_code == 405
