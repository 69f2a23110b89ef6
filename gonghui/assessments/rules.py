"""A scoring scheme as data, and scores checked against it.

A scheme's items are
    {"sections": [{"title": "组织建设", "items": [item, ...]}, ...], "source": "..."}
an item being
    {"code": "A1", "text": "依法建立工会…", "points": "10", "evidence": "record",
     "guidance": "查换届记录；未按期换届扣5分"}
with evidence one of EVIDENCE (none, file, record, any = a file or a record). Points and
scores are decimal strings in steps of 0.5 (exact; summed as Decimal). No code per scheme:
the upper union writes the items (one a line, `parse_lines`), the pages render them, these
functions check the scheme when it is saved and the scores when they are saved or handed in.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

EVIDENCE = ("none", "file", "record", "any")
EVIDENCE_LABELS = {
    "none": pgettext_lazy("evidence required", "None"),
    "file": pgettext_lazy("evidence required", "A file"),
    "record": pgettext_lazy("evidence required", "A record"),
    "any": pgettext_lazy("evidence required", "A file or a record"),
}
EVIDENCE_WORDS = {
    "无": "none",
    "附件": "file",
    "文件": "file",
    "记录": "record",
    "附件或记录": "any",
}
MAX_ITEMS = 100
MAX_POINTS = Decimal("100")
MAX_TOTAL = Decimal("1000")
STEP = Decimal("0.5")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,11}$")


class SchemeError(ValueError):
    """The scheme is not valid; the message is for the person who wrote it."""


def _decimal(text) -> Decimal | None:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def check_items(items) -> dict:
    """The scheme's items, normalised; SchemeError when they are not a valid scheme."""
    if not isinstance(items, dict) or not isinstance(items.get("sections"), list):
        raise SchemeError(_("A scheme is a list of sections with their items."))
    sections, seen, count, total = [], set(), 0, Decimal(0)
    for raw in items["sections"]:
        if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
            raise SchemeError(_("Each section is a title with its items."))
        title = str(raw.get("title", "")).strip()[:100]
        if not title:
            raise SchemeError(_("Every section needs a title."))
        kept = []
        for item in raw["items"]:
            if not isinstance(item, dict):
                raise SchemeError(_("{section}: each item is an object.").format(section=title))
            code = str(item.get("code", "")).strip()
            text = str(item.get("text", "")).strip()
            if not _CODE.match(code):
                raise SchemeError(
                    _(
                        "{section}: an item code has letters, digits, . and - only (at most 12)."
                    ).format(section=title)
                )
            if code in seen:
                raise SchemeError(_("The item code {code} is used twice.").format(code=code))
            seen.add(code)
            if not text or len(text) > 300:
                raise SchemeError(
                    _("{code}: the item needs its text (at most 300 characters).").format(code=code)
                )
            points = _decimal(item.get("points", ""))
            if points is None or points <= 0 or points > MAX_POINTS or points % STEP:
                raise SchemeError(
                    _(
                        "{code}: the points are a number above 0 and at most 100, in steps of 0.5."
                    ).format(code=code)
                )
            evidence = str(item.get("evidence") or "none").strip()
            if evidence not in EVIDENCE:
                raise SchemeError(_("{code}: unknown kind of evidence.").format(code=code))
            guidance = str(item.get("guidance") or "").strip()
            if len(guidance) > 500:
                raise SchemeError(
                    _("{code}: the scoring guidance is at most 500 characters.").format(code=code)
                )
            kept.append(
                {
                    "code": code,
                    "text": text,
                    "points": _fmt(points),
                    "evidence": evidence,
                    "guidance": guidance,
                }
            )
            count += 1
            total += points
        if not kept:
            raise SchemeError(
                _("{section}: a section needs at least one item.").format(section=title)
            )
        sections.append({"title": title, "items": kept})
    if not count:
        raise SchemeError(_("A scheme needs at least one item."))
    if count > MAX_ITEMS:
        raise SchemeError(_("A scheme has at most {n} items.").format(n=MAX_ITEMS))
    if total > MAX_TOTAL:
        raise SchemeError(_("The points add up to at most 1000."))
    out = {"sections": sections}
    source = str(items.get("source") or "").strip()[:300]
    if source:
        out["source"] = source
    return out


def flat(items: dict) -> list[dict]:
    return [i for s in (items or {}).get("sections", []) for i in s.get("items", [])]


def max_total(items: dict) -> Decimal:
    return sum((Decimal(i["points"]) for i in flat(items)), Decimal(0))


# -- the page's way of writing a scheme: one item a line ----------------------------------


def parse_lines(text: str, source: str = "") -> dict:
    """A scheme from lines a person types: a section title starts with #, an item is

        # 组织建设
        A1|依法建立工会，按期换届|10|记录|查换届选举记录；未按期换届扣5分
        A2|会员入会率达到90%以上|10|附件

    (code | text | points | evidence: 无, 附件, 记录, 附件或记录 | scoring guidance). Items
    before the first title go to a section named 考核内容."""
    sections: list[dict] = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith(("#", "＃")):
            sections.append({"title": line.lstrip("#＃ ").strip(), "items": []})
            continue
        parts = [p.strip() for p in re.split(r"[|｜]", line)]
        if len(parts) < 3:
            raise SchemeError(_("Line {n}: write code|text|points|evidence|guidance.").format(n=n))
        word = parts[3] if len(parts) > 3 and parts[3] else "无"
        if word not in EVIDENCE_WORDS:
            raise SchemeError(
                _("Line {n}: the evidence is one of {words}.").format(
                    n=n, words="、".join(EVIDENCE_WORDS)
                )
            )
        if not sections:
            sections.append({"title": "考核内容", "items": []})
        sections[-1]["items"].append(
            {
                "code": parts[0],
                "text": parts[1],
                "points": parts[2],
                "evidence": EVIDENCE_WORDS[word],
                "guidance": "|".join(parts[4:]),
            }
        )
    return check_items({"sections": sections, "source": source})


