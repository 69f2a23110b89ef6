"""Precision and recall of the plan parser on hand-checked plans of the seed collection
(issue #15 §2).

The ground truth is in tests/plans/fixtures/seed/NN.json, one file per 篇 of
../shared/seed/000_3484bbb64bccdd70.txt, written by reading the plans (never from the
parser's output):

    {"pian": 9, "style": "…",
     "sections": [{"number": "一", "title": "指导思想"}, …],
     "tasks": ["建立困难职工档案", ["第五届教代会第三次会议", "4月召开第五届三次教代会"], …]}

- sections: every heading of the expected outline, at any depth, in order. A parsed
  section matches a fixture section when their numbers are equal (both width-folded: （一）
  and (一) are one number; "" for an unnamed heading such as 指导思想：) and the parsed
  title contains the fixture's title (a distinctive fragment of it).
- tasks: every concrete "someone will do something" item of the plan, once — no statements
  of principle, slogans, bare labels (校本培训) or duplicates. A fixture task is a
  distinctive fragment of the text the parser should give, or a list of alternative
  fragments (the same work written twice, e.g. in a section and again with its date:
  either sentence may carry it, but only one task may). A parsed task matches a fixture
  task when its text contains one of the fragments (both width-folded, white space
  removed); each fixture task matches at most one parsed task and each parsed task at most
  one fixture task (greedy, in the fixture's order).

precision = matched parsed / all parsed, recall = matched fixtures / all fixtures, pooled
over the fixtures.

- fields (#15 §4): "fields" maps a task (its first fragment) to the fields its sentence
  gives, read by hand — months (named, a festival's, or its schedule entry's), term (a
  code of dates.TERMS), recurrence ({"per", "times", "at_least"}) and quantities
  ([[value, unit], …], real counts and amounts only: not 千名学生评老师, not 一批新图书);
  a task that is not listed has none. For every matched task, each of the four fields
  that is non-empty in the fixture or in the parser's task counts once, and is right
  when the two are equal. field accuracy = right / counted. The figures are printed (visible with -s) and reported as a warning, so
that they also show in the warnings summary of `make test` (which runs under xdist).
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from gonghui.plans.parsing import parse_plan, split_plans
from gonghui.plans.parsing.lines import fold

SEED = Path(__file__).resolve().parents[2].parent / "shared/seed/000_3484bbb64bccdd70.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "seed"
TARGET_SECTIONS = 0.95
TARGET_TASKS = 0.90
# Before #15 §4 the issue measured 0.70; every field of the fixtures is now right.
TARGET_FIELDS = 0.95

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason=f"the seed collection {SEED} is not on this machine"
)


class ParserFigures(UserWarning):
    """The parser's precision and recall on the hand-checked seed plans (issue #15)."""


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def _fixtures() -> list[dict]:
    return [json.loads(path.read_text("utf-8")) for path in sorted(FIXTURES.glob("*.json"))]


def _plans() -> dict[int, str]:
    parts = split_plans(SEED.read_text("utf-8"))
    return dict(enumerate(parts, start=1))


def _match(
    expected: list[list[str]], found: list[str], pairs: list[tuple[int, int]] | None = None
) -> tuple[int, list[int], list[int]]:
    """(matches, indexes of unmatched expected, indexes of unmatched found); pairs gets the
    (expected, found) index pairs."""
    used: set[int] = set()
    missed = []
    for index, fragments in enumerate(expected):
        hit = next(
            (
                j
                for j, text in enumerate(found)
                if j not in used and any(fragment in text for fragment in fragments)
            ),
            None,
        )
        if hit is None:
            missed.append(index)
        else:
            used.add(hit)
            if pairs is not None:
                pairs.append((index, hit))
    extra = [j for j in range(len(found)) if j not in used]
    return len(used), missed, extra


FIELDS = ("months", "term", "recurrence", "quantities")


def _parsed_fields(task) -> dict:
    return {
        "months": list(task.months),
        "term": task.term,
        "recurrence": dict(task.recurrence) if task.recurrence else None,
        "quantities": [[q.value, q.unit] for q in task.quantities],
    }


def _field_score(fixture: dict, expected_tasks, plan, pairs) -> tuple[int, int, list[str]]:
    """(right, counted, wrong ones) over the matched (fixture index, parsed index) pairs."""
    firsts = [item if isinstance(item, str) else item[0] for item in fixture["tasks"]]
    right = counted = 0
    wrong = []
    for index, j in pairs:
        expected = {"months": [], "term": None, "recurrence": None, "quantities": []}
        expected.update(fixture.get("fields", {}).get(firsts[index], {}))
        parsed = _parsed_fields(plan.tasks[j])
        for name in FIELDS:
            if not expected[name] and not parsed[name]:
                continue
            counted += 1
            if expected[name] == parsed[name]:
                right += 1
            else:
                wrong.append(f"{firsts[index]}: {name} {parsed[name]!r}, not {expected[name]!r}")
    return right, counted, wrong


def _section_keys(fixture: dict) -> list[str]:
    return [f"{_norm(s['number'])}|{_norm(s['title'])}" for s in fixture["sections"]]


