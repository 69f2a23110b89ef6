"""The grassroots chart of 财会〔2021〕7号 as data: codes, names, sides, the helpers."""

from __future__ import annotations

import datetime

import pytest

from gonghui.finance import chart
from gonghui.finance.chart import Account

# Copied by hand from ../shared/docs/domain.md §4.1 (not from chart.py).
FIRST_LEVEL = {
    "101": "库存现金",
    "102": "银行存款",
    "131": "应收上级经费",
    "135": "其他应收款",
    "141": "库存物品",
    "162": "固定资产",
    "163": "累计折旧",
    "182": "待处理财产损溢",
    "211": "应付上级经费",
    "215": "其他应付款",
    "301": "资产基金",
    "321": "工会资金结转",
    "322": "工会资金结余",
    "401": "会费收入",
    "402": "拨缴经费收入",
    "403": "上级补助收入",
    "405": "行政补助收入",
    "408": "其他收入",
    "501": "职工活动支出",
    "503": "职工服务支出",
    "504": "维权支出",
    "505": "业务支出",
    "507": "资本性支出",
    "510": "其他支出",
}
SECOND_LEVEL = {
    "13101": "应收上级补助",
    "13102": "应收上级转拨经费",
    "32101": "年初余额调整",
    "32102": "单位内部调剂",
    "32103": "本年收支结转",
    "32104": "累计结转",
    "32201": "年初余额调整",
    "32202": "单位内部调剂",
    "32203": "本年收支结转",
    "32204": "结转转入",
    "32205": "累计结余",
    "40301": "一般性转移支付补助",
    "40302": "专项转移支付补助",
    "50101": "职工教育",
    "50102": "文体活动",
    "50103": "宣传活动",
    "50104": "劳模职工疗休养",
    "50105": "会员活动",
    "50106": "其他活动",
    "50301": "劳动和技能竞赛",
    "50302": "建家活动",
    "50303": "职工创新",
    "50304": "职工书屋",
    "50305": "其他服务",
    "50401": "劳动关系协调",
    "50402": "劳动保护",
    "50403": "法律援助",
    "50404": "困难职工帮扶",
    "50405": "送温暖",
    "50406": "其他维权",
    "50501": "培训",
    "50502": "会议",
    "50503": "专项业务",
    "50504": "其他业务",
    "50701": "房屋建筑物",
    "50702": "办公设备",
    "50703": "专用设备",
    "50704": "交通工具",
    "50705": "大型修缮",
    "50706": "信息网络",
    "50707": "其他",
}


def test_source_and_date():
    assert "财会〔2021〕7号" in chart.SOURCE
    in_force = chart.IN_FORCE
    assert in_force == datetime.date(2022, 1, 1)


def test_exactly_the_24_first_level_accounts():
    assert len(chart.FIRST_LEVEL) == 24
    names = [(code, chart.ACCOUNTS[code].name) for code in chart.FIRST_LEVEL]
    assert names == list(FIRST_LEVEL.items())  # the codes, their names and their order
    assert {c for c, a in chart.ACCOUNTS.items() if a.level == 1} == set(FIRST_LEVEL)
    assert all(chart.ACCOUNTS[c].parent is None for c in FIRST_LEVEL)


def test_the_built_in_sub_accounts():
    subs = {c: a.name for c, a in chart.ACCOUNTS.items() if a.level == 2}
    assert subs == SECOND_LEVEL
    for code, acc in chart.ACCOUNTS.items():
        assert acc.code == code
        if acc.level == 2:
            assert len(code) == 5
            assert code.startswith(acc.parent)
            assert acc.top == acc.parent
            parent = chart.ACCOUNTS[acc.parent]
            assert (acc.category, acc.normal) == (parent.category, parent.normal)
        else:
            assert acc.top == code


def test_accounts_are_in_code_order_parents_first():
    codes = list(chart.ACCOUNTS)
    assert codes == sorted(codes)
    assert codes.index("131") < codes.index("13101") < codes.index("13102") < codes.index("135")


