"""How an entry's field changes are shown: labels, masking, values as text.

Which entries a viewer sees at all is decided in readers.py. Within an entry:

- secret fields (`audit_secret_fields`: credentials, file names of personal proofs) are
  not stored, only a digest that shows the change: always "******";
- sensitive fields (`audit_sensitive_fields`) are masked in lists and histories; the full
  value needs `members.sensitive:read` and an explicit, logged request (reveal), as on a
  member's page. ID numbers and phones are masked as the record pages mask them (region
  and last four, 138****0001); other identifiers keep their ends; names, amounts, dates,
  lists and free text are hidden whole, since any part of them tells too much.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from importlib import import_module

from django.apps import apps
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopeError
from gonghui.members import idcard

MASKED = "******"
# A code such as a credit code or an account number: letters and digits only.
_IDENTIFIER = re.compile(r"^[0-9A-Za-z-]{8,}$")


def mask(value) -> str:
    """An identifier with its ends kept (913***********T01Y); short ones masked whole."""
    text = str(value)
    if len(text) <= 4:
        return "*" * len(text)
    return (
        text[:3] + "*" * (len(text) - 7) + text[-4:]
        if len(text) > 7
        else text[:1] + "*" * (len(text) - 2) + text[-1:]
    )


def mask_field(name: str, value):
    """The masked text of a sensitive field's value; None and "" stay as they are."""
    if value in (None, ""):
        return value
    if isinstance(value, str):
        if "id_number" in name:
            return idcard.mask(value)
        if "phone" in name or "mobile" in name:
            return idcard.mask_phone(value)
        if _IDENTIFIER.match(value) and any(c.isdigit() for c in value):
            return mask(value)
    return MASKED


EMPTY = "—"
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def when(value, kind: str | None = None) -> str | None:
    """A stored date, time or moment as people here write it (2026年12月7日 07:36, local
    time), or None when the value is none of those."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    elif not isinstance(value, str):
        return None
    elif kind == "time":
        t = parse_time(value)
        return t.strftime("%H:%M") if t else None
    elif kind == "date" or _ISO_DATE.match(value):
        d = parse_date(value[:10])
        return formats.date_format(d, "DATE_FORMAT") if d else None
    elif kind == "datetime" or _ISO_DATETIME.match(value):
        moment = parse_datetime(value)
        if moment is None:
            return None
    else:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


def as_text(value, kind: str | None = None) -> object:
    """A stored value for a page, never a Python repr: lists and mappings as text, yes and
    no as 是/否, moments in local time as 2026年12月7日 07:36; None inside a list as —."""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return "、".join(str(as_text(v, kind) if v is not None else EMPTY) for v in value)
    if isinstance(value, dict):
        return "；".join(
            f"{k}: {as_text(v, kind) if v is not None else EMPTY}" for k, v in value.items()
        )
    return when(value, kind) or value


def _kind(field) -> str | None:
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.TimeField):
        return "time"
    return None


def _percent(value) -> str:
    try:
        return f"{(Decimal(str(value)) * 100).normalize():f}%"
    except InvalidOperation:
        return str(value)


def _brackets(value, **_context) -> str:
    """[{"upto": "10000.00", "rate": "0.5"}, {"upto": None, ...}] → 10000.00元以内 50%；以上 70%"""
    parts = []
    for bracket in value if isinstance(value, list) else []:
        if not isinstance(bracket, dict):
            return as_text(value)
        upto, rate = bracket.get("upto"), _percent(bracket.get("rate"))
        parts.append(
            _("above: %(rate)s") % {"rate": rate}
            if upto in (None, "")
            else _("up to %(limit)s yuan: %(rate)s") % {"limit": upto, "rate": rate}
        )
    return "；".join(str(p) for p in parts)


def _openness_items(value, *, entry, names, **_context):
    """A required item's code by the item's name in the entry's union (its own items too)."""
    key = ("openness.items", entry.org_id)
    if key not in names:
        from gonghui.openness.selectors import item_names

        names[key] = item_names(entry.org) if entry.org_id else {}
    return names[key].get(value, str(_("(not shown here)")))


