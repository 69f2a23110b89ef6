"""What the app plugs into the dashboard, the plan evidence and the year-end summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope
from gonghui.plans import evidence, figures
from gonghui.welfare import services
from gonghui.welfare.models import Batch, Visit
from tests.factories import GroupFactory, MemberFactory

from .conftest import file_case, make_fund, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def factory(union, chair):
    """A factory union's care year: a 春节 batch paid to a workshop, a hospital visit, one
    household on file since December 2025 (its yearly review is due) and one applying."""
    workshop = GroupFactory(parent=union, name="一车间工会小组")
    people = [MemberFactory(org=workshop) for _ in range(4)]
    fund = make_fund(union, actor=chair)
    data = {
        "title": "2026年春节送温暖（一车间）",
        "occasion": "festival",
        "festival": "chunjie",
        "date": dt.date(2026, 2, 10),
        "form": "goods",
        "amount": Decimal("300.00"),
        "goods": "米、面、油",
        "fund": fund,
        "visitors": "工会委员会",
    }
    with scope(union), acting(user=chair):
        batch = services.batch_create(
            actor=chair, org=union, data=data, selection="group", group=workshop.code
        )
        services.batch_pay(actor=chair, batch=batch)
    record(people[0], chair, fund=fund, amount=Decimal(500), date=dt.date(2026, 6, 1))
    on_file = file_case(
        people[1], chair, applied_on=dt.date(2025, 11, 20), yearly_income=Decimal(6000)
    )
    with scope(union), acting(user=chair):
        for action in ("check", "submit", "approve"):
            on_file = services.case_transition(
                actor=chair, file=on_file, action=action, date=dt.date(2025, 12, 5)
            )
    file_case(people[2], chair, applied_on=dt.date(2026, 10, 15))
    assert on_file.number == "KN2025-001" and on_file.next_review == dt.date(2026, 12, 5)
    return union


def test_the_year_figures_come_from_the_records(factory, platform):
    with scope(factory):
        rows = {f.key: f for f in figures.compute_all(factory, 2026)["care"]}
        batch = Batch.objects.get(title="2026年春节送温暖（一车间）")
        paid = sum(
            v.amount
            for v in Visit.objects.filter(
                org__path__startswith=factory.path, date__year=2026, state="paid"
            )
        )
    assert rows["welfare.amount"].value == paid > 0
    assert rows["welfare.people"].value >= batch.lines.count()
    assert rows["welfare.hardship"].value == 1


def test_batches_and_visits_are_plan_evidence(factory, platform):
    kind = evidence.get("welfare.batch")
    with scope(factory):
        batch = kind.candidates(factory, 2026).first()
        d = kind.describe(batch)
        visit = evidence.get("welfare.visit").candidates(factory, 2026).first()
        dv = evidence.get("welfare.visit").describe(visit)
    assert d.figures["people"] == batch.lines.count() and d.url.endswith(f"/{batch.pk}/")
    assert "care" in kind.categories
    assert dv.figures["people"] == 1 and visit.batch_id is None


def test_the_dashboard_shows_the_care_card_and_files_due(factory, chair, staff, login):
    body = login(chair).get(f"/o/{factory.code}/").content.decode()
    assert 'id="card-welfare"' in body
    assert "KN2025-001" in body  # approved 2025-12-05: its yearly review is due
    finance = staff("finance", factory)
    body = login(finance).get(f"/o/{factory.code}/").content.decode()
    assert "KN2025-001" not in body  # finance does not read hardship files


def test_the_factory_ledger_agrees(factory, staff, login):
    auditor = staff("auditor", factory)
    body = login(auditor).get(f"/o/{factory.code}/welfare/reports/").content.decode()
    assert "与经费账相符" in body or "agrees to the fen" in body
