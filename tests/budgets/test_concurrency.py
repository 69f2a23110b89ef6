"""Two people acting on the same document at the same moment, on PostgreSQL, each in
their own thread and connection: the document's row lock lets one win and refuses the
other. (SQLite serialises every writer anyway.)"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from gonghui.core.scoping import unscoped

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL",
    ),
]


def _race(target, n=2):
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def work(i):
        try:
            barrier.wait(timeout=30)
            with unscoped():
                results[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _outcome(results):
    from gonghui.budgets.services import BudgetError

    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, BudgetError)]
    return len(won), len(lost)


def test_two_ratifications_at_once_one_wins(transactional_db):
    from gonghui.audit.models import AuditEntry
    from gonghui.budgets import services
    from tests.factories import UnionFactory, UserFactory

    from .conftest import make_budget

    union = UnionFactory()
    with unscoped():
        doc = make_budget(union, state="submitted")
        first = UserFactory(roles=[("upper_staff", union.parent)])
        second = UserFactory(roles=[("upper_staff", union.parent)])
    people = [first, second]
    results = _race(lambda i: services.budget_ratify(actor=people[i], budget=doc))
    assert _outcome(results) == (1, 1), results
    with unscoped():
        doc.refresh_from_db()
        assert doc.state == "ratified"
        ratified = AuditEntry.objects.filter(
            action="budgets.budget.updated", object_id=str(doc.pk), changes__state__1="ratified"
        )
        assert ratified.count() == 1


def test_a_ratification_racing_a_return_one_wins(transactional_db):
    from gonghui.budgets import services
    from tests.factories import UnionFactory

    from .conftest import make_budget, people

    union = UnionFactory()
    with unscoped():
        doc = make_budget(union, state="submitted")
        upper = people(union)["upper"]
    calls = [
        lambda: services.budget_ratify(actor=upper, budget=doc),
        lambda: services.budget_return(actor=upper, budget=doc, reason="再议"),
    ]
    results = _race(lambda i: calls[i]())
    assert _outcome(results) == (1, 1), results
    with unscoped():
        doc.refresh_from_db()
        assert doc.state in ("ratified", "draft")


def test_two_approvals_at_once_one_wins(transactional_db):
    import datetime as dt

    from gonghui.budgets import services
    from tests.factories import UnionFactory, UserFactory

    from .conftest import make_budget

    union = UnionFactory()
    with unscoped():
        doc = make_budget(union, state="draft")
        chairs = [UserFactory(roles=[("chair", union)]) for _ in range(2)]
    results = _race(
        lambda i: services.budget_approve(
            actor=chairs[i], budget=doc, term=1, session=i + 1, date=dt.date(2031, 1, 15)
        )
    )
    assert _outcome(results) == (1, 1), results
    with unscoped():
        doc.refresh_from_db()
        assert doc.state == "approved"