def to_lines(items: dict) -> str:
    """The scheme written back as lines (for editing a draft)."""
    words = {v: k for k, v in reversed(EVIDENCE_WORDS.items())}
    lines = []
    for section in (items or {}).get("sections", []):
        lines.append(f"# {section['title']}")
        for i in section["items"]:
            parts = [i["code"], i["text"], i["points"], words[i["evidence"]]]
            if i.get("guidance"):
                parts.append(i["guidance"])
            lines.append("|".join(parts))
    return "\n".join(lines)


# -- scores against the scheme --------------------------------------------------------------


def clean_scores(items: dict, raw: dict, *, complete: bool) -> tuple[dict, dict]:
    """(scores, errors): `raw` (item code -> score text) checked against the scheme: each
    between 0 and the item's points in steps of 0.5. `complete` asks for every item."""
    scores, errors = {}, {}
    raw = raw if isinstance(raw, dict) else {}
    for item in flat(items):
        code = item["code"]
        text = str(raw.get(code) if raw.get(code) is not None else "").strip()
        if text == "":
            if complete:
                errors[code] = _("{code}: give a score.").format(code=code)
            continue
        value = _decimal(text)
        if value is None or value < 0 or value > Decimal(item["points"]) or value % STEP:
            errors[code] = _("{code}: a score from 0 to {points}, in steps of 0.5.").format(
                code=code, points=item["points"]
            )
            continue
        scores[code] = _fmt(value)
    return scores, errors


def total(scores: dict) -> Decimal:
    return sum((Decimal(v) for v in scores.values()), Decimal(0))


def missing_evidence(items: dict, scores: dict, evidence: dict) -> list[str]:
    """Codes of the items claimed with points above 0 that lack the evidence they ask for.
    `evidence` maps an item code to the set of kinds attached ({"file", "record"})."""
    out = []
    for item in flat(items):
        need = item["evidence"]
        if need == "none" or not Decimal(scores.get(item["code"], "0") or "0"):
            continue
        have = evidence.get(item["code"], set())
        if (need == "any" and not have) or (need in ("file", "record") and need not in have):
            out.append(item["code"])
    return out


def rank(rows: list, key) -> list[tuple[int, object]]:
    """Competition ranking (1, 2, 2, 4) of rows already sorted by `key` descending."""
    out, previous, position = [], None, 0
    for n, row in enumerate(rows, start=1):
        value = key(row)
        if value != previous:
            position, previous = n, value
        out.append((position, row))
    return out


# -- the built-in template ------------------------------------------------------------------

# 模范职工之家 (model "workers' home"). Source: ../shared/docs/domain.md §9 gives the 全总
# (2020) conditions it states: membership ≥ 90% and 会员评家 satisfaction ≥ 90% (items B1, F1).
# domain.md holds no fuller list, so the other items are written from the seed plans'
# wording (../shared/seed/000_*.txt: 建家, 规范化建设, 工作台帐, 职代会, 厂务公开, 帮困,
# 文体活动, 经费); an upper union adapts the points to its own 考核细则 before publishing.
MODEL_HOME_SOURCE = (
    "全总模范职工之家条件（domain.md §9：入会率≥90%，会员评家满意率≥90%）；"
    "其余条目据各基层工会工作计划中的建家、规范化建设要求拟定"
)
MODEL_HOME_LINES = """# 组织建设
A1|依法建立工会，按期换届，委员会健全|10|附件或记录|查换届选举记录；未按期换届扣5分
A2|工会小组健全，组长明确|5|无|每个小组有组长得满分
B1|会员入会率达到90%以上|10|附件|以会员名册为准；每低5个百分点扣2分
A3|工作台账完整，制度上墙|5|附件|缺一项台账扣1分
# 民主管理
C1|按期召开职工代表大会，审议重大事项|15|附件或记录|未召开不得分
C2|厂务公开（校务公开）内容完整、及时|10|记录|查公开记录；逾期一项扣2分
C3|签订并履行集体合同（工资专项集体合同）|5|附件|
# 维权服务
D1|开展困难职工帮扶和送温暖活动|10|附件或记录|查帮扶、走访记录
D2|开展劳动竞赛、合理化建议活动|5|附件或记录|
# 职工之家阵地与活动
E1|职工之家阵地固定，设施完备，正常开放|5|附件|附阵地照片
E2|经常开展文体活动，职工参与面广|10|记录|全年不少于4次
# 会员评家与经费
F1|会员评家满意率达到90%以上|5|附件|附会员评家测评表
F2|工会经费独立核算，按规定使用，经审监督到位|5|附件|附经审报告"""


def model_home() -> dict:
    return parse_lines(MODEL_HOME_LINES, source=MODEL_HOME_SOURCE)
