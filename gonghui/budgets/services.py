"""Workflows of budgets, adjustments and final accounts (决算).

Every function is atomic and takes the acting user; the document row is re-read under its
lock (`locked`) before its state is checked, so two people acting at once (two approvals,
a ratification racing a return) act one after the other and the second is refused.

Separation of duties written into the services, whichever door calls them:
- the 经审 review (and its return) only by a login holding oversight.review:write in the
  union (a member of the 经审会);
- ratification (核定) and returning only by a login holding budgets.budget:ratify at a
  node ABOVE the union: a union never ratifies its own budget.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.audit.context import acting, current_actor
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked
from gonghui.core.validators import date_problem
from gonghui.finance import chart
from gonghui.funds import money

from . import selectors
from .models import BUDGET_KINDS, ZERO, Budget, BudgetLine, Kind, State

MAX_LINES = 300


class BudgetError(DomainError):
    """A budget action was refused; the message is for the person."""


# -- helpers -------------------------------------------------------------------------
def _as_actor(actor):
    current = current_actor()
    if getattr(current.user, "pk", None) or not getattr(actor, "pk", None):
        return contextlib.nullcontext()
    return acting(actor, ip=current.ip, source=current.source)


def _name(user) -> str:
    return str(user)[:50] if getattr(user, "pk", None) else ""


def _text(value, *, label: str, limit: int, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise BudgetError(_("Enter the %(field)s.") % {"field": label}, field=field)
    if len(value) > limit:
        raise BudgetError(
            _("The %(field)s is too long (at most %(limit)s characters).")
            % {"field": label, "limit": limit},
            field=field,
        )
    return value


def _year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise BudgetError(_("Enter a year between 2000 and 2100."), field="year")
    return year


def _number(value, *, label: str, field: str) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 999:
        raise BudgetError(_("Enter the %(field)s as a number.") % {"field": label}, field=field)
    return value


def _date(value, *, field: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise BudgetError(_("Enter the date of the meeting."), field=field)
    problem = date_problem(value)
    if problem:
        raise BudgetError(problem, field=field)
    return value


def _state(budget: Budget, *allowed) -> Budget:
    """The document re-read under its row lock, if its state is one of `allowed`."""
    fresh = locked(budget)
    if fresh.state == State.RATIFIED and State.RATIFIED not in allowed:
        raise BudgetError(
            _("%(doc)s has been ratified by the upper union and is locked; it cannot change.")
            % {"doc": fresh}
        )
    if fresh.state not in allowed:
        raise BudgetError(
            _("%(doc)s is %(state)s; that cannot be done now.")
            % {"doc": fresh, "state": fresh.get_state_display()}
        )
    return fresh


def _copy_back(target: Budget, fresh: Budget) -> Budget:
    target.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_state")})
    return fresh


def _holder_at(actor, perm: str, org, *, above: bool):
    """The node of `org`'s chain (its ancestors; with `above` False, itself too) where
    `actor` holds a role granting `perm`, the nearest one; None if nowhere."""
    from gonghui.accounts.models import RoleAssignment
    from gonghui.accounts.permissions import ROLES
    from gonghui.orgs.models import Organisation

    if not getattr(actor, "pk", None):
        return None
    chain = org.ancestor_ids() + ([] if above else [org.pk])
    if getattr(actor, "is_superuser", False):
        node = chain[-1] if chain else None
        return Organisation._base_manager.filter(pk=node).first()
    roles = RoleAssignment._base_manager.filter(user_id=actor.pk, org_id__in=chain)
    nodes = [r.org_id for r in roles if perm in ROLES[r.role].permissions]
    if not nodes:
        return None
    nearest = max(nodes, key=chain.index)
    return Organisation._base_manager.get(pk=nearest)


def _write_lines(budget: Budget, built: list[BudgetLine]) -> None:
    """Replace the document's lines; one audit entry says what it holds now."""
    BudgetLine._base_manager.filter(budget_id=budget.pk).delete()
    for line in built:
        line.budget = budget
    BudgetLine._base_manager.bulk_create(built)
    audit.record(
        "budgets.budget.lines",
        obj=budget,
        changes={
            "lines": [
                None,
                "; ".join(
                    f"{ln.account_code} {ln.account_name}"
                    f"{'（专项）' if ln.restricted else ''}"
                    f"{' ' + ln.project.name if ln.project else ''} {ln.amount:.2f}"
                    for ln in built
                )[:4000],
            ]
        },
    )