def _source_model(code):
    try:
        return apps.get_model(code) if isinstance(code, str) and "." in code else None
    except (LookupError, ValueError):
        return None


def source_kind(value, **_context) -> str:
    """What a ballot, an evaluation or a fund entry was made for (`democracy.resolution`,
    `welfare.batch`): by the kind of record."""
    model = _source_model(value)
    if model is not None:
        return str(model._meta.verbose_name)
    demo = value == "demo" or str(value).endswith(".demo")
    return str(_("demo data") if demo else _("other"))


def _source_record(kind_field: str):
    """The record it was made for, by its name (through the scoped manager): the stored
    reference starts with the record's key (`12`, or `2:216` for a line of batch 2)."""

    def name(value, *, entry, names, **_context) -> str:
        pair = (entry.changes or {}).get(kind_field)
        model = _source_model(pair[-1] if isinstance(pair, list) and pair else pair)
        key = re.match(r"\d+", str(value))
        if model is None or key is None:
            return EMPTY
        return value_label(model._meta.pk, key.group(), names, related=model)

    return name


def _codes(path: str):
    """Codes stored in a JSON list (or one code), named by a choices list elsewhere."""

    def name(value, **_context):
        module, attribute = path.rsplit(".", 1)
        choices = dict(getattr(import_module(module), attribute))
        if isinstance(value, list):
            return "、".join(str(choices.get(v, v)) for v in value)
        return str(choices.get(value, value))

    return name


# Fields whose stored values are codes or small structures without choices on the field:
# how each is named on pages ("app_label.model.field" → function of the value).
VALUE_WORDS = {
    "aid.scheme.brackets": _brackets,
    "aid.scheme.categories": _codes("gonghui.aid.rules.BILL_CATEGORIES"),
    "welfare.hardshipfile.causes": _codes("gonghui.welfare.rules.CAUSES"),
    "welfare.caresettings.must_visit": _codes("gonghui.welfare.rules.OCCASION_CHOICES"),
    "openness.notice.item_code": _openness_items,
    "voting.ballot.source_kind": source_kind,
    "voting.ballot.source_id": _source_record("source_kind"),
    "voting.evaluationform.source_kind": source_kind,
    "voting.evaluationform.source_id": _source_record("source_kind"),
    "funds.fundentry.source": source_kind,
    "funds.fundentry.source_id": _source_record("source"),
}


def _model(entry):
    if not entry.content_type_id:
        return None
    try:
        return apps.get_model(entry.content_type.app_label, entry.content_type.model)
    except LookupError:  # a model removed since the entry was written
        return None


