"""Roster queries: filters, search and sorting shared by the page, the API and exports."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.fields.array import ArrayContains
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Func, Q, QuerySet, TextField
from django.db.models.functions import Lower, Reverse
from django.db.models.lookups import StartsWith
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy

from gonghui.core.scoping import unscoped
from gonghui.orgs.models import UNION_KINDS, Organisation, OrgKind

from . import dues_lines
from .models import ON_ROLL, ChangeRequest, Invitation, LapseTalk, Member, Status, Transfer
from .participation import took_part
from .rules import LAPSE
from .services import MemberError, union_of

AGE_BANDS = {
    "u35": (None, 35),
    "35-44": (35, 45),
    "45-54": (45, 55),
    "55+": (55, None),
}
# The bands as the roster's filter names them (the keys are the query string's values).
AGE_LABELS = {
    "u35": gettext_lazy("under 35"),
    "35-44": "35–44",
    "45-54": "45–54",
    "55+": gettext_lazy("55 and over"),
}
SORTS = {
    "name": ("name_pinyin", "id"),
    "-name": ("-name_pinyin", "-id"),
    "joined": ("joined_on", "id"),
    "-joined": ("-joined_on", "-id"),
    "age": ("-birth_date", "id"),
    "-age": ("birth_date", "id"),
    "group": ("org__path", "name_pinyin"),
}
_LATIN = re.compile(r"^[a-zA-Z]+$")


@dataclass
class RosterFilter:
    q: str = ""
    group: str = ""  # organisation code of a group (or union) inside the scope
    union: str = ""  # code of a grassroots union inside the scope: its whole subtree
    status: str = "on_roll"  # "on_roll", "all" or a Status value
    sex: str = ""
    age: str = ""
    political: str = ""
    education: str = ""
    member_type: str = ""  # "migrant", "dispatched", ...
    sort: str = "name"

    @classmethod
    def from_params(cls, params) -> RosterFilter:
        return cls(
            **{k: str(params.get(k, getattr(cls, k))).strip() for k in cls.__dataclass_fields__}
        )


def age_cutoff(years: int, today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


class NameChars(Func):
    """The characters of the name as an array: what the GIN index of migration 0008
    holds (PostgreSQL only), for fragments too short for trigrams."""

    template = "string_to_array(%(expressions)s::text, NULL)"
    output_field = ArrayField(TextField())

    def __init__(self):
        super().__init__(F("name"))


def search_q(q: str) -> Q:
    """Name, pinyin in full or initials (张三: zhangsan, zs), or the last digits of the
    ID number or mobile number."""
    q = q.strip()
    if not q:
        return Q()
    if q.isdigit() or (q[:-1].isdigit() and q[-1:] in "xX"):
        # "Ends with" as "the reversed value starts with the reversed digits": on
        # PostgreSQL the reverse(...) text_pattern_ops indexes of migration 0005 answer
        # it, where LIKE '%1234' reads the whole table. A full number is a special case.
        tail = q.upper()[::-1]
        return Q(StartsWith(Reverse("mobile"), tail)) | Q(StartsWith(Reverse("id_number"), tail))
    if _LATIN.match(q):
        low = q.lower()
        return Q(name_pinyin__startswith=low) | Q(name_initials__startswith=low)
    if connection.vendor == "postgresql" and len(q) <= 2:
        # The characters' index finds the names with these characters; for two, LIKE
        # keeps those in which they stand together in this order. One character needs
        # no LIKE, and without it PostgreSQL estimates the matches well (王: a hash join
        # of 53,000 rows, 206 ms, instead of a nested loop, 513 ms). Longer fragments
        # are read from the trigram index by LIKE alone.
        chars = Q(ArrayContains(NameChars(), list(q)))
        return chars if len(q) == 1 else chars & Q(name__contains=q)
    return Q(name__contains=q)


def unions_below(org: Organisation) -> list[Organisation]:
    """The grassroots unions an upper union's pages filter by (基层工会), in tree order;
    none below a union (unions do not nest)."""
    if org.kind != OrgKind.UPPER:
        return []
    qs = Organisation.objects.filter(path__startswith=org.path, kind__in=list(UNION_KINDS))
    return list(qs.exclude(pk=org.pk).order_by("path"))


def chosen_union(code: str) -> Organisation | None:
    """The union of that code inside the scope, or None."""
    if not code:
        return None
    return Organisation.objects.filter(code=code, kind__in=list(UNION_KINDS)).first()


def roster(flt: RosterFilter, *, today: dt.date | None = None) -> QuerySet[Member]:
    """Members in the active scope matching the filter. Callers are inside a scope."""
    today = today or dt.date.today()
    union = chosen_union(flt.union)
    if flt.union and union is None:
        qs = Member.objects.none()  # a union outside the scope, or no union: nobody
    else:
        # The union's subtree as the list of its organisations' ids, like the scope.
        qs = Member.objects.by_listed_orgs(within=union).select_related("org")
    if flt.status == "on_roll" or not flt.status:
        qs = qs.filter(status__in=ON_ROLL)
    elif flt.status in Status.values:
        qs = qs.filter(status=flt.status)
    if flt.group:
        qs = qs.filter(Q(org__code=flt.group) | Q(org__parent__code=flt.group))
    if flt.sex in ("male", "female"):
        qs = qs.filter(sex=flt.sex)
    if flt.age in AGE_BANDS:
        low, high = AGE_BANDS[flt.age]
        if low is not None:
            qs = qs.filter(birth_date__lte=age_cutoff(low, today))
        if high is not None:
            qs = qs.filter(birth_date__gt=age_cutoff(high, today))
    if flt.political:
        qs = qs.filter(political_status=flt.political)
    if flt.education:
        qs = qs.filter(education=flt.education)
    if flt.member_type:
        qs = qs.filter(member_type=flt.member_type)
    qs = qs.filter(search_q(flt.q))
    order = SORTS.get(flt.sort, SORTS["name"])
    if order == SORTS["name"] and _LATIN.match(flt.q.strip()):
        # A pinyin search matches one stretch of name_pinyin or of name_initials, and
        # PostgreSQL, ordering by name_pinyin, would walk that index from "a" and filter
        # row by row (45-65 ms for "w" or "zh" at 100,000 members). lower() changes
        # nothing in the lower-case key but hides the index from ORDER BY, so the
        # matches are fetched through both indexes and sorted (5-18 ms).
        order = (Lower("name_pinyin"), "id")
    elif order == SORTS["name"] and len(flt.q.strip()) == 1 and connection.vendor == "postgresql":
        # One character is in many names (王: one in fourteen), and the names that hold
        # it are not spread evenly over the alphabetical order: walking the name_pinyin
        # index to "wang" filtered 900,000 rows (2.8 s at 1,000,000 members). Read from
        # the characters' index and sorted instead, the time is that of the matches.
        order = (Lower("name_pinyin"), "id")
    return qs.order_by(*order)


# An upper union's roster counts its rows up to this many; a union's is counted exactly.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Pages of the roster that count at most `cap` rows (then `capped` is true), or
    all of them when `cap` is None.

    A district's plain roster of a million members was counted row by row for every
    page (141 ms of its 176 ms, #13 §9); counting the first 10,001 takes a few ms. Past
    the cap the pages go on to the cap's last row: a search or a group narrows the list.
    """

    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        if self.cap is None:
            return self.object_list.count()
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return self._counted if self.cap is None else min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.cap is not None and self._counted > self.cap

    def page(self, number):
        """The page's rows in two steps: the ids in order (only what the filter and the
        order need, no joined columns), then those rows. A one-character search sorts
        tens of thousands of matches at a district; sorting narrow rows halves it."""
        page = super().page(number)
        qs = self.object_list
        ids = list(page.object_list.values_list("pk", flat=True))
        rows = {obj.pk: obj for obj in qs.order_by().filter(pk__in=ids)}
        page.object_list = [rows[pk] for pk in ids if pk in rows]
        return page