def _line(org, accounts: dict, *, account, amount, restricted=False, project=None, note=""):
    """A validated, unsaved line, or BudgetError naming what is wrong."""
    code = (account or "").strip()
    found = accounts.get(code)
    if found is None:
        raise BudgetError(
            _("Account %(code)s is not an income or expense account of the union's chart.")
            % {"code": code or "—"},
            field="account",
        )
    if project is not None:
        if not chart.is_expense(code):
            raise BudgetError(_("Only expense lines are kept by project."), field="project")
        if project.org_id != org.pk:
            raise BudgetError(_("Unknown project."), field="project")
    if isinstance(amount, float):
        raise TypeError("budget amounts are Decimal, never float")
    try:
        amount = money.parse_amount(amount)
    except money.AmountError as exc:
        raise BudgetError(str(exc), field="amount") from None
    return BudgetLine(
        account_code=code,
        account_name=found.name,
        restricted=bool(restricted),
        project=project,
        amount=amount,
        note=_text(note, label=_("note"), limit=200, field="note"),
    )


def _accounts(org) -> dict:
    return {a.code: a for a in selectors.budget_accounts(org, timezone.localdate())}


def _key(line) -> tuple:
    return (line.account_code, line.restricted, line.project_id)


def _existing(budget: Budget) -> list[BudgetLine]:
    return list(BudgetLine._base_manager.filter(budget_id=budget.pk).select_related("project"))


def _copy(line: BudgetLine, **changes) -> BudgetLine:
    fields = ("account_code", "account_name", "restricted", "project", "amount", "note")
    return BudgetLine(**{f: getattr(line, f) for f in fields} | changes)


def _save_new(budget: Budget) -> Budget:
    try:
        with transaction.atomic():
            budget.save()
    except IntegrityError:
        raise BudgetError(
            _("%(doc)s of this union exists already, or another is still on its way.")
            % {"doc": budget}
        ) from None
    return budget


# -- creating ------------------------------------------------------------------------
@transaction.atomic
def budget_create(*, actor, org, year, explanation: str = "") -> Budget:
    """The year's budget (年初预算), a draft without lines."""
    with _as_actor(actor):
        year = _year(year)
        if Budget._base_manager.filter(org=org, year=year, kind=Kind.BUDGET).exists():
            raise BudgetError(
                _("The budget of %(year)s exists already; change it by an adjustment.")
                % {"year": year},
                field="year",
            )
        budget = Budget(
            org=org,
            year=year,
            kind=Kind.BUDGET,
            version=1,
            explanation=_text(explanation, label=_("explanatory notes"), limit=20000, field="e"),
            prepared_by=actor if getattr(actor, "pk", None) else None,
            sign_preparer=_name(actor),
        )
        return _save_new(budget)


