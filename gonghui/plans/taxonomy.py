"""The fixed taxonomy of plan tasks (issue #4), in the words union plans use.

Codes are stable identifiers stored in the database and the API; labels are what cadres
read. The parser's keyword rules that assign a category live with the parser
(gonghui/plans/parsing/), keyed by these codes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CATEGORIES: list[tuple[str, str]] = [
    ("organisation", _("Organisation building")),  # 组织建设
    ("democracy", _("Democratic management")),  # 民主管理 (职代会/厂务公开)
    ("rights", _("Rights protection")),  # 维权 (集体合同/劳动保护/法律援助)
    ("care", _("Care and aid")),  # 帮扶送温暖
    ("culture", _("Culture and sports")),  # 文体活动
    ("training", _("Study and training")),  # 学习培训
    ("awards", _("Awards and recognition")),  # 评优表彰
    ("contest", _("Labour contests and proposals")),  # 劳动竞赛/合理化建议
    ("women", _("Women workers")),  # 女职工
    ("funds", _("Funds and audit")),  # 经费与经审
    ("publicity", _("Publicity and information")),  # 宣传信息
    ("other", _("Other")),  # 其他
]
CATEGORY_CODES = [code for code, _label in CATEGORIES]
# The Chinese names, for the parser's JSON and for documents (not translated: the
# taxonomy's own words).
CATEGORY_ZH: dict[str, str] = {
    "organisation": "组织建设",
    "democracy": "民主管理",
    "rights": "维权",
    "care": "帮扶送温暖",
    "culture": "文体活动",
    "training": "学习培训",
    "awards": "评优表彰",
    "contest": "劳动竞赛/合理化建议",
    "women": "女职工",
    "funds": "经费与经审",
    "publicity": "宣传信息",
    "other": "其他",
}
