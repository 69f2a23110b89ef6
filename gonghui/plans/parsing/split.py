"""split_plans: a collection of plans (篇1 … 篇31 scraped from a site) → one text per plan."""

from __future__ import annotations

import re

from .lines import drop_noise, fold, split_lines
from .numbers import to_int

_N = r"(?P<n>\d{1,3}|[一二三四五六七八九十]{1,4})"
# A marker line: "小学工会工作计划 篇1", "【篇1】", "篇一：", "第一篇：…", "范文3", "工会工作计划（篇2）".
_MARKERS = [
    re.compile(rf"^.{{0,50}}?[\[【(]?\s*(?:篇|范文)\s*[\[【(]?\s*{_N}\s*[\]】)]?\s*:?\s*$"),
    re.compile(rf"^\s*[\[【(]?\s*第\s*{_N}\s*篇\s*[\]】)]?\s*(?::|\s|$)"),
    re.compile(rf"^\s*[\[【(]?\s*(?:篇|范文)\s*{_N}\s*[\]】)]?\s*(?::|\s|$)"),
]


def _marker_number(line: str) -> int | None:
    norm = fold(line.strip())
    if len(norm) > 60:
        return None
    for rx in _MARKERS:
        match = rx.match(norm)
        if match:
            return to_int(match.group("n"))
    return None


def split_plans(text: str) -> list[str]:
    """The plans of a collection, each starting at its marker line; a text with fewer than
    two markers (or markers that do not count up from 1) is one plan: [text]."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    markers = [
        (index, number)
        for index, line in enumerate(raw_lines)
        if (number := _marker_number(line)) is not None
    ]
    if len(markers) < 2 or min(number for _i, number in markers) > 2:
        return [text]
    increases = sum(1 for a, b in zip(markers, markers[1:], strict=False) if b[1] > a[1])
    if increases < (len(markers) - 1) / 2:
        return [text]
    bounds = [index for index, _number in markers] + [len(raw_lines)]
    chunks = [
        "\n".join(raw_lines[start:end]) for start, end in zip(bounds, bounds[1:], strict=False)
    ]
    # A table of contents lists the markers with nothing between them: keep real plans only.
    plans = [chunk for chunk in chunks if _substance(chunk) >= 3]
    return plans or [text]


def _substance(chunk: str) -> int:
    """Lines of a chunk that are not noise, beyond its marker line."""
    return max(len(drop_noise(split_lines(chunk))) - 1, 0)
