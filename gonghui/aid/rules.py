"""The rules of both aid programmes, as data with their sources, and the payout arithmetic.

金秋助学: the amounts are local (domain.md §7: e.g. 天门 2024, 5000 university / 3000 high
school for households with a hardship file). Each round carries its own standards and names
where they come from; the defaults below only pre-fill a new round.

医疗互助: each scheme's rules (起付线, rate per bracket, yearly cap per member, which bill
categories count) are stored on the scheme. `compute_payout` is a pure function of those
rules and the bills, so a claim's payout can be recomputed and tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def to_fen(value) -> Decimal:
    """Round half up to the fen (分), the way a cashier does."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


# -- 金秋助学 ----------------------------------------------------------------------------

LEVELS: list[tuple[str, str]] = [
    ("postgraduate", _("Postgraduate")),  # 研究生
    ("undergraduate", _("University, bachelor")),  # 大学本科
    ("college", _("University, junior college")),  # 大学专科（高职）
    ("high_school", _("Senior high school")),  # 普通高中
    ("vocational", _("Secondary vocational school")),  # 中职
]
LEVEL_CODES = [code for code, _label in LEVELS]

# [B] 天门 2024: 大学 5000, 高中 3000 for households with a hardship file; the other levels
# follow the nearest of the two until a union enters its own figures [C].
DEFAULT_STANDARDS: dict[str, Decimal] = {
    "postgraduate": Decimal("5000.00"),
    "undergraduate": Decimal("5000.00"),
    "college": Decimal("5000.00"),
    "high_school": Decimal("3000.00"),
    "vocational": Decimal("3000.00"),
}
DEFAULT_STANDARDS_SOURCE = (
    "参照天门市总工会2024年金秋助学标准（大学5000元、高中3000元）；"
    "研究生、专科、中职暂按同类标准，请按本地文件修改"
)


# -- 医疗互助 ----------------------------------------------------------------------------

BILL_CATEGORIES: list[tuple[str, str]] = [
    ("inpatient", _("Inpatient")),  # 住院
    ("chronic", _("Outpatient for specified serious or chronic illness")),  # 门诊特殊病种
    ("outpatient", _("Ordinary outpatient")),  # 普通门诊
    ("self_paid", _("Self-paid drugs and items")),  # 自费药品及项目
]
BILL_CATEGORY_CODES = [code for code, _label in BILL_CATEGORIES]


@dataclass(frozen=True)
class Bracket:
    """The part of a claim's counted amount up to `upto` (None: no limit) is paid at `rate`."""

    upto: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class MedicalRules:
    deductible: Decimal  # 起付线, per claim
    brackets: tuple[Bracket, ...]
    yearly_cap: Decimal  # per member and scheme year
    categories: frozenset[str]


# [C] A typical 职工医疗互助 plan; every union sets its own.
DEFAULT_MEDICAL = MedicalRules(
    deductible=Decimal("500.00"),
    brackets=(
        Bracket(Decimal("10000.00"), Decimal("0.50")),
        Bracket(Decimal("30000.00"), Decimal("0.60")),
        Bracket(None, Decimal("0.70")),
    ),
    yearly_cap=Decimal("20000.00"),
    categories=frozenset({"inpatient", "chronic"}),
)
DEFAULT_CONTRIBUTION = Decimal("30.00")
DEFAULT_MEDICAL_SOURCE = (
    "示例规则（未经核实）：住院及门诊特殊病种个人负担部分，起付线500元，"
    "1万元以内50%、1–3万元60%、3万元以上70%，年度每人最高2万元；请按本单位互助计划修改"
)


class RuleError(ValueError):
    """Rules that cannot be applied; the message is for the user."""


def validate_rules(rules: MedicalRules) -> None:
    if rules.deductible < 0 or rules.yearly_cap < 0:
        raise RuleError(_("Amounts in the rules cannot be negative."))
    if not rules.brackets:
        raise RuleError(_("Give at least one reimbursement bracket."))
    lower = rules.deductible
    for i, b in enumerate(rules.brackets):
        if not (Decimal(0) <= b.rate <= Decimal(1)):
            raise RuleError(_("A reimbursement rate must be between 0% and 100%."))
        if b.upto is None:
            if i != len(rules.brackets) - 1:
                raise RuleError(_("Only the last bracket may be without an upper limit."))
            continue
        if b.upto <= lower:
            raise RuleError(
                _("Bracket limits must rise above the deductible and each other (%(limit)s).")
                % {"limit": b.upto}
            )
        lower = b.upto
    unknown = set(rules.categories) - set(BILL_CATEGORY_CODES)
    if unknown:
        raise RuleError(_("Unknown bill category: %(c)s") % {"c": ", ".join(sorted(unknown))})


