"""Democratic evaluations: created by the cadres, answered by the members, reported as a PDF
once published."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.voting import services
from gonghui.voting.models import EvaluationForm, EvaluationResponse, SealedResponse, State

from .conftest import url

pytestmark = pytest.mark.django_db


def test_a_cadre_creates_an_evaluation(client_for, platform):
    resp = client_for("school_chair").post(
        url("evaluation_create"),
        {
            "title": "测评",
            "scale": "grades",
            "subjects": "李红梅 工会主席\n马文博 工会副主席",
            "items": "德\n能",
            "voters": "member\nschool_cadre",
        },
    )
    form = EvaluationForm.objects.get(title="测评")
    assert resp.status_code == 302
    assert [str(s) for s in form.subjects.all()] == ["李红梅（工会主席）", "马文博（工会副主席）"]
    assert form.participations.count() == 2


def test_the_member_answers_an_evaluation(client_for, voters, make_evaluation, user, platform):
    member = user("member")
    form = make_evaluation([member, *voters(1)])
    c = client_for("member")
    data = {
        f"answer-{s.pk}-{i.pk}": "excellent" for s in form.subjects.all() for i in form.items.all()
    }
    resp = c.post(url("answer", code="S0001-G01", evaluation_id=form.pk), data)
    assert resp.status_code == 200 and 'id="answered"' in resp.content.decode()
    assert services.has_responded(form, member) is True
    again = c.post(url("answer", code="S0001-G01", evaluation_id=form.pk), data)
    assert again.status_code == 400
    assert SealedResponse._base_manager.filter(form=form).count() == 1
    services.evaluation_close(actor=user("school_chair"), form=form)
    assert EvaluationResponse._base_manager.filter(form=form).count() == 1


def test_evaluation_report_is_a_pdf_once_published(client_for, platform):
    form = EvaluationForm.objects.get(source_kind="demo", source_id="evaluation")
    c = client_for("school_chair")
    page = c.get(url("evaluation", evaluation_id=form.pk)).content.decode()
    assert "李红梅" in page and 'id="evaluation-result"' in page and "%" in page
    pdf = c.get(url("evaluation_report", evaluation_id=form.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (
        client_for("hospital_chair")
        .get(url("evaluation_report", code="H0001", evaluation_id=form.pk))
        .status_code
        == 404
    )
    assert (
        client_for("member")
        .get(url("evaluation_report", code="S0001-G01", evaluation_id=form.pk))
        .status_code
        == 403
    )
    assert c.post(url("evaluation_report", evaluation_id=form.pk)).status_code == 405


def test_evaluation_lifecycle(client_for, voters, make_evaluation, platform):
    form = make_evaluation(voters(2), open_=False)
    c = client_for("school_cadre")
    for action in ("open", "close", "publish"):
        assert (
            c.post(
                url("evaluation_action", evaluation_id=form.pk, evaluation_action=action)
            ).status_code
            == 302
        )
    form.refresh_from_db()
    assert form.state == State.PUBLISHED
    assert AuditEntry.objects.filter(
        action="voting.evaluationform.counted", object_id=str(form.pk)
    ).exists()


def test_results_on_a_phone_are_one_line_per_item_scores_included(
    client_for, voters, make_evaluation, user, platform
):
    """#13 §7: ten score columns cannot stand side by side on a 375px phone; below md the
    page lists each item with its scores wrapping (the table is kept from md up)."""
    member = user("member")
    form = make_evaluation([member, *voters(1)], scale="scores")
    data = {f"answer-{s.pk}-{i.pk}": "9" for s in form.subjects.all() for i in form.items.all()}
    client_for("member").post(url("answer", code="S0001-G01", evaluation_id=form.pk), data)
    chair = user("school_chair")
    services.evaluation_close(actor=chair, form=form)
    services.evaluation_publish(actor=chair, form=form)
    page = client_for("school_cadre").get(url("evaluation", evaluation_id=form.pk))
    body = page.content.decode()
    assert 'class="table-responsive d-none d-md-block"' in body
    phone = body[body.index("gh-eval-list") :]
    assert "9 分" in phone and "<strong>1</strong>" in phone and "(100.0%)" in phone
    assert "10 分" in phone and "全部项目" in phone
