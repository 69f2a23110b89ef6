"""Records of the foreign union for the scoping matrix, one module per app.

Each module defines `build(union)` creating at least one record of each kind its URLs
take ids of, inside the foreign union X9001, and may define OBJECT_KWARGS and
VALUE_KWARGS for its URL keywords (merged into the matrix's tables). A new app adds a
module here instead of editing the matrix.
"""

from __future__ import annotations

import importlib
import pkgutil


def modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        yield importlib.import_module(f"{__name__}.{info.name}")