def parse_brackets(text: str) -> tuple[Bracket, ...]:
    """ "10000 50%" per line; "* 70%" (or 以上) for the open top bracket."""
    out = []
    for raw in (text or "").replace("，", ",").replace("：", " ").splitlines():
        line = raw.replace(",", " ").replace(":", " ").strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            raise RuleError(_("Write each bracket as “limit rate”, e.g. “10000 50%”."))
        limit, rate = parts
        try:
            upto = None if limit in ("*", "以上", "-", "∞") else to_fen(limit)
            r = Decimal(rate.rstrip("%"))
        except InvalidOperation:
            raise RuleError(_("Write each bracket as “limit rate”, e.g. “10000 50%”.")) from None
        if rate.endswith("%") or r > 1:
            r = r / 100
        out.append(Bracket(upto, r.quantize(Decimal("0.0001"))))
    return tuple(out)


def format_brackets(brackets: Iterable[Bracket]) -> str:
    lines = []
    for b in brackets:
        pct = (b.rate * 100).normalize()
        lines.append(f"{'*' if b.upto is None else b.upto} {pct:f}%")
    return "\n".join(lines)


@dataclass(frozen=True)
class BillLine:
    category: str
    total: Decimal
    eligible: Decimal  # the part of the bill the scheme may count (个人负担部分)


@dataclass(frozen=True)
class PayoutLine:
    lower: Decimal
    upper: Decimal
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Payout:
    counted: Decimal  # eligible amounts of the categories the scheme counts
    excluded: Decimal  # eligible amounts of categories it does not count
    deductible: Decimal
    lines: tuple[PayoutLine, ...] = field(default=())
    computed: Decimal = ZERO  # by the brackets, before the yearly cap
    cap_left: Decimal = ZERO  # of the yearly cap, before this claim
    payout: Decimal = ZERO

    @property
    def capped(self) -> bool:
        return self.payout < self.computed

    def breakdown(self) -> dict:
        """The payout written down, amounts as strings: what an approved claim keeps
        (Claim.breakdown) and what the API shows as a claim's quote."""
        amounts = ("counted", "excluded", "deductible")
        return {
            **{k: str(getattr(self, k)) for k in amounts},
            "lines": [
                {k: str(getattr(ln, k)) for k in ("lower", "upper", "rate", "amount")}
                for ln in self.lines
            ],
            **{k: str(getattr(self, k)) for k in ("computed", "cap_left", "payout")},
        }


def compute_payout(
    rules: MedicalRules, bills: Iterable[BillLine], *, paid_before: Decimal = ZERO
) -> Payout:
    """The payout of one claim: the counted amount above the deductible, bracket by bracket
    at each bracket's rate (each line rounded to the fen), then limited to what is left of
    the member's yearly cap after `paid_before` (this year's other payouts)."""
    counted = excluded = ZERO
    for bill in bills:
        if bill.eligible < 0 or bill.eligible > bill.total:
            raise RuleError(_("The eligible amount must be between 0 and the bill's total."))
        if bill.category in rules.categories:
            counted += bill.eligible
        else:
            excluded += bill.eligible
    lines = []
    lower = rules.deductible
    for b in rules.brackets:
        upper = counted if b.upto is None else min(counted, b.upto)
        if upper > lower:
            lines.append(PayoutLine(lower, upper, b.rate, to_fen((upper - lower) * b.rate)))
        if b.upto is not None:
            lower = max(lower, b.upto)
    computed = sum((ln.amount for ln in lines), ZERO)
    cap_left = max(rules.yearly_cap - paid_before, ZERO)
    return Payout(
        counted=to_fen(counted),
        excluded=to_fen(excluded),
        deductible=rules.deductible,
        lines=tuple(lines),
        computed=to_fen(computed),
        cap_left=to_fen(cap_left),
        payout=to_fen(min(computed, cap_left)),
    )
