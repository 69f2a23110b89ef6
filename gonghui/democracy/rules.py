"""The workers' congress rules (domain.md §5) as data, each with its source, and the pure
functions that apply them. Nothing here touches the database: the pages and services
pass counts in, which keeps every threshold testable at its exact edge.

Marks as in domain.md: [A] read in the binding text, [B] from a secondary source,
[C] unconfirmed default (configurable, never assumed to be law).

Arithmetic is done in integers (cross-multiplication) so that "exactly two thirds" and
"exactly half" are decided exactly, never by a rounded float.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

# -- sources ----------------------------------------------------------------------------

NATIONAL_SOURCE = "企业民主管理规定（总工发〔2012〕12号）[B]"
SHANGHAI_SOURCE = "上海市职工代表大会条例（2017）[A]"
ZHEJIANG_SOURCE = "浙江省企业民主管理条例（2010）[A]"
SCHOOL_SOURCE = "学校教职工代表大会规定（教育部令第32号）[A]"
FRONT_LINE_SOURCE = "部分地方规定（一线职工代表不少于一半）[C]"
# domain.md reads the women's share only in the Shanghai and Zhejiang texts: elsewhere the
# check stays (the usual practice) but says that no national article for it was read.
NATIONAL_WOMEN_SOURCE = (
    "企业民主管理规定（总工发〔2012〕12号）未见此比例的条文；参照上海、浙江等地方规定 [C]"
)
# A school's 教代会 is held under 教育部令第32号, which gives the teachers' share; the
# other counts and shares are the region's congress rules applied to the school.
SCHOOL_BY_ANALOGY = "学校参照适用（教育部令第32号对应条文未核对）[C]"

# Under this many staff a unit holds a 职工大会 (all staff) instead of a congress [B].
ASSEMBLY_BELOW = 100
# Share of representatives that must be present for a session to proceed [B].
QUORUM = Fraction(2, 3)
# Managers (中层及以上) may be at most this share of the representatives [B][A: 浙江].
MANAGERS_MAX = Fraction(1, 5)
# Teachers must be at least this share of a 教代会's representatives [A: 教育部令第32号].
TEACHERS_MIN = Fraction(3, 5)
# Where a local rule requires it [C]: front-line workers at least half.
FRONT_LINE_MIN = Fraction(1, 2)
# Proposals need this many co-signers (附议) before they are submitted [C: practice].
DEFAULT_MIN_COSIGNERS = 2


# -- representative counts per region -------------------------------------------------------


def _national(staff: int) -> int:
    # "≥ 5% of staff, at least 30": 5% rounded up, since 5.2 people means at least 6.
    return max(30, -(-staff * 5 // 100))


def _shanghai(staff: int) -> int:
    # 100–3000 staff: 30, plus at least 5 for each further full hundred (每增加一百人);
    # more than 3000: at least 175 (which the formula also gives at exactly 3000).
    if staff > 3000:
        return 175
    return 30 + 5 * max(0, (staff - 100) // 100)


def _zhejiang(staff: int) -> int:
    # < 100: 30; 100–999: 40 + 7 per further full 100; 1000–4999: 100 + 20 per further
    # full 1000; ≥ 5000: 200. The bracket bounds follow domain.md (a bound belongs to the
    # bracket that starts at it).
    if staff < 100:
        return 30
    if staff < 1000:
        return 40 + 7 * ((staff - 100) // 100)
    if staff < 5000:
        return 100 + 20 * ((staff - 1000) // 1000)
    return 200


@dataclass(frozen=True)
class RegionRule:
    key: str
    name: str
    source: str
    formula: str  # the rule in words, shown next to the check
    min_representatives: Callable[[int], int]
    # Whether a unit under ASSEMBLY_BELOW staff must hold a 职工大会: Zhejiang gives a
    # representative count for those units, so a congress is allowed there.
    assembly_required_below: int | None = ASSEMBLY_BELOW
    # [C] a front-line share required by a local rule; None where no rule we read has one.
    front_line_min: Fraction | None = None
    # Strings of Organisation.region that select this rule.
    aliases: tuple[str, ...] = ()
    # The source of each composition check (Check.key) in this region; a check not named
    # here cites `source`. Where the regional text has no such rule, the national one
    # applies there too and is cited as such.
    check_sources: dict[str, str] = field(default_factory=dict)

    def source_of(self, check: str) -> str:
        return self.check_sources.get(check, self.source)


REGIONS: dict[str, RegionRule] = {
    r.key: r
    for r in [
        RegionRule(
            "national",
            _("National rules"),
            NATIONAL_SOURCE,
            "≥ 5%，且不少于 30 人",
            _national,
            check_sources={
                "women": NATIONAL_WOMEN_SOURCE,
                "teachers": SCHOOL_SOURCE,
                "front_line": FRONT_LINE_SOURCE,
            },
        ),
        RegionRule(
            "shanghai",
            "上海",
            SHANGHAI_SOURCE,
            "100–3000 人：30 人，每增加 100 人增加不少于 5 人；3000 人以上：不少于 175 人",
            _shanghai,
            aliases=("上海", "上海市", "shanghai"),
            check_sources={
                # No managers' cap was read in the Shanghai text: the national one applies.
                "managers": NATIONAL_SOURCE,
                "teachers": SCHOOL_SOURCE,
                "front_line": FRONT_LINE_SOURCE,
            },
        ),
        RegionRule(
            "zhejiang",
            "浙江",
            ZHEJIANG_SOURCE,
            "100 人以下：不少于 30 人；100–1000 人：40 人，每增加 100 人增加 7 人；"
            "1000–5000 人：100 人，每增加 1000 人增加 20 人；5000 人以上：不少于 200 人",
            _zhejiang,
            assembly_required_below=None,
            aliases=("浙江", "浙江省", "zhejiang"),
            check_sources={
                "teachers": SCHOOL_SOURCE,
                "front_line": FRONT_LINE_SOURCE,
            },
        ),
    ]
}


def region_rule(region: str) -> RegionRule:
    """The rule of a region as written on an organisation ("上海市", "浙江省杭州市"...);
    the national rule where no regional rule is shipped."""
    text = (region or "").strip().lower()
    for rule in REGIONS.values():
        if any(text.startswith(alias.lower()) for alias in rule.aliases):
            return rule
    return REGIONS["national"]


def required_representatives(staff: int, rule: RegionRule) -> int:
    return rule.min_representatives(staff)


def assembly_required(staff: int, rule: RegionRule) -> bool:
    """A unit this small holds a 职工大会 (all staff), not a representatives' congress."""
    return rule.assembly_required_below is not None and staff < rule.assembly_required_below


