"""Activity workflows: the status transitions, sign-ups with their waiting list, check-in,
the after-activity record and its files. Each is atomic and audited through the models.

Concurrency: every change to who holds a place (sign-up, cancel, remove, quota change,
walk-in) first locks the activity's row (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's
IMMEDIATE transactions serialise writers anyway), then counts the places taken and the
last sequence number under that lock. So 300 members pressing the button at the same
moment are served one at a time per activity: exactly `quota` get a place, the rest join
the waiting list in the order they were served, and a cancellation promotes the next
one in the same transaction. The unique constraint (activity, member) is the backstop
that makes a double sign-up impossible even if a code path forgot the lock.

Sign-ups of an activity are counted through `Signup._base_manager`: the activity has
been authorised by the caller (page or API) already, and its places are taken by members
of its whole audience, whichever group the person asking sits in.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core import rows as made
from gonghui.core.errors import DomainError
from gonghui.core.models import insert_audited
from gonghui.core.validators import calendar_date, date_problem
from gonghui.finance import mapping, posting
from gonghui.finance.models import SourcePosting
from gonghui.finance.services import FinanceError
from gonghui.funds.models import Fund, FundKind
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation, OrgKind

from . import audience, selectors
from .models import (
    ATTACHMENT_TYPES,
    PHOTO_TYPES,
    TRANSITIONS,
    VISIBLE,
    Activity,
    ActivityFile,
    CheckinMethod,
    Signup,
    SignupState,
    Source,
    Status,
)
from .rules import checkin_window

ACTIVE_STATES = (SignupState.CONFIRMED, SignupState.WAITLISTED)
# When self check-in by QR code is open: rules.checkin_window (rule and source there).
CHECKIN_SALT = "gonghui.activities.checkin"
# A printed check-in code stops working at the latest this long after it was made,
# whatever the activity's dates say; within that, the check-in window decides.
CHECKIN_TOKEN_MAX_AGE = dt.timedelta(days=120)
PHOTO_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ORGANISER_KINDS = {OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.BRANCH, OrgKind.GROUP}
# How the books name an activity's actual cost (finance.SourcePosting.source).
BOOKS_SOURCE = selectors.BOOKS_SOURCE
ZERO = Decimal("0.00")


class ActivityError(DomainError):
    """An activity workflow was refused; the message is for the user."""


# -- the activity --------------------------------------------------------------------

EDITABLE_FIELDS = (
    "title",
    "kind",
    "audience",
    "starts_at",
    "ends_at",
    "place",
    "description",
    "signup_opens_at",
    "signup_closes_at",
    "quota",
    "family_allowed",
    "family_max",
    "family_counts",
    "cost_per_person",
    "budget",
)


def _check_dates(a: Activity) -> None:
    for moment in (a.starts_at, a.ends_at, a.signup_opens_at, a.signup_closes_at):
        problem = date_problem(moment, calendar_date) if moment else None
        if problem:
            raise ActivityError(problem)
    if a.ends_at < a.starts_at:
        raise ActivityError(_("The activity cannot end before it starts."))
    if a.signup_opens_at and a.signup_closes_at and a.signup_closes_at <= a.signup_opens_at:
        raise ActivityError(_("Sign-up cannot close before it opens."))
    if a.signup_closes_at and a.signup_closes_at > a.ends_at:
        raise ActivityError(_("Sign-up must close before the activity ends."))


def _check_groups(org: Organisation, groups) -> list[Organisation]:
    groups = list(groups or [])
    for g in groups:
        if not g.path.startswith(org.path):
            raise ActivityError(
                _("%(group)s is not part of %(org)s.") % {"group": g.name, "org": org.name}
            )
    return groups


@transaction.atomic
def activity_create(*, actor, org: Organisation, data: dict, groups=()) -> Activity:
    if org.kind not in ORGANISER_KINDS:
        raise ActivityError(_("Activities are organised by a union, a branch or a group."))
    groups = _check_groups(org, groups)
    activity = Activity(org=org, created_by=actor if getattr(actor, "pk", None) else None)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(activity, field, data[field])
    _check_dates(activity)
    activity.save()
    if groups:
        activity.groups.set(groups)
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, data: dict, groups=None) -> Activity:
    """Edit the details. Once members have signed up the audience and places may still
    change (a bigger hall): a larger quota promotes the waiting list at once."""
    if activity.status == Status.ARCHIVED:
        raise ActivityError(_("An archived activity cannot be changed."))
    locked = _lock(activity)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    _check_dates(locked)
    locked.save()
    if groups is not None:
        locked.groups.set(_check_groups(locked.org, groups))
    _promote(locked)
    _copy(locked, activity)
    return activity


def _copy(src: Activity, dst: Activity) -> None:
    if src is not dst:
        for f in src._meta.concrete_fields:
            setattr(dst, f.attname, getattr(src, f.attname))
        dst._audit_before = getattr(src, "_audit_before", None)


def _lock(activity: Activity) -> Activity:
    """The activity's row, locked until the end of the transaction (the one place
    sign-ups are serialised)."""
    locked = Activity._base_manager.select_for_update().get(pk=activity.pk)
    locked.org = activity.org  # same row; saves a query and the audit needs it
    return locked


def _transition(activity: Activity, to: str, *, actor) -> Activity:
    locked = _lock(activity)
    if to not in TRANSITIONS[locked.status]:
        raise ActivityError(
            _("Not possible while the activity is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    locked.status = to
    locked.save()
    _copy(locked, activity)
    return activity


@transaction.atomic
def activity_publish(*, actor, activity: Activity) -> Activity:
    """Draft → published; straight to "sign-up open" when its window has begun."""
    if activity.status != Status.DRAFT:
        raise ActivityError(_("Only a draft can be published."))
    now = timezone.now()
    if activity.starts_at <= now:
        raise ActivityError(_("The activity's start is in the past."))
    opens = activity.signup_opens_at
    to = Status.SIGNUP_OPEN if (opens is None or opens <= now) else Status.PUBLISHED
    return _transition(activity, to, actor=actor)


@transaction.atomic
def activity_open_signup(*, actor, activity: Activity) -> Activity:
    """Open the sign-up now (earlier than planned): the window starts today."""
    locked = _lock(activity)
    if locked.status != Status.PUBLISHED:
        raise ActivityError(_("Only a published activity can open its sign-up."))
    now = timezone.now()
    if locked.signup_deadline <= now:
        raise ActivityError(_("The sign-up deadline has passed."))
    if locked.signup_opens_at is None or locked.signup_opens_at > now:
        locked.signup_opens_at = now
    locked.status = Status.SIGNUP_OPEN
    locked.save()
    _copy(locked, activity)
    return activity


@transaction.atomic
def activity_start(*, actor, activity: Activity) -> Activity:
    return _transition(activity, Status.IN_PROGRESS, actor=actor)


@transaction.atomic
def activity_finish(*, actor, activity: Activity) -> Activity:
    """The activity is over: the waiting list is closed (nobody is promoted any more)."""
    _transition(activity, Status.FINISHED, actor=actor)
    return activity


@transaction.atomic
def activity_archive(*, actor, activity: Activity) -> Activity:
    """Filed in the ledger (台账): needs the short report; nothing changes afterwards."""
    if not activity.report.strip():
        raise ActivityError(_("Write the short report before archiving."))
    return _transition(activity, Status.ARCHIVED, actor=actor)


@transaction.atomic
def activity_record(
    *,
    actor,
    activity: Activity,
    report: str,
    actual_cost: Decimal | None,
    override_reason: str = "",
) -> Activity:
    """After the activity: the short report (台账) and the actual cost.

    The cost is money the union paid, so it reaches the books here (`_book_cost`): a new
    cost is a payout voucher, a changed one reverses the earlier voucher and books the
    new amount, a cost taken back to nothing only reverses. A refusal of the books (a
    closed month, a fund that cannot pay) refuses the whole record: the report and the
    cost are kept only together with their voucher. A cost beyond its line of the budget
    or above a spending rule (the books' checks) is refused, field `override_reason`,
    unless `override_reason` says why it goes ahead; the voucher keeps both."""
    if activity.status not in (Status.IN_PROGRESS, Status.FINISHED):
        raise ActivityError(_("The report is written once the activity has taken place."))
    if actual_cost is not None and actual_cost < 0:
        raise ActivityError(_("The cost cannot be negative."))
    # The row lock serialises two people saving the record at once, so each compares
    # with the cost the other has booked.
    locked = _lock(activity)
    if locked.status not in (Status.IN_PROGRESS, Status.FINISHED):
        raise ActivityError(_("The report is written once the activity has taken place."))
    before = locked.actual_cost
    locked.report = report
    locked.actual_cost = actual_cost
    locked.save()
    if (before or ZERO) != (actual_cost or ZERO):
        _book_cost(
            actor=actor,
            activity=locked,
            cost=actual_cost or ZERO,
            override_reason=override_reason,
        )
    # Only now, once the books have taken it: a refusal leaves the caller's copy as it was.
    _copy(locked, activity)
    return activity


def _cost_date(activity: Activity) -> dt.date:
    """The date of an actual cost's voucher: the day the activity ended, or today for an
    activity still under way (a payout is not dated ahead of its recording)."""
    return min(timezone.localtime(activity.ends_at).date(), timezone.localdate())


def _union_fund(union: Organisation) -> Fund | None:
    """The fund an activity's cost is paid from: the union's one active 工会经费 fund.
    With none, or several to choose from, the bank line carries no fund and the
    accountant assigns it at review."""
    funds = list(Fund._base_manager.filter(org=union, kind=FundKind.UNION, is_active=True)[:2])
    return funds[0] if len(funds) == 1 else None


def _book_cost(*, actor, activity: Activity, cost: Decimal, override_reason: str = "") -> None:
    """Bring the books in line with the activity's new actual cost (`cost`, zero for
    none): reverse what is booked for it, then book the new amount. The activity is
    booked in its grassroots union, whichever branch or group organised it."""
    union = activity.org.union()
    if union is None:
        raise ActivityError(
            _("The activity belongs to no grassroots union: its cost cannot be booked."),
            field="actual_cost",
        )
    date = _cost_date(activity)
    source_id = str(activity.pk)
    try:
        booked = (
            SourcePosting._base_manager.filter(
                org=union, source=BOOKS_SOURCE, source_id=source_id, reversal__isnull=True
            )
            .select_related("voucher")
            .first()
        )
        if booked is not None:
            # After the reversal the record is free to be booked again (the constraint
            # holds for live bookings only), under the same source_id.
            posting.posting_reverse(
                actor=actor,
                org=union,
                source=BOOKS_SOURCE,
                source_id=source_id,
                date=max(date, booked.voucher.date),
                reason=_("Actual cost corrected"),
            )
        if cost > 0:
            account = mapping.expense_account(BOOKS_SOURCE, activity.kind)
            posting.payout_post(
                actor=actor,
                org=union,
                source=BOOKS_SOURCE,
                source_id=source_id,
                date=date,
                summary=_("“%(title)s” actual cost") % {"title": activity.title},
                fund=_union_fund(union),
                items=[posting.Item(account, cost, restricted=False)],
                override_reason=override_reason,
            )
    except FinanceError as exc:
        if exc.field == "override_reason":
            # A concern of the books' checks: its own words, on the reason to give.
            raise ActivityError(exc.message, field="override_reason") from None
        raise ActivityError(
            _("The books refused the actual cost: %(reason)s") % {"reason": exc.message},
            field="actual_cost",
        ) from None


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    if activity.status != Status.DRAFT:
        raise ActivityError(_("Only a draft can be deleted."))
    for f in activity.files.all():
        file_delete(actor=actor, item=f)
    activity.delete()


# -- sign-ups ----------------------------------------------------------------------


def _taken(activity: Activity, member_id: int | None = None) -> dict:
    """Under the activity's lock, in one statement: places taken, people waiting, the
    last sequence number, the member's own row (id and state) if they have one, and how
    many groups the audience is narrowed to.

    Written in SQL rather than with the ORM: it runs for every sign-up inside the
    locked section, where the ORM's compiling of five conditional aggregates cost more
    than the database's work (bench/signup_load.py).
    """
    signup = Signup._meta.db_table
    groups = Activity.groups.through._meta.db_table
    places = "family_count + 1" if activity.family_counts else "1"
    sql = f"""
        SELECT
            COALESCE(SUM(CASE WHEN state = %s THEN {places} ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN state = %s THEN 1 ELSE 0 END), 0),
            COALESCE(MAX(seq), 0),
            MAX(CASE WHEN member_id = %s THEN id END),
            MAX(CASE WHEN member_id = %s THEN state END),
            (SELECT COUNT(*) FROM {groups} WHERE activity_id = %s)
        FROM {signup} WHERE activity_id = %s
    """  # noqa: S608 - table names from the models, values as parameters
    mid = member_id if member_id is not None else -1
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [SignupState.CONFIRMED, SignupState.WAITLISTED, mid, mid, activity.pk, activity.pk],
        )
        used, waiting, last, mine, mine_state, n_groups = cursor.fetchone()
    return {
        "used": int(used),
        "waiting": int(waiting),
        "last": int(last),
        "mine": mine,
        "mine_state": mine_state,
        "groups": int(n_groups),
    }


def _places(activity: Activity, family_count: int) -> int:
    return 1 + (family_count if activity.family_counts else 0)


def _check_family(activity: Activity, family_count: int, family_names: str) -> None:
    if family_count < 0:
        raise ActivityError(_("The number of family members cannot be negative."))
    if family_count and not activity.family_allowed:
        raise ActivityError(_("Family members cannot come to this activity."))
    if family_count > activity.family_max:
        raise ActivityError(
            _("At most %(n)s family members per member.") % {"n": activity.family_max}
        )
    if len(family_names) > 200:
        raise ActivityError(_("The names of family members are too long."))


def _place_or_wait(activity: Activity, taken: dict, family_count: int) -> str:
    """Confirmed when the places suffice and nobody waits ahead; else the waiting list."""
    if activity.quota is None:
        return SignupState.CONFIRMED
    if taken["waiting"] == 0 and taken["used"] + _places(activity, family_count) <= activity.quota:
        return SignupState.CONFIRMED
    return SignupState.WAITLISTED


def _signup_locked(
    *,
    actor,
    activity: Activity,
    member: Member,
    family_count: int,
    family_names: str,
    source: str,
    state: str | None = None,
    taken: dict | None = None,
) -> Signup:
    """The part of a sign-up that runs under the activity's lock: one query to count,
    one insert (or an update of the member's cancelled row), one audit entry."""
    taken = taken or _taken(activity, member.pk)
    if taken["mine_state"] in ACTIVE_STATES:
        raise ActivityError(
            _("%(name)s has already signed up (%(state)s).")
            % {"name": member.name, "state": SignupState(taken["mine_state"]).label}
        )
    existing = None
    if taken["mine"] is not None:  # signing up again after cancelling: the same row
        existing = Signup._base_manager.get(pk=taken["mine"])
    signup = existing or Signup(activity=activity, member=member)
    signup.activity = activity
    signup.member = member
    signup.state = state or _place_or_wait(activity, taken, family_count)
    signup.seq = taken["last"] + 1
    signup.family_count = family_count
    signup.family_names = family_names.strip()
    signup.source = source
    signup.signed_up_at = timezone.now()
    signup.signed_up_by = actor if getattr(actor, "pk", None) else None
    signup.cancelled_at = None
    try:
        # No savepoint of our own: on a violation the whole sign-up is rolled back.
        with transaction.atomic(savepoint=False):
            if existing is None:
                insert_audited(signup)  # the crowd's path: the row and its entry at once
            else:
                signup.save()
    except IntegrityError:  # the constraint, should a path ever skip the lock
        raise ActivityError(_("%(name)s has already signed up.") % {"name": member.name}) from None
    # Where they stand, known from the count above: no query to ask for it again.
    signup.position = taken["waiting"] + 1 if signup.state == SignupState.WAITLISTED else None
    return signup


@transaction.atomic
def signup_create(
    *,
    actor,
    activity: Activity,
    member: Member,
    family_count: int = 0,
    family_names: str = "",
    source: str = Source.SELF,
) -> Signup:
    """Sign `member` up: a place if one is free (and nobody waits), else the waiting list.

    A member signs up themselves while the window is open; a cadre (source=cadre) may
    add someone until the activity has finished.
    """
    # Everything that needs no lock is checked first, to keep the locked part short.
    why = audience.refusal(activity, member)
    if why:
        raise ActivityError(why)
    _check_family(activity, family_count, family_names)
    locked = _lock(activity)
    if source == Source.SELF:
        if not locked.signup_is_open():
            raise ActivityError(_("Sign-up for this activity is not open."))
    elif locked.status in (Status.DRAFT, Status.FINISHED, Status.ARCHIVED):
        raise ActivityError(
            _("Not possible while the activity is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return _signup_locked(
        actor=actor,
        activity=locked,
        member=member,
        family_count=family_count,
        family_names=family_names,
        source=source,
    )


@transaction.atomic
def signup_self(
    *, actor, member: Member, activity_id: int, family_count: int = 0, family_names: str = ""
) -> Signup | None:
    """A member signs up on their own (page, API): the path a crowd takes at opening
    time, so it is kept to the fewest statements. The activity is read and locked in one
    query, and only if it is published above (or at) the member's own node; None when
    it is not (the caller answers 404).
    """
    locked = _lock_visible(activity_id, member_chain(member))
    if locked is None:
        return None
    taken = _taken(locked, member.pk)
    if not taken["groups"]:
        locked._group_paths = []  # the common case: no query for the chosen groups
    why = audience.refusal(locked, member)
    if why:
        raise ActivityError(why)
    _check_family(locked, family_count, family_names)
    if not locked.signup_is_open():
        raise ActivityError(_("Sign-up for this activity is not open."))
    return _signup_locked(
        actor=actor,
        activity=locked,
        member=member,
        family_count=family_count,
        family_names=family_names,
        source=Source.SELF,
        taken=taken,
    )


def _lock_visible(activity_id: int, chain: list[int]) -> Activity | None:
    """The activity (its organiser joined) if it is published at one of the nodes
    `chain`, its row locked until the end of the transaction; None otherwise.

    One hand-written statement (gonghui.core.rows) rather than the ORM's: it runs for
    every sign-up of the crowd at opening time, where compiling the query cost more than
    the database's work (#13 §9).
    """
    from gonghui.orgs.models import Organisation

    chain = [int(pk) for pk in chain] or [0]
    visible = sorted(status.value for status in VISIBLE)
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {made.columns(Activity, 'a')}, {made.columns(Organisation, 'o')} "  # noqa: S608
        f"FROM {quote(Activity._meta.db_table)} a "
        f'JOIN {quote(Organisation._meta.db_table)} o ON o."id" = a."org_id" '
        f'WHERE a."id" = %s AND a."org_id" IN ({", ".join(["%s"] * len(chain))}) '
        f'AND a."status" IN ({", ".join(["%s"] * len(visible))})'
    )
    if connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF a"
    elif connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [activity_id, *chain, *visible])
        row = cursor.fetchone()
    if row is None:
        return None
    n = made.width(Activity)
    activity = made.instance(Activity, row[:n])
    activity.org = made.instance(Organisation, row[n:])
    return activity


