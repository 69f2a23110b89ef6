"""The roster export (services): the workbook and its mark on the record, for the page, the
API and the export_members command.

Apart from services.py because the exporter reads selectors, which read services.py.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.orgs.models import Organisation

from . import vocab
from .exports import RosterExporter
from .models import Status
from .selectors import AGE_LABELS, RosterFilter

# How the log names the roster's filters: the page's words, not its query string.
_FILTER_WORDS = {
    "status": lambda v: (
        dict(Status.choices).get(v) or {"all": _("All members"), "on_roll": ""}.get(v)
    ),
    "sex": lambda v: dict(vocab.SEXES).get(v),
    "member_type": lambda v: dict(vocab.MEMBER_TYPES).get(v),
    "age": lambda v: AGE_LABELS.get(v),
}


def roster_filename(org) -> str:
    """会员花名册-S0001-20261120.xlsx: the name the download is offered under."""
    return f"会员花名册-{org.code}-{timezone.localdate():%Y%m%d}.xlsx"


def filters_in_words(options) -> str:
    """The filters of an export as a cadre set them (组别 语文教研组；性别 女 …)."""
    chosen = RosterFilter.from_params(options or {})
    labels = {
        "q": _("Search"),
        "group": _("Group"),
        "status": _("Status"),
        "sex": _("Sex"),
        "age": _("Age"),
        "political": _("Political status"),
        "education": _("Education"),
        "member_type": _("Member type"),
    }
    parts = []
    for field, label in labels.items():
        value = getattr(chosen, field)
        if field == "group" and value:
            value = Organisation.objects.filter(code=value).values_list("name", flat=True).first()
        elif field in _FILTER_WORDS:
            value = _FILTER_WORDS[field](value) or ""
        if value:
            parts.append(f"{label}：{value}")
    return "；".join(parts)


def roster_export(*, actor, org, options=None, full_ids: bool = False) -> tuple[str, bytes, int]:
    """The (filtered) roster of `org` as .xlsx, and the export on the record: (file name,
    content, member rows).

    The caller is inside the scope of `org` and has decided whether full ID numbers may go
    out (`full_ids`); the audit entry records that decision, the row count and the filters
    in words."""
    options = options if options is not None else {}
    buf = io.BytesIO()
    exporter = RosterExporter(user=actor, org=org, options=options, full_ids=full_ids)
    count = exporter.write_xlsx(buf)
    audit.record(
        "members.roster.exported",
        org=org,
        changes={
            "rows": [None, count],
            "full_ids": [None, full_ids],
            "filters": [None, filters_in_words(options)],
        },
    )
    return roster_filename(org), buf.getvalue(), count
