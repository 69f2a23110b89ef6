"""The form definition's schema and an answer's values checked against it."""

from __future__ import annotations

import pytest
from django.utils import translation

from gonghui.assignments import rules

from .conftest import DEFINITION


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_a_definition_is_normalised():
    d = rules.check_definition(DEFINITION)
    assert [f["key"] for f in d["fields"]] == [
        "staff",
        "level",
        "built_on",
        "acts",
        "notes",
        "photos",
    ]
    assert d["fields"][0]["required"] is True and d["fields"][1]["required"] is False


@pytest.mark.parametrize(
    "fields",
    [
        [],
        [{"key": "a", "label": "A", "type": "money"}],
        [{"key": "A b", "label": "A", "type": "text"}],
        [{"key": "a", "label": "A", "type": "text"}, {"key": "a", "label": "B", "type": "text"}],
        [{"key": "a", "label": "A", "type": "choice", "choices": ["only"]}],
        [{"key": "a", "label": "A", "type": "table", "columns": []}],
        [
            {
                "key": "a",
                "label": "A",
                "type": "table",
                "columns": [{"key": "f", "label": "F", "type": "file"}],
            }
        ],
        [{"key": "a", "label": "", "type": "text"}],
    ],
)
def test_a_bad_definition_is_refused(fields):
    with pytest.raises(rules.DefinitionError):
        rules.check_definition({"fields": fields})


def test_lines_make_a_definition_and_back():
    text = "职工人数|数字|必填\n等级|选择|省级,市级\n活动|表格|日期:日期,人数:数字\n照片|附件"
    d = rules.parse_lines(text)
    assert [(f["key"], f["type"]) for f in d["fields"]] == [
        ("f1", "number"), ("f2", "choice"), ("f3", "table"), ("f4", "file")
    ]  # fmt: skip
    assert d["fields"][0]["required"] and d["fields"][1]["choices"] == ["省级", "市级"]
    assert rules.parse_lines(rules.to_lines(d)) == d
    with pytest.raises(rules.DefinitionError):
        rules.parse_lines("人数|金额")


def test_a_number_field_refuses_text_in_chinese():
    values, errors = rules.clean_values(DEFINITION, {"staff": "很多"}, complete=False)
    assert errors == {"staff": "职工人数：请填写数字。"}
    assert values == {}


def test_values_are_cleaned_and_blank_rows_dropped():
    raw = {
        "staff": " 1,200 ",
        "level": "省级",
        "built_on": "2020-05-01",
        "acts": [{"name": "篮球赛", "people": "30"}, {"name": "", "people": ""}],
        "notes": "",
    }
    values, errors = rules.clean_values(DEFINITION, raw, complete=True)
    assert errors == {}
    assert values == {
        "staff": "1200",
        "level": "省级",
        "built_on": "2020-05-01",
        "acts": [{"name": "篮球赛", "people": "30"}],
    }


def test_required_fields_are_asked_only_when_handed_in():
    assert rules.clean_values(DEFINITION, {}, complete=False) == ({}, {})
    _v, errors = rules.clean_values(DEFINITION, {}, complete=True)
    assert set(errors) == {"staff"}


@pytest.mark.parametrize(
    "raw, key",
    [
        ({"level": "国家级"}, "level"),
        ({"built_on": "2020-13-01"}, "built_on"),
        ({"acts": [{"name": "x", "people": "三十"}]}, "acts"),
        ({"staff": "NaN"}, "staff"),
        ({"staff": "1e400"}, "staff"),
    ],
)
def test_a_value_outside_the_definition_is_refused(raw, key):
    _v, errors = rules.clean_values(DEFINITION, raw, complete=False)
    assert key in errors
