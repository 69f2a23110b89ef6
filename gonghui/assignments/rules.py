"""A form defined as data: its schema, and an answer's values checked against it.

A definition is {"fields": [field, ...]}; a field is
    {"key": "staff", "label": "职工人数", "type": "number", "required": true}
with type text | number | date | choice (with "choices": [...]) | file | table (with
"columns": [column, ...], a column being a field of type text, number, date or choice).
No code per form: the upper union writes the fields, the page renders them, these
functions check the definition when it is saved and each answer when it is saved or
handed in. A task without a form gets TASK_FIELDS: what was done, and the proof.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

FIELD_TYPES = ("text", "number", "date", "choice", "file", "table")
COLUMN_TYPES = ("text", "number", "date", "choice")
TYPE_LABELS = {
    "text": pgettext_lazy("form field type", "text"),
    "number": pgettext_lazy("form field type", "number"),
    "date": pgettext_lazy("form field type", "date"),
    "choice": pgettext_lazy("form field type", "choice"),
    "file": pgettext_lazy("form field type", "attachment"),
    "table": pgettext_lazy("form field type", "table"),
}
MAX_FIELDS = 60
MAX_ROWS = 200
MAX_TEXT = 2000
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

TASK_FIELDS = [
    {"key": "report", "label": "完成情况", "type": "text", "required": True},
    {"key": "proof", "label": "佐证材料", "type": "file", "required": False},
]


class DefinitionError(ValueError):
    """The definition is not a valid form; the message is for the person who wrote it."""


def _check_field(raw, *, types, seen: set, where: str) -> dict:
    if not isinstance(raw, dict):
        raise DefinitionError(_("{where}: each field is an object.").format(where=where))
    key = str(raw.get("key", "")).strip()
    label = str(raw.get("label", "")).strip()
    kind = str(raw.get("type", "")).strip()
    if not _KEY.match(key):
        raise DefinitionError(
            _("{where}: a field key has lowercase letters, digits and _ only.").format(where=where)
        )
    if key in seen:
        raise DefinitionError(
            _("{where}: the key {key} is used twice.").format(where=where, key=key)
        )
    seen.add(key)
    if not label or len(label) > 100:
        raise DefinitionError(_("{where}: every field needs a label.").format(where=where))
    if kind not in types:
        raise DefinitionError(
            _("{where}: {label} has an unknown type.").format(where=where, label=label)
        )
    field = {"key": key, "label": label, "type": kind, "required": bool(raw.get("required"))}
    if kind == "choice":
        choices = [str(c).strip() for c in raw.get("choices") or [] if str(c).strip()]
        if len(choices) < 2 or len(set(choices)) != len(choices):
            raise DefinitionError(
                _("{where}: {label} needs at least two different choices.").format(
                    where=where, label=label
                )
            )
        field["choices"] = choices
    if kind == "table":
        columns = raw.get("columns")
        if not isinstance(columns, list) or not columns:
            raise DefinitionError(
                _("{where}: the table {label} needs its columns.").format(where=where, label=label)
            )
        col_seen: set = set()
        field["columns"] = [
            _check_field(c, types=COLUMN_TYPES, seen=col_seen, where=label) for c in columns
        ]
    return field


def check_definition(definition) -> dict:
    """The definition, normalised; DefinitionError when it is not a valid form."""
    if not isinstance(definition, dict) or not isinstance(definition.get("fields"), list):
        raise DefinitionError(_("A form definition is a list of fields."))
    fields = definition["fields"]
    if not fields:
        raise DefinitionError(_("A form needs at least one field."))
    if len(fields) > MAX_FIELDS:
        raise DefinitionError(_("A form has at most {n} fields.").format(n=MAX_FIELDS))
    seen: set = set()
    where = pgettext("form definition", "Form")
    return {"fields": [_check_field(f, types=FIELD_TYPES, seen=seen, where=where) for f in fields]}


# -- the page's way of writing a form: one field a line ------------------------------------

TYPE_WORDS = {
    "文字": "text",
    "文本": "text",
    "数字": "number",
    "数值": "number",
    "日期": "date",
    "选择": "choice",
    "单选": "choice",
    "附件": "file",
    "文件": "file",
    "表格": "table",
}


def parse_lines(text: str) -> dict:
    """A definition from lines a person types, one field a line:

        职工人数|数字|必填
        职工之家等级|选择|国家级,省级,市级,未评定
        活动记录|表格|日期:日期,内容:文字,参加人数:数字
        照片|附件

    (label | type | choices, columns or 必填). Keys are made from the line's position."""
    fields = []
    for n, line in enumerate(s for s in (text or "").splitlines() if s.strip()):
        parts = [p.strip() for p in re.split(r"[|｜]", line)]
        label = parts[0]
        kind = TYPE_WORDS.get(parts[1] if len(parts) > 1 else "文字")
        if kind is None:
            raise DefinitionError(
                _("Line {n}: the type is one of {types}.").format(
                    n=n + 1, types="、".join(dict.fromkeys(TYPE_WORDS))
                )
            )
        extra = parts[2:]
        field = {"key": f"f{n + 1}", "label": label, "type": kind, "required": "必填" in extra}
        options = next((e for e in extra if e and e != "必填"), "")
        items = [i.strip() for i in re.split(r"[,，、]", options) if i.strip()]
        if kind == "choice":
            field["choices"] = items
        if kind == "table":
            columns = []
            for c, item in enumerate(items):
                name, _sep, word = item.partition(":") if ":" in item else item.partition("：")
                col_kind = TYPE_WORDS.get(word.strip() or "文字")
                if col_kind not in COLUMN_TYPES:
                    raise DefinitionError(
                        _("Line {n}: a column is text, number, date or choice.").format(n=n + 1)
                    )
                columns.append({"key": f"c{c + 1}", "label": name.strip(), "type": col_kind})
            field["columns"] = columns
        fields.append(field)
    return check_definition({"fields": fields})


