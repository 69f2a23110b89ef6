"""The JSON parser of the API: DRF's, with a limit on how deeply the data may nest.

No endpoint takes more than a few levels (a list of objects holding a list). A body of
10,000 nested brackets used to reach Python's recursion limit inside the decoder, which
DRF does not catch (a 500); a few hundred levels parse but then recurse again in the
serializers and the audit log. Both are refused here with a 400.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def depth_of(data, limit: int = MAX_DEPTH) -> int:
    """How deeply `data` nests (a scalar is 0), counting no further than limit + 1."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def _too_deep() -> ParseError:
    return ParseError(
        _("The data is nested too deeply (at most %(max)s levels).") % {"max": MAX_DEPTH}
    )


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if depth_of(data) > MAX_DEPTH:
            raise _too_deep()
        return data