# A search at an upper union counts its matches up to this many: one character is in
# 54,000 names of a district of a million, and counting the first 10,001 of them took a
# fifth of the page (#13 §9); a search that finds more wants another character.
SEARCH_COUNT_CAP = 1_000


def count_cap(org: Organisation, flt: RosterFilter | None = None) -> int | None:
    """How far the roster of `org` is counted: exactly in a union (its cadres know their
    roll to the person), up to COUNT_CAP at an upper union (a district of a million),
    up to SEARCH_COUNT_CAP there when searching by name."""
    if org.kind != OrgKind.UPPER:
        return None
    if flt is not None and flt.q.strip():
        return min(SEARCH_COUNT_CAP, COUNT_CAP)
    return COUNT_CAP


def months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class LapseCandidate:
    member: Member
    unpaid_since: dt.date | None
    took_part: bool | None  # None: no module records participation yet
    talk: object | None  # the latest LapseTalk

    @property
    def meets_all(self) -> bool:
        return bool(self.talk and self.talk.outcome == "refused" and self.took_part is False)


def lapse_candidates(*, today: dt.date | None = None) -> list[LapseCandidate]:
    """Active members whose dues are unpaid for the rule's number of months (章程 Art.6).

    The other conditions (no part in union life, refusal after a talk) are shown beside
    each one: the software flags, a cadre decides (domain.md §1).
    """
    today = today or dt.date.today()
    # Paid until a month before this one means that month and the following are unpaid.
    cutoff = months_before(today.replace(day=1), LAPSE.unpaid_months)
    # A union that keeps dues lines answers from its lines; the others from paid-until.
    keeping, runs = dues_lines.unpaid_runs(LAPSE.unpaid_months)
    by_paid_until = Q(dues_paid_until__lt=cutoff)
    for union_id in keeping:
        by_paid_until &= ~Q(org__path__contains=f"/{union_id}/")
    members = list(
        Member.objects.filter(status=Status.ACTIVE)
        .filter(by_paid_until | Q(pk__in=list(runs)))
        .select_related("org")
        .order_by("dues_paid_until", "id")[:500]
    )
    ids = [m.pk for m in members]
    active = took_part(ids, cutoff)
    talks: dict[int, object] = {}
    for talk in LapseTalk.objects.filter(member_id__in=ids).order_by("date", "id"):
        talks[talk.member_id] = talk
    return [
        LapseCandidate(
            member=m,
            # As paid-until: the month before the run of unpaid months began.
            unpaid_since=(months_before(runs[m.pk], 1) if m.pk in runs else m.dues_paid_until),
            took_part=None if active is None else m.pk in active,
            talk=talks.get(m.pk),
        )
        for m in members
    ]


