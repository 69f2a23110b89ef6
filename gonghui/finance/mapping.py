"""Which account a payout or receipt of another module lands on by default.

Pure Python (docs/finance-design.md §3.3 "Source → default sub-account"). A module posting
through finance names its source ("welfare.visit") and its kind (the occasion of a visit,
the kind of an activity); this table proposes the account, and the accountant may change it
at review, before posting. The kinds are the stored values of welfare.rules.OCCASIONS and
activities.models.Kind (tests/finance/test_mapping.py keeps them in step).

welfare.Batch has no 送温暖 mark of its own, so a batch maps by its occasion like a visit:
hardship → 50404, summer (夏送清凉) → 50405.
"""

from __future__ import annotations

SOURCE = (
    "工会会计制度（财会〔2021〕7号）支出明细科目说明；默认对照见 docs/finance-design.md §3.3 [C]"
)

_MEMBER_ACTIVITY = (
    "50105"  # 会员活动: 慰问 for festivals, birthdays, weddings, funerals, retirement
)

WELFARE_OCCASIONS: dict[str, str] = {
    "wedding": _MEMBER_ACTIVITY,
    "childbirth": _MEMBER_ACTIVITY,
    "hospital": _MEMBER_ACTIVITY,
    "hospital_surgery": _MEMBER_ACTIVITY,
    "death_member": _MEMBER_ACTIVITY,
    "death_relative": _MEMBER_ACTIVITY,
    "retirement": _MEMBER_ACTIVITY,
    "birthday": _MEMBER_ACTIVITY,
    "festival": _MEMBER_ACTIVITY,
    "accident": _MEMBER_ACTIVITY,
    "summer": "50405",  # 送温暖 (夏送清凉)
    "hardship": "50404",  # 困难职工帮扶
}

ACTIVITY_KINDS: dict[str, str] = {
    "sports": "50102",  # 文体活动
    "festival": "50102",
    "contest": "50102",
    "outing": _MEMBER_ACTIVITY,  # 会员活动 (outings, park passes)
    "retirees": _MEMBER_ACTIVITY,
    "lecture": "50101",  # 职工教育
    "volunteer": "50106",  # 其他活动
    "other": "50106",
}

_BY_KIND: dict[str, dict[str, str]] = {
    "welfare.visit": WELFARE_OCCASIONS,
    "welfare.batch": WELFARE_OCCASIONS,
    "activities.activity": ACTIVITY_KINDS,
}
# Sources whose account does not depend on a kind.
_FIXED_EXPENSE: dict[str, str] = {
    "aid.application": "50405",  # 金秋助学 is 送温暖
    "aid.claim": "50305",  # 医疗互助 as 互助保障 under 其他服务 (design §7 Q6)
}
_FIXED_INCOME: dict[str, str] = {
    "aid.enrolment": "408",  # 医疗互助 contributions: 其他收入 (design §7 Q6)
}
# Earmarked by default (design §7 Q6): the mutual-aid scheme's surplus stays in 321.
RESTRICTED_SOURCES = frozenset({"aid.claim", "aid.enrolment"})
# Funds (funds.FundKind) that hold earmarked money: what they receive and pay is 专项 and
# closes to 321, not 322 (domain.md §4.1). The hardship fund (帮困基金) is fed by the upper
# union's 专项 grants (40302) and the employer's hardship subsidy, and pays 困难职工帮扶
# (50404) and 送温暖 (50405); the medical mutual-aid fund holds the members' contributions.
RESTRICTED_FUND_KINDS = frozenset({"hardship", "medical"})


def expense_account(source: str, kind: str | None = None) -> str:
    """The default expense account of a payout; LookupError for a source or kind not known
    here, so a new kind is mapped on purpose rather than landing on 其他支出 unseen."""
    if source in _FIXED_EXPENSE:
        return _FIXED_EXPENSE[source]
    table = _BY_KIND.get(source)
    if table is None:
        raise LookupError(f"no default expense account for source {source!r}")
    if kind not in table:
        raise LookupError(f"no default expense account for {source} kind {kind!r}")
    return table[kind]


def income_account(source: str, kind: str | None = None) -> str:
    """The default income account of a receipt from another module (LookupError if none)."""
    if source not in _FIXED_INCOME:
        raise LookupError(f"no default income account for source {source!r}")
    return _FIXED_INCOME[source]


def is_restricted(source: str, fund_kind: str | None = None) -> bool:
    """Whether a posting from `source` (paid from or into a fund of `fund_kind`) is 专项 by
    default (the line may still say otherwise)."""
    return source in RESTRICTED_SOURCES or fund_kind in RESTRICTED_FUND_KINDS