def test_normal_sides_and_categories():
    debit = {"101", "102", "131", "135", "141", "162", "182", "501", "503", "504", "505", "507"}
    debit |= {"510"}
    for code in FIRST_LEVEL:
        assert chart.ACCOUNTS[code].normal == ("debit" if code in debit else "credit"), code
    # 累计折旧 is an asset account on the credit side: a contra-asset.
    assert chart.ACCOUNTS["163"].category == chart.ASSET
    assert chart.ACCOUNTS["163"].normal == "credit"
    expected = {"1": chart.ASSET, "2": chart.LIABILITY, "3": chart.NET_ASSETS}
    expected |= {"4": chart.INCOME, "5": chart.EXPENSE}
    for code, acc in chart.ACCOUNTS.items():
        assert acc.category == expected[code[0]], code


def test_no_code_outside_the_grassroots_chart():
    assert set(chart.NOT_GRASSROOTS) == {"502", "506", "508", "509"}
    for code, reason in chart.NOT_GRASSROOTS.items():
        assert code not in chart.ACCOUNTS
        assert chart.account(code) is None
        assert reason.startswith(code) and "基层工会" in reason
    assert chart.NOT_GRASSROOTS["506"] == "506 是县级以上工会的科目，基层工会不使用"
    # Other accounts of the full or the repealed chart are not here either.
    for code in ("404", "406", "407", "201", "50201"):
        assert chart.account(code) is None


def test_restricted_default_only_on_the_special_transfer():
    assert chart.ACCOUNTS["40302"].restricted_default is True
    others = [c for c, a in chart.ACCOUNTS.items() if a.restricted_default is not None]
    assert others == ["40302"]


def test_account_lookup():
    assert chart.account("101") == Account("101", "库存现金", "asset", "debit")
    assert chart.account("50405").name == "送温暖"
    assert chart.account("9") is None


def test_children_and_leaves():
    assert [a.code for a in chart.children("131")] == ["13101", "13102"]
    assert chart.children("101") == []
    assert chart.children("50105") == []
    assert chart.is_leaf("101") and chart.is_leaf("40302") and chart.is_leaf("510")
    assert not chart.is_leaf("131")
    assert not chart.is_leaf("501")
    assert not chart.is_leaf("506")  # not an account at all
    assert not chart.is_leaf("999")


def test_custom_sub_accounts_through_extra():
    bank = Account("10201", "工商银行基本户", chart.ASSET, "debit", parent="102")
    bank2 = Account("10202", "建设银行专户", chart.ASSET, "debit", parent="102")
    visit = Account("5010501", "节日慰问", chart.EXPENSE, "debit", parent="50105")
    extra = [bank, bank2, visit]
    assert chart.children("102", extra) == [bank, bank2]
    assert not chart.is_leaf("102", extra)
    assert chart.is_leaf("10201", extra)
    assert not chart.is_leaf("50105", extra)
    assert chart.is_leaf("5010501", extra)
    assert chart.children("50105", extra) == [visit]
    assert visit.level == 3 and visit.top == "501"
    assert bank.level == 2 and bank.top == "102"
    # chart_for passes the built-ins as well: each code counts once.
    assert chart.children("131", list(chart.ACCOUNTS.values())) == chart.children("131")
    # Without a parent field the code says where it belongs.
    assert chart.children("101", [Account("10101", "备用金", chart.ASSET, "debit")])[0].code == (
        "10101"
    )


@pytest.mark.parametrize(
    "code,income,expense,cash",
    [
        ("101", False, False, True),
        ("10201", False, False, True),
        ("102", False, False, True),
        ("131", False, False, False),
        ("401", True, False, False),
        ("40302", True, False, False),
        ("501", False, True, False),
        ("50702", False, True, False),
        ("510", False, True, False),
        ("321", False, False, False),
    ],
)
def test_predicates(code, income, expense, cash):
    assert chart.is_income(code) is income
    assert chart.is_expense(code) is expense
    assert chart.needs_restricted(code) is (income or expense)
    assert chart.is_cash(code) is cash
