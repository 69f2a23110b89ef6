"""The union's side: its list, the self-assessment page item by item (keeps what was typed
on an error), evidence as a file or one of its own records, handing in, the dashboard; the
persona cases (works, another union 404, no permission 403, wrong method 405)."""

from __future__ import annotations

import pytest

from gonghui.assessments.models import AssessmentStatus, Evidence
from tests.factories import DistrictFactory, UnionFactory

from .conftest import assessment_of, make_activity, make_scheme, pdf

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/assessments/{what}"


@pytest.fixture
def chair(unions, staff):
    return staff("chair", unions[0])


def test_the_list_and_the_dashboard_show_the_open_assessment(login, unions, scheme, chair):
    c = login(chair)
    a = assessment_of(scheme, unions[0])
    assert f"mine/{a.pk}/" in c.get(_url(unions[0])).content.decode()
    body = c.get(f"/o/{unions[0].code}/").content.decode()
    assert 'id="card-assessments"' in body and scheme.title in body


def test_the_page_renders_every_item_with_its_evidence_inputs(login, unions, scheme, chair):
    a = assessment_of(scheme, unions[0])
    make_activity(unions[0], title="<i>读书会</i>")
    make_activity(unions[1], title="别家的活动")
    body = login(chair).get(_url(unions[0], f"mine/{a.pk}/")).content.decode()
    for code in ("A1", "A2", "B1", "B2"):
        assert f'name="score_{code}"' in body and f'id="item-{code}"' in body
    assert 'name="file_A2"' in body and 'name="file_B2"' in body and 'name="file_B1"' not in body
    assert (
        'name="record_B1"' in body and 'name="record_B2"' in body and 'name="record_A2"' not in body
    )
    assert "&lt;i&gt;读书会&lt;/i&gt;" in body and "别家的活动" not in body
    assert "全年至少一次" in body


def test_save_attach_and_hand_in(login, unions, scheme, chair):
    a = assessment_of(scheme, unions[0])
    act = make_activity(unions[0])
    c = login(chair)
    data = {"score_A1": "5", "note_A1": "<b>9个小组</b>", "score_A2": "8", "score_B1": "9",
            "score_B2": "0"}  # fmt: skip
    assert c.post(_url(unions[0], f"mine/{a.pk}/"), {**data, "save": ""}).status_code == 302
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SELF_SCORED and a.self_total == 22
    # Handing in without the evidence: 400, the message names the items, nothing handed in.
    r = c.post(_url(unions[0], f"mine/{a.pk}/"), {**data, "submit": ""})
    assert r.status_code == 400 and "A2、B1" in r.content.decode()
    assert "&lt;b&gt;9个小组&lt;/b&gt;" in r.content.decode()
    r = c.post(_url(unions[0], f"mine/{a.pk}/evidence/"), {"item": "A2", "file": pdf()})
    assert r.status_code == 302
    r = c.post(_url(unions[0], f"mine/{a.pk}/evidence/"),
               {"item": "B1", "record": f"activity:{act.pk}"})  # fmt: skip
    assert r.status_code == 302
    ev = Evidence.objects.get(assessment=a, kind="file")
    r = c.get(_url(unions[0], f"mine/{a.pk}/evidence/{ev.pk}/"))
    assert r.status_code == 200
    assert c.post(_url(unions[0], f"mine/{a.pk}/"), {**data, "submit": ""}).status_code == 302
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED
    body = c.get(_url(unions[0], f"mine/{a.pk}/")).content.decode()
    assert 'name="score_A1"' not in body and "职工篮球赛" in body  # read-only once handed in


