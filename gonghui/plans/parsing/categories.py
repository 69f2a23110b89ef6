"""Which taxonomy category (gonghui/plans/taxonomy.py codes) a task belongs to.

Each category has keywords; a text's keywords are matched longest first and a matched
stretch is not matched again, so 劳动竞赛 counts for contests and its 竞赛 does not also
count for culture. The category with the most matches wins; a tie goes to the one earlier
in PRIORITY (the more specific work: a 女职工 health check is women's work before it is
care, a 劳动竞赛 is a contest before it is culture).
"""

from __future__ import annotations

import re

# fmt: off
KEYWORDS: dict[str, list[str]] = {
    "contest": [
        "劳动竞赛", "技能竞赛", "技能比武", "技术比武", "岗位练兵", "练兵比武", "合理化建议",
        "技术革新", "技术攻关", "技术创新", "职工创新", "创新工作室", "五小", "金点子",
        "立功竞赛", "劳动技能", "师徒结对", "传帮带", "技能大赛", "教学比武", "业务比武",
        "基本功比赛", "教学基本功", "教学竞赛", "岗位技能", "节能降耗", "小发明", "小革新",
    ],
    "women": [
        "女职工", "女工", "女教工", "女教师", "女医务", "女员工", "三八", "妇女", "巾帼",
        "母婴", "爱心妈咪", "妈咪小屋", "两癌", "孕期", "哺乳", "女性", "家庭教育", "最美家庭",
    ],
    "democracy": [
        "职代会", "职工代表大会", "教代会", "教职工代表大会", "厂务公开", "校务公开",
        "院务公开", "政务公开", "事务公开", "民主评议", "民主管理", "民主监督", "民主恳谈",
        "提案", "职工代表", "教工代表", "民主议事", "民主参与", "职工议事", "代表巡视",
        "评议领导", "质询",
    ],
    "funds": [
        "经费", "经审", "预算", "决算", "财务", "会费", "审计", "账目", "账务", "帐务",
        "资产", "拨缴", "收支", "财务公开", "票据", "报销",
    ],
    "rights": [
        "集体合同", "集体协商", "工资协商", "工资专项", "劳动保护", "劳动安全", "法律援助",
        "安全生产", "维权", "劳动合同", "劳动争议", "调解", "职业病", "职业健康", "隐患",
        "劳动法", "工会法", "普法", "权益", "欠薪", "安康杯", "安全检查", "安全教育",
        "劳动关系", "劳保", "防暑降温", "休息休假", "工时", "工资支付", "农民工工资",
    ],
    "care": [
        "送温暖", "慰问", "困难职工", "困难教职工", "困难会员", "帮扶", "金秋助学", "助学",
        "医疗互助", "互助保障", "互助保险", "救助", "看望", "探望", "走访", "送清凉", "送凉爽",
        "送关爱", "体检", "生日", "疗休养", "休养", "爱心", "大病", "特困", "困难", "福利",
        "帮困", "心理健康", "心理疏导", "婚丧", "退休", "离退休", "住院", "病困", "暖心",
        "职工食堂", "午餐", "子女", "托管", "结对帮扶", "献爱心", "一日捐", "捐款",
    ],
    "awards": [
        "评优", "表彰", "先进", "劳模", "模范", "评选", "优秀", "星级", "最美", "工人先锋号",
        "五一劳动奖", "红旗手", "标兵", "树典型", "典型", "好人好事", "嘉奖", "奖励",
    ],
    "training": [
        "培训", "学习", "讲座", "辅导", "业务知识", "素质提升", "研修", "轮训", "报告会",
        "继续教育", "读书班", "宣讲", "教育", "考察", "交流会", "专题辅导", "学历", "网络学院",
    ],
    "culture": [
        "文体", "运动会", "比赛", "竞赛", "联欢", "春游", "秋游", "合唱", "文艺", "演出",
        "晚会", "趣味", "游艺", "拔河", "篮球", "足球", "排球", "乒乓球", "羽毛球", "健步走",
        "登山", "徒步", "书画", "摄影", "读书", "棋", "健身", "广播操", "歌咏", "朗诵",
        "观影", "电影", "旅游", "踏青", "兴趣小组", "俱乐部", "协会", "太极", "瑜伽", "跳绳",
        "展演", "游园", "猜谜", "灯谜", "包饺子", "团拜", "迎新", "庆元旦", "联谊", "书屋",
        "才艺", "亲子", "运动", "体育", "文化活动", "采风", "游泳", "舞蹈", "踢毽", "知识竞赛",
    ],
    "publicity": [
        "宣传", "信息", "网站", "报道", "投稿", "通讯", "宣传栏", "公众号", "微信", "简报",
        "橱窗", "新闻", "舆论", "展板", "板报", "黑板报", "专栏", "稿件", "网页", "媒体",
    ],
    "organisation": [
        "会员发展", "发展会员", "入会", "组织建设", "工会小组", "小组", "换届", "选举", "建会",
        "职工之家", "教工之家", "会员", "工会干部", "委员会", "自身建设", "制度建设", "台账",
        "台帐", "档案", "会籍", "会员卡", "实名制", "组建", "工会主席", "委员", "规范化建设",
        "工作例会", "工作总结", "工作计划", "述职", "会员评家", "模范职工之家", "模范教工之家",
        "网格",
    ],
}
# fmt: on
PRIORITY = [
    "contest",
    "women",
    "democracy",
    "funds",
    "rights",
    "care",
    "awards",
    "training",
    "culture",
    "publicity",
    "organisation",
]
_ALL = sorted(
    ((keyword, code) for code, words in KEYWORDS.items() for keyword in words),
    key=lambda pair: -len(pair[0]),
)
_ALL_RE = re.compile("|".join(re.escape(keyword) for keyword, _code in _ALL))
_CODE_OF = {}
for _keyword, _code in _ALL:
    _CODE_OF.setdefault(_keyword, _code)


def scores(text: str) -> dict[str, int]:
    """Keyword matches per category (longest keywords first, no overlaps)."""
    counts: dict[str, int] = {}
    # The alternation is ordered longest first, and finditer never overlaps matches.
    for match in _ALL_RE.finditer(text):
        code = _CODE_OF[match.group()]
        counts[code] = counts.get(code, 0) + 1
    return counts


def categorise(text: str, *context: str) -> str:
    """The category of a task's text; when the text names none, the nearest context (the
    section titles from the innermost out) that does; else "other"."""
    for candidate in (text, *context):
        counts = scores(candidate)
        if counts:
            best = max(counts.values())
            return next(code for code in PRIORITY if counts.get(code) == best)
    return "other"
