"""The hand-checked seed plans (tests/plans/fixtures/seed) damaged the ways copying damages
a plan, scored against the same ground truth as the plans themselves
(tests/plans/test_parser_precision.py): a hard-wrapped copy with page numbers and a copy
whose headings are glued to the lines before them read exactly as well as the original; a
copy on one line nearly so (an unnumbered heading without a colon, 主要活动安排, cannot be
told from the words after it once the line break is gone)."""

from __future__ import annotations

import warnings

import pytest

from tests.plans.test_parser_precision import ParserFigures, _fixtures, _plans, _score

from .helpers import SEED, glue_headings, hard_wrap, one_line

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason=f"the seed collection {SEED} is not on this machine"
)


def _figures(damage) -> dict[str, tuple[float, float]]:
    plans = _plans()
    scores = [_score(fixture, damage(plans[fixture["pian"]])) for fixture in _fixtures()]
    out = {}
    for kind in ("sections", "tasks"):
        hits = sum(score[kind][0] for score in scores)
        found = sum(score[kind][1] for score in scores)
        expected = sum(score[kind][2] for score in scores)
        out[kind] = (hits / found, hits / expected)
    return out


def _report(name: str, figures: dict[str, tuple[float, float]]) -> None:
    (sp, sr), (tp, tr) = figures["sections"], figures["tasks"]
    line = (
        f"plan parser on the hand-checked seed plans {name}: sections precision {sp:.2f} "
        f"recall {sr:.2f}; tasks precision {tp:.2f} recall {tr:.2f}"
    )
    print("\n" + line)
    warnings.warn(line, ParserFigures, stacklevel=2)


@pytest.mark.parametrize(
    ("name", "damage"),
    [("hard-wrapped with page numbers", hard_wrap), ("with glued headings", glue_headings)],
)
def test_a_damaged_copy_reads_as_well_as_the_plan(name, damage):
    figures = _figures(damage)
    _report(name, figures)
    assert figures == _figures(lambda text: text)


def test_a_copy_on_one_line_reads_nearly_as_well():
    figures = _figures(one_line)
    _report("on one line", figures)
    clean = _figures(lambda text: text)
    assert figures["sections"][0] == 1.0 and figures["sections"][1] >= 0.95
    assert figures["tasks"] == clean["tasks"]