def to_lines(definition: dict) -> str:
    """The definition written back as lines (for editing a draft)."""
    words = {v: k for k, v in reversed(TYPE_WORDS.items())}
    lines = []
    for f in (definition or {}).get("fields", []):
        parts = [f["label"], words[f["type"]]]
        if f["type"] == "choice":
            parts.append(",".join(f["choices"]))
        if f["type"] == "table":
            parts.append(",".join(f"{c['label']}:{words[c['type']]}" for c in f["columns"]))
        if f.get("required"):
            parts.append("必填")
        lines.append("|".join(parts))
    return "\n".join(lines)


# -- an answer against the definition ---------------------------------------------------------


def _clean_scalar(field: dict, raw) -> tuple[object, str | None]:
    """(the stored value, None) or (None, the message)."""
    if raw is None:
        return None, None
    text = str(raw).strip()
    if text == "":
        return None, None
    kind, label = field["type"], field["label"]
    if kind == "text":
        if len(text) > MAX_TEXT:
            return None, _("{label}: at most {n} characters.").format(label=label, n=MAX_TEXT)
        return text, None
    if kind == "number":
        try:
            number = Decimal(text.replace(",", "").replace("，", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= Decimal("1e15"):
            return None, _("{label}: enter a number.").format(label=label)
        return format(number.normalize(), "f"), None
    if kind == "date":
        try:
            day = parse_date(text)
        except ValueError:
            day = None
        if day is None:
            return None, _("{label}: enter a date such as 2026-03-31.").format(label=label)
        return day.isoformat(), None
    if kind == "choice":
        if text not in field["choices"]:
            return None, _("{label}: choose one of the listed answers.").format(label=label)
        return text, None
    return None, None


def clean_values(
    definition: dict, raw: dict, *, complete: bool, files: dict | None = None
) -> tuple[dict, dict]:
    """(values, errors): `raw` (key -> text, or a list of row dicts for a table) checked
    against the definition. `complete` (handing in) also asks for the required fields;
    `files` (key -> how many files the answer holds) answers a required file field."""
    values, errors = {}, {}
    raw = raw if isinstance(raw, dict) else {}
    for field in (definition or {}).get("fields", []):
        key, kind = field["key"], field["type"]
        if kind == "file":
            if complete and field.get("required") and not (files or {}).get(key):
                errors[key] = _("{label}: attach a file.").format(label=field["label"])
            continue
        if kind == "table":
            rows = raw.get(key) or []
            if not isinstance(rows, list):
                errors[key] = _("{label}: the rows are a list.").format(label=field["label"])
                continue
            kept = []
            for n, row in enumerate(rows[: MAX_ROWS + 1], start=1):
                row = row if isinstance(row, dict) else {}
                clean = {}
                for col in field["columns"]:
                    value, error = _clean_scalar(col, row.get(col["key"]))
                    if error:
                        errors.setdefault(
                            key,
                            _("{label}, row {n}: {error}").format(
                                label=field["label"], n=n, error=error
                            ),
                        )
                    elif value is not None:
                        clean[col["key"]] = value
                if clean:
                    kept.append(clean)
            if len(kept) > MAX_ROWS:
                errors[key] = _("{label}: at most {n} rows.").format(
                    label=field["label"], n=MAX_ROWS
                )
            if kept:
                values[key] = kept
            elif complete and field.get("required") and key not in errors:
                errors[key] = _("{label}: add at least one row.").format(label=field["label"])
            continue
        value, error = _clean_scalar(field, raw.get(key))
        if error:
            errors[key] = error
        elif value is not None:
            values[key] = value
        elif complete and field.get("required"):
            errors[key] = _("{label}: this is required.").format(label=field["label"])
    return values, errors


def cell_value(field: dict, value):
    """An answer's value as one cell of the export: numbers as numbers, a table's rows
    as lines of text."""
    if value in (None, ""):
        return None
    if field["type"] == "number":
        return Decimal(value)
    if field["type"] == "table":
        return "\n".join(
            "；".join(f"{c['label']}：{row.get(c['key'], '')}" for c in field["columns"])
            for row in value
        )
    return value