def _score(fixture: dict, text: str) -> dict:
    plan = parse_plan(text)
    # Sections: "number|title" strings; a fixture section is "number|" + title fragment, so
    # a match is a parsed key that starts with "number|" and contains the fragment.
    parsed_sections = [f"{_norm(s.number)}|{_norm(s.title)}" for s in plan.all_sections()]
    used: set[int] = set()
    section_missed = []
    for expected in fixture["sections"]:
        number, title = _norm(expected["number"]), _norm(expected["title"])
        hit = next(
            (
                j
                for j, key in enumerate(parsed_sections)
                if j not in used
                and key.split("|", 1)[0] == number
                and title in key.split("|", 1)[1]
            ),
            None,
        )
        if hit is None:
            section_missed.append(f"{number} {title}")
        else:
            used.add(hit)
    section_extra = [key for j, key in enumerate(parsed_sections) if j not in used]
    expected_tasks = [
        [_norm(f) for f in ([item] if isinstance(item, str) else item)] for item in fixture["tasks"]
    ]
    parsed_tasks = [_norm(task.text) for task in plan.tasks]
    pairs: list[tuple[int, int]] = []
    task_hits, missed, extra = _match(expected_tasks, parsed_tasks, pairs)
    fields_right, fields_counted, fields_wrong = _field_score(fixture, expected_tasks, plan, pairs)
    return {
        "fields": (fields_right, fields_counted),
        "fields_wrong": fields_wrong,
        "sections": (len(used), len(parsed_sections), len(fixture["sections"])),
        "tasks": (task_hits, len(parsed_tasks), len(expected_tasks)),
        "section_missed": section_missed,
        "section_extra": section_extra,
        "task_missed": ["/".join(expected_tasks[i]) for i in missed],
        "task_extra": [parsed_tasks[j] for j in extra],
    }


def figures() -> tuple[dict[str, tuple[float, float]], dict[int, dict]]:
    """{"sections": (precision, recall), "tasks": (…), "fields": (accuracy, fields
    counted)} and each 篇's score."""
    plans = _plans()
    scores = {f["pian"]: _score(f, plans[f["pian"]]) for f in _fixtures()}
    out = {}
    for kind in ("sections", "tasks"):
        hits = sum(score[kind][0] for score in scores.values())
        found = sum(score[kind][1] for score in scores.values())
        expected = sum(score[kind][2] for score in scores.values())
        out[kind] = (hits / found if found else 1.0, hits / expected if expected else 1.0)
    right = sum(score["fields"][0] for score in scores.values())
    counted = sum(score["fields"][1] for score in scores.values())
    out["fields"] = (right / counted if counted else 1.0, counted)
    return out, scores


def test_there_are_at_least_ten_hand_checked_plans_of_the_seed():
    fixtures = _fixtures()
    assert len(fixtures) >= 10
    assert len({f["pian"] for f in fixtures}) == len(fixtures)
    assert all(f["tasks"] for f in fixtures if f["pian"] != 0)


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda f: f"篇{f['pian']}")
def test_every_fixture_fragment_is_in_its_plan(fixture):
    """The fixtures quote their plan: a fragment that is not in the text is a typo."""
    text = _norm(_plans()[fixture["pian"]])
    for item in fixture["tasks"]:
        for fragment in [item] if isinstance(item, str) else item:
            assert _norm(fragment) in text, fragment
    for section in fixture["sections"]:
        assert _norm(section["title"]) in text, section


def test_precision_and_recall_of_sections_and_tasks_reach_the_targets_of_issue_15():
    result, scores = figures()
    (sp, sr), (tp, tr) = result["sections"], result["tasks"]
    line = (
        f"plan parser on {len(scores)} hand-checked seed plans: "
        f"sections precision {sp:.2f} recall {sr:.2f}; tasks precision {tp:.2f} recall {tr:.2f}"
    )
    print("\n" + line)
    warnings.warn(line, ParserFigures, stacklevel=1)
    details = "\n".join(
        f"篇{pian}: sections missed {s['section_missed']} extra {s['section_extra']}; "
        f"tasks missed {s['task_missed']} extra {s['task_extra']}"
        for pian, s in sorted(scores.items())
        if s["section_missed"] or s["section_extra"] or s["task_missed"] or s["task_extra"]
    )
    assert sp >= TARGET_SECTIONS and sr >= TARGET_SECTIONS, f"{line}\n{details}"
    assert tp >= TARGET_TASKS and tr >= TARGET_TASKS, f"{line}\n{details}"


def test_field_accuracy_on_the_hand_checked_plans_reaches_the_target():
    """#15 §4: the months, term, recurrence and quantities of the matched tasks."""
    result, scores = figures()
    accuracy, counted = result["fields"]
    right = sum(score["fields"][0] for score in scores.values())
    line = (
        f"plan parser on {len(scores)} hand-checked seed plans: "
        f"fields right {right}/{counted} non-empty = {accuracy:.2f}"
    )
    print("\n" + line)
    warnings.warn(line, ParserFigures, stacklevel=1)
    details = "\n".join(
        f"篇{pian}: {wrong}" for pian, s in sorted(scores.items()) for wrong in s["fields_wrong"]
    )
    assert counted >= 30, "the fixtures name too few fields to measure"
    assert accuracy >= TARGET_FIELDS, f"{line}\n{details}"
