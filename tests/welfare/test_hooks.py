"""What the app plugs into the dashboard, the plan evidence and the year-end summary."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import scope
from gonghui.plans import evidence, figures
from gonghui.welfare.models import Batch, Visit

pytestmark = pytest.mark.django_db


def test_the_year_figures_come_from_the_records(org, platform):
    factory = org("F0001")
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


def test_batches_and_visits_are_plan_evidence(org, platform):
    factory = org("F0001")
    kind = evidence.get("welfare.batch")
    with scope(factory):
        batch = kind.candidates(factory, 2026).first()
        d = kind.describe(batch)
        visit = evidence.get("welfare.visit").candidates(factory, 2026).first()
        dv = evidence.get("welfare.visit").describe(visit)
    assert d.figures["people"] == batch.lines.count() and d.url.endswith(f"/{batch.pk}/")
    assert "care" in kind.categories
    assert dv.figures["people"] == 1 and visit.batch_id is None


def test_the_dashboard_shows_the_care_card_and_files_due(client_for):
    body = client_for("factory_chair").get("/o/F0001/").content.decode()
    assert 'id="card-welfare"' in body
    assert "KN2025-001" in body  # approved 2025-12-05: its yearly review is due
    body = client_for("factory_finance").get("/o/F0001/").content.decode()
    assert "KN2025-001" not in body  # finance does not read hardship files


def test_the_demo_factory_ledger_agrees(client_for):
    body = client_for("factory_auditor").get("/o/F0001/welfare/reports/").content.decode()
    assert "与经费账相符" in body or "agrees to the fen" in body
