"""The rules of care work, as data with their source (domain.md §4 and §7).

Pure Python, no database: the cap tables, the occasions and what may be given on each,
and the hardship test. Amounts come from provincial rules and change over time, so each
table is keyed by (region, effective_from) and names its source and how sure we are of
it (the marks of domain.md: [A] read in the binding text, [B] from a secondary source,
[C] unconfirmed, a default to make configurable). The poverty lines (低保) are data in the
database (models.RegionLine), because every city sets its own and changes it yearly.

Occasion and category names are the domain's own Chinese words (like the festival names
of activities.festivals): they are printed on the 慰问金发放表 and in the upper union's
statistics exactly as written, not translated interface text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.activities.festivals import GIFT_FESTIVALS, GIFT_RULE_SOURCE

SPENDING_SOURCE = GIFT_RULE_SOURCE  # 基层工会经费收支管理办法（总工办发〔2017〕32号）
CAPS_SOURCE = "各省基层工会经费收支管理实施细则（各省总工会发布的现行文本汇编）"
HARDSHIP_SOURCE = "困难职工帮扶办法（平顶山、青岛、邹城、景县等地方规定）"

# -- occasions ----------------------------------------------------------------------

CASH = "cash"
GOODS = "goods"
FORMS = [(CASH, "慰问金"), (GOODS, "慰问品")]


@dataclass(frozen=True)
class Occasion:
    code: str
    name: str
    # What the national spending rules allow: cash condolence, or goods only.
    forms: tuple[str, ...]
    rule: str  # what the rule says, shown next to the occasion
    mark: str = "B"
    # How often one person may receive it before a second payout needs an override:
    # "year" (once per calendar year), "festival" (once per festival per year).
    period: str = "year"


OCCASIONS: dict[str, Occasion] = {
    o.code: o
    for o in [
        Occasion("wedding", "结婚", (GOODS,), "结婚可发放一定金额的慰问品"),
        Occasion("childbirth", "生育", (GOODS,), "生育可发放一定金额的慰问品"),
        Occasion("hospital", "生病住院", (CASH, GOODS), "住院可给予慰问金"),
        Occasion(
            "hospital_surgery", "住院手术", (CASH, GOODS), "住院并手术可给予慰问金（安徽较高标准）"
        ),
        Occasion("death_member", "会员去世（丧事）", (CASH, GOODS), "会员去世可给予慰问金"),
        Occasion("death_relative", "直系亲属去世", (CASH, GOODS), "直系亲属去世可给予慰问金"),
        Occasion("retirement", "退休", (GOODS,), "退休可发放纪念品"),
        Occasion("birthday", "生日", (GOODS,), "生日可发放蛋糕或蛋糕券"),
        Occasion(
            "festival",
            "节日慰问",
            (GOODS,),
            "只限元旦、春节、清明、劳动节、端午、中秋、国庆，发放节日慰问品或生活用品",
            period="festival",
        ),
        Occasion("summer", "高温慰问（夏送清凉）", (GOODS,), "防暑降温用品", mark="C"),
        # Neither named nor capped by the 2017 rules: union hardship work, usually paid
        # from the hardship fund (帮困基金) or an upper union's grant, in cash.
        Occasion("accident", "意外", (CASH, GOODS), "遭遇意外的慰问（五必访）", mark="C"),
        Occasion("hardship", "困难慰问", (CASH, GOODS), "困难职工帮扶慰问（送温暖）", mark="C"),
    ]
}
OCCASION_CHOICES = [(o.code, o.name) for o in OCCASIONS.values()]
# 五必访 has no national list (domain.md §7); this is the usual one, each union sets its own.
DEFAULT_MUST_VISIT = (
    "wedding",
    "death_member",
    "death_relative",
    "hospital",
    "accident",
    "hardship",
    "childbirth",
    "retirement",
)
DEATH_OCCASIONS = ("death_member", "death_relative")

FESTIVAL_NAMES = {
    "yuandan": "元旦",
    "chunjie": "春节",
    "qingming": "清明",
    "laodong": "劳动节",
    "duanwu": "端午",
    "zhongqiu": "中秋",
    "guoqing": "国庆",
}
assert set(FESTIVAL_NAMES) == set(GIFT_FESTIVALS)
FESTIVAL_CHOICES = list(FESTIVAL_NAMES.items())

# "No shopping cards or vouchers bought with union funds" (2017 rules); a cake voucher
# for a birthday is the one voucher they name.
FORBIDDEN_GOODS = ("购物卡", "储值卡", "购物券", "代金券", "礼品卡", "充值卡", "提货卡")


# -- the cap tables -----------------------------------------------------------------


@dataclass(frozen=True)
class CapTable:
    region: str  # "" = national: no amounts, only what may be given
    effective_from: dt.date
    label: str
    source: str
    mark: str
    # Per payout, by occasion (¥). Missing = no amount in this table.
    per_payout: dict[str, Decimal] = field(default_factory=dict)
    # Festival goods per member per year, all festivals together.
    festival_year: Decimal | None = None
    # Festival goods per festival (贵州: 春节 500, the others 200 each).
    per_festival: dict[str, Decimal] = field(default_factory=dict)
    date_mark: str = "B"  # how sure the effective date is
    note: str = ""

    @property
    def caps_in_words(self) -> list[tuple[str, Decimal]]:
        """The caps as a page names them: (occasion or festival, amount)."""
        named = [
            (OCCASIONS[k].name if k in OCCASIONS else k, v) for k, v in self.per_payout.items()
        ]
        return named + [(FESTIVAL_NAMES.get(k, k), v) for k, v in self.per_festival.items()]

    def cap(self, occasion: str, festival: str = "") -> Decimal | None:
        if occasion == "festival":
            return self.per_festival.get(festival)
        if occasion == "hospital_surgery" and occasion not in self.per_payout:
            return self.per_payout.get("hospital")
        return self.per_payout.get(occasion)


D = Decimal
NATIONAL = CapTable(
    "",
    dt.date(2017, 12, 1),
    "全国（无金额标准）",
    SPENDING_SOURCE,
    "B",
    note="全国文件只规定可发放的项目和形式，不规定金额；金额按所在省份的实施细则。",
)


def table_of(rows, **head) -> CapTable:
    """A cap table from spending rules: `rows` of (item, basis, value) as in
    gonghui.spending.presets (per event → per payout, festival goods per member per year,
    per festival); rows of other bases or items are not welfare's. `head`: the table's
    region, effective_from, label, source, mark (date_mark, note)."""
    from gonghui.spending.presets import WELFARE_OCCASIONS, Basis, festival_of

    per_payout, per_festival, festival_year = {}, {}, None
    for item, basis, value in rows:
        if basis == Basis.PER_EVENT and item in WELFARE_OCCASIONS:
            per_payout[item] = value
        elif basis == Basis.PER_MEMBER_YEAR and item == "festival":
            festival_year = value
        elif basis == Basis.PER_FESTIVAL and festival_of(item):
            per_festival[festival_of(item)] = value
        elif basis == Basis.PER_FESTIVAL and item == "festival":
            per_festival.update(dict.fromkeys(FESTIVAL_NAMES, value) | per_festival)
    return CapTable(
        per_payout=per_payout, per_festival=per_festival, festival_year=festival_year, **head
    )


def _built_in(code: str) -> CapTable:
    from gonghui.spending.presets import BY_CODE

    p = BY_CODE[code]
    return table_of(
        ((r.item, r.basis, r.value) for r in p.rows),
        region=p.region,
        effective_from=p.effective_from,
        label=p.label,
        source=p.source,
        mark=p.mark,
        date_mark=p.date_mark,
        note=p.note,
    )


# The built-in tables are the provincial presets of the spending rules (one source of the
# numbers); what applies to a union is read through gonghui.spending.selectors.caps_for,
# which falls back to these where no upper union has set rules.
CAP_TABLES: list[CapTable] = [
    NATIONAL,
    *(_built_in(code) for code in ("anhui-2018", "anhui-later", "other-2018", "guizhou")),
]


def cap_table(region: str, on: dt.date) -> CapTable:
    """The table in force for `region` on `on`: the latest one that had started; the
    national one (no amounts) for a region without a table."""
    tables = [t for t in CAP_TABLES if t.region == region and t.effective_from <= on]
    if not tables:
        return NATIONAL
    return max(tables, key=lambda t: t.effective_from)


def regions() -> list[str]:
    return sorted({t.region for t in CAP_TABLES if t.region})


# -- one payout against the rules ---------------------------------------------------


ABOVE_CAP = "above_cap"
FESTIVAL_YEAR = "festival_year"
REPEAT = "repeat"
OVERRIDABLE = (ABOVE_CAP, FESTIVAL_YEAR, REPEAT)


@dataclass(frozen=True)
class Finding:
    code: str  # one of OVERRIDABLE, or "forbidden" for what no override allows
    message: str
    cap: Decimal | None = None

    @property
    def overridable(self) -> bool:
        return self.code in OVERRIDABLE


def forbidden(occasion: str, form: str, festival: str = "", goods: str = "") -> str | None:
    """What the national rules do not allow at all (no override): a message, or None."""
    occ = OCCASIONS.get(occasion)
    if occ is None:
        return "未知的慰问事由"
    if form not in occ.forms:
        return f"“{occ.name}”只能发放慰问品，不能发放现金（{SPENDING_SOURCE}）"
    if occasion == "festival" and festival not in GIFT_FESTIVALS:
        return (
            f"节日慰问品只能在元旦、春节、清明、劳动节、端午、中秋、国庆发放（{SPENDING_SOURCE}）"
        )
    if any(word in (goods or "") for word in FORBIDDEN_GOODS):
        return f"不得用工会经费购买购物卡、代金券等（{SPENDING_SOURCE}）"
    return None


def check_payout(
    *,
    table: CapTable,
    occasion: str,
    amount: Decimal,
    festival: str = "",
    festival_paid_this_year: Decimal = Decimal(0),
    repeats: int = 0,
) -> list[Finding]:
    """What a payout of `amount` breaks, given what the person already had this year:
    `festival_paid_this_year` (festival goods, all festivals) and `repeats` (earlier
    payouts for the same occasion in the same period). Empty = within the rules."""
    out: list[Finding] = []
    cap = table.cap(occasion, festival)
    if cap is not None and amount > cap:
        out.append(Finding(ABOVE_CAP, f"超过标准：{table.label}规定每次不超过 {cap} 元", cap=cap))
    year_cap = table.festival_year if occasion == "festival" else None
    if year_cap is not None and festival_paid_this_year + amount > year_cap:
        out.append(
            Finding(
                FESTIVAL_YEAR,
                f"全年节日慰问品将达 {festival_paid_this_year + amount} 元，"
                f"超过{table.label}每人每年 {year_cap} 元的标准",
                cap=year_cap,
            )
        )
    if repeats:
        name = OCCASIONS[occasion].name
        if occasion == "festival":
            name = FESTIVAL_NAMES.get(festival, name)
        out.append(Finding(REPEAT, f"本年度已因“{name}”慰问过 {repeats} 次"))
    return out


# -- the hardship test (domain.md §7) -----------------------------------------------

DEEP = "deep"
RELATIVE = "relative"
ACCIDENT = "accident"
NONE = "none"
EXCLUDED = "excluded"
CATEGORIES = [
    (DEEP, "深度困难"),
    (RELATIVE, "相对困难"),
    (ACCIDENT, "意外致困"),
    (NONE, "不符合困难标准"),
    (EXCLUDED, "不予认定（排除情形）"),
]
CATEGORY_NAMES = dict(CATEGORIES)
ELIGIBLE = (DEEP, RELATIVE, ACCIDENT)

CAUSES = [
    ("illness", "大病"),
    ("disability", "残疾"),
    ("schooling", "子女教育"),
    ("accident", "意外"),
    ("single_parent", "单亲"),
    ("unemployed", "下岗失业"),
    ("disaster", "自然灾害"),
    ("low_income", "收入低"),
    ("other", "其他"),
]
EXCLUSIONS = [
    ("two_homes", "家庭拥有两套及以上住房"),
    ("business", "经营企业或雇用他人"),
    ("private_school", "子女就读民办学校或自费出国留学"),
]
CAUSE_NAMES = dict(CAUSES)
EXCLUSION_NAMES = dict(EXCLUSIONS)
# 青岛: the year's hardship costs above 80% of the household income (意外致困).
DEFAULT_ACCIDENT_RATIO = Decimal("0.80")


@dataclass(frozen=True)
class Household:
    size: int
    yearly_income: Decimal  # disposable income of the whole household
    rigid_costs: Decimal = Decimal(0)  # illness, disability, schooling (刚性支出)
    # 意外致困: a disaster, accident, epidemic or serious illness happened this year
    accident: bool = False
    hardship_costs: Decimal = Decimal(0)  # what the accident cost this year
    exclusions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Assessment:
    category: str
    per_head_monthly: Decimal  # exact; `shown` rounds it for display
    dibao: Decimal
    low_line: Decimal
    reasons: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return self.category in ELIGIBLE

    @property
    def name(self) -> str:
        return CATEGORY_NAMES[self.category]

    @property
    def shown(self) -> Decimal:
        return self.per_head_monthly.quantize(Decimal("0.01"))


def _money(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money is Decimal, never float")
    return Decimal(value)


def assess(
    household: Household,
    *,
    dibao_monthly: Decimal,
    low_income_monthly: Decimal | None = None,
    accident_ratio: Decimal = DEFAULT_ACCIDENT_RATIO,
) -> Assessment:
    """The category of a household by the local lines (domain.md §7).

    (yearly income − rigid costs) ÷ 12 ÷ household size, compared *strictly*: a household
    exactly at 低保 is not 深度困难 (it is 相对困难), one exactly at twice 低保 is not
    相对困难. The comparison uses the exact figure, never a rounded one, so rounding
    cannot move a household across a line. Exclusions come first: they make a household
    ineligible whatever its income.
    """
    if household.size < 1:
        raise ValueError("a household has at least one person")
    low_line = low_income_monthly if low_income_monthly is not None else dibao_monthly * 2
    per_head = (
        (_money(household.yearly_income) - _money(household.rigid_costs)) / 12 / household.size
    )
    excluded = [EXCLUSION_NAMES.get(e, e) for e in sorted(household.exclusions)]

    def result(category: str, *reasons: str) -> Assessment:
        return Assessment(category, per_head, dibao_monthly, low_line, tuple(reasons))

    shown = per_head.quantize(Decimal("0.01"))
    if excluded:
        return result(EXCLUDED, *(f"排除情形：{e}" for e in excluded))
    if per_head < dibao_monthly:
        return result(DEEP, f"人均月收入 {shown} 元，低于当地低保标准 {dibao_monthly} 元")
    if per_head < low_line:
        return result(RELATIVE, f"人均月收入 {shown} 元，低于低收入标准 {low_line} 元")
    if household.accident and household.yearly_income >= 0:
        threshold = _money(household.yearly_income) * accident_ratio
        if _money(household.hardship_costs) > threshold:
            return result(
                ACCIDENT,
                f"当年因意外、灾害或大病支出 {household.hardship_costs} 元，"
                f"超过家庭收入的 {(accident_ratio * 100).normalize()}%",
            )
    return result(NONE, f"人均月收入 {shown} 元，不低于低收入标准 {low_line} 元")
