"""Demo books: a year of the factory union's (F0001) books, consistent with what the other
modules' demos paid and received.

`load` writes the factory's own vouchers, as its accountant (factory_finance) would enter
them: the balances the books started with (期初余额, dated the first day of a month as the
importer books them: 1 December 2025, so that they are the 2026 statements' 年初余额 and
工会02's 年初 lines reconcile with its 年末 lines), the 2% funds of each quarter, bank
interest and fees, training, a meeting, sports, labour protection, the workers' library,
a skills contest. Each is handed in for review like any other voucher.

`finish` runs once every app has loaded: every voucher still waiting at the factory
(these, the funds, welfare, aid, activities and dues demos' ones, and whatever the later
demos' `load` handed in) is reviewed by another person than its preparer (the chair, or
the accountant for what the chair paid) and posted by the accountant; then the months
before the demo's current month are closed (结账), so 工会01/工会02 and the funds pages
read posted books.

The other unions' books (S0001, H0001, C0001) are posted the same way, as a real year
would have them: their chair prepared what they paid, so another person reviews. `finish`
gives each the bookkeeper its committee names (the accountant's seat at the school and the
hospital; at the community's joint union, which has no accountant, a committee member
granted the bookkeeping, as design §7 Q2 says), a login with the 会计 role, who reviews
and posts; the months before the current one are closed there too.

Deterministic (fixed amounts and dates in 2026) and idempotent: nothing is written when
the factory's opening balances exist, no voucher waits on a second run, and closed months
are left as they are.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from gonghui.funds.models import Fund

from .importing import OPENING_SUMMARY
from .models import Period, PeriodState, Voucher, VoucherKind, VoucherState
from .services import (
    FinanceError,
    LineInput,
    period_close,
    voucher_create,
    voucher_post,
    voucher_review,
    voucher_submit,
)

D = Decimal
YEAR = 2026
# The demo's "today" is in November 2026 (members.demo fixes it so the data set is the
# same every year): the months before it, January to October, are closed.
CURRENT_MONTH = dt.date(YEAR, 11, 1)
UNION_FUND, HARDSHIP_FUND = "工会经费", "帮困基金"  # funds.demo's funds
# Kept when a registered check (a budget line, a spending rule) objects to a demo voucher.
REASON = "经工会委员会研究同意（演示数据）"

# The factory's books start on this system in December 2025 (nothing else is dated in
# that month), so these are its balances at 1 January 2026.
OPENING_DATE = dt.date(YEAR - 1, 12, 1)
# Opening balances: the bank account, held in the two funds,
# and the fixed assets with their asset fund; 专项 money brought forward sits in 32104,
# the rest in 32205. Assets 286,450 + 126,800 = net assets 126,800 + 40,000 + 246,450.
OPENING_BANK = {UNION_FUND: D("246450.00"), HARDSHIP_FUND: D("40000.00")}
OPENING_ASSETS = [
    ("办公电脑及打印机", D("38600.00")),
    ("职工书屋书架及图书", D("25400.00")),
    ("职工健身房器材", D("52300.00")),
    ("会议室投影及音响设备", D("10500.00")),
]
OPENING_NET = [
    ("32104", D("40000.00"), "上年结转：困难职工帮扶专项资金"),
    ("32205", D("246450.00"), "上年累计结余"),
]

# One voucher a line: month-day, account, amount, summary, payee. Income (4xx) credits the
# bank, expense (5xx) debits it; all through the 工会经费 fund, non-special (非专项).
ORDINARY = """
04-15 402   348600.00 收二季度行政拨缴经费（2%，基层留成60%）   华东精密机械有限公司
07-14 402   355200.00 收三季度行政拨缴经费（2%，基层留成60%）   华东精密机械有限公司
10-15 402   351800.00 收四季度行政拨缴经费（2%，基层留成60%）   华东精密机械有限公司
03-21 408      612.35 一季度银行存款结息                         开户银行
06-21 408      698.10 二季度银行存款结息                         开户银行
09-21 408      731.42 三季度银行存款结息                         开户银行
04-20 50401   1850.00 集体协商及职工代表培训资料费               示范区印务中心
04-23 50304   8600.00 职工书屋新购图书（世界读书日）             新华书店
04-28 50103   2400.00 “五一”劳动节宣传展板制作                   示范区广告制作部
05-22 50501   4800.00 工会干部业务培训费（区总工会培训班）       示范区总工会
06-10 50101  12000.00 职工学历提升补助（第一批）                 本会会员
06-15 50403   3000.00 职工法律咨询服务费（上半年）               示范区律师事务所
07-08 50402  46500.00 夏季防暑降温用品（一线职工）               示范区百货公司
07-24 50102   5200.00 职工篮球队训练服装                         示范区体育用品商店
08-27 50502   1260.00 工会委员会年中工作会议                     公司接待中心
09-18 50301  18000.00 数控车工技能竞赛奖金                       本会会员
09-26 50102   6480.00 职工羽毛球比赛场地及器材                   示范区全民健身中心
10-12 50104  28000.00 劳模及先进职工疗休养                       示范区职工疗休养基地
"""
# 银行手续费 at the end of each month (业务支出 · 其他业务).
BANK_FEES = "18.50 22.00 16.00 25.50 19.00 21.50 17.00 23.00 20.50 24.00".split()


def _fund(union, name: str) -> Fund:
    return Fund._base_manager.get(org=union, name=name)


def _book(union, actor, date: dt.date, summary: str, lines, *, kind=VoucherKind.NORMAL) -> Voucher:
    voucher = voucher_create(
        actor=actor,
        org=union,
        date=date,
        summary=summary,
        lines=lines,
        kind=kind,
        attachments_count=1,
    )
    return voucher_submit(actor=actor, voucher=voucher, override_reason=REASON)


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    factory, accountant = orgs["F0001"], users["factory_finance"]
    opened = Voucher._base_manager.filter(org=factory, kind=VoucherKind.OPENING, date=OPENING_DATE)
    if opened.exists():
        return  # already loaded
    funds = {name: _fund(factory, name) for name in OPENING_BANK}

    lines = [
        LineInput("102", debit=amount, fund=funds[name], summary=f"{OPENING_SUMMARY}：{name}")
        for name, amount in OPENING_BANK.items()
    ]
    for name, amount in OPENING_ASSETS:
        lines.append(LineInput("162", debit=amount, summary=f"{OPENING_SUMMARY}：{name}"))
    assets = sum((amount for _, amount in OPENING_ASSETS), D("0.00"))
    lines.append(LineInput("301", credit=assets, summary=f"{OPENING_SUMMARY}：固定资产"))
    for account, amount, summary in OPENING_NET:
        lines.append(LineInput(account, credit=amount, summary=summary))
    _book(factory, accountant, OPENING_DATE, OPENING_SUMMARY, lines, kind=VoucherKind.OPENING)

    union_fund = funds[UNION_FUND]
    entries = []
    for row in ORDINARY.strip().splitlines():
        day, account, amount, summary, payee = row.split()
        month, mday = (int(x) for x in day.split("-"))
        entries.append((dt.date(YEAR, month, mday), summary, account, amount, payee))
    for month, fee in enumerate(BANK_FEES, start=1):
        last = dt.date(YEAR, month, calendar.monthrange(YEAR, month)[1])
        entries.append((last, f"{month}月银行账户管理费及手续费", "50504", fee, "开户银行"))
    for date, summary, account, amount, payee in sorted(entries, key=lambda e: (e[0], e[2])):
        amount = D(amount)
        income = account.startswith("4")
        other = (
            LineInput(account, credit=amount, restricted=False, summary=summary, payee=payee)
            if income
            else LineInput(account, debit=amount, restricted=False, summary=summary, payee=payee)
        )
        bank = LineInput(
            "102",
            fund=union_fund,
            summary=summary,
            **({"debit": amount} if income else {"credit": amount}),
        )
        _book(factory, accountant, date, summary, [bank, other] if income else [other, bank])


def _months_to_close(union) -> list[tuple[int, int]]:
    """Every month before the demo's current month that must be closed, in order: the
    demo year's January to October, and any earlier month the books opened (December 2025,
    the opening balances)."""
    months = {(YEAR, m) for m in range(1, CURRENT_MONTH.month)}
    earlier = Period._base_manager.filter(org=union, year__lt=YEAR).values_list("year", "month")
    months |= set(earlier)
    closed = set(
        Period._base_manager.filter(org=union, state=PeriodState.CLOSED).values_list(
            "year", "month"
        )
    )
    return sorted(months - closed)


# union → (its chair, its accountant): every voucher is reviewed by another person than
# its preparer. F0001's accountant is one of orgs.demo's logins; the others' are made here.
KEEPERS = {
    "F0001": ("factory_chair", "factory_finance"),
    "S0001": ("school_chair", "school_finance"),
    "H0001": ("hospital_chair", "hospital_finance"),
    "C0001": ("community_chair", "community_finance"),
}
# The bookkeepers of the unions orgs.demo gives no accountant's login: (name, mobile) as
# their committee seats name them (梁玉萍 and 邓娟 hold the accountant's seat; 袁鹏 is a
# member of the joint union's committee).
BOOKKEEPERS = {
    "school_finance": ("S0001", "梁玉萍", "13800000013"),
    "hospital_finance": ("H0001", "邓娟", "13800000014"),
    "community_finance": ("C0001", "袁鹏", "13800000015"),
}


def _bookkeeper(username: str, orgs):
    """The login of a union's bookkeeper with the 会计 role there (made once)."""
    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.orgs.demo import PASSWORD

    code, name, mobile = BOOKKEEPERS[username]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, display_name=name, mobile=mobile)
        user.set_password(PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(user=user, org=orgs[code], role="finance")
    return user


def finish(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    for code, (chair_name, accountant_name) in KEEPERS.items():
        if code not in orgs:
            continue
        accountant = users.get(accountant_name) or _bookkeeper(accountant_name, orgs)
        users[accountant_name] = accountant
        _post_and_close(ctx, orgs[code], users[chair_name], accountant)


def _post_and_close(ctx, union, chair, accountant) -> None:
    waiting = Voucher._base_manager.filter(
        org=union, state__in=(VoucherState.SUBMITTED, VoucherState.REVIEWED)
    ).order_by("date", "seq", "pk")
    for voucher in waiting:
        if voucher.state == VoucherState.SUBMITTED:
            # 审核 by another person than the preparer: the chair, or the accountant for
            # what the chair paid herself (the welfare batch, aid grants, activity costs).
            reviewer = accountant if voucher.prepared_by_id == chair.pk else chair
            voucher = voucher_review(actor=reviewer, voucher=voucher)
        voucher_post(actor=accountant, voucher=voucher)
    for year, month in _months_to_close(union):
        try:
            period_close(actor=accountant, org=union, year=year, month=month)
        except FinanceError as exc:
            # A draft another demo left in the month: the months from here stay open (they
            # close in order), the demo still loads, and the command says why.
            ctx.setdefault("warnings", []).append(
                f"{union.code} {year}-{month:02d} not closed: {exc.message}"
            )
            break
