from __future__ import annotations

OBJECT_KWARGS = {
    "budget_id": ("budgets.Budget", "org"),
    "line_id": ("budgets.BudgetLine", "budget__org"),
}
VALUE_KWARGS = {"year": ["2026"]}


def build(union) -> None:
    """The foreign union's budget of 2026 with lines, approved by its committee (so the
    audit committee's pages have something to refuse), and its 决算 of 2025 (a draft,
    its figures from the foreign books)."""
    import datetime as dt

    from gonghui.budgets import services

    budget = services.budget_create(actor=None, org=union, year=2026, explanation="外区预算说明")
    services.budget_lines_replace(
        actor=None,
        budget=budget,
        lines=[
            {"account": "401", "amount": "800"},
            {"account": "50304", "amount": "500", "restricted": True},
        ],
    )
    services.budget_approve(actor=None, budget=budget, term=1, session=1, date=dt.date(2026, 1, 10))
    services.final_create(actor=None, org=union, year=2025)
