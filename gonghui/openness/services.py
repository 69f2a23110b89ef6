"""Openness workflows: a notice from draft to approval, publication and withdrawal, its
attachments, members' questions and their answers, and the union's required items.
Each is atomic and audited through the models.

Approval (decided here, issue #7): a notice is approved by someone other than the cadre
who drafted it (four eyes: what the administration puts before the staff is checked
once more). The union chair may approve their own draft, because many small unions have
one active cadre who is the chair; such an approval is shown as "approved by the
drafter" on the notice and in the report, so the exception stays visible.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import RoleAssignment
from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.orgs.models import Organisation

from . import report as reports
from . import rules, selectors
from .models import (
    ATTACHMENT_TYPES,
    Channel,
    ItemRule,
    Notice,
    NoticeFile,
    OpennessSettings,
    Question,
    Status,
)

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
EDITABLE_FIELDS = ("item_code", "title", "body", "channel", "period_year", "period")


class OpennessError(DomainError):
    """An openness workflow was refused; the message is for the user."""


def _today() -> dt.date:
    return timezone.localdate()


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def is_chair(user, org: Organisation) -> bool:
    """The user holds the chair role at the unit (or above it)."""
    if not getattr(user, "pk", None):
        return False
    covering = [int(p) for p in org.path.strip("/").split("/") if p]
    return RoleAssignment._base_manager.filter(
        user=user, role="chair", org_id__in=covering
    ).exists()


# -- notices -------------------------------------------------------------------------------


def _apply(notice: Notice, data: dict) -> None:
    for f in EDITABLE_FIELDS:
        if f in data and data[f] is not None:
            setattr(notice, f, data[f])
    notice.title = (notice.title or "").strip()
    if not notice.title:
        raise OpennessError(_("A notice needs a title."))
    if not (notice.body or "").strip():
        raise OpennessError(_("A notice needs its content."))
    if notice.period not in rules.Period.values:
        raise OpennessError(_("Unknown period."))
    if notice.channel not in Channel.values:
        raise OpennessError(_("Unknown channel."))
    if not (2000 <= int(notice.period_year) <= 2100):
        raise OpennessError(_("The year covered is not plausible."))
    items = {i.code: i for i in selectors.all_items(notice.org)}
    if notice.item_code:
        item = items.get(notice.item_code)
        if item is None:
            raise OpennessError(_("Unknown required item."))
        notice.category = item.category
    elif not notice.category:
        notice.category = rules.Category.OTHER


@transaction.atomic
def notice_create(*, actor, org: Organisation, data: dict) -> Notice:
    if selectors.openness_unit(org) != org:
        raise OpennessError(_("Notices are kept by the union, not by a branch or group."))
    data = dict(data)
    data.setdefault("period_year", _today().year)
    notice = Notice(org=org, created_by=_user(actor), status=Status.DRAFT)
    if "category" in data and data["category"] in rules.Category.values:
        notice.category = data["category"]
    _apply(notice, data)
    notice.save()
    return notice


@transaction.atomic
def notice_update(*, actor, notice: Notice, data: dict) -> Notice:
    """Edit a draft, or an approved notice (which then needs approving again)."""
    if notice.status not in (Status.DRAFT, Status.APPROVED):
        raise OpennessError(
            _("A published notice is not edited: withdraw it and publish a new one.")
        )
    if "category" in data and data["category"] in rules.Category.values:
        notice.category = data["category"]
    _apply(notice, data)
    if notice.status == Status.APPROVED:
        notice.status = Status.DRAFT
        notice.approved_by = None
        notice.approved_on = None
    notice.save()
    return notice


@transaction.atomic
def notice_delete(*, actor, notice: Notice) -> None:
    if notice.status != Status.DRAFT:
        raise OpennessError(_("Only a draft can be deleted."))
    for f in list(notice.files.all()):
        file_delete(actor=actor, item=f)
    notice.delete()


@transaction.atomic
def notice_approve(*, actor, notice: Notice, on: dt.date | None = None) -> Notice:
    if notice.status != Status.DRAFT:
        raise OpennessError(_("Only a draft can be approved."))
    if (
        notice.created_by_id
        and _user(actor)
        and actor.pk == notice.created_by_id
        and not is_chair(actor, notice.org)
    ):
        raise OpennessError(
            _("A notice is approved by someone other than its drafter, or by the chair.")
        )
    on = on or _today()
    if on > _today():
        raise OpennessError(_("The date cannot be in the future."))
    notice.status = Status.APPROVED
    notice.approved_by = _user(actor)
    notice.approved_on = on
    notice.save()
    return notice


@transaction.atomic
def notice_publish(*, actor, notice: Notice, on: dt.date | None = None) -> Notice:
    """Put the approved notice up. `on` may be an earlier day, to record a notice that
    went up on the board before it was entered here; never before its approval."""
    if notice.status != Status.APPROVED:
        raise OpennessError(_("Only an approved notice can be published."))
    on = on or _today()
    if on > _today():
        raise OpennessError(_("The date cannot be in the future."))
    if notice.approved_on and on < notice.approved_on:
        raise OpennessError(_("A notice cannot be published before it was approved."))
    notice.status = Status.PUBLISHED
    notice.published_on = on
    notice.published_by = _user(actor)
    notice.save()
    return notice


@transaction.atomic
def notice_withdraw(
    *, actor, notice: Notice, reason: str = "", on: dt.date | None = None
) -> Notice:
    """Take the notice down (its display is over, or it was wrong). It still counts as
    published for its period: it was up."""
    if notice.status != Status.PUBLISHED:
        raise OpennessError(_("Only a published notice can be withdrawn."))
    on = on or _today()
    if on > _today():
        raise OpennessError(_("The date cannot be in the future."))
    if on < notice.published_on:
        raise OpennessError(_("A notice cannot come down before it went up."))
    notice.status = Status.WITHDRAWN
    notice.withdrawn_on = on
    notice.withdrawn_by = _user(actor)
    notice.withdraw_reason = (reason or "").strip()[:200]
    notice.save()
    return notice


# -- attachments -----------------------------------------------------------------------------


def _content_type(upload) -> str:
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise OpennessError(
            _("Files of type %(ext)s are not accepted (allowed: %(allowed)s).")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(ATTACHMENT_TYPES))}
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise OpennessError(
            _("The file is larger than %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    return {
        "pdf": "application/pdf",
        "txt": "text/plain",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "png": "image/png",
    }.get(ext, "application/octet-stream")


@transaction.atomic
def file_add(*, actor, notice: Notice, upload) -> NoticeFile:
    if notice.status == Status.WITHDRAWN:
        raise OpennessError(_("A withdrawn notice cannot be changed."))
    if notice.status == Status.PUBLISHED:
        raise OpennessError(
            _("A published notice is not edited: withdraw it and publish a new one.")
        )
    content_type = _content_type(upload)
    item = NoticeFile(
        notice=notice,
        name=(upload.name or "")[:200],
        size=upload.size,
        content_type=content_type,
        uploaded_by=_user(actor),
    )
    item.token = secrets.token_hex(16)  # the stored file name is made from it
    item.file.save(upload.name, upload, save=False)
    item.save()
    return item


@transaction.atomic
def file_delete(*, actor, item: NoticeFile) -> None:
    if item.notice.status not in (Status.DRAFT, Status.APPROVED):
        raise OpennessError(
            _("A published notice is not edited: withdraw it and publish a new one.")
        )
    storage, name = item.file.storage, item.file.name
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))


# -- questions -------------------------------------------------------------------------------


@transaction.atomic
def question_ask(*, actor, notice: Notice, text: str) -> Question:
    if notice.status != Status.PUBLISHED:
        raise OpennessError(_("Questions are asked on a published notice."))
    text = (text or "").strip()
    if not text:
        raise OpennessError(_("Write your question."))
    if len(text) > 2000:
        raise OpennessError(_("Keep the question under 2000 characters."))
    if not _user(actor):
        raise OpennessError(_("Log in to ask a question."))
    q = Question(notice=notice, asked_by=actor, text=text, asked_on=_today())
    q.save()
    return q


@transaction.atomic
def question_answer(*, actor, question: Question, answer: str) -> Question:
    """Answer (or correct the answer of) a question; the first answer's date stands for
    the 30-day rule."""
    answer = (answer or "").strip()
    if not answer:
        raise OpennessError(_("Write the answer."))
    question.answer = answer
    question.answered_by = _user(actor)
    if question.answered_on is None:
        question.answered_on = _today()
    question.save()
    return question


# -- the union's required items ------------------------------------------------------------------


@transaction.atomic
def settings_update(*, actor, org: Organisation, state_owned: bool) -> OpennessSettings:
    s = OpennessSettings._base_manager.filter(org=org).first() or OpennessSettings(org=org)
    s.state_owned = bool(state_owned)
    s.save()
    return s


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:30] or "item"
    code, n = f"own-{base}", 1
    while code in taken:
        n += 1
        code = f"own-{base}-{n}"
    return code


@transaction.atomic
def item_add(
    *,
    actor,
    org: Organisation,
    name: str,
    frequency: str,
    category: str = rules.Category.OTHER,
    source: str = "",
    reason: str,
) -> ItemRule:
    """An item the union publishes beyond the rules (its own decision, with the reason)."""
    name = (name or "").strip()
    if not name:
        raise OpennessError(_("Name the item."))
    if frequency not in rules.Frequency.values:
        raise OpennessError(_("Unknown frequency."))
    if category not in rules.Category.values:
        raise OpennessError(_("Unknown category."))
    if not (reason or "").strip():
        raise OpennessError(_("Give the reason for the change."))
    existing = selectors.all_items(org)
    if any(i.name == name for i in existing):
        raise OpennessError(_("There is already an item of that name."))
    taken = {i.code for i in existing} | set(
        ItemRule._base_manager.filter(org=org).values_list("code", flat=True)
    )
    rule = ItemRule(
        org=org,
        code=_slug(name, taken),
        name=name[:120],
        frequency=frequency,
        category=category,
        source=(source or "").strip()[:200] or str(_("The union's own decision")),
        custom=True,
        reason=reason.strip()[:200],
        changed_by=_user(actor),
    )
    rule.save()
    return rule


@transaction.atomic
def item_set_required(
    *, actor, org: Organisation, code: str, required: bool, reason: str = ""
) -> ItemRule | None:
    """Switch an item off (with the reason: "no canteen", "not a state-owned enterprise")
    or back on. Switching a built-in item back on removes the union's override."""
    items = {i.code: i for i in selectors.all_items(org)}
    if code not in items:
        raise OpennessError(_("Unknown required item."))
    rule = ItemRule._base_manager.filter(org=org, code=code).first()
    if not required:
        if not (reason or "").strip():
            raise OpennessError(_("Give the reason for the change."))
        if rule is None:
            rule = ItemRule(org=org, code=code, custom=False)
        rule.disabled = True
        rule.reason = reason.strip()[:200]
        rule.changed_by = _user(actor)
        rule.save()
        return rule
    if rule is None:
        return None
    if rule.custom:
        rule.disabled = False
        if reason.strip():
            rule.reason = reason.strip()[:200]
        rule.changed_by = _user(actor)
        rule.save()
        return rule
    rule.delete()
    return None


# -- the yearly report ---------------------------------------------------------------------------


def report_export(*, actor, unit: Organisation, year: int, fmt: str) -> tuple[str, bytes]:
    """The unit's report of `year` as a document in `fmt` ("docx" or "pdf"): its file name
    and content. The export is logged (who took which year's report, in which format)."""
    doc = reports.document(actor, unit, year, _today())
    data = doc.render(fmt)
    audit.record(
        "openness.report.exported",
        org=unit,
        changes={"format": [None, fmt], "year": [None, year]},
    )
    return doc.filename(fmt), data
