"""Reads of awards both doors share: the committee's rounds and nominations, what a member
reads from their login (their union's calls, 公示 and honour roll: rounds of an ancestor of
their group, reached on purpose), their own nominations and objections, the register."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.orgs.models import Organisation, OrgKind

from .models import (
    AWARDED_STATES,
    MEMBER_VISIBLE,
    AwardRound,
    Nomination,
    NominationFile,
    NominationStatus,
    Objection,
    RoundStatus,
    TitleHeld,
)

UNIT_KINDS = (OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.UPPER)


def unit_of(org: Organisation) -> Organisation | None:
    """The union whose rounds `org`'s people take part in: itself, or the nearest union
    above a group or branch."""
    if org.kind in UNIT_KINDS:
        return org
    for node in reversed(org.ancestors()):
        if node.kind in UNIT_KINDS:
            return node
    return None


# -- the committee ----------------------------------------------------------------------------


def rounds(org: Organisation, year: int | None = None) -> QuerySet[AwardRound]:
    qs = AwardRound.objects.filter(org=org).annotate(
        n_nominations=Count(
            "nominations", filter=~Q(nominations__status=NominationStatus.WITHDRAWN)
        ),
        n_awarded=Count("nominations", filter=Q(nominations__status=NominationStatus.AWARDED)),
    )
    return qs.filter(year=year) if year else qs


def years(org: Organisation) -> list[int]:
    return sorted(
        set(AwardRound.objects.filter(org=org).values_list("year", flat=True)), reverse=True
    )


def round_of(org: Organisation, round_id) -> AwardRound:
    return get_object_or_404(AwardRound.objects.select_related("org"), org=org, pk=round_id)


def nominations(round_: AwardRound) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(round=round_)
        .select_related("round__org", "member", "nominee_org", "nominated_by", "reviewed_by")
        .prefetch_related("files", "objections")
        .order_by("status", "-score", "id")
    )


def nomination_in(round_: AwardRound, nomination_id) -> Nomination:
    return get_object_or_404(nominations(round_), pk=nomination_id)


def objections(round_: AwardRound) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(nomination__round=round_)
        .select_related("nomination", "raised_by", "answered_by")
        .order_by("answered_at", "raised_on", "id")
    )


def objection_in(org: Organisation, objection_id) -> Objection:
    return get_object_or_404(
        Objection.objects.select_related("nomination__round__org"),
        nomination__round__org=org,
        pk=objection_id,
    )


def file_in(nomination: Nomination, file_id) -> NominationFile:
    return get_object_or_404(NominationFile.objects.filter(nomination=nomination), pk=file_id)


def titles(org: Organisation) -> QuerySet[TitleHeld]:
    return TitleHeld.objects.filter(org=org).select_related("member", "member__org")


def title_of(org: Organisation, title_id) -> TitleHeld:
    return get_object_or_404(titles(org), pk=title_id)


# -- the member -------------------------------------------------------------------------------


def visible_rounds(org: Organisation) -> QuerySet[AwardRound]:
    """The rounds of the union of `org` that members read (not drafts). Reached past the
    request's scope on purpose when the login sits at a group: its union's rounds only."""
    unit = unit_of(org)
    if unit is None:
        return AwardRound.objects.none()
    return (
        AwardRound.objects.reaching(org)
        .filter(org=unit, status__in=MEMBER_VISIBLE)
        .select_related("org")
    )


def visible_round(org: Organisation, round_id) -> AwardRound:
    return get_object_or_404(visible_rounds(org), pk=round_id)


def open_calls(org: Organisation) -> QuerySet[AwardRound]:
    return visible_rounds(org).filter(status=RoundStatus.OPEN)


def on_publicity(org: Organisation) -> QuerySet[AwardRound]:
    return visible_rounds(org).filter(status=RoundStatus.PUBLICITY)


def honoured_rounds(org: Organisation) -> QuerySet[AwardRound]:
    return visible_rounds(org).filter(status__in=AWARDED_STATES).select_related("decision")


def publicised(round_: AwardRound) -> QuerySet[Nomination]:
    """The names a member reads on the 公示 (or on the honour roll once decided)."""
    if round_.status == RoundStatus.PUBLICITY:
        states = (NominationStatus.SELECTED,)
    elif round_.status in AWARDED_STATES:
        states = (NominationStatus.AWARDED,)
    else:
        return Nomination.objects.none()
    return (
        Nomination.objects.reaching(round_.org)
        .filter(round=round_, status__in=states)
        .select_related("round", "member")
        .prefetch_related("files")
        .order_by("certificate_no", "id")
    )


def publicised_one(round_: AwardRound, nomination_id) -> Nomination:
    return get_object_or_404(publicised(round_), pk=nomination_id)


def my_nominations(org: Organisation, user) -> QuerySet[Nomination]:
    """What the login nominated in its union's rounds."""
    unit = unit_of(org)
    if unit is None or not getattr(user, "pk", None):
        return Nomination.objects.none()
    return (
        Nomination.objects.reaching(org)
        .filter(round__org=unit, nominated_by=user)
        .exclude(round__status=RoundStatus.DRAFT)
        .select_related("round")
        .prefetch_related("files")
        .order_by("-id")
    )


