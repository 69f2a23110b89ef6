"""The upper union's pages: the list by year, a new scheme from the 模范职工之家 template,
the board, review and scoring of one union, results with ranking and the export; the
persona cases (works, another organisation 404, no permission 403, wrong method 405)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.assessments.models import AssessmentStatus, Scheme, SchemeStatus
from gonghui.audit.models import AuditEntry
from tests.factories import DistrictFactory, UserFactory

from .conftest import ALL_SCORES, assessment_of, handed_in, make_scheme

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/assessments/{what}"


def test_a_new_scheme_starts_from_the_model_home_template(login, district, sender, unions):
    c = login(sender)
    body = c.get(_url(district, "new/")).content.decode()
    assert "B1|会员入会率达到90%以上|10|附件" in body and "模范职工之家" in body
    r = c.post(
        _url(district, "new/"),
        {"title": "<b>星级工会</b>考核", "year": "2026", "deadline": "2099-12-31",
         "target_mode": "unit_type", "unit_types": ["school"],
         "lines": "# 组织\nA1|按期换届|10|附件或记录|未换届不得分", "source": "区总工会细则"},
    )  # fmt: skip
    assert r.status_code == 302
    s = Scheme.objects.get(org=district)
    assert s.items["sections"][0]["items"][0]["evidence"] == "any"
    assert s.target_filter == ["school"]
    body = c.get(r["Location"]).content.decode()
    assert "&lt;b&gt;星级工会&lt;/b&gt;" in body and unions[0].name in body
    assert unions[1].name not in body  # the preview: schools only
    assert c.post(_url(district, f"{s.pk}/publish/")).status_code == 302
    s.refresh_from_db()
    assert s.status == SchemeStatus.PUBLISHED


def test_a_bad_line_keeps_what_was_typed(login, district, sender):
    r = login(sender).post(
        _url(district, "new/"),
        {"title": "考核", "year": "2026", "deadline": "2099-12-31", "target_mode": "subtree",
         "lines": "A1|按期换届|很多分"},
    )  # fmt: skip
    assert r.status_code == 200
    assert "A1|按期换届|很多分" in r.content.decode()
    assert not Scheme.objects.filter(org=district).exists()


def test_edit_then_delete_a_draft(login, district, sender, unions):
    s = make_scheme(district, sender, publish=False)
    c = login(sender)
    assert "A2|入会率达到90%|10|附件" in c.get(_url(district, f"{s.pk}/edit/")).content.decode()
    r = c.post(
        _url(district, f"{s.pk}/edit/"),
        {"title": "改过的", "year": "2026", "deadline": "2099-12-31", "target_mode": "subtree",
         "lines": "A1|条目|3"},
    )  # fmt: skip
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.title == "改过的" and s.max_total == 3
    assert c.post(_url(district, f"{s.pk}/delete/")).status_code == 302
    assert not Scheme.objects.filter(pk=s.pk).exists()


def test_the_board_review_score_and_ranking(login, district, sender, unions, scheme):
    chairs = [UserFactory(roles=[("chair", u)]) for u in unions]
    first, second = [handed_in(scheme, unions[i], chairs[i]) for i in (0, 1)]
    c = login(sender)
    body = c.get(_url(district, f"{scheme.pk}/?status=submitted")).content.decode()
    assert unions[0].name in body and unions[2].name not in body
    review = c.get(_url(district, f"{scheme.pk}/unions/{first.pk}/")).content.decode()
    assert "入会率.pdf" in review and "职工篮球赛" in review and 'name="review_A1"' in review
    ev = first.evidence.get(kind="file")
    r = c.get(_url(district, f"{scheme.pk}/unions/{first.pk}/evidence/{ev.pk}/"))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    # A score above the item's points: 400, what was typed is kept.
    bad = {f"review_{k}": v for k, v in ALL_SCORES.items()} | {"review_A2": "12"}
    r = c.post(_url(district, f"{scheme.pk}/unions/{first.pk}/score/"), bad)
    assert r.status_code == 400 and 'value="12"' in r.content.decode()
    scores = {f"review_{k}": v for k, v in ALL_SCORES.items()}
    assert (
        c.post(_url(district, f"{scheme.pk}/unions/{first.pk}/score/"), scores).status_code == 302
    )
    scores["review_A1"] = "4"
    c.post(_url(district, f"{scheme.pk}/unions/{second.pk}/score/"), scores)
    second.refresh_from_db()
    assert second.status == AssessmentStatus.SCORED and second.total == 21.5
    body = c.get(_url(district, f"{scheme.pk}/results/")).content.decode()
    assert body.index(unions[0].name) < body.index(unions[1].name) < body.index(unions[2].name)
    # Return needs a comment: the refusal is shown on the page it came from.
    third = handed_in(scheme, unions[2], chairs[2])
    r = c.post(_url(district, f"{scheme.pk}/unions/{third.pk}/return/"), {"comment": "补材料"})
    assert r.status_code == 302
    third.refresh_from_db()
    assert third.status == AssessmentStatus.RETURNED


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(1,1)"]


def test_the_export_ranks_and_hostile_text_stays_text(login, district, sender, unions, scheme):
    from gonghui.assessments import services

    for union, text in zip(unions, HOSTILE, strict=True):
        union.name = text
        union.save()
        a = handed_in(scheme, union, UserFactory(roles=[("chair", union)]))
        services.assessment_score(actor=sender, assessment=a, scores=ALL_SCORES, comment=text)
    r = login(sender).get(_url(district, f"{scheme.pk}/results.xlsx"))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("名次", "单位代码", "单位名称", "状态", "自评总分", "考核总分")
    assert {row[2] for row in rows[1:4]} == set(HOSTILE)
    assert [row[0] for row in rows[1:4]] == [1, 1, 1] and rows[1][5] == 22.5
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    assert AuditEntry.objects.filter(action="assessments.results.exported", org=district).exists()


def test_the_list_by_year(login, district, sender, unions, scheme):
    old = make_scheme(district, sender, publish=False, year=2020, title="2020年考核")
    c = login(sender)
    body = c.get(_url(district)).content.decode()
    assert scheme.title in body and old.title in body
    body = c.get(_url(district, "?year=2020")).content.decode()
    assert scheme.title not in body.split('id="scheme-list"')[1] and old.title in body


PAGES = ["", "new/", "{s}/", "{s}/edit/", "{s}/results/", "{s}/results.xlsx", "{s}/unions/{a}/"]


@pytest.mark.parametrize("what", PAGES)
def test_persona_cases(login, district, sender, unions, staff, what):
    s = make_scheme(district, sender, publish=what != "{s}/edit/")
    a = s.assessments.first()
    path = what.format(s=s.pk, a=a.pk if a else 0)
    if a or "{a}" not in what:
        assert login(sender).get(_url(district, path)).status_code == 200
    other = DistrictFactory()
    outsider = staff("upper_staff", other)
    assert login(outsider).get(_url(district, path)).status_code == 404
    if "{s}" in what:  # another district's staff under its own code: not its scheme
        assert login(outsider).get(_url(other, path)).status_code == 404
    assert login(staff("finance", district)).get(_url(district, path)).status_code == 403
    assert login(sender).delete(_url(district, path)).status_code == 405


ACTIONS = ["publish/", "close/", "delete/", "unions/{a}/score/", "unions/{a}/return/"]


@pytest.mark.parametrize("what", ACTIONS)
def test_persona_cases_of_the_actions(login, district, sender, unions, scheme, staff, what):
    a = assessment_of(scheme, unions[0])
    path = f"{scheme.pk}/" + what.format(a=a.pk)
    assert login(sender).get(_url(district, path)).status_code == 405
    assert login(staff("finance", district)).post(_url(district, path)).status_code == 403
    outsider = staff("upper_staff", DistrictFactory())
    assert login(outsider).post(_url(district, path)).status_code == 404
    # A union's chair self-scores, never reviews (not even under its own code).
    chair = staff("chair", unions[0])
    assert login(chair).post(_url(unions[0], path)).status_code == 403
    assert login(chair).get(_url(unions[0], f"{scheme.pk}/")).status_code == 404