# -- composition checks -------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    passed: bool | None  # None: not applicable (shown as such, not as a pass)
    actual: str
    rule: str
    source: str


@dataclass(frozen=True)
class Composition:
    """The counts the checks need (the caller reads them from the database)."""

    kind: str  # "congress", "teachers" (教代会) or "assembly" (职工大会)
    staff: int
    women_staff: int
    representatives: int
    women: int
    managers: int
    teachers: int
    front_line: int
    front_line_required: bool = False


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole}（{(100 * part / whole) if whole else 0:.1f}%）"


def at_least(part: int, whole: int, share: Fraction) -> bool:
    """part/whole ≥ share, exactly."""
    return part * share.denominator >= whole * share.numerator


def at_most(part: int, whole: int, share: Fraction) -> bool:
    return part * share.denominator <= whole * share.numerator


def check_source(key: str, rule: RegionRule, kind: str = "congress") -> str:
    """The source a check cites in the rule's region. In a school's 教代会 only the
    teachers' share comes from 教育部令第32号; the other checks are the region's congress
    rules applied to the school, and say so."""
    source = rule.source_of(key)
    if kind == "teachers" and key not in ("teachers", "front_line"):
        return f"{source}；{SCHOOL_BY_ANALOGY}"
    return source


def composition_checks(c: Composition, rule: RegionRule) -> list[Check]:
    checks: list[Check] = []
    small = assembly_required(c.staff, rule)
    checks.append(
        Check(
            "form",
            str(_("Form of the congress")),
            (c.kind == "assembly") if small else True,
            f"{c.staff} 人",
            f"职工不足 {ASSEMBLY_BELOW} 人的单位召开职工大会"
            if rule.assembly_required_below
            else "本地区规定了 100 人以下单位的代表人数，可召开职工代表大会或职工大会",
            check_source("form", rule, c.kind),
        )
    )
    if c.kind == "assembly":
        # All staff attend an assembly: there is no representative count or composition.
        return checks
    need = required_representatives(c.staff, rule)
    checks.append(
        Check(
            "count",
            str(_("Number of representatives")),
            c.representatives >= need,
            f"{c.representatives} / ≥ {need}",
            rule.formula,
            check_source("count", rule, c.kind),
        )
    )
    n = c.representatives
    checks.append(
        Check(
            "managers",
            str(_("Middle and senior managers")),
            at_most(c.managers, n, MANAGERS_MAX) if n else None,
            _pct(c.managers, n),
            "中层以上管理人员不超过代表总数的 20%",
            check_source("managers", rule, c.kind),
        )
    )
    checks.append(
        Check(
            "women",
            str(_("Women representatives")),
            # women/n ≥ women_staff/staff, cross-multiplied.
            (c.women * c.staff >= c.women_staff * n) if n and c.staff else None,
            f"{_pct(c.women, n)}；职工中女性 {_pct(c.women_staff, c.staff)}",
            "女职工代表比例不低于女职工占职工总数的比例",
            check_source("women", rule, c.kind),
        )
    )
    if c.kind == "teachers":
        checks.append(
            Check(
                "teachers",
                str(_("Teachers")),
                at_least(c.teachers, n, TEACHERS_MIN) if n else None,
                _pct(c.teachers, n),
                "教师代表不低于代表总数的 60%",
                check_source("teachers", rule, c.kind),
            )
        )
    required = c.front_line_required or rule.front_line_min is not None
    share = rule.front_line_min or FRONT_LINE_MIN
    checks.append(
        Check(
            "front_line",
            str(_("Front-line workers")),
            (at_least(c.front_line, n, share) if n else None) if required else None,
            _pct(c.front_line, n) if required else str(_("not required here")),
            "一线职工代表不少于代表总数的 50%",
            check_source("front_line", rule, c.kind),
        )
    )
    return checks