def unions_by_org(org_ids) -> dict:
    """The grassroots union above each organisation (None above none), in two queries.

    Lists and exports show each member's union; walking up the tree per row would cost a
    query per row.
    """
    # The union sits above the group, often outside the caller's scope: read raw.
    paths = dict(Organisation._base_manager.filter(pk__in=set(org_ids)).values_list("pk", "path"))
    ids = {int(p) for path in paths.values() for p in path.strip("/").split("/")}
    nodes = {o.pk: o for o in Organisation._base_manager.filter(pk__in=ids)}
    out = {}
    for org_id, path in paths.items():
        chain = [nodes[int(p)] for p in path.strip("/").split("/") if int(p) in nodes]
        unions = [n for n in chain if n.kind in UNION_KINDS]
        out[org_id] = unions[-1] if unions else None
    return out


def incoming_transfers(org) -> Q:
    """Transfers arriving in `org`'s subtree from outside it (the receiving side decides)."""
    return Q(to_org__path__startswith=org.path) & ~Q(from_org__path__startswith=org.path)


def union_names(members) -> dict[int, str]:
    """The name of each member's union by org id (the org's own name where none is above)."""
    unions = unions_by_org(m.org_id for m in members)
    return {m.org_id: (unions.get(m.org_id) or m.org).name for m in members}


def member_union(org: Organisation) -> Organisation:
    """The union whose members `org`'s cadres place: the org itself at the upper levels."""
    if org.kind == OrgKind.UPPER:
        return org
    try:
        return union_of(org)
    except MemberError:
        return org


def placeable_orgs(org: Organisation) -> QuerySet[Organisation]:
    """Where a member may be placed: inside the caller's union (the page form's choices)."""
    union = member_union(org)
    return Organisation.objects.filter(path__startswith=union.path).exclude(kind=OrgKind.UPPER)


