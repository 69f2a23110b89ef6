"""The yearly statistics survey (全国工会统计年报), 基层工会调查表, as data.

Sources (the marks of ../shared/docs/domain.md):
- 《全国工会统计调查制度》 and its 《年度基层工会调查表》 [B]: a full census aggregated
  level by level; reference period 1 October – 30 September, deadline late October
  (domain.md §8). The exact tables 一–八 were not read [C]: the indicators below are the
  ones domain.md §8 lists a grassroots union holding (yearbooks [A], a municipal union
  system [B]), with our codes.
- 建会率/入会率 [C]: members ÷ staff, unions ÷ eligible units (domain.md §8), stated on
  every report and export.

Each indicator is either computed from the union's records for the period (`source` names
the selector the union's own page uses; survey.selectors does the reading) or entered by
the union (no record holds it: the staff count of people not on the roll, the full-time
cadres…). A union may correct a computed figure, giving the reason. The table is keyed by
the survey year, so next year's survey is a new entry in SURVEYS, not a code change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

# The reference period: 1 October of the year before to 30 September (domain.md §8 [B]);
# the deadline is late October [B]: the 31st is our default [C].
PERIOD_START = (10, 1)
PERIOD_END = (9, 30)
DEADLINE = (10, 31)

# Shown on the report and the export; our reading of it is ../shared/docs/domain.md §8.
SOURCE = "《全国工会统计调查制度》《年度基层工会调查表》"

COMPUTED, ENTERED = "computed", "entered"
FLAG, COUNT, MONEY = "flag", "count", "money"  # 是/否 (1/0), a whole number, yuan


@dataclass(frozen=True)
class Section:
    key: str
    label: object


@dataclass(frozen=True)
class Indicator:
    code: str  # our stable key (the JSON of a report is keyed by it)
    label: object  # lazy: the survey's wording in Chinese
    section: str
    unit: str = COUNT
    how: str = ENTERED
    source: str = ""  # for a computed one: the selector it reads (survey.selectors)

    @property
    def computed(self) -> bool:
        return self.how == COMPUTED


@dataclass(frozen=True)
class Check:
    """A logic check like the official tool's: `expression` over indicator codes
    ("a + b <= c"), tested only when `when` (another expression) holds; `message` names
    what is wrong, in Chinese."""

    expression: str
    message: object
    when: str = ""


@dataclass(frozen=True)
class Rate:
    """A formula stated on the report: numerator ÷ denominator, in per cent."""

    key: str
    label: object
    numerator: str
    denominator: str
    formula: object


@dataclass(frozen=True)
class Survey:
    year: int  # the year the period ends in
    source: str
    sections: tuple[Section, ...]
    indicators: tuple[Indicator, ...]
    checks: tuple[Check, ...]
    rates: tuple[Rate, ...]

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.indicators]


SECTIONS_2026 = (
    Section("organisation", pgettext_lazy("survey section", "Organisation and membership")),
    Section("cadres", pgettext_lazy("survey section", "Union cadres")),
    Section("system", pgettext_lazy("survey section", "Democratic management and institutions")),
    Section("protection", pgettext_lazy("survey section", "Protection and hardship aid")),
    Section("economy", pgettext_lazy("survey section", "Economic and technical work and training")),
    Section("finance", pgettext_lazy("survey section", "Finance")),
)

_I = Indicator
INDICATORS_2026 = (
    _I("staff", pgettext_lazy("survey", "Staff"), "organisation"),
    _I("women_staff", pgettext_lazy("survey", "Women staff"), "organisation"),
    _I(
        "members",
        pgettext_lazy("survey", "Members"),
        "organisation",
        how=COMPUTED,
        source="members.roster",
    ),
    _I(
        "women_members",
        pgettext_lazy("survey", "Women members"),
        "organisation",
        how=COMPUTED,
        source="members.roster",
    ),
    _I(
        "migrant_members",
        pgettext_lazy("survey", "Migrant worker members"),
        "organisation",
        how=COMPUTED,
        source="members.roster",
    ),
    _I(
        "retained_members",
        pgettext_lazy("survey", "Members with retained membership"),
        "organisation",
        how=COMPUTED,
        source="members.roster",
    ),
    _I(
        "new_members",
        pgettext_lazy("survey", "New members in the period"),
        "organisation",
        how=COMPUTED,
        source="members.MembershipEvent",
    ),
    _I(
        "lost_members",
        pgettext_lazy("survey", "Members lost in the period"),
        "organisation",
        how=COMPUTED,
        source="members.MembershipEvent",
    ),
    _I(
        "committee_members",
        pgettext_lazy("survey", "Union committee members"),
        "cadres",
        how=COMPUTED,
        source="orgs.CommitteeSeat",
    ),
    _I("fulltime_cadres", pgettext_lazy("survey", "Full-time union cadres"), "cadres"),
    _I("parttime_cadres", pgettext_lazy("survey", "Part-time union cadres"), "cadres"),
    _I(
        "has_audit_committee",
        pgettext_lazy("survey", "Funds audit committee"),
        "system",
        FLAG,
        COMPUTED,
        "orgs.CommitteeSeat",
    ),
    _I("has_women_committee", pgettext_lazy("survey", "Women workers' committee"), "system", FLAG),
    _I(
        "has_congress",
        pgettext_lazy("survey", "Workers' congress system"),
        "system",
        FLAG,
        COMPUTED,
        "democracy.Congress",
    ),
    _I(
        "congress_sessions",
        pgettext_lazy("survey", "Congress sessions held"),
        "system",
        how=COMPUTED,
        source="democracy.hooks.session_candidates",
    ),
    _I(
        "representatives",
        pgettext_lazy("survey", "Congress representatives"),
        "system",
        how=COMPUTED,
        source="democracy.selectors.current_representatives",
    ),
    _I(
        "women_representatives",
        pgettext_lazy("survey", "Women representatives"),
        "system",
        how=COMPUTED,
        source="democracy.selectors.current_representatives",
    ),
    _I(
        "has_openness",
        pgettext_lazy("survey", "Openness of affairs (厂务公开)"),
        "system",
        FLAG,
        COMPUTED,
        "openness.Notice",
    ),
    _I(
        "has_collective_contract",
        pgettext_lazy("survey", "Collective contract"),
        "system",
        FLAG,
        COMPUTED,
        "democracy.selectors.contracts",
    ),
    _I(
        "has_legal_supervision",
        pgettext_lazy("survey", "Labour law supervision committee"),
        "system",
        FLAG,
    ),
    _I(
        "has_mediation",
        pgettext_lazy("survey", "Labour dispute mediation committee"),
        "system",
        FLAG,
    ),
    _I(
        "has_worker_director",
        pgettext_lazy("survey", "Staff directors or supervisors"),
        "system",
        FLAG,
    ),
    _I(
        "hardship_households",
        pgettext_lazy("survey", "Hardship households on file"),
        "protection",
        how=COMPUTED,
        source="welfare.HardshipFile",
    ),
    _I(
        "visits",
        pgettext_lazy("survey", "Condolence visits"),
        "protection",
        how=COMPUTED,
        source="welfare.selectors.paid_visits",
    ),
    _I(
        "aid_amount",
        pgettext_lazy("survey", "Aid and condolence money"),
        "protection",
        MONEY,
        COMPUTED,
        "welfare.selectors.paid_visits + aid.selectors.live_payments",
    ),
    _I(
        "competitions",
        pgettext_lazy("survey", "Competitions held"),
        "economy",
        how=COMPUTED,
        source="activities.selectors (contests)",
    ),
    _I(
        "proposals",
        pgettext_lazy("survey", "Proposals collected"),
        "economy",
        how=COMPUTED,
        source="democracy.selectors.proposals",
    ),
    _I(
        "trainings",
        pgettext_lazy("survey", "Training sessions held"),
        "economy",
        how=COMPUTED,
        source="activities.selectors (lectures)",
    ),
    _I(
        "trained",
        pgettext_lazy("survey", "Attendances at training"),
        "economy",
        how=COMPUTED,
        source="activities.selectors.attendances",
    ),
    _I(
        "income",
        pgettext_lazy("survey", "Total income"),
        "finance",
        MONEY,
        COMPUTED,
        "upper.finance.statements_rollup (工会02)",
    ),
    _I(
        "expense",
        pgettext_lazy("survey", "Total expenditure"),
        "finance",
        MONEY,
        COMPUTED,
        "upper.finance.statements_rollup (工会02)",
    ),
)

CHECKS_2026 = (
    Check("women_staff <= staff", gettext_lazy("Women staff cannot exceed the staff.")),
    Check(
        "members <= staff",
        gettext_lazy(
            "Members cannot exceed the staff: enter the staff, counting those not on the roll."
        ),
    ),
    Check("women_members <= members", gettext_lazy("Women members cannot exceed the members.")),
    Check(
        "women_members <= women_staff",
        gettext_lazy("Women members cannot exceed the women staff."),
    ),
    Check(
        "migrant_members <= members",
        gettext_lazy("Migrant worker members cannot exceed the members."),
    ),
    Check(
        "retained_members <= members",
        gettext_lazy("Members with retained membership cannot exceed the members."),
    ),
    Check(
        "new_members <= members",
        gettext_lazy("New members in the period cannot exceed the members at its end."),
    ),
    Check(
        "fulltime_cadres + parttime_cadres >= committee_members",
        gettext_lazy(
            "The full-time and part-time cadres together cannot be fewer than the committee members."
        ),
    ),
    Check(
        "women_representatives <= representatives",
        gettext_lazy("Women representatives cannot exceed the representatives."),
    ),
    Check(
        "representatives >= 1",
        gettext_lazy("A union with a workers' congress system has representatives."),
        when="has_congress == 1",
    ),
    Check(
        "has_congress == 1",
        gettext_lazy("Congress sessions were held, so the union has a workers' congress system."),
        when="congress_sessions >= 1",
    ),
    Check(
        "representatives <= staff",
        gettext_lazy("Congress representatives cannot exceed the staff."),
    ),
)

RATES_2026 = (
    Rate(
        "join_rate",
        pgettext_lazy("survey rate", "Membership rate (入会率)"),
        "members",
        "staff",
        gettext_lazy("Membership rate = members ÷ staff × 100%"),
    ),
    Rate(
        "women_join_rate",
        pgettext_lazy("survey rate", "Women's membership rate"),
        "women_members",
        "women_staff",
        gettext_lazy("Women's membership rate = women members ÷ women staff × 100%"),
    ),
)
# 建会率 is a figure of the aggregate (unions ÷ eligible units): it is not one union's.
FOUNDING_RATE_FORMULA = gettext_lazy(
    "Union founding rate (建会率) = unions reporting ÷ eligible units × 100%"
)

SURVEYS: dict[int, Survey] = {
    2026: Survey(2026, SOURCE, SECTIONS_2026, INDICATORS_2026, CHECKS_2026, RATES_2026),
}


def survey_for(year: int) -> Survey:
    """The survey of `year`: that year's table, or the latest before it (a year without a
    table of its own reuses the last one)."""
    known = sorted(y for y in SURVEYS if y <= year) or sorted(SURVEYS)
    return SURVEYS[known[-1]]


def period_dates(year: int) -> tuple[dt.date, dt.date, dt.date]:
    """Start, end and deadline of the survey period ending in `year`."""
    start = dt.date(year - 1, *PERIOD_START)
    end = dt.date(year, *PERIOD_END)
    return start, end, dt.date(year, *DEADLINE)


def finance_year(end: dt.date) -> int:
    """The books reported: the last calendar year closed by the period's end [C] (the
    year's final accounts, 决算, are not closed on 30 September)."""
    return end.year if (end.month, end.day) == (12, 31) else end.year - 1