# -- sessions and votes -------------------------------------------------------------------


def quorum_met(present: int, total: int) -> bool:
    """At least two thirds of ALL representatives are present (exactly 2/3 is enough)."""
    return total > 0 and at_least(present, total, QUORUM)


def quorum_needed(total: int) -> int:
    """The smallest attendance that makes the quorum."""
    return -(-total * QUORUM.numerator // QUORUM.denominator)


def passes(votes_for: int, total: int) -> bool:
    """Adopted with MORE than half of ALL representatives (not of those present or voting):
    exactly half is not enough, and abstentions and absentees count against."""
    return total > 0 and votes_for * 2 > total


def votes_needed(total: int) -> int:
    return total // 2 + 1


@dataclass(frozen=True)
class Outcome:
    adopted: bool
    quorum: bool
    needed: int
    reason: str


def decide(
    *, votes_for: int, votes_against: int, abstentions: int, present: int, total: int
) -> Outcome:
    """The result of a vote of a session: no quorum, no decision; then more than half of
    all representatives. A tie between for and against is not a majority either way."""
    if votes_for + votes_against + abstentions > present:
        raise ValueError("more votes than representatives present")
    if not quorum_met(present, total):
        return Outcome(False, False, votes_needed(total), str(_("no quorum")))
    if passes(votes_for, total):
        return Outcome(
            True, True, votes_needed(total), str(_("more than half of all representatives"))
        )
    return Outcome(
        False, True, votes_needed(total), str(_("not more than half of all representatives"))
    )