# Keys an entry records that are no field of its record (counts, formats, decisions).
CHANGE_WORDS = {
    "rows": pgettext_lazy("audit", "Rows"),
    "format": pgettext_lazy("audit", "Format"),
    "year": pgettext_lazy("audit", "Year"),
    "unions": pgettext_lazy("audit", "Unions"),
    "category": pgettext_lazy("audit", "Category"),
    "period": pgettext_lazy("audit", "Period"),
    "month": pgettext_lazy("audit", "Month"),
    "voucher": pgettext_lazy("audit", "Voucher"),
    "paid_until_moved": pgettext_lazy("audit", "Members whose dues are paid up further"),
    "total": pgettext_lazy("audit", "Total"),
    "lines": pgettext_lazy("audit", "Lines"),
    "count": pgettext_lazy("audit", "Copies"),
    "reason": pgettext_lazy("audit", "Reason"),
    "merged": pgettext_lazy("audit", "Merged from"),
    "split": pgettext_lazy("audit", "Split into"),
    "electorate": pgettext_lazy("audit", "Voters"),
    "papers_handed": pgettext_lazy("audit", "Paper ballots handed out"),
    "voted": pgettext_lazy("audit", "Voted"),
    "kind": pgettext_lazy("audit", "Kind"),
    "file": pgettext_lazy("audit", "File"),
    "created": pgettext_lazy("audit", "New"),
    "updated": pgettext_lazy("audit", "Changed"),
    "unchanged": pgettext_lazy("audit", "Unchanged"),
    "full_ids": pgettext_lazy("audit", "Full ID numbers"),
    "filters": pgettext_lazy("audit", "Filters"),
    "token": pgettext_lazy("audit", "Token"),
    "tokens": pgettext_lazy("audit", "Tokens"),
    "name": pgettext_lazy("audit", "Name"),
    "expires_at": pgettext_lazy("audit", "Expires"),
    "state": pgettext_lazy("audit", "State"),
    "sections": pgettext_lazy("audit", "Sections"),
    "tasks": pgettext_lazy("audit", "Tasks"),
    # a plan drafted from last year's (plans.services.plan_draft_next_year)
    "tasks_carried": pgettext_lazy("audit", "Tasks carried over"),
    "tasks_recurring": pgettext_lazy("audit", "Recurring tasks"),
    "tasks_new": pgettext_lazy("audit", "New tasks"),
    # a report form's answers exported (assignments.services.answers_export)
    "assignment": pgettext_lazy("audit", "Task or form"),
    "scheme": pgettext_lazy("audit", "Assessment scheme"),  # assessments.results_export
    "survey": pgettext_lazy("audit", "Statistics survey"),  # survey.services.survey_export
    "papers": pgettext_lazy("audit", "Ballot papers"),
    "responses": pgettext_lazy("audit", "Answer sheets"),
    # the ledgers and the bank reconciliation (finance.ledgers, finance.bank)
    "ledger": pgettext_lazy("audit", "Ledger"),
    "subject": pgettext_lazy("audit", "Kept for"),
    "pending": pgettext_lazy("audit", "Vouchers not yet posted included"),
    "account": pgettext_lazy("audit", "Bank account"),
    "automatic": pgettext_lazy("audit", "Matched automatically"),
    "bank": pgettext_lazy("audit", "Bank transaction"),
}


def _label(model, name: str):
    """A change's label and its model field (None for a key that is no field)."""
    field = None
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a field removed since the entry was written
            field = None
    if field is None or not hasattr(field, "verbose_name"):
        # No field (or a reverse relation, without a label of its own).
        return str(CHANGE_WORDS.get(name, name)), None
    label = str(field.verbose_name)
    related = getattr(field, "related_model", None)
    if label == name.replace("_", " ") and related is not None:
        # A relation without a label of its own: named by what it points at.
        label = str(related._meta.verbose_name)
    return label, field


