"""Workflows of the spending rules: an upper union adds a rule for its subtree, ends one,
or adopts a provincial preset (its rows, from a date it picks). Audited by the model."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError

from . import presets
from .models import SpendingRule

ACCOUNT = re.compile(r"^5\d{2,9}$")


class SpendingError(DomainError):
    pass


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        raise TypeError("money is Decimal, never float")
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise SpendingError(_("Give a number."), field=field) from None


def _accounts(value, item: str) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[\s,，、]+", value)
    codes = [str(c).strip() for c in (value or []) if str(c).strip()]
    for code in codes:
        if not ACCOUNT.match(code):
            raise SpendingError(
                _("%(code)s is not an expense account (5xx).") % {"code": code}, field="accounts"
            )
    return sorted(set(codes)) or list(presets.DEFAULT_ACCOUNTS.get(item, ()))


def _save(rule: SpendingRule) -> SpendingRule:
    try:
        rule.full_clean(exclude=["org", "created_by"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise SpendingError(messages[0], field=field) from None
    if SpendingRule._base_manager.filter(
        org_id=rule.org_id, item=rule.item, effective_from=rule.effective_from
    ).exists():
        raise SpendingError(
            _("This union already has a rule for this item from that date."),
            field="effective_from",
        )
    rule.save()
    return rule


@transaction.atomic
def rule_create(*, actor, org, data: dict) -> SpendingRule:
    """A rule for `org` and its subtree. A change of a rule is a new one with a later
    effective date: the earlier row stays as it was (history)."""
    item, basis = data.get("item", ""), data.get("basis", "")
    if basis == presets.Basis.PER_FESTIVAL and not item.startswith("festival"):
        raise SpendingError(_("Only festival goods are capped per festival."), field="basis")
    if basis == presets.Basis.ENTRANTS_SHARE and item != presets.Item.CONTEST_WINNERS:
        raise SpendingError(
            _("Only the number of contest winners is a share of the entrants."), field="basis"
        )
    rule = SpendingRule(
        org=org,
        item=item,
        basis=basis,
        amount=_decimal(data.get("amount"), "amount"),
        percent=_decimal(data.get("percent"), "percent"),
        region=(data.get("region") or org.rules_region() or "")[:40],
        effective_from=data.get("effective_from") or timezone.localdate(),
        effective_to=data.get("effective_to") or None,
        source=(data.get("source") or "").strip(),
        accounts=_accounts(data.get("accounts"), item),
        preset=data.get("preset", ""),
        note=(data.get("note") or "").strip()[:200],
        created_by=_user(actor),
    )
    if not rule.source:
        raise SpendingError(_("Name the source of the rule (document, article)."), field="source")
    return _save(rule)


@transaction.atomic
def rule_end(*, actor, rule: SpendingRule, date: dt.date) -> SpendingRule:
    """The rule stops applying after `date` (today or later: what applied before stays as
    it was). The farther setter's rule for the item, if any, applies again."""
    fresh = SpendingRule._base_manager.select_for_update().get(pk=rule.pk)
    if fresh.effective_to is not None:
        raise SpendingError(_("This rule has an end date already."), field="date")
    if date < timezone.localdate():
        raise SpendingError(_("A rule cannot be ended in the past."), field="date")
    if date < fresh.effective_from:
        raise SpendingError(_("A rule cannot end before it takes effect."), field="date")
    fresh.effective_to = date
    fresh.save(update_fields=["effective_to"])
    rule.effective_to = date
    return fresh


@transaction.atomic
def preset_adopt(*, actor, org, preset: str, effective_from: dt.date) -> list[SpendingRule]:
    """The rows of a provincial preset become `org`'s rules from `effective_from`, each
    naming the preset's source; the union edits them afterwards by new rows."""
    found = presets.BY_CODE.get(preset)
    if found is None:
        raise SpendingError(_("Choose one of the rule sets."), field="preset")
    made = []
    for row in found.rows:
        percent = row.basis in presets.PERCENT_BASES
        made.append(
            rule_create(
                actor=actor,
                org=org,
                data={
                    "item": row.item,
                    "basis": row.basis,
                    "amount": None if percent else row.value,
                    "percent": row.value if percent else None,
                    "region": found.region,
                    "effective_from": effective_from,
                    "source": found.source,
                    "accounts": list(row.accounts),
                    "preset": found.code,
                    "note": found.note,
                },
            )
        )
    return made
