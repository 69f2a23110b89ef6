"""Builders of organisation records: a committee term with its seats."""

from __future__ import annotations

import datetime as dt

from gonghui.audit.context import acting
from gonghui.core.scoping import scope
from gonghui.orgs import services


def make_term(union, actor, *, number=5, start=dt.date(2024, 3, 1), seats=()):
    """A committee term of `union` with `seats` as (name, position, portfolio), built
    through the services as `actor` (so its audit entries are written)."""
    with scope(union), acting(user=actor):
        term = services.term_create(
            actor=actor,
            org=union,
            data={
                "number": number,
                "start_date": start,
                "end_date": start.replace(year=start.year + 5) - dt.timedelta(days=1),
            },
        )
        for order, (name, position, portfolio) in enumerate(seats):
            services.seat_add(
                actor=actor,
                term=term,
                data={
                    "person_name": name,
                    "position": position,
                    "portfolio": portfolio,
                    "order": order,
                },
            )
    return term
