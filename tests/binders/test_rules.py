"""The sections as data: the issue's order, every producer named exists and is used once,
file names that sort in the binder's order."""

from __future__ import annotations

from gonghui.binders import rules
from gonghui.binders.producers import PRODUCERS

# issue #16 item 5, in its words
ISSUE_ORDER = [
    "组织建设",
    "会员",
    "计划与总结",
    "职代会",
    "公开",
    "活动",
    "帮扶",
    "经费",
    "经审",
    "安全",
    "培训",
    "评优",
]


def test_the_sections_follow_the_issue():
    assert [s.title for s in rules.SECTIONS] == ISSUE_ORDER
    assert [s.number for s in rules.SECTIONS] == list(range(1, len(ISSUE_ORDER) + 1))
    assert all(s.source for s in rules.SECTIONS)


def test_every_producer_named_exists_and_each_is_used_once():
    keys = rules.producer_keys()
    assert sorted(keys) == sorted(PRODUCERS)
    assert len(keys) == len(set(keys))


def test_file_names_sort_in_the_binders_order():
    names = [rules.file_name(s, i, "文件", "pdf") for s in rules.SECTIONS for i in range(1, 4)]
    assert names == sorted(names)
    assert names[0] == "01-组织建设/01-1-文件.pdf"
    assert names[0] > rules.CONTENTS_NAME


def test_a_typed_title_cannot_name_a_folder_or_leave_the_zip():
    # A fund's name is typed by a cadre and goes into its daybook's file name.
    section = rules.SECTIONS[7]
    for hostile in ("../../etc/passwd", "a/b\\c", "..", "帮困\x00基金:*?"):
        name = rules.file_name(section, 3, f"{hostile}日记账", "xlsx")
        folder, _, base = name.partition("/")
        assert folder == section.folder and "/" not in base and "\\" not in base
        assert ".." not in base and "\x00" not in base