def test_attaching_keeps_the_scores_typed_so_far(login, unions, scheme, chair):
    # The attach button belongs to the scoring form: what was typed is saved with it.
    a = assessment_of(scheme, unions[0])
    r = login(chair).post(
        _url(unions[0], f"mine/{a.pk}/evidence/"),
        {"item": "A2", "file_A2": pdf(), "score_A1": "4", "note_A1": "按期换届"},
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert Evidence.objects.filter(assessment=a, item="A2", kind="file").count() == 1
    assert "4" in str(a.self_scores["A1"]) and "按期换届" in str(a.self_scores["A1"])


def test_a_bad_score_keeps_what_was_typed(login, unions, scheme, chair):
    a = assessment_of(scheme, unions[0])
    r = login(chair).post(_url(unions[0], f"mine/{a.pk}/"), {"score_A1": "很多", "save": ""})
    assert r.status_code == 400 and 'value="很多"' in r.content.decode()
    a.refresh_from_db()
    assert a.status == AssessmentStatus.NOT_STARTED


def test_another_unions_record_cannot_be_cited(login, unions, scheme, chair):
    a = assessment_of(scheme, unions[0])
    theirs = make_activity(unions[1])
    r = login(chair).post(_url(unions[0], f"mine/{a.pk}/evidence/"),
                          {"item": "B1", "record": f"activity:{theirs.pk}"})  # fmt: skip
    assert r.status_code == 302
    assert not Evidence.objects.filter(assessment=a).exists()


def test_remove_evidence(login, unions, scheme, chair):
    from gonghui.assessments import services

    a = assessment_of(scheme, unions[0])
    ev = services.evidence_attach_file(actor=chair, assessment=a, item="A2", upload=pdf())
    c = login(chair)
    assert c.post(_url(unions[0], f"mine/{a.pk}/evidence/{ev.pk}/delete/")).status_code == 302
    assert not Evidence.objects.filter(pk=ev.pk).exists()


@pytest.mark.parametrize("what", ["mine/{a}/", "mine/{a}/evidence/{e}/"])
def test_persona_cases(login, district, sender, unions, scheme, staff, chair, what):
    from gonghui.assessments import services

    a = assessment_of(scheme, unions[0])
    ev = services.evidence_attach_file(actor=chair, assessment=a, item="A2", upload=pdf())
    path = what.format(a=a.pk, e=ev.pk)
    assert login(chair).get(_url(unions[0], path)).status_code == 200
    # Another union's chair, under its own code (not its assessment) and under ours.
    other = staff("chair", unions[1])
    assert login(other).get(_url(unions[1], path)).status_code == 404
    assert login(other).get(_url(unions[0], path)).status_code == 404
    stranger = staff("chair", UnionFactory())
    assert login(stranger).get(_url(unions[0], path)).status_code == 404
    if what == "mine/{a}/":  # the accountant has no assessment rights at all
        assert login(staff("finance", unions[0])).get(_url(unions[0], path)).status_code == 403
    assert login(chair).delete(_url(unions[0], path)).status_code == 405


@pytest.mark.parametrize("what", ["mine/{a}/evidence/", "mine/{a}/evidence/{e}/delete/"])
def test_persona_cases_of_the_actions(login, unions, scheme, staff, chair, what):
    from gonghui.assessments import services

    a = assessment_of(scheme, unions[0])
    ev = services.evidence_attach_file(actor=chair, assessment=a, item="A2", upload=pdf())
    path = what.format(a=a.pk, e=ev.pk)
    assert login(chair).get(_url(unions[0], path)).status_code == 405
    assert login(staff("finance", unions[0])).post(_url(unions[0], path)).status_code == 403
    assert login(staff("chair", unions[1])).post(_url(unions[1], path)).status_code == 404
    # The upper union's staff reads but does not self-score for a union.
    sender = staff("upper_staff", unions[0].parent)
    assert login(sender).post(_url(unions[0], path)).status_code == 403
    assert Evidence.objects.filter(pk=ev.pk).exists()


def test_a_scheme_of_another_district_is_not_found(login, staff):
    other = DistrictFactory()
    theirs = UnionFactory(parent=other)
    s = make_scheme(other, staff("upper_staff", other))
    a = assessment_of(s, theirs)
    mine = UnionFactory()
    assert login(staff("chair", mine)).get(_url(mine, f"mine/{a.pk}/")).status_code == 404