def change_rows(
    entry, access=None, *, reveal: bool = False, labelled: bool = False, names=None
) -> list[tuple[str, object, object]]:
    """Field label, before and after for one audit entry, sensitive values masked.

    Values stay as stored (JSON, for the API) unless masked: masked ones are always text.
    `labelled` (pages) shows choices by their labels and related records by their names;
    `names` carries the names already looked up across the entries of one page."""
    model = _model(entry)
    sensitive = getattr(model, "audit_sensitive_fields", frozenset())
    secret = getattr(model, "audit_secret_fields", frozenset())
    may_see = reveal and access is not None and access.has("members.sensitive:read")
    rows = []
    for name, pair in (entry.changes or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label, field = _label(model, name)
        if name in secret:
            # Entries written before the field was declared secret may hold the value.
            before = MASKED if before not in (None, "") else before
            after = MASKED if after not in (None, "") else after
        elif name in sensitive and not may_see:
            before, after = mask_field(name, before), mask_field(name, after)
        elif labelled and field is not None:
            names = {} if names is None else names
            words = VALUE_WORDS.get(f"{model._meta.label_lower}.{name}")
            if words is not None:
                before, after = (
                    v if v in (None, "") else words(v, entry=entry, names=names)
                    for v in (before, after)
                )
            else:
                before = value_label(field, before, names)
                after = value_label(field, after, names)
        elif labelled:
            before, after = as_text(before), as_text(after)
        rows.append((label, before, after))
    return rows


# The verb of an action code (`<app>.<model>.<verb>`), in words. An unlisted verb is shown
# as "操作" with the record's kind: the code itself never reaches a page.
VERBS = {
    "created": pgettext_lazy("audit", "Created"),
    "updated": pgettext_lazy("audit", "Changed"),
    "deleted": pgettext_lazy("audit", "Deleted"),
    "viewed": pgettext_lazy("audit", "Viewed"),
    "revealed": pgettext_lazy("audit", "Full numbers shown"),
    "imported": pgettext_lazy("audit", "Imported"),
    "exported": pgettext_lazy("audit", "Exported"),
    "report_exported": pgettext_lazy("audit", "Report exported"),
    "printed": pgettext_lazy("audit", "Printed"),
    "sheet_printed": pgettext_lazy("audit", "Sheet printed"),
    "certificate_printed": pgettext_lazy("audit", "Certificate printed"),
    "accepted": pgettext_lazy("audit", "Accepted"),
    "linked": pgettext_lazy("audit", "Linked to an existing login"),
    "issued": pgettext_lazy("audit", "Issued"),
    "revoked": pgettext_lazy("audit", "Revoked"),
    "revoked_all": pgettext_lazy("audit", "All revoked"),
    "paid": pgettext_lazy("audit", "Paid"),
    "reversed": pgettext_lazy("audit", "Reversed"),
    "override": pgettext_lazy("audit", "Exception allowed"),
    "enrolled": pgettext_lazy("audit", "Enrolled"),
    "merged": pgettext_lazy("audit", "Merged"),
    "split": pgettext_lazy("audit", "Split"),
    "generated": pgettext_lazy("audit", "Generated"),
    "drafted": pgettext_lazy("audit", "Drafted"),
    "committed": pgettext_lazy("audit", "Imported"),
    "counted": pgettext_lazy("audit", "Paper ballots counted"),
    "electorate_set": pgettext_lazy("audit", "Voters set"),
    "co_proposers_set": pgettext_lazy("audit", "Co-proposers named"),
    "papers_handed": pgettext_lazy("audit", "Paper ballots handed out"),
    "document_opened": pgettext_lazy("audit", "Document opened"),
    "checkin": pgettext_lazy("audit", "Checked in"),
    "signin": pgettext_lazy("audit", "Signed in"),
    "logged_in": pgettext_lazy("audit", "Logged in"),
    "otp_enabled": pgettext_lazy("audit", "Two-step verification turned on"),
    "otp_disabled": pgettext_lazy("audit", "Two-step verification turned off"),
    "otp_verified": pgettext_lazy("audit", "Two-step verification passed"),
    # the steps of a hardship file (welfare.services.TRANSITIONS)
    "check": pgettext_lazy("audit", "Sent for checking"),
    "submit": pgettext_lazy("audit", "Submitted for approval"),
    "approve": pgettext_lazy("audit", "Approved"),
    "reject": pgettext_lazy("audit", "Rejected"),
    "close": pgettext_lazy("audit", "Closed"),
    # a voucher's lines, written with it (finance.services._write_lines)
    "lines": pgettext_lazy("audit", "Lines written"),
    "posted": pgettext_lazy("audit", "Posted to the books"),
    # the bank reconciliation (finance.bank)
    "matched": pgettext_lazy("audit", "Matched"),
    "unmatched": pgettext_lazy("audit", "Match undone"),
    "notes_exported": pgettext_lazy("audit", "Notes exported"),
}


# The middle of an action code that names no model: the kind of record it is about.
KINDS = {
    "welfare.case": "welfare.HardshipFile",
    "accounts.token": "accounts.ApiToken",
    "imports.batch": "imports.ImportBatch",
    "audit.entry": "audit.AuditEntry",
    "members.invitations": "members.Invitation",
}
KIND_WORDS = {
    "funds.ledger": pgettext_lazy("audit", "Fund ledger"),
    "dues.deductions": pgettext_lazy("audit", "Dues deduction list"),
    "finance.statements": pgettext_lazy("audit", "Financial statements"),
    "finance.ledger": pgettext_lazy("audit", "Ledger of the books"),
    "finance.bank": pgettext_lazy("audit", "Bank reconciliation"),
    "budgets.execution": pgettext_lazy("audit", "Budget execution"),
    "upper.finance": pgettext_lazy("audit", "Unions' statements roll-up"),
    "upper.unions": pgettext_lazy("audit", "Unions' figures"),
    "dues.month": pgettext_lazy("audit", "Month's dues"),
    "members.roster": pgettext_lazy("audit", "Member roster"),
    "openness.report": pgettext_lazy("audit", "Openness report"),
    "openness.finance_report": pgettext_lazy("audit", "Report on the union's funds"),
    "oversight.report": pgettext_lazy("audit", "Audit committee's yearly report"),
    "aid.education_report": pgettext_lazy("audit", "Education aid report"),
    "aid.medical_report": pgettext_lazy("audit", "Medical aid report"),
    "assets.register": pgettext_lazy("audit", "Fixed-asset register"),
    "assignments.answers": pgettext_lazy("audit", "Answers to an assigned form"),
    "assessments.results": pgettext_lazy("audit", "Assessment results"),
    "awards.certificates": pgettext_lazy("audit", "Award certificates"),
    "awards.nominations": pgettext_lazy("audit", "Award nominations list"),
    "survey.workbook": pgettext_lazy("audit", "Statistics survey workbook"),
}


def _kind_of(code: str, entry=None) -> str:
    prefix = ".".join(code.split(".")[:2])
    if prefix in KIND_WORDS:
        return str(KIND_WORDS[prefix])
    for label in (prefix, KINDS.get(prefix)):
        try:
            return str(apps.get_model(label)._meta.verbose_name) if label else ""
        except (LookupError, ValueError):
            continue
    model = _model(entry) if entry is not None else None
    return str(model._meta.verbose_name) if model is not None else ""


def action_label(code_or_entry) -> str:
    """`members.member.updated` → 修改：会员 (the verb, then the kind of record). Given an
    entry, a code that names no model takes the kind of the record the entry is about."""
    entry = code_or_entry if hasattr(code_or_entry, "action") else None
    code = entry.action if entry is not None else str(code_or_entry)
    parts = code.split(".")
    verb = VERBS.get(parts[-1], pgettext_lazy("audit", "Action"))
    kind = _kind_of(code, entry) if len(parts) >= 3 else ""
    return f"{verb}：{kind}" if kind else str(verb)


def actor_label(entry) -> str:
    """Who acted: the person's name, or how the change came (command line, system...)."""
    if entry.actor_id and entry.actor is not None:
        return str(entry.actor)
    return str(entry.get_source_display())


def value_label(field, value, names: dict | None = None, *, related=None):
    """A stored value as a person reads it: a choice by its label, a related record by its
    name (looked up once per page through `names`), anything else as text. `related`: the
    value is the key of a record of that model."""
    if value in (None, ""):
        return value
    choices = dict(getattr(field, "flatchoices", None) or [])
    if choices and not isinstance(value, list | dict):
        return str(choices.get(value, value))
    if related is None and (field.many_to_one or field.one_to_one):
        related = field.related_model
    if related is not None:
        key = (related._meta.label, str(value))
        if names is not None and key in names:
            return names[key]
        # Through the scoped manager: a record the viewer may not read is not named here.
        try:
            found = related._default_manager.filter(pk=value).first()
        except (ScopeError, ValueError, TypeError):
            found = None
        name = str(found) if found is not None else str(_("(not shown here)"))
        if names is not None:
            names[key] = name
        return name
    return as_text(value, _kind(field))