# -- values ---------------------------------------------------------------------------------


class EntryError(ValueError):
    pass


def parse_value(indicator: Indicator, raw) -> int | Decimal | None:
    """A typed or posted value: None when empty; a flag is 1 or 0 (是/否 accepted); a count
    a whole number ≥ 0; money in yuan, two decimals."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip().replace(",", "").replace("，", "")
    if indicator.unit == FLAG:
        if text in ("1", "是", "true", "True", "yes"):
            return 1
        if text in ("0", "否", "false", "False", "no"):
            return 0
        raise EntryError(_("Answer yes or no."))
    try:
        value = Decimal(text)
    except Exception:
        raise EntryError(_("Enter a number.")) from None
    if not value.is_finite() or value < 0 or value > Decimal("1e12"):
        raise EntryError(_("Enter a number of zero or more."))
    if indicator.unit == MONEY:
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value != value.to_integral_value():
        raise EntryError(_("Enter a whole number."))
    return int(value)


def to_json(value):
    """Money is kept as a string in JSON (exact to the fen)."""
    return f"{value:.2f}" if isinstance(value, Decimal) else value


def from_json(indicator: Indicator, value):
    if value is None:
        return None
    return Decimal(str(value)) if indicator.unit == MONEY else int(value)


# -- checks ---------------------------------------------------------------------------------

_COMPARISON = re.compile(r"^(.+?)\s*(<=|>=|==|<|>)\s*(.+)$")
_OPS = {
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
}


def _side(text: str, values: dict):
    """A sum of codes and whole numbers; None when a code has no value."""
    total = Decimal(0)
    for term in text.split("+"):
        term = term.strip()
        if term.isdigit():
            total += int(term)
            continue
        value = values.get(term)
        if value is None:
            return None
        total += Decimal(value)
    return total


def holds(expression: str, values: dict) -> bool | None:
    """Whether `expression` holds for `values`; None when a figure it needs is missing."""
    m = _COMPARISON.match(expression.strip())
    if not m:
        raise ValueError(f"not a check: {expression!r}")
    left, op, right = _side(m.group(1), values), m.group(2), _side(m.group(3), values)
    if left is None or right is None:
        return None
    return _OPS[op](left, right)


def codes_in(expression: str) -> list[str]:
    return [t for t in re.findall(r"[a-z_]+", expression)]


@dataclass(frozen=True)
class Failure:
    check: Check
    message: str
    codes: tuple[str, ...]


def run_checks(survey: Survey, values: dict) -> list[Failure]:
    """The checks of `survey` that fail for `values` (missing figures are not failures:
    submitting asks for every entered figure first)."""
    out = []
    for check in survey.checks:
        if check.when and not holds(check.when, values):
            continue
        if holds(check.expression, values) is False:
            codes = tuple(codes_in(check.expression))
            out.append(Failure(check, str(check.message), codes))
    return out


def rate(r: Rate, values: dict) -> Decimal | None:
    num, den = values.get(r.numerator), values.get(r.denominator)
    if num is None or not den:
        return None
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"))


def founding_rate(unions: int, eligible: int | None) -> Decimal | None:
    if not eligible:
        return None
    return (Decimal(unions) * 100 / Decimal(eligible)).quantize(Decimal("0.1"))