def member(member_id: int) -> Member:
    # Through the scoped manager: a member of another organisation is a 404.
    return get_object_or_404(Member.objects.select_related("org", "user"), pk=member_id)


def own_member(user) -> Member | None:
    """One's own record, by its account link: wherever the record sits now, so possibly
    outside the scope of the organisation in the URL (hence the base manager)."""
    return Member._base_manager.filter(user=user).select_related("org").first()


def applications() -> QuerySet[Member]:
    return Member.objects.filter(status=Status.APPLIED).select_related("org")


def without_login(group: str = "") -> QuerySet[Member]:
    """Active and retained members who have no login yet (of one group, if given)."""
    qs = Member.objects.filter(user__isnull=True, status__in=[Status.ACTIVE, Status.RETAINED])
    qs = qs.select_related("org")
    return qs.filter(org__code=group) if group else qs


def invitees(group: str = "", ids=()) -> list[Member]:
    """Whom to print invitation codes for: those of `ids` among the members without a
    login (of one group, if given), or the first 500 of them when no id is given."""
    without = without_login(group)
    return list(without.filter(pk__in=ids) if ids else without[:500])


def pending_invitations() -> int:
    return Invitation.objects.filter(used_at__isnull=True, revoked=False).count()


def transfers() -> QuerySet[Transfer]:
    # Scoped from both sides: a transfer is seen by the sending and the receiving union.
    qs = Transfer.objects.select_related("member", "from_org", "to_org", "requested_by")
    return qs.select_related("decided_by").order_by("-requested_on", "-id")


def incoming_transfer(org: Organisation, transfer_id: int) -> Transfer:
    """A transfer `org` receives: only the receiving side decides (the sender gets 404)."""
    transfer = get_object_or_404(transfers(), pk=transfer_id)
    if not transfer.to_org.is_descendant_of(org):
        raise Http404
    return transfer


def pending_requests() -> QuerySet[ChangeRequest]:
    qs = ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING)
    return qs.select_related("member", "org", "decided_by")


def change_request(request_id: int) -> ChangeRequest:
    # Through the scoped manager: another organisation's request is a 404.
    return get_object_or_404(ChangeRequest.objects.select_related("member", "org"), pk=request_id)


# The figures of the statistics page and the API: counts of the roll by these fields.
STATISTICS = ("sex", "member_type", "education", "political_status")


def roster_statistics(flt: RosterFilter | None = None) -> dict:
    """The roll in figures (of the filter's union only, given one): `total`, and
    `by_<field>` of each field of STATISTICS, the most frequent value first.

    One pass over the roll, grouped by all the fields together (a few hundred
    combinations), summed here: a district of a million members was read five times,
    once for the total and once per field (1.6 s, #13 §9).
    """
    combos = (
        roster(flt or RosterFilter())
        .order_by()
        .values(*STATISTICS)
        .annotate(n=Count("id"))
        .order_by()
    )
    total = 0
    tallies: dict[str, dict[str, int]] = {f: defaultdict(int) for f in STATISTICS}
    for row in combos:
        total += row["n"]
        for f in STATISTICS:
            tallies[f][row[f] or ""] += row["n"]
    return {
        "total": total,
        **{
            f"by_{f}": [
                {"value": value, "count": n}
                for value, n in sorted(tallies[f].items(), key=lambda kv: (-kv[1], kv[0]))
            ]
            for f in STATISTICS
        },
    }


def receiving_union(code: str) -> Organisation | None:
    """The active union or group a member is sent to, by its code. Usually outside the
    scope (another union): looked up past it by the code only, and no upper union."""
    with unscoped():
        org = Organisation.objects.filter(code=code.strip().upper(), is_active=True).first()
    return None if org is None or org.kind == OrgKind.UPPER else org


def invitation_overview(group: str = "") -> dict:
    """The invitations page and its API: how many members (of one group, if given) have
    no login yet, the first 500 of them by group and name, and the codes not used yet."""
    without = without_login(group)
    members = without.order_by("org__path", "name_pinyin")[:500]
    return {"count": without.count(), "pending": pending_invitations(), "members": members}


def lapse_overview() -> dict:
    """The lapse rule (章程 Art.6) and the members it may concern, with each condition."""
    return {"rule": LAPSE, "candidates": lapse_candidates()}
