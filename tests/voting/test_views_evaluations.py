"""Democratic evaluations: created by the cadres, answered by the members, reported as a PDF
once published."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.voting import services
from gonghui.voting.models import EvaluationForm, EvaluationResponse, SealedResponse, State

from .conftest import url

pytestmark = pytest.mark.django_db


def test_a_cadre_creates_an_evaluation(home, login, platform):
    resp = login(home.chair).post(
        url("evaluation_create", home.union),
        {
            "title": "测评",
            "scale": "grades",
            "subjects": "李红梅 工会主席\n马文博 工会副主席",
            "items": "德\n能",
            "voters": f"{home.member_user.username}\n{home.cadre.username}",
        },
    )
    form = EvaluationForm.objects.get(title="测评")
    assert resp.status_code == 302
    assert [str(s) for s in form.subjects.all()] == ["李红梅（工会主席）", "马文博（工会副主席）"]
    assert form.participations.count() == 2


def test_the_member_answers_an_evaluation(home, login, voters, make_evaluation, platform):
    member = home.member_user
    form = make_evaluation([member, *voters(1)])
    c = login(home.member_user)
    data = {
        f"answer-{s.pk}-{i.pk}": "excellent" for s in form.subjects.all() for i in form.items.all()
    }
    resp = c.post(url("answer", home.group, evaluation_id=form.pk), data)
    assert resp.status_code == 200 and 'id="answered"' in resp.content.decode()
    assert services.has_responded(form, member) is True
    again = c.post(url("answer", home.group, evaluation_id=form.pk), data)
    assert again.status_code == 400
    assert SealedResponse._base_manager.filter(form=form).count() == 1
    services.evaluation_close(actor=home.chair, form=form)
    assert EvaluationResponse._base_manager.filter(form=form).count() == 1


def test_evaluation_report_is_a_pdf_once_published(home, login, voters, make_evaluation, platform):
    reps = voters(3)
    form = make_evaluation(reps)
    for rep, grade in zip(reps, ["excellent", "competent", "basic"], strict=True):
        answers = {s.pk: {i.pk: grade for i in form.items.all()} for s in form.subjects.all()}
        services.evaluation_respond(voter_user=rep, form=form, answers=answers)
    services.evaluation_close(actor=home.chair, form=form)
    services.evaluation_publish(actor=home.chair, form=form)
    c = login(home.chair)
    page = c.get(url("evaluation", home.union, evaluation_id=form.pk)).content.decode()
    assert "李红梅" in page and 'id="evaluation-result"' in page and "%" in page
    pdf = c.get(url("evaluation_report", home.union, evaluation_id=form.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (
        login(home.other_chair)
        .get(url("evaluation_report", home.other, evaluation_id=form.pk))
        .status_code
        == 404
    )
    assert (
        login(home.member_user)
        .get(url("evaluation_report", home.group, evaluation_id=form.pk))
        .status_code
        == 403
    )
    assert c.post(url("evaluation_report", home.union, evaluation_id=form.pk)).status_code == 405


def test_evaluation_lifecycle(home, login, voters, make_evaluation, platform):
    form = make_evaluation(voters(2), open_=False)
    c = login(home.cadre)
    for action in ("open", "close", "publish"):
        assert (
            c.post(
                url(
                    "evaluation_action", home.union, evaluation_id=form.pk, evaluation_action=action
                )
            ).status_code
            == 302
        )
    form.refresh_from_db()
    assert form.state == State.PUBLISHED
    assert AuditEntry.objects.filter(
        action="voting.evaluationform.counted", object_id=str(form.pk)
    ).exists()


def test_results_on_a_phone_are_one_line_per_item_scores_included(
    home, login, voters, make_evaluation, platform
):
    """#13 §7: ten score columns cannot stand side by side on a 375px phone; below md the
    page lists each item with its scores wrapping (the table is kept from md up)."""
    member = home.member_user
    form = make_evaluation([member, *voters(1)], scale="scores")
    data = {f"answer-{s.pk}-{i.pk}": "9" for s in form.subjects.all() for i in form.items.all()}
    login(home.member_user).post(url("answer", home.group, evaluation_id=form.pk), data)
    chair = home.chair
    services.evaluation_close(actor=chair, form=form)
    services.evaluation_publish(actor=chair, form=form)
    page = login(home.cadre).get(url("evaluation", home.union, evaluation_id=form.pk))
    body = page.content.decode()
    assert 'class="table-responsive d-none d-md-block"' in body
    phone = body[body.index("gh-eval-list") :]
    assert "9 分" in phone and "<strong>1</strong>" in phone and "(100.0%)" in phone
    assert "10 分" in phone and "全部项目" in phone
