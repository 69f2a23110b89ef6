"""The membership figures of a year, for the year-end summary (plans.figures)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gonghui.plans.figures import Figure

from .models import ON_ROLL, EventKind, Member, MembershipEvent


def year_figures(org, year: int) -> list[Figure]:
    events = MembershipEvent.objects.filter(org__path__startswith=org.path, date__year=year)
    counts = events.aggregate(
        joined=Count("id", filter=Q(kind=EventKind.JOINED)),
        transferred_in=Count("id", filter=Q(kind=EventKind.TRANSFER_IN)),
        left=Count("id", filter=Q(kind__in=[EventKind.LEFT, EventKind.LAPSED, EventKind.EXPELLED])),
        retained=Count("id", filter=Q(kind=EventKind.RETAINED)),
    )
    on_roll = Member.objects.filter(org__path__startswith=org.path, status__in=ON_ROLL).aggregate(
        total=Count("id"), women=Count("id", filter=Q(sex="female"))
    )
    unit = _("people")
    return [
        Figure(
            "members.on_roll",
            _("Members on the roll"),
            on_roll["total"],
            unit,
            _("The union has {value} {unit} on its roll"),
        ),
        Figure(
            "members.women", _("Women members"), on_roll["women"], unit, _("{value} of them women")
        ),
        Figure(
            "members.joined",
            _("New members"),
            counts["joined"],
            unit,
            _("{value} new members joined during the year"),
        ),
        Figure(
            "members.transferred_in",
            _("Transferred in"),
            counts["transferred_in"],
            unit,
            _("{value} transferred in"),
        ),
        Figure(
            "members.retained",
            _("Retired with retained membership"),
            counts["retained"],
            unit,
            _("{value} retired with retained membership"),
        ),
        Figure(
            "members.left", _("Left the union"), counts["left"], unit, _("{value} left the union")
        ),
    ]
