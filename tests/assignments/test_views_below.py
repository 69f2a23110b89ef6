"""A city federation follows what its districts sent to their unions: a section of its list
with each district's tasks and how many answered, the board and the answers read-only, the
same in the API. Persona cases: works, another organisation 404, no permission 403, wrong
method 405."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.core.scoping import unscoped
from tests.factories import DistrictFactory, UnionFactory, UserFactory

from .conftest import answer, make_form, target_for

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/assignments/{what}"


def _api(org, what=""):
    return f"/api/v1/orgs/{org.code}/assignments/{what}"


@pytest.fixture
def city(db):
    return DistrictFactory(name="测试市总工会")


@pytest.fixture
def tree(city):
    """Two districts under the city, two unions under the first, one under the second."""
    east = DistrictFactory(parent=city, name="东区总工会")
    west = DistrictFactory(parent=city, name="西区总工会")
    unions = (
        UnionFactory(parent=east, name="东一学校工会"),
        UnionFactory(parent=east, name="东二公司工会"),
        UnionFactory(parent=west, name="西一医院工会"),
    )
    return east, west, unions


@pytest.fixture
def city_staff(city):
    return UserFactory(roles=[("upper_staff", city)])


@pytest.fixture
def sent(tree):
    """East sent a form (one union answered, one overdue) and kept a draft; west a form."""
    east, west, unions = tree
    east_staff = UserFactory(roles=[("upper_staff", east)])
    west_staff = UserFactory(roles=[("upper_staff", west)])
    done = make_form(east, east_staff, title="东区职工之家统计")
    chair = UserFactory(roles=[("chair", unions[0])])
    answer(target_for(done, unions[0]), chair, {"staff": "30"}, submit=True)
    late = make_form(east, east_staff, title="东区安全生产检查")
    with unscoped():
        late.deadline = timezone.localdate() - dt.timedelta(days=2)
        late.save()
    draft = make_form(east, east_staff, title="东区未发出的草稿", send=False)
    theirs = make_form(west, west_staff, title="西区困难职工摸底")
    return {"done": done, "late": late, "draft": draft, "west": theirs}


def test_the_city_sees_what_its_districts_sent_with_the_figures(
    login, city, tree, city_staff, sent
):
    east, west, unions = tree
    page = login(city_staff).get(_url(city))
    assert page.status_code == 200 and "下级工会交办的任务" in page.text
    text = page.text
    for title in ("东区职工之家统计", "东区安全生产检查", "西区困难职工摸底"):
        assert title in text
    assert "东区未发出的草稿" not in text  # a draft stays with its sender
    assert text.index(east.name) < text.index("东区职工之家统计") < text.index(west.name)
    assert "1 / 2" in text  # east's first form: one of two answered
    # East: 1 of 4 answers handed in, 2 overdue (the late form's two unions).
    assert "已报送 1 份，共 4 份" in text and "2 份逾期" in text
    assert "new-assignment" in text  # the city's staff may send its own


def test_the_board_and_an_answer_open_read_only(login, city, tree, city_staff, sent):
    east, _west, unions = tree
    c = login(city_staff)
    board = c.get(_url(city, f"below/{sent['done'].pk}/"))
    assert board.status_code == 200
    assert unions[0].name in board.text and unions[1].name in board.text
    assert east.name in board.text
    for action in ("remind", "withdraw", "add-unions", "answers.xlsx"):
        assert action not in board.text
    target = target_for(sent["done"], unions[0])
    link = _url(city, f"below/{sent['done'].pk}/unions/{target.pk}/")
    assert link in board.text
    one = c.get(link)
    assert one.status_code == 200 and "30" in one.text and "只读" in one.text
    assert "accept-answer" not in one.text and "remind-one" not in one.text
    only = c.get(_url(city, f"below/{sent['late'].pk}/?status=overdue"))
    assert only.text.count('data-union="') == 2
    # htmx asks for the rows only.
    rows = c.get(_url(city, f"below/{sent['done'].pk}/"), HTTP_HX_REQUEST="true")
    assert "<html" not in rows.text and unions[0].name in rows.text


def test_the_below_pages_persona_cases(login, city, tree, city_staff, sent, staff):
    east, _west, unions = tree
    done = sent["done"]
    target = target_for(done, unions[0])
    pages = [f"below/{done.pk}/", f"below/{done.pk}/unions/{target.pk}/"]
    outsider = UserFactory(roles=[("upper_staff", DistrictFactory())])
    for what in pages:
        assert login(city_staff).get(_url(city, what)).status_code == 200
        assert login(outsider).get(_url(city, what)).status_code == 404
        assert login(staff("finance", city)).get(_url(city, what)).status_code == 403
        assert login(city_staff).post(_url(city, what)).status_code == 405
    # Not a draft, not the city's own, not from another tree: 404.
    assert login(city_staff).get(_url(city, f"below/{sent['draft'].pk}/")).status_code == 404
    own = make_form(city, city_staff, title="市总工会的表")
    assert login(city_staff).get(_url(city, f"below/{own.pk}/")).status_code == 404
    # The district sees its own under its board, not as "below" (nothing below it sends).
    east_staff = UserFactory(roles=[("upper_staff", east)])
    assert login(east_staff).get(_url(east, f"below/{done.pk}/")).status_code == 404
    assert "下级工会交办的任务" not in login(east_staff).get(_url(east)).text


def test_the_api_lists_and_opens_them_read_only(token_login, city, tree, city_staff, sent, staff):
    _east, _west, unions = tree
    c = token_login(city_staff)
    r = c.get(_api(city, "below/"))
    assert r.status_code == 200, r.content
    rows = {row["title"]: row for row in r.json()["results"]}
    assert set(rows) == {"东区职工之家统计", "东区安全生产检查", "西区困难职工摸底"}
    done = rows["东区职工之家统计"]
    assert done["targets"] == 2 and done["handed_in"] == 1 and done["overdue"] == 0
    assert rows["东区安全生产检查"]["overdue"] == 2
    one = c.get(_api(city, f"below/{sent['done'].pk}/")).json()
    assert one["sender_name"] == "东区总工会"
    board = c.get(_api(city, f"below/{sent['done'].pk}/board/")).json()
    assert board["counts"]["submitted"] == 1 and len(board["rows"]) == 2
    target = target_for(sent["done"], unions[0])
    answer_ = c.get(_api(city, f"below/{sent['done'].pk}/unions/{target.pk}/")).json()
    assert answer_["values"]["staff"] == 30 or answer_["values"]["staff"] == "30"
    assert c.get(_api(city, f"below/{sent['draft'].pk}/")).status_code == 404
    assert c.post(_api(city, "below/")).status_code == 405
    assert token_login(staff("finance", city)).get(_api(city, "below/")).status_code == 403