@transaction.atomic
def adjustment_create(*, actor, org, year, explanation: str = "") -> Budget:
    """A 年中调整: a new document starting from the lines of the budget in force."""
    with _as_actor(actor):
        year = _year(year)
        base = selectors.in_force(org, year)
        if base is None:
            raise BudgetError(
                _("%(year)s has no ratified budget to adjust.") % {"year": year}, field="year"
            )
        if selectors.open_budget(org, year) is not None:
            raise BudgetError(
                _("A budget or adjustment of %(year)s is still on its way.") % {"year": year},
                field="year",
            )
        last = (
            Budget._base_manager.filter(org=org, year=year, kind__in=BUDGET_KINDS)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        adjustment = Budget(
            org=org,
            year=year,
            kind=Kind.ADJUSTMENT,
            version=(last or 1) + 1,
            explanation=_text(explanation, label=_("explanatory notes"), limit=20000, field="e"),
            prepared_by=actor if getattr(actor, "pk", None) else None,
            sign_preparer=_name(actor),
        )
        _save_new(adjustment)
        _write_lines(adjustment, [_copy(ln) for ln in _existing(base)])
        return adjustment


def _final_lines(org, year: int) -> list[BudgetLine]:
    return [
        BudgetLine(
            account_code=f["account_code"],
            account_name=f["account_name"],
            restricted=f["restricted"],
            project=f["project"],
            amount=f["amount"],
            budgeted=f["budgeted"] if f["budgeted"] is not None else ZERO,
        )
        for f in selectors.final_figures(org, year)
    ]


@transaction.atomic
def final_create(*, actor, org, year, explanation: str = "") -> Budget:
    """The year's 决算, its figures taken from the books next to the budget in force."""
    with _as_actor(actor):
        year = _year(year)
        final = Budget(
            org=org,
            year=year,
            kind=Kind.FINAL,
            version=1,
            explanation=_text(explanation, label=_("explanatory notes"), limit=20000, field="e"),
            prepared_by=actor if getattr(actor, "pk", None) else None,
            sign_preparer=_name(actor),
        )
        if Budget._base_manager.filter(org=org, year=year, kind=Kind.FINAL).exists():
            raise BudgetError(
                _("The final accounts of %(year)s exist already.") % {"year": year}, field="year"
            )
        _save_new(final)
        _write_lines(final, _final_lines(org, year))
        return final


@transaction.atomic
def final_refresh(*, actor, budget: Budget) -> Budget:
    """Take the 决算's figures from the books again (a draft only: vouchers posted since)."""
    with _as_actor(actor):
        fresh = _state(budget, State.DRAFT)
        if not fresh.is_final:
            raise BudgetError(_("Only final accounts take their figures from the books."))
        _write_lines(fresh, _final_lines(fresh.org, fresh.year))
        return _copy_back(budget, fresh)


# -- editing a draft -----------------------------------------------------------------
@transaction.atomic
def budget_update(*, actor, budget: Budget, explanation: str) -> Budget:
    """The explanatory notes (预算说明书 / 决算说明) of a draft."""
    with _as_actor(actor):
        fresh = _state(budget, State.DRAFT)
        fresh.explanation = _text(
            explanation, label=_("explanatory notes"), limit=20000, field="explanation"
        )
        fresh.save()
        return _copy_back(budget, fresh)


def _editable_lines(budget: Budget) -> Budget:
    fresh = _state(budget, State.DRAFT)
    if fresh.is_final:
        raise BudgetError(
            _("The figures of final accounts come from the books; take them again instead.")
        )
    return fresh


@transaction.atomic
def budget_line_set(
    *, actor, budget: Budget, account: str, amount, restricted: bool = False, project=None, note=""
) -> Budget:
    """Add a line to a draft budget, or change the amount of the line with the same
    account, 专项 flag and project."""
    with _as_actor(actor):
        fresh = _editable_lines(budget)
        new = _line(
            fresh.org,
            _accounts(fresh.org),
            account=account,
            amount=amount,
            restricted=restricted,
            project=project,
            note=note,
        )
        lines = [ln for ln in _existing(fresh) if _key(ln) != _key(new)]
        if len(lines) >= MAX_LINES:
            raise BudgetError(_("A budget has at most %(n)s lines.") % {"n": MAX_LINES})
        _write_lines(fresh, [_copy(ln) for ln in lines] + [new])
        return _copy_back(budget, fresh)


@transaction.atomic
def budget_line_remove(*, actor, budget: Budget, line_id: int) -> Budget:
    with _as_actor(actor):
        fresh = _editable_lines(budget)
        lines = _existing(fresh)
        if not any(ln.pk == line_id for ln in lines):
            raise BudgetError(_("That line is not in this budget."), field="line_id")
        _write_lines(fresh, [_copy(ln) for ln in lines if ln.pk != line_id])
        return _copy_back(budget, fresh)


@transaction.atomic
def budget_lines_replace(*, actor, budget: Budget, lines: list[dict]) -> Budget:
    """Every line of a draft budget at once (the API): dicts with account, amount,
    restricted, project, note."""
    with _as_actor(actor):
        fresh = _editable_lines(budget)
        if len(lines) > MAX_LINES:
            raise BudgetError(_("A budget has at most %(n)s lines.") % {"n": MAX_LINES})
        accounts, built, seen = _accounts(fresh.org), [], set()
        for row in lines:
            line = _line(fresh.org, accounts, **row)
            if _key(line) in seen:
                raise BudgetError(
                    _("Account %(code)s is listed twice with the same project.")
                    % {"code": line.account_code},
                    field="lines",
                )
            seen.add(_key(line))
            built.append(line)
        _write_lines(fresh, built)
        return _copy_back(budget, fresh)


@transaction.atomic
def budget_cover_update(
    *,
    actor,
    budget: Budget,
    sign_chair: str = "",
    sign_finance_head: str = "",
    sign_audit_head: str = "",
    sign_preparer: str = "",
) -> Budget:
    """The names signing the cover (chair, finance head, 经审主任, preparer), until it
    goes up to the upper union."""
    with _as_actor(actor):
        fresh = _state(budget, State.DRAFT, State.APPROVED, State.REVIEWED)
        for name, value in (
            ("sign_chair", sign_chair),
            ("sign_finance_head", sign_finance_head),
            ("sign_audit_head", sign_audit_head),
            ("sign_preparer", sign_preparer),
        ):
            setattr(fresh, name, _text(value, label=_("name"), limit=50, field=name))
        fresh.save()
        return _copy_back(budget, fresh)


@transaction.atomic
def budget_delete(*, actor, budget: Budget) -> None:
    """A draft that never went anywhere may go."""
    with _as_actor(actor):
        fresh = _state(budget, State.DRAFT)
        if fresh.committee_date is not None:
            raise BudgetError(_("It has been approved once; its history stays."))
        BudgetLine._base_manager.filter(budget_id=fresh.pk).delete()
        fresh.delete()


# -- the chain -----------------------------------------------------------------------
@transaction.atomic
def budget_approve(*, actor, budget: Budget, term, session, date) -> Budget:
    """The union committee approved it at its meeting (第N届委员会第M次会议)."""
    with _as_actor(actor):
        fresh = _state(budget, State.DRAFT)
        # A budget without lines says nothing; a 决算 of a year without income or
        # expenditure in the books is what the books hold.
        if not fresh.is_final and not BudgetLine._base_manager.filter(budget_id=fresh.pk).exists():
            raise BudgetError(_("It has no lines yet."))
        fresh.committee_term = _number(term, label=_("committee term"), field="term")
        fresh.committee_session = _number(session, label=_("committee meeting"), field="session")
        fresh.committee_date = _date(date, field="date")
        fresh.state = State.APPROVED
        fresh.approved_by, fresh.approved_at = actor, timezone.now()
        fresh.sign_chair = fresh.sign_chair or _name(actor)
        fresh.save()
        return _copy_back(budget, fresh)


def _auditor(actor, budget: Budget) -> None:
    if _holder_at(actor, "oversight.review:write", budget.org, above=False) is None:
        raise BudgetError(_("Only a member of the funds audit committee (经审会) reviews this."))


@transaction.atomic
def budget_review(*, actor, budget: Budget, opinion: str, term, session, date) -> Budget:
    """The 经审会 reviewed it at its meeting and gives its opinion."""
    with _as_actor(actor):
        fresh = _state(budget, State.APPROVED)
        _auditor(actor, fresh)
        fresh.review_opinion = _text(
            opinion, label=_("review opinion"), limit=5000, field="opinion", required=True
        )
        fresh.review_term = _number(term, label=_("audit committee term"), field="term")
        fresh.review_session = _number(session, label=_("audit committee meeting"), field="session")
        fresh.review_date = _date(date, field="date")
        fresh.state = State.REVIEWED
        fresh.reviewed_by, fresh.reviewed_at = actor, timezone.now()
        fresh.sign_audit_head = fresh.sign_audit_head or _name(actor)
        fresh.save()
        return _copy_back(budget, fresh)


def _back_to_draft(fresh: Budget) -> None:
    fresh.state = State.DRAFT
    fresh.approved_by = fresh.approved_at = None
    fresh.reviewed_by = fresh.reviewed_at = None
    fresh.submitted_by = fresh.submitted_at = None


@transaction.atomic
def budget_review_return(*, actor, budget: Budget, opinion: str) -> Budget:
    """The 经审会 sends it back to be drafted again, with its opinion."""
    with _as_actor(actor):
        fresh = _state(budget, State.APPROVED)
        _auditor(actor, fresh)
        fresh.review_opinion = _text(
            opinion, label=_("review opinion"), limit=5000, field="opinion", required=True
        )
        _back_to_draft(fresh)
        fresh.save()
        return _copy_back(budget, fresh)


@transaction.atomic
def budget_submit(*, actor, budget: Budget) -> Budget:
    """Send it up to the upper union for ratification."""
    with _as_actor(actor):
        fresh = _state(budget, State.REVIEWED)
        if fresh.org.parent_id is None:
            raise BudgetError(_("This union has no upper union to send it to."))
        fresh.state = State.SUBMITTED
        fresh.submitted_by, fresh.submitted_at = actor, timezone.now()
        fresh.return_reason = ""
        fresh.save()
        return _copy_back(budget, fresh)


def _upper(actor, budget: Budget):
    node = _holder_at(actor, "budgets.budget:ratify", budget.org, above=True)
    if node is None:
        raise BudgetError(
            _("Only the upper union ratifies or returns a union's budget and final accounts.")
        )
    return node


@transaction.atomic
def budget_ratify(*, actor, budget: Budget) -> Budget:
    """核定: the upper union approves it; from now on it never changes."""
    with _as_actor(actor):
        fresh = _state(budget, State.SUBMITTED)
        fresh.decided_in = _upper(actor, fresh)
        fresh.state = State.RATIFIED
        fresh.ratified_by, fresh.ratified_at = actor, timezone.now()
        fresh.save()
        return _copy_back(budget, fresh)


@transaction.atomic
def budget_return(*, actor, budget: Budget, reason: str) -> Budget:
    """The upper union returns it with the reason: back to a draft, the chain again."""
    with _as_actor(actor):
        fresh = _state(budget, State.SUBMITTED)
        fresh.decided_in = _upper(actor, fresh)
        fresh.return_reason = _text(
            reason, label=_("reason"), limit=300, field="reason", required=True
        )
        _back_to_draft(fresh)
        fresh.save()
        return _copy_back(budget, fresh)


# -- files ---------------------------------------------------------------------------
def execution_export(*, actor, org, year) -> tuple[str, bytes]:
    """The budget in force of the year with its execution, as .xlsx, logged."""
    from . import exports

    with _as_actor(actor), transaction.atomic():
        year = _year(year)
        name, content = exports.execution_xlsx(selectors.execution(org, year), org=org, user=actor)
        audit.record("budgets.execution.exported", org=org, changes={"year": year})
    return name, content


def final_pdf(*, actor, budget: Budget) -> tuple[str, bytes]:
    """The 决算's cover and table as a PDF, logged."""
    from . import exports

    with _as_actor(actor), transaction.atomic():
        name, content = exports.final_pdf(budget, user=actor)
        audit.record("budgets.budget.printed", obj=budget, changes={})
    return name, content
