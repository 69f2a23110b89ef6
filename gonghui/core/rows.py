"""Model instances from the rows of a hand-written statement.

For the few statements on the path of every request that do in one round trip what the
ORM would do in two (gonghui.accounts.access: the organisation and the roles; the API
token and its last use). The rows become the same instances the ORM makes: values
converted as its compiler converts them (SQLite returns dates as text and booleans as
0/1), loaded through `from_db` (so they count as saved, and the audit sees them as loaded).
"""

from __future__ import annotations

from django.db import connection


def columns(model, alias: str) -> str:
    """`alias."col", …` of every concrete field of `model`, in field order."""
    return ", ".join(f'{alias}."{f.column}"' for f in model._meta.concrete_fields)


def width(model) -> int:
    return len(model._meta.concrete_fields)


# (model, attnames, database vendor) -> each column with the converters the ORM would
# apply to it. Asking the backend for them costs more than the conversions themselves
# (a dozen lookups per field), on the path of every request.
_CONVERTERS: dict[tuple, list] = {}


def _converters(model, names) -> list:
    key = (model, tuple(names), connection.vendor)
    found = _CONVERTERS.get(key)
    if found is None:
        found = []
        for name in names:
            col = model._meta.get_field(name).get_col(model._meta.db_table)
            chain = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            found.append((col, tuple(chain)))
        _CONVERTERS[key] = found
    return found


def converted(model, names, values) -> list:
    """Raw values of the fields `names` (attnames) as the ORM hands them."""
    out = []
    for (col, chain), value in zip(_converters(model, names), values, strict=True):
        for convert in chain:
            value = convert(value, col, connection)
        out.append(value)
    return out


def instance(model, values, names=None):
    """An instance of `model` from `values` of its concrete fields (or of `names`)."""
    names = names or [f.attname for f in model._meta.concrete_fields]
    return model.from_db(connection.alias, names, converted(model, names, values))