def my_nomination(org: Organisation, user, nomination_id) -> Nomination:
    return get_object_or_404(my_nominations(org, user), pk=nomination_id)


def my_objections(org: Organisation, user, round_: AwardRound | None = None):
    unit = unit_of(org)
    if unit is None or not getattr(user, "pk", None):
        return Objection.objects.none()
    qs = Objection.objects.reaching(org).filter(nomination__round__org=unit, raised_by=user)
    if round_ is not None:
        qs = qs.filter(nomination__round=round_)
    return qs.select_related("nomination__round").order_by("-id")


def member_file(org: Organisation, user, file_id) -> NominationFile:
    """A file a member may open: of a name on the 公示 or the honour roll (photos only),
    or of a nomination they made."""
    unit = unit_of(org)
    if unit is None:
        raise Http404
    item = get_object_or_404(
        NominationFile.objects.reaching(org).select_related("nomination__round"),
        nomination__round__org=unit,
        pk=file_id,
    )
    n = item.nomination
    if n.nominated_by_id == getattr(user, "pk", None):
        return item
    shown = publicised(n.round).filter(pk=n.pk).exists()
    if shown and item.is_photo:
        return item
    raise Http404


def my_titles(user) -> QuerySet[TitleHeld]:
    """The titles on the login's own member record, wherever it sits."""
    if not getattr(user, "pk", None):
        return TitleHeld.objects.none()
    return TitleHeld.objects.everywhere(why="one's own titles, read by the account link").filter(
        member__user=user
    )


def members_for_choice(org: Organisation):
    from .services import members_of

    return members_of(org).select_related("org").order_by("org__path", "name_pinyin")[:2000]


def groups_for_choice(org: Organisation):
    return (
        Organisation.objects.reaching(org)
        .filter(path__startswith=org.path, kind=OrgKind.GROUP)
        .order_by("path")
    )


def unions_for_choice(org: Organisation):
    return (
        Organisation.objects.reaching(org)
        .filter(path__startswith=org.path, kind__in=(OrgKind.GRASSROOTS, OrgKind.JOINT))
        .order_by("path")
    )


def year_counts(org: Organisation, year: int) -> list[tuple[str, int]]:
    """(award name, names awarded) of the rounds of `org` and its subtree decided in `year`."""
    rows = (
        Nomination.objects.filter(
            round__org__path__startswith=org.path,
            round__year=year,
            status=NominationStatus.AWARDED,
        )
        .values_list("round__kind")
        .annotate(n=Count("id"))
        .order_by("round__kind")
    )
    from . import rules

    return [(rules.kind(k).name, n) for k, n in rows if k in rules.BY_KEY]
