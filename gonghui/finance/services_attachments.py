"""The original documents (原始凭证) of a voucher: attached while it is being prepared or
waits for review, fixed from the review on (the reviewer approves what they saw).

Workflows as in services.py: atomic, the actor passed in, the audit entries written by
the model in the same transaction; a refusal is a FinanceError for the page or the API.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    Voucher,
    VoucherAttachment,
    VoucherState,
)
from .services import FinanceError, _as_actor, _state

# Until it is reviewed, the preparer may still add the receipt the reviewer asks for.
OPEN_STATES = (VoucherState.DRAFT, VoucherState.SUBMITTED, VoucherState.REJECTED)
MAX_FILES = 50


def check_upload(upload) -> str:
    """The file's content type, known from its first bytes; FinanceError otherwise."""
    name = (getattr(upload, "name", "") or "").strip()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise FinanceError(
            _("%(name)s: only PDF, JPG, PNG and Excel (.xlsx) files are accepted.")
            % {"name": name or "?"},
            field="file",
        )
    if not upload.size:
        raise FinanceError(_("%(name)s is empty.") % {"name": name}, field="file")
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise FinanceError(_("%(name)s is larger than 20 MB.") % {"name": name}, field="file")
    content_type, magics = ATTACHMENT_TYPES[ext]
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise FinanceError(
            _("%(name)s is not a real %(ext)s file.") % {"name": name, "ext": ext.upper()},
            field="file",
        )
    return content_type


@transaction.atomic
def voucher_attach(*, actor, voucher: Voucher, upload) -> VoucherAttachment:
    """Attach one file (a receipt's photo or scan, a 发放表) to a voucher not yet reviewed."""
    content_type = check_upload(upload)
    with _as_actor(actor):
        fresh = _state(voucher, *OPEN_STATES)
        if VoucherAttachment.objects.filter(voucher=fresh).count() >= MAX_FILES:
            raise FinanceError(
                _("A voucher holds at most %(count)s files.") % {"count": MAX_FILES},
                field="file",
            )
        att = VoucherAttachment(
            voucher=fresh,
            token=secrets.token_hex(16),
            name=upload.name.strip()[:200],
            size=upload.size,
            content_type=content_type,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        att.file.save(upload.name, upload, save=False)
        att.save()
        return att


def attach_generated(*, voucher: Voucher, name: str, content: bytes, content_type: str):
    """A file a module made itself (a batch's 发放表) attached to the voucher it booked;
    inside the caller's transaction and audit context."""
    from django.core.files.base import ContentFile

    att = VoucherAttachment(
        voucher=voucher,
        token=secrets.token_hex(16),
        name=name[:200],
        size=len(content),
        content_type=content_type,
    )
    att.file.save(name, ContentFile(content), save=False)
    att.save()
    return att


@transaction.atomic
def voucher_detach(*, actor, attachment: VoucherAttachment) -> None:
    """Remove a file from a voucher not yet reviewed; the stored file goes after commit."""
    with _as_actor(actor):
        _state(attachment.voucher, *OPEN_STATES)
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