def member_chain(member: Member) -> list[int]:
    """Ids of the member's own node and every node above it."""
    return [int(p) for p in member.org.path.strip("/").split("/") if p]


def _promote(activity: Activity) -> list[Signup]:
    """Give freed places to the waiting list in order (call under the activity's lock).

    Strictly in order: when the next person needs more places than are free (they bring
    family), nobody behind them jumps ahead; they get the place when enough is free.
    """
    if activity.status not in (Status.PUBLISHED, Status.SIGNUP_OPEN, Status.IN_PROGRESS):
        return []
    waiting = Signup._base_manager.filter(
        activity_id=activity.pk, state=SignupState.WAITLISTED
    ).order_by("seq")
    promoted = []
    if activity.quota is None:
        free = None
    else:
        free = activity.quota - _taken(activity)["used"]
        if free <= 0:
            return []
    for signup in waiting.select_related("member"):
        signup.activity = activity
        need = _places(activity, signup.family_count)
        if free is not None and need > free:
            break
        signup.state = SignupState.CONFIRMED
        signup.save()
        promoted.append(signup)
        if free is not None:
            free -= need
    return promoted


def _end(signup: Signup, state: str, *, actor, cadre: bool) -> Signup:
    activity = signup.activity
    locked = _lock(activity)
    current = Signup._base_manager.select_related("member").get(pk=signup.pk)
    current.activity = locked
    if current.state not in ACTIVE_STATES:
        raise ActivityError(_("This sign-up is no longer active."))
    if current.checked_in_at is not None:
        raise ActivityError(_("This member has already checked in."))
    if not cadre:
        if locked.status not in (Status.PUBLISHED, Status.SIGNUP_OPEN) or (
            timezone.now() >= locked.signup_deadline
        ):
            raise ActivityError(_("The deadline for cancelling has passed."))
    elif locked.status in (Status.FINISHED, Status.ARCHIVED):
        raise ActivityError(
            _("Not possible while the activity is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    current.state = state
    current.cancelled_at = timezone.now()
    current.save()
    _promote(locked)
    signup.refresh_from_db()
    return signup


@transaction.atomic
def signup_cancel(*, actor, signup: Signup) -> Signup:
    """The member withdraws before the deadline; the next on the waiting list moves up."""
    return _end(signup, SignupState.CANCELLED, actor=actor, cadre=False)


@transaction.atomic
def signup_remove(*, actor, signup: Signup) -> Signup:
    """A cadre takes someone off the list (until the activity has finished)."""
    return _end(signup, SignupState.REMOVED, actor=actor, cadre=True)


# -- check-in ----------------------------------------------------------------------


def checkin_token(activity: Activity) -> str:
    """What the activity's check-in QR code carries: its id and key, signed.

    Whether the code works at a given moment is the check-in window's business
    (rules.checkin_window, read from the activity's dates when it is scanned), so a
    rescheduled activity keeps its printed code and a late scan is told when check-in
    closed rather than that the code is bad."""
    return signing.dumps({"a": activity.pk, "k": activity.checkin_key}, salt=CHECKIN_SALT)


def checkin_activity(token: str) -> tuple[int, str]:
    """(activity id, key) of a valid token; ActivityError when forged or too old."""
    try:
        data = signing.loads(
            token, salt=CHECKIN_SALT, max_age=CHECKIN_TOKEN_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired:
        raise ActivityError(_("This check-in code has expired.")) from None
    except signing.BadSignature:
        raise ActivityError(_("This check-in code is not valid.")) from None
    return int(data["a"]), str(data.get("k", ""))


def _mark(signup: Signup, *, actor, method: str) -> Signup:
    signup.checked_in_at = timezone.now()
    signup.checkin_method = method
    signup.checked_in_by = actor if getattr(actor, "pk", None) else None
    signup.save()
    return signup


@transaction.atomic
def checkin_self(*, actor, activity: Activity, member: Member, key: str) -> Signup:
    """A member scanned the activity's code and confirmed on their phone.

    A member with a place is checked in. One who did not sign up but belongs to the
    audience is taken at the door while places remain (a lecture often has walk-ins);
    someone on the waiting list is not (their place is not theirs yet).
    """
    if key != activity.checkin_key:
        raise ActivityError(_("This check-in code is not valid."))
    window = checkin_window(activity)
    if not window.is_open:
        raise ActivityError(window.reason)
    signup = Signup._base_manager.filter(activity_id=activity.pk, member_id=member.pk).first()
    if signup is not None and signup.state == SignupState.CONFIRMED:
        if signup.checked_in_at:
            return signup  # scanning twice is harmless
        signup.activity = activity
        return _mark(signup, actor=actor, method=CheckinMethod.QR)
    if signup is not None and signup.state == SignupState.WAITLISTED:
        raise ActivityError(_("You are on the waiting list; ask the organiser at the door."))
    why = audience.refusal(activity, member)
    if why:
        raise ActivityError(why)
    locked = _lock(activity)
    taken = _taken(locked)
    if locked.quota is not None and taken["used"] + 1 > locked.quota:
        raise ActivityError(_("The activity is full; ask the organiser at the door."))
    signup = _signup_locked(
        actor=actor,
        activity=locked,
        member=member,
        family_count=0,
        family_names="",
        source=Source.WALK_IN,
        state=SignupState.CONFIRMED,
    )
    return _mark(signup, actor=actor, method=CheckinMethod.QR)


@transaction.atomic
def signup_attendance(*, actor, signup: Signup, present: bool) -> Signup:
    """A cadre ticks (or unticks) someone on the sign-in sheet, during or after."""
    activity = signup.activity
    if activity.status in (Status.DRAFT, Status.ARCHIVED):
        raise ActivityError(
            _("Not possible while the activity is %(status)s.")
            % {"status": activity.get_status_display()}
        )
    if signup.state != SignupState.CONFIRMED:
        raise ActivityError(_("Only confirmed sign-ups can be ticked."))
    if present and signup.checked_in_at is None:
        return _mark(signup, actor=actor, method=CheckinMethod.SHEET)
    if not present and signup.checked_in_at is not None:
        signup.checked_in_at = None
        signup.checkin_method = ""
        signup.checked_in_by = None
        signup.save()
    return signup


@transaction.atomic
def sheet_save(*, actor, activity: Activity, present_ids: set[int]) -> int:
    """The whole sign-in sheet at once: ticked ids are present, the others are not.
    Returns how many rows changed."""
    changed = 0
    rows = Signup._base_manager.filter(activity_id=activity.pk, state=SignupState.CONFIRMED)
    for signup in rows.select_related("member"):
        signup.activity = activity
        want = signup.pk in present_ids
        if want != signup.attended:
            signup_attendance(actor=actor, signup=signup, present=want)
            changed += 1
    return changed


# -- files -------------------------------------------------------------------------


def _validate_upload(upload, *, is_photo: bool) -> str:
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = PHOTO_TYPES if is_photo else ATTACHMENT_TYPES
    if ext not in allowed:
        raise ActivityError(
            _("Files of type %(ext)s are not accepted (allowed: %(allowed)s).")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(allowed))}
        )
    limit = PHOTO_MAX_BYTES if is_photo else ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ActivityError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    if ext in PHOTO_TYPES:
        # The extension is what the user says; Pillow checks the content is an image.
        from PIL import Image

        try:
            upload.seek(0)
            with Image.open(upload) as img:
                img.verify()
                fmt = (img.format or "").lower()
        except Exception:  # noqa: BLE001 - any failure means "not an image"
            raise ActivityError(_("The file is not a readable image.")) from None
        finally:
            upload.seek(0)
        if fmt not in ("jpeg", "png", "webp"):
            raise ActivityError(_("The file is not a readable image."))
        return {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[fmt]
    return {
        "pdf": "application/pdf",
        "txt": "text/plain",
    }.get(ext, "application/octet-stream")


@transaction.atomic
def file_add(
    *, actor, activity: Activity, upload, is_photo: bool, caption: str = ""
) -> ActivityFile:
    if activity.status == Status.ARCHIVED:
        raise ActivityError(_("An archived activity cannot be changed."))
    if is_photo and activity.status not in (Status.IN_PROGRESS, Status.FINISHED):
        raise ActivityError(_("Photos are added once the activity has taken place."))
    content_type = _validate_upload(upload, is_photo=is_photo)
    item = ActivityFile(
        activity=activity,
        is_photo=is_photo,
        name=(upload.name or "")[:200],
        caption=caption[:200],
        size=upload.size,
        content_type=content_type,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        token=secrets.token_hex(16),
    )
    item.file.save(upload.name, upload, save=False)
    item.save()
    return item


@transaction.atomic
def file_delete(*, actor, item: ActivityFile) -> None:
    if item.activity.status == Status.ARCHIVED:
        raise ActivityError(_("An archived activity cannot be changed."))
    storage, name = item.file.storage, item.file.name
    item.delete()
    # The file goes once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name))


def record_printed(activity: Activity, what: str) -> None:
    """Printing the sign-in sheet is on the record (it lists names)."""
    audit.record("activities.activity.printed", obj=activity, note=what)
