"""Member roster import (会员花名册): the real-name fields of each member, from the
spreadsheets union offices actually keep.

Each row is one person, identified by 证件类型 + 证件号码 across the whole platform (one
record per person, domain.md §1). A new person is created with a membership event; a
person already on the roll inside the organisation the import runs in is updated where
the file says something different (a blank cell leaves the field as it is); a person whose
membership ended joins again; a person who holds a membership elsewhere must be
transferred, not imported.

The row goes to the union its 所属工会 names (by name or code, the organisation of the
import or one below it), or to that organisation when the file has no such column, and
into the 工会小组 it names below that union, which is created when it does not exist yet.

Large files are the point here (an upper union loading 100,000 members at once), so rows
are checked with cached lookups, and a commit writes the people of each chunk of rows
with gonghui.imports.bulk while it checks the next (bench/README.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import mul
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pypinyin.constants import PHRASES_DICT

from gonghui.accounts.models import mobile_validator
from gonghui.audit.context import current_actor
from gonghui.core.models import audited_bulk_create
from gonghui.core.scoping import unscoped
from gonghui.imports.base import (
    CHECKING,
    CREATE,
    PROGRESS_EVERY,
    UNCHANGED,
    UPDATE,
    WRITING,
    Importer,
    Preview,
    RowResult,
)
from gonghui.imports.bulk import BulkCreator, Pipeline, reserve_ids, update_audited, write_log
from gonghui.imports.tabular import Column
from gonghui.orgs.models import Organisation, OrgKind

from . import idcard, vocab
from .models import CURRENT, EventKind, Member, MembershipEvent, Status, pinyin_keys

# The column names of the real-name template (domain.md §2), as the file's header says them.
# fmt: off
NAME, SEX, ETHNICITY, ID_TYPE, ID_NUMBER, BIRTH = "姓名", "性别", "民族", "证件类型", "证件号码", "出生日期"
MOBILE, POLITICAL, EDUCATION, NATIVE_PLACE = "手机号码", "政治面貌", "学历", "籍贯"
HUKOU, HUKOU_PLACE, EMPLOYMENT, MIGRANT, MEMBER_TYPE = "户籍类型", "户籍所在地", "就业状况", "是否农民工", "会员类型"
DEPARTMENT, POST, JOB_TYPE, SKILL, TITLE = "工作部门", "岗位", "工种", "技能等级", "职称"
WORK_YEAR, WAGE, CARD, JOINED, UNION, GROUP = "参加工作年份", "月工资", "会员卡号", "入会时间", "所属工会", "工会小组"
# fmt: on

# Free-text columns: column → Member field.
TEXT_FIELDS = {
    NATIVE_PLACE: "native_place",
    HUKOU_PLACE: "hukou_place",
    DEPARTMENT: "department",
    POST: "post",
    JOB_TYPE: "job_type",
    TITLE: "professional_title",
    CARD: "card_number",
}
# Columns whose values come from a list: kept as written when unknown, with a warning.
LISTED_FIELDS = {
    ETHNICITY: "ethnicity",
    POLITICAL: "political_status",
    EDUCATION: "education",
    EMPLOYMENT: "employment_status",
    SKILL: "skill_level",
}
# What is read of a person already in the system.
PERSON_FIELDS = (
    "pk",
    "org_id",
    "status",
    "status_since",
    "name",
    "sex",
    "birth_date",
    "id_type",
    "id_number",
    "mobile",
    "hukou_type",
    "member_type",
    "work_start_year",
    "monthly_wage",
    "joined_on",
    *TEXT_FIELDS.values(),
    *LISTED_FIELDS.values(),
)
# Column of each field, for the changes a preview shows.
FIELD_COLUMNS = {
    "name": NAME,
    "sex": SEX,
    "birth_date": BIRTH,
    "id_type": ID_TYPE,
    "id_number": ID_NUMBER,
    "mobile": MOBILE,
    "hukou_type": HUKOU,
    "member_type": MEMBER_TYPE,
    "work_start_year": WORK_YEAR,
    "monthly_wage": WAGE,
    "joined_on": JOINED,
    "org_id": GROUP,
    **{f: c for c, f in TEXT_FIELDS.items()},
    **{f: c for c, f in LISTED_FIELDS.items()},
}


def _limit(field: str) -> int:
    return Member._meta.get_field(field).max_length


def _words(choices, extra: dict[str, str]) -> dict[str, str]:
    """Label → value of a choice list, plus the values themselves and other words."""
    return {label: value for value, label in choices} | {v: v for v, _l in choices} | extra


SEX_WORDS = _words(vocab.SEXES, {"男性": "male", "女性": "female", "m": "male", "f": "female"})
ID_TYPE_WORDS = _words(
    vocab.ID_TYPES,
    {
        "身份证": "resident",
        "二代身份证": "resident",
        "居民身份证号码": "resident",
        "港澳通行证": "hk_mo",
        "台胞证": "taiwan",
        "外国人永久居留证": "foreign_pr",
        "永久居留身份证": "foreign_pr",
    },
)
HUKOU_WORDS = _words(
    vocab.HUKOU_TYPES,
    {"农业": "agricultural", "非农业": "non_agricultural", "非农": "non_agricultural"},
)
HUKOU_WORDS |= {"城镇": "non_agricultural", "城镇户口": "non_agricultural"}
MEMBER_TYPE_WORDS = _words(vocab.MEMBER_TYPES, {"普通": "regular", "派遣": "dispatched"})
YES_NO = {"是": True, "否": False, "y": True, "n": False, "yes": True, "no": False, "√": True}
YES_NO |= {"×": False, "1": True, "0": False, "true": True, "false": False}

LISTS: dict[str, tuple[list[str], dict[str, str]]] = {
    ETHNICITY: (vocab.ETHNICITIES, {e.removesuffix("族"): e for e in vocab.ETHNICITIES}),
    POLITICAL: (
        vocab.POLITICAL,
        {
            "党员": "中共党员",
            "中国共产党党员": "中共党员",
            "预备党员": "中共预备党员",
            "团员": "共青团员",
            "无党派": "无党派人士",
        },
    ),
    EDUCATION: (
        vocab.EDUCATION,
        {"本科": "大学本科", "大专": "大学专科", "专科": "大学专科", "硕士": "硕士研究生"}
        | {"博士": "博士研究生"},
    ),
    EMPLOYMENT: (vocab.EMPLOYMENT, {}),
    SKILL: ([s for s in vocab.SKILL_LEVELS if s], {}),
}

_MOBILE = re.compile(mobile_validator.regex.pattern)
# 2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日, optionally with a time of day.
_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")  # 2019.3, 2019-3, 2019年3月
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20190305
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")  # 201903
_YEAR = re.compile(r"^(\d{4})年?$")
_SERIAL = re.compile(r"^\d{1,5}(?:\.\d+)?$")  # an Excel date that reached us as a number
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9Xx]\Z")  # what idcard.parse() takes, spaces aside
_CENT = Decimal("0.01")
_MAX_WAGE = Decimal("99999999.99")

DAY, MONTH, YEAR = "day", "month", "year"
# Rows checked between two writes of a commit (MemberImporter.validate).
STREAM_ROWS = 10_000
_UNION_KINDS = frozenset(k.value for k in (OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.BRANCH))


class _DateError(ValueError):
    pass


def parse_date(text: str) -> tuple[dt.date, str]:
    """A date as rosters write it, and how precise it is (day, month or year).

    Month-only dates (2019.3) stand for the first of the month; a year alone for 1 January.
    """
    m = _DAY.match(text) or _COMPACT_DAY.match(text)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3])), DAY
    m = _MONTH.match(text) or _COMPACT_MONTH.match(text)
    if m:
        return _date(int(m[1]), int(m[2]), 1), MONTH
    m = _YEAR.match(text)
    if m and 1900 <= int(m[1]) <= 2100:
        return _date(int(m[1]), 1, 1), YEAR
    if _SERIAL.match(text) and float(text) >= 61:  # Excel's 1900 leap-year bug before that
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(text))), DAY
    raise _DateError(text)


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _DateError(f"{year}-{month}-{day}") from None


def _name_parts(raw: str) -> tuple[str, str, str]:
    """The name as the model saves it (Member.prepare_for_save: 张 三 → 张三), with its
    pinyin search keys (members.models.pinyin_keys)."""
    name = raw.strip()
    if len(name) <= 4:
        name = "".join(name.split())
    return (name, *_pinyin_keys(name))


# pinyin_keys() segments a name into the phrases of pypinyin's dictionary (单于, 尉迟)
# before it looks up characters, a large part of an import's checking time. A name in
# which no two neighbouring characters start a phrase is read character by character, so
# its keys are put together from a cache per character, the same as pinyin_keys() gives.
_PHRASE_STARTS: tuple[int, frozenset[str]] = (-1, frozenset())
_CHAR_PINYIN: dict[str, str] = {}


def _pinyin_keys(name: str) -> tuple[str, str]:
    global _PHRASE_STARTS
    if _PHRASE_STARTS[0] != len(PHRASES_DICT):  # phrases can be added to pypinyin at run time
        _PHRASE_STARTS = (
            len(PHRASES_DICT),
            frozenset(w[:2] for w in PHRASES_DICT if len(w) >= 2),
        )
        _CHAR_PINYIN.clear()
    starts = _PHRASE_STARTS[1]
    for i in range(len(name) - 1):
        if name[i : i + 2] in starts:
            return pinyin_keys(name)
    syllables = []
    for char in name:
        syllable = _CHAR_PINYIN.get(char)
        if syllable is None:
            syllable = _CHAR_PINYIN[char] = pinyin_keys(char)[0]
        if syllable:
            syllables.append(syllable)
    return "".join(syllables), "".join(s[0] for s in syllables)


@dataclass(slots=True)
class _Node:
    pk: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    path: str
    is_active: bool


@dataclass(slots=True)
class _Plan:
    """What a row will do, worked out by validate() and carried out by apply()."""

    data: dict[str, Any]  # Member attname → value, for what the row says
    name_keys: tuple[str, str]  # pinyin, initials
    org_id: int | None  # the member's organisation; None while its group is still to be made
    new_group: tuple[int, str] | None  # (parent pk, name) of that group
    existing: SimpleNamespace | None = None  # what _existing() read of the person
    rejoin: bool = False
    moved_from: int | None = None  # the group the member leaves, inside the same union
    written: bool = False  # created already, while the rows after it were checked


class MemberImporter(Importer):
    kind = "members"
    columns = (
        Column(NAME, ("会员姓名", "职工姓名"), required=True, max_length=_limit("name")),
        Column(SEX, ("性 别",), compact=True),
        Column(ETHNICITY, ("民 族",), compact=True, max_length=_limit("ethnicity")),
        Column(ID_TYPE, ("身份证件类型",), compact=True),
        Column(
            ID_NUMBER,
            ("公民身份号码", "身份证号", "身份证号码", "身份证", "证件号", "身份证件号码"),
            required=True,
            compact=True,
            max_length=_limit("id_number"),
            exact_digits=True,
        ),
        Column(BIRTH, ("出生年月", "出生年月日", "出生时间", "生日"), compact=True),
        Column(
            MOBILE, ("手机", "手机号", "联系电话", "电话", "联系方式", "移动电话"), compact=True
        ),
        Column(POLITICAL, (), compact=True, max_length=_limit("political_status")),
        Column(EDUCATION, ("文化程度", "最高学历"), compact=True, max_length=_limit("education")),
        Column(NATIVE_PLACE, (), max_length=_limit("native_place")),
        Column(HUKOU, ("户口性质", "户口类型", "户籍性质"), compact=True),
        Column(HUKOU_PLACE, ("户口所在地", "户籍地"), max_length=_limit("hukou_place")),
        Column(EMPLOYMENT, ("就业状态",), compact=True, max_length=_limit("employment_status")),
        Column(MIGRANT, ("农民工",), compact=True),
        Column(MEMBER_TYPE, ("会员类别",), compact=True),
        Column(DEPARTMENT, ("部门", "科室", "所在部门"), max_length=_limit("department")),
        Column(POST, ("职务",), max_length=_limit("post")),
        Column(JOB_TYPE, (), max_length=_limit("job_type")),
        Column(SKILL, (), compact=True, max_length=_limit("skill_level")),
        Column(TITLE, ("专业技术职称",), max_length=_limit("professional_title")),
        Column(WORK_YEAR, ("参加工作时间", "参加工作日期", "参加工作年月"), compact=True),
        Column(WAGE, ("工资", "月收入"), compact=True),
        Column(CARD, ("会员证号", "会员证编号"), compact=True, max_length=_limit("card_number")),
        Column(JOINED, ("入会日期", "入会年月"), compact=True),
        Column(UNION, ("工会名称", "所在工会"), max_length=100),
        Column(GROUP, ("小组", "所属小组", "所在小组"), max_length=100),
    )
    sensitive_columns = {ID_NUMBER: idcard.mask, MOBILE: idcard.mask_phone}

    # -- preview ---------------------------------------------------------------------
    def validate(self, results: list[RowResult], org) -> None:
        if org is None:
            raise ValueError("a member import runs in an organisation")
        self.today = timezone.localdate()
        self._load_tree(org)
        self._plans: dict[int, _Plan] = {}
        self._new_groups: dict[tuple[int, str], list[int]] = {}  # → rows naming it
        self._made_groups: dict[tuple[int, str], int] = {}  # → pk, once created
        self._dates: dict[str, tuple[dt.date, str] | None] = {}
        self._births: dict[str, dt.date | None] = {}  # YYYYMMDD of ID numbers
        self._id_sums: dict[str, int] = {}  # parts of ID numbers → _weighted()
        self._names: dict[str, tuple[str, str, str]] = {}
        self._union_cache: dict[str, tuple[_Node | None, str]] = {}
        self._places: dict[tuple[str, str], tuple] = {}  # (union, group) → _find_place()
        self._wages: dict[str, Decimal | None] = {}
        self._listed_cache: dict[tuple[str, str], tuple[str, str]] = {}  # → value, warning
        present = set().union(*(r.values for r in results))  # the file's columns
        self._text_fields = [(c, f) for c, f in TEXT_FIELDS.items() if c in present]
        self._listed_fields = [(c, f) for c, f in LISTED_FIELDS.items() if c in present]
        keys: dict[tuple[str, str], RowResult] = {}
        total = len(results)
        # A commit writes the people it creates chunk by chunk while it checks the rows
        # after them (the database and Python at work at the same time), until a row
        # has an error: then nothing will be kept, and it only goes on checking.
        self._writes = _Writes(self) if self.committing else None
        failing = any(r.errors for r in results)  # from reading the file
        try:
            for start in range(0, total, STREAM_ROWS):
                chunk = results[start : start + STREAM_ROWS]
                found = self._check_rows(chunk, org, keys, start, total)
                if self._writes is not None:
                    self._writes.wait()  # the connection is free again
                self._decide(found)
                failing = failing or any(r.errors for r in chunk)
                if self._writes is not None and not failing:
                    self._writes.write(
                        [
                            self._plans[r.row]
                            for r in found.values()
                            if r.action == CREATE and self._plans[r.row].existing is None
                        ]
                    )
            if self._writes is not None:
                self._writes.wait()
        except BaseException:
            if self._writes is not None:
                self._writes.abandon()
            raise
        self.progress(CHECKING, total, total)

        # Rows in error keep no plan: apply() only sees the others.
        for r in results:
            if r.errors:
                self._plans.pop(r.row, None)
        by_parent: dict[int, list[str]] = {}
        for parent_pk, name in self._wanted_groups():
            by_parent.setdefault(parent_pk, []).append(name)
        for parent_pk, names in by_parent.items():
            self.notes.append(
                _("New union groups will be created under %(union)s: %(names)s.")
                % {"union": self._nodes[parent_pk].name, "names": "、".join(names)}
            )

    def _check_rows(
        self, chunk: list[RowResult], org, keys: dict, start: int, total: int
    ) -> dict[tuple[str, str], RowResult]:
        """Check the rows of a chunk; the first row of each person (of the whole file)."""
        found: dict[tuple[str, str], RowResult] = {}
        for i, r in enumerate(chunk, start=start + 1):
            if i % PROGRESS_EVERY == 0:
                self.progress(CHECKING, i, total)
            plan = self._check_row(r, org)
            if plan is None:
                continue
            key = (plan.data["id_type"], plan.data["id_number"])
            first = keys.get(key)
            if first is not None:
                r.error(
                    ID_NUMBER,
                    _("The same ID number is already on row %(row)s.") % {"row": first.row},
                )
                continue
            keys[key] = found[key] = r
            self._plans[r.row] = plan
        return found

    def _decide(self, found: dict[tuple[str, str], RowResult]) -> None:
        """Create, update or unchanged, for rows whose person is known now."""
        existing = self._existing(found)
        for key, r in found.items():
            plan = self._plans[r.row]
            person = existing.get(key)
            if r.errors:
                continue
            if person is None:
                r.action = CREATE
            elif person.status not in CURRENT:
                plan.existing, plan.rejoin = person, True
                r.action = CREATE
                if person.org_id in self._nodes:
                    r.warn(
                        "",
                        _("Joins again: the earlier membership ended (%(status)s, %(date)s).")
                        % {
                            "status": Status(person.status).label,
                            "date": person.status_since or "",
                        },
                    )
                else:
                    # How a membership elsewhere ended (left, expelled...) is not ours to show.
                    r.warn("", _("Joins again: an earlier membership has ended."))
            elif person.org_id not in self._nodes:
                r.error(
                    ID_NUMBER,
                    _(
                        "This ID number cannot be registered here: the person already holds a "
                        "membership in another union. A membership moves by transfer; the upper "
                        "union can help find where it is."
                    ),
                )
            else:
                plan.existing = person
                self._compare(r, plan, person)

    def _wanted_groups(self) -> list[tuple[int, str]]:
        """The groups to be created: named by a row that is imported."""
        return [
            key for key, rows in self._new_groups.items() if any(n in self._plans for n in rows)
        ]

    def _check_row(self, r: RowResult, org) -> _Plan | None:
        """Parse one row into what it says about the person, or None with errors."""
        v = r.values
        data: dict[str, Any] = {}
        get = v.get
        raw_name = get(NAME, "")
        if raw_name:
            parts = self._names.get(raw_name)
            if parts is None:
                parts = self._names[raw_name] = _name_parts(raw_name)
            data["name"] = parts[0]
        else:
            parts = ("", "", "")

        id_type = "resident"
        text = get(ID_TYPE)
        if text:
            id_type = ID_TYPE_WORDS.get(text) or ID_TYPE_WORDS.get(text.lower())
            if id_type is None:
                r.error(
                    ID_TYPE,
                    _("Unknown ID type %(value)s. Use one of: %(choices)s.")
                    % {"value": text, "choices": "、".join(label for _v, label in vocab.ID_TYPES)},
                )
        data["id_type"] = id_type
        self._check_identity(r, data, id_type)

        for column, field in self._text_fields:
            text = get(column)
            if text:
                data[field] = text
        for column, field in self._listed_fields:
            text = get(column)
            if text:
                data[field] = self._listed(r, column, text)
        text = get(MOBILE)
        if text:
            self._check_mobile(r, data, text)
        text = get(HUKOU)
        if text:
            value = HUKOU_WORDS.get(text)
            if value is None:
                r.error(HUKOU, self._choose(text, vocab.HUKOU_TYPES))
            data["hukou_type"] = value
        self._check_member_type(r, data, get(MEMBER_TYPE), get(MIGRANT))
        text = get(WORK_YEAR)
        if text:
            data["work_start_year"] = self._year(r, text)
        text = get(WAGE)
        if text:
            wage = self._wages.get(text, False)
            if wage is False:
                wage = self._wages[text] = _wage(text)
            if wage is None:
                r.error(WAGE, _("%(value)s is not an amount of money.") % {"value": text})
            data["monthly_wage"] = wage
        text = get(JOINED)
        if text:
            joined = self._day(r, JOINED, text)
            if joined is not None:
                if joined[0] > self.today:
                    r.error(JOINED, _("The date of joining is in the future."))
                elif data.get("birth_date") and joined[0] < data["birth_date"]:
                    r.error(JOINED, _("The date of joining is before the date of birth."))
                data["joined_on"] = joined[0]

        org_id, new_group = self._place(r, org, get(UNION, ""), get(GROUP, ""))
        if r.errors:
            return None
        return _Plan(data=data, name_keys=parts[1:], org_id=org_id, new_group=new_group)

    def _check_identity(self, r: RowResult, data: dict, id_type: str | None) -> None:
        get = r.values.get
        raw = get(ID_NUMBER, "")
        if not raw or (r.errors and any(i.column == ID_NUMBER for i in r.errors)):
            return
        sex_text, birth_text = get(SEX, ""), get(BIRTH, "")
        sex = None
        if sex_text:
            sex = SEX_WORDS.get(sex_text) or SEX_WORDS.get(sex_text.lower())
            if sex is None:
                r.error(SEX, self._choose(sex_text, vocab.SEXES))
        birth = self._day(r, BIRTH, birth_text) if birth_text else None
        if id_type != "resident":
            data["id_number"] = idcard.normalise(raw)
            if sex_text:
                data["sex"] = sex
            elif id_type is not None:
                r.error(SEX, _("Fill in the sex: only a resident ID number tells it."))
            if birth is not None:
                data["birth_date"] = birth[0]
            return
        parsed = self._resident_id(raw)
        if parsed is None:
            try:
                info = idcard.parse(raw, today=self.today)
            except idcard.IdNumberError as exc:
                r.error(ID_NUMBER, str(exc))
                return
            parsed = info.number, info.sex, info.birth_date
        data["id_number"], data["sex"], data["birth_date"] = parsed
        if sex is not None and sex != parsed[1]:
            r.error(
                SEX,
                _("The sex does not match the ID number, which says %(sex)s.")
                % {"sex": dict(vocab.SEXES)[parsed[1]]},
            )
        if birth is not None and not _same_date(birth, parsed[2]):
            r.error(
                BIRTH,
                _("The date of birth does not match the ID number, which says %(date)s.")
                % {"date": parsed[2].isoformat()},
            )

    def _resident_id(self, raw: str) -> tuple[str, str, dt.date] | None:
        """(number, sex, birth date) as idcard.parse() gives them for the usual, valid
        number, with the birth dates cached; None for anything else, which idcard.parse()
        then explains."""
        if _RESIDENT_ID.match(raw) is None:
            return None
        number = raw.upper()
        birth = self._births.get(number[6:14], False)
        if birth is False:
            try:
                birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            except ValueError:
                birth = None
            if birth is not None and (birth > self.today or birth.year < 1900):
                birth = None
            self._births[number[6:14]] = birth
        if birth is None:
            return None
        # Σ digit × weight over the 17 digits, by parts that repeat a lot: the region,
        # the birth date, the sequence (keys of three lengths, in one cache).
        sums = self._id_sums
        region, day, sequence = number[:6], number[6:14], number[14:17]
        total = (
            (sums.get(region) or sums.setdefault(region, _weighted(region, 0)))
            + (sums.get(day) or sums.setdefault(day, _weighted(day, 6)))
            + (sums.get(sequence) or sums.setdefault(sequence, _weighted(sequence, 14)))
        )
        if idcard.CHECK[total % 11] != number[17]:
            return None
        return number, ("male" if int(number[16]) % 2 == 1 else "female"), birth

    def _day(self, r: RowResult, column: str, text: str) -> tuple[dt.date, str] | None:
        if text not in self._dates:
            try:
                self._dates[text] = parse_date(text)
            except _DateError:
                self._dates[text] = None
        parsed = self._dates[text]
        if parsed is None:
            r.error(
                column,
                _(
                    "%(value)s is not a date. Write it like 2019-03-05, 2019/3/5, 2019年3月5日 "
                    "or 2019.3."
                )
                % {"value": text},
            )
        elif parsed[1] == MONTH and text.endswith(".1") and text.count(".") == 1:
            # Typed as 2019.10, Excel keeps the number 2019.1: January.
            r.warn(
                column,
                _(
                    "%(value)s is read as January. If October was meant, format the cell as "
                    "text and type %(value)s0."
                )
                % {"value": text},
            )
        return parsed

    @staticmethod
    def _choose(text: str, choices) -> str:
        return _("Unknown value %(value)s. Use one of: %(choices)s.") % {
            "value": text,
            "choices": "、".join(label for _v, label in choices),
        }

    def _listed(self, r: RowResult, column: str, text: str) -> str:
        found = self._listed_cache.get((column, text))
        if found is None:
            known, words = LISTS[column]
            if text in known:
                found = (text, "")
            elif text in words:
                found = (words[text], "")
            else:
                found = (
                    text,
                    _("%(value)s is not in the list (%(choices)s); it is kept as written.")
                    % {"value": text, "choices": "、".join(known)},
                )
            self._listed_cache[(column, text)] = found
        if found[1]:
            r.warn(column, found[1])
        return found[0]

    @staticmethod
    def _check_mobile(r: RowResult, data: dict, text: str) -> None:
        number = text.removeprefix("+86") if text.startswith("+86") else text
        if len(number) == 13 and number.startswith("86"):
            number = number[2:]
        if _MOBILE.match(number):
            data["mobile"] = number
        else:
            r.error(
                MOBILE,
                _("%(value)s is not a mobile number: 11 digits starting with 1.") % {"value": text},
            )

    def _check_member_type(self, r: RowResult, data: dict, type_text, migrant_text) -> None:
        migrant = None
        if migrant_text:
            migrant = YES_NO.get(migrant_text.lower())
            if migrant is None:
                r.error(MIGRANT, _("Write 是 or 否."))
        if type_text:
            value = MEMBER_TYPE_WORDS.get(type_text)
            if value is None:
                r.error(MEMBER_TYPE, self._choose(type_text, vocab.MEMBER_TYPES))
                return
            if migrant is not None and migrant != (value == "migrant"):
                r.error(
                    MIGRANT,
                    _("%(value)s does not agree with the member type %(type)s.")
                    % {"value": migrant_text, "type": type_text},
                )
            data["member_type"] = value
        elif migrant is True:
            data["member_type"] = "migrant"
        elif migrant is False:
            # 否 says "not a migrant worker"; what else the member is stays as it is.
            data["not_migrant"] = True

    def _year(self, r: RowResult, text: str) -> int | None:
        parsed = self._dates.get(text)
        if parsed is None and text not in self._dates:
            try:
                parsed = parse_date(text)
            except _DateError:
                parsed = None
            self._dates[text] = parsed
        year = parsed[0].year if parsed else None
        if year is None or year < 1940 or year > self.today.year:
            r.error(WORK_YEAR, _("%(value)s is not a year like 2005.") % {"value": text})
            return None
        return year

    # -- where the member belongs ------------------------------------------------------
    def _load_tree(self, org) -> None:
        with unscoped():
            rows = Organisation._base_manager.filter(path__startswith=org.path).values_list(
                "pk", "code", "name", "kind", "parent_id", "path", "is_active"
            )
            self._nodes = {row[0]: _Node(*row) for row in rows}
            self._above = {
                o.pk: _Node(o.pk, o.code, o.name, o.kind, o.parent_id, o.path, o.is_active)
                for o in org.ancestors()
            }
        self._by_label: dict[str, list[_Node]] = {}
        for node in self._nodes.values():
            self._by_label.setdefault(node.code.upper(), []).append(node)
            if node.name.upper() != node.code.upper():
                self._by_label.setdefault(node.name.upper(), []).append(node)
        self._org_node = self._nodes[org.pk]
        self._unions: dict[int, int | None] = {}

    def _node(self, pk: int) -> _Node:
        return self._nodes.get(pk) or self._above[pk]

    def union_of(self, pk: int) -> int | None:
        """The union a member in organisation `pk` belongs to (services.union_of)."""
        try:
            return self._unions[pk]
        except KeyError:
            pass
        node: _Node | None = self._node(pk)
        union = None
        while node is not None:
            if node.kind in _UNION_KINDS:
                union = node.pk
                break
            node = self._nodes.get(node.parent_id) or self._above.get(node.parent_id)
        self._unions[pk] = union
        return union

    def _union(self, text: str) -> tuple[_Node | None, str]:
        """The organisation a 所属工会 cell names, or the reason it names none."""
        if text in self._union_cache:
            return self._union_cache[text]
        found = [n for n in self._by_label.get(text.upper(), []) if n.kind != OrgKind.GROUP]
        found = found or self._by_label.get(text.upper(), [])
        if not found:
            result = (
                None,
                _("No union named or coded %(value)s in %(org)s.")
                % {"value": text, "org": self._org_node.name},
            )
        elif len(found) > 1:
            result = (
                None,
                _("More than one organisation is called %(value)s; write its code instead.")
                % {"value": text},
            )
        else:
            result = (found[0], "")
        self._union_cache[text] = result
        return result

    def _place(self, r: RowResult, org, union_text: str, group_text: str):
        """(organisation pk, new group) of the row; errors on the row when it has none."""
        found = self._places.get((union_text, group_text))
        if found is None:
            found = self._places[(union_text, group_text)] = self._find_place(
                union_text, group_text
            )
        org_id, new_group, problems = found
        for column, message in problems:
            r.error(column, message)
        if new_group is not None:
            self._new_groups.setdefault(new_group, []).append(r.row)
        return org_id, new_group

    def _find_place(self, union_text: str, group_text: str):
        """(organisation pk, new group, problems) for a 所属工会 and a 工会小组."""
        if union_text:
            target, message = self._union(union_text)
            if target is None:
                return None, None, ((UNION, message),)
        else:
            target = self._org_node
        if target.kind == OrgKind.UPPER:
            if union_text:
                message = _("%(name)s is an upper union; members belong to a grassroots union.")
                return None, None, ((UNION, message % {"name": target.name}),)
            return None, None, ((UNION, _("Fill in the union the member belongs to.")),)
        if not target.is_active:
            message = _("%(name)s is no longer active.") % {"name": target.name}
            return None, None, ((UNION, message),)
        if not group_text:
            return target.pk, None, ()
        group, message = self._group(target, group_text)
        if message:
            return None, None, ((GROUP, message),)
        if group is None:
            return None, (target.pk, group_text), ()
        return group.pk, None, ()

    def _group(self, target: _Node, text: str) -> tuple[_Node | None, str]:
        label = text.upper()
        if target.kind == OrgKind.GROUP:
            if label in (target.code.upper(), target.name.upper()):
                return target, ""
            return None, _("%(group)s is not %(org)s.") % {"group": text, "org": target.name}
        found = [
            n
            for n in self._by_label.get(label, [])
            if n.kind == OrgKind.GROUP and n.path.startswith(target.path)
        ]
        if len(found) > 1:
            return None, _(
                "More than one union group under %(org)s is called %(value)s; write its code instead."
            ) % {"org": target.name, "value": text}
        if found:
            if not found[0].is_active:
                return None, _("%(name)s is no longer active.") % {"name": found[0].name}
            return found[0], ""
        return None, ""  # to be created

    # -- people already in the system --------------------------------------------------
    @staticmethod
    def _existing(keys) -> dict[tuple[str, str], SimpleNamespace]:
        """The platform-wide records of these people, wherever they are: what
        services.existing_person looks up, for many at once. Only the fields a row can
        change are read; apply() loads the few records it updates in full."""
        by_type: dict[str, list[str]] = {}
        for id_type, number in keys:
            by_type.setdefault(id_type, []).append(number)
        found: dict[tuple[str, str], SimpleNamespace] = {}
        # PostgreSQL takes many numbers at once as one JSON text (quicker to send than an
        # array, whose every element the driver quotes); SQLite a few hundred values.
        many = connection.vendor == "postgresql"
        size = 20_000 if many else 900
        with unscoped():
            for id_type, numbers in by_type.items():
                for i in range(0, len(numbers), size):
                    chunk = numbers[i : i + size]
                    numbers_in = (
                        RawSQL("SELECT jsonb_array_elements_text(%s::jsonb)", [json.dumps(chunk)])
                        if many
                        else chunk
                    )
                    for values in Member._base_manager.filter(
                        id_type=id_type, id_number__in=numbers_in
                    ).values(*PERSON_FIELDS):
                        found[(values["id_type"], values["id_number"])] = SimpleNamespace(**values)
        return found

    def _compare(self, r: RowResult, plan: _Plan, person: Member) -> None:
        """Update or unchanged, for a person on the roll inside the organisation."""
        data = plan.data
        if data.pop("not_migrant", False) and person.member_type == "migrant":
            data["member_type"] = "regular"
        old_union = self.union_of(person.org_id)
        # No group named: a member already somewhere below the union stays there.
        if (
            plan.new_group is None
            and not r.value(GROUP)
            and self._node(person.org_id).path.startswith(self._node(plan.org_id).path)
        ):
            plan.org_id = person.org_id
        new_union = self.union_of(plan.org_id if plan.org_id else plan.new_group[0])
        if new_union != old_union:
            r.error(
                UNION,
                _("This person is a member of %(union)s; move them with a transfer.")
                % {"union": self._node(old_union).name if old_union else ""},
            )
            return
        changes: dict[str, list[str]] = {}
        for field, value in data.items():
            before = getattr(person, field)
            if before != value:
                changes[FIELD_COLUMNS[field]] = [_show(field, before), _show(field, value)]
        if plan.new_group is not None or plan.org_id != person.org_id:
            after = plan.new_group[1] if plan.new_group else self._node(plan.org_id).name
            changes[GROUP] = [self._node(person.org_id).name, after]
            plan.moved_from = person.org_id
        if changes:
            r.changes = changes
            r.action = UPDATE
        else:
            r.action = UNCHANGED

    # -- commit ----------------------------------------------------------------------
    def apply(self, preview: Preview, org) -> None:
        writes = self._writes if self._writes is not None else _Writes(self)
        creates, updates = [], []
        for r in preview.rows:
            plan = self._plans.get(r.row)
            if plan is None or r.action not in (CREATE, UPDATE):
                continue
            if plan.existing is not None:
                updates.append(plan)
            elif not plan.written:  # not yet written while checking (validate)
                creates.append(plan)
        total = writes.count + len(creates) + len(updates)
        self.progress(WRITING, writes.count, total)
        writes.write(creates)
        writes.wait()
        self.progress(WRITING, writes.count, total)
        groups = self._create_groups(self._wanted_groups())
        for plan in updates:
            if plan.new_group is not None:
                plan.org_id = groups[plan.new_group]
        self._update(updates, writes.events, writes.decided_by)
        write_log(writes.members, writes.events)
        self.progress(WRITING, total, total)

    def _new_member(self, plan: _Plan) -> dict[str, Any]:
        data = plan.data
        data.pop("not_migrant", None)
        joined = data.get("joined_on")
        data["org_id"] = plan.org_id
        data["name_pinyin"], data["name_initials"] = plan.name_keys
        data["status"] = Status.ACTIVE.value
        data["status_since"] = joined or self.today
        data["joined_on"] = joined
        return data

    def _create_groups(self, wanted: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
        """(parent pk, name) → pk of union groups the file names that did not exist, made
        now if not made before, as Organisation.save() makes them (path, audit entry);
        codes follow the demo's S0001-G01 pattern."""
        made = self._made_groups
        wanted = [key for key in wanted if key not in made]
        if not wanted:
            return made
        with unscoped():
            parents = Organisation._base_manager.in_bulk({p for p, _n in wanted})
            prefixes = Q()
            for parent in parents.values():
                prefixes |= Q(code__startswith=f"{parent.code}-G") | Q(
                    code__startswith=f"G{parent.pk}-"
                )
            taken = set(Organisation._base_manager.filter(prefixes).values_list("code", flat=True))
            groups = []
            for (parent_pk, name), pk in zip(
                wanted, reserve_ids(Organisation, len(wanted)), strict=True
            ):
                parent = parents[parent_pk]
                n = 1
                while True:
                    code = f"{parent.code}-G{n:02d}"
                    if len(code) > 32:
                        code = f"G{parent.pk}-{n}"
                    if code not in taken:
                        break
                    n += 1
                taken.add(code)
                # What Organisation.save() would store: the path is built from the key.
                path = f"{parent.path}{pk}/"
                group = Organisation(
                    pk=pk,
                    code=code,
                    name=name,
                    kind=OrgKind.GROUP,
                    parent=parent,
                    unit_type=parent.unit_type,
                    path=path,
                    depth=path.count("/") - 2,
                )
                groups.append(group)
                made[(parent_pk, name)] = pk
                self._nodes[pk] = _Node(pk, code, name, OrgKind.GROUP, parent_pk, path, True)
            audited_bulk_create(Organisation, groups)
        return made

    def _update(self, plans: list[_Plan], events: BulkCreator, decided_by: int | None) -> None:
        """Rejoins, changed fields and moves to another group of the same union."""
        if not plans:
            return
        reason_rejoin = _("Joined again")
        objs, fields, new_events = [], set(), []
        with unscoped():
            people = Member._base_manager.in_bulk([p.existing.pk for p in plans])
            # The audit entry names each member's organisation: fetch them once.
            orgs = Organisation._base_manager.in_bulk({p.org_id for p in plans})
        for plan in plans:
            person = people[plan.existing.pk]
            person.org = orgs[plan.org_id]
            plan.data.pop("not_migrant", None)
            for field, value in plan.data.items():
                if getattr(person, field) != value:
                    setattr(person, field, value)
                    fields.add(field)
            if person.org_id != plan.existing.org_id:
                fields.add("org_id")
            union = self.union_of(person.org_id)
            if plan.rejoin:
                person.status = Status.ACTIVE
                person.status_since = self.today
                person.joined_on = plan.data.get("joined_on") or self.today
                fields |= {"status", "status_since", "joined_on", "org_id"}
                new_events.append(
                    {
                        "member_id": person.pk,
                        "org_id": union,
                        "kind": EventKind.JOINED,
                        "date": person.joined_on,
                        "reason": reason_rejoin,
                        "decided_by_id": decided_by,
                        "_name": person.name,
                    }
                )
            elif plan.moved_from is not None:
                new_events.append(
                    {
                        "member_id": person.pk,
                        "org_id": union,
                        "kind": EventKind.GROUP_CHANGED,
                        "date": self.today,
                        "from_org_id": plan.moved_from,
                        "to_org_id": person.org_id,
                        "decided_by_id": decided_by,
                        "_name": person.name,
                    }
                )
            if "name" in plan.data:
                person.prepare_for_save()
                fields |= {"name_pinyin", "name_initials"}
            objs.append(person)
        update_audited(Member, objs, fields)
        events.create(new_events)


class _Writes:
    """The people a commit creates, with their membership events, written a chunk at a
    time through a bulk.Pipeline (in a thread on PostgreSQL); write_log() logs them in
    the end. The members of one group, and the events of one union, get consecutive
    keys in each chunk: the log has one entry for each (BulkCreator)."""

    def __init__(self, importer: MemberImporter):
        self.importer = importer
        actor = current_actor()
        self.decided_by = actor.user.pk if getattr(actor.user, "pk", None) else None
        filename = importer.filename
        self.reason = _("Imported from %(file)s") % {"file": filename} if filename else ""
        context = {"file": filename, "sha256": importer.file_sha256, "batch": importer.batch_id}
        self.members = BulkCreator(Member, describe=_describe_member, context=context)
        self.events = BulkCreator(MembershipEvent, describe=_describe_event, context=context)
        self.pipeline = Pipeline()
        self.count = 0

    def write(self, plans: list[_Plan]) -> None:
        """Start writing the new people of `plans` (the database must be free: wait())."""
        if not plans:
            return
        importer = self.importer
        union_of = importer.union_of
        groups = importer._create_groups(
            list(dict.fromkeys(p.new_group for p in plans if p.new_group is not None))
        )
        for plan in plans:
            if plan.new_group is not None:
                plan.org_id = groups[plan.new_group]
            plan.written = True
        plans = sorted(plans, key=lambda plan: (union_of(plan.org_id) or 0, plan.org_id))
        records = [importer._new_member(plan) for plan in plans]
        ids = reserve_ids(Member, len(records))
        imported, joined = EventKind.IMPORTED.value, EventKind.JOINED.value
        today, reason, decided_by = importer.today, self.reason, self.decided_by
        events = [
            {
                "member_id": pk,
                "org_id": union_of(record["org_id"]),
                "kind": joined if record["joined_on"] else imported,
                "date": record["joined_on"] or today,
                "reason": reason,
                "decided_by_id": decided_by,
                "_name": record["name"],
            }
            for pk, record in zip(ids, records, strict=True)
        ]
        event_ids = reserve_ids(MembershipEvent, len(events))
        self.pipeline.start((self.members, records, ids), (self.events, events, event_ids))
        self.count += len(records)

    def wait(self) -> None:
        self.pipeline.wait()

    def abandon(self) -> None:
        self.pipeline.abandon()


def _weighted(digits: str, start: int) -> int:
    """Σ digit × GB 11643 weight for the digits from position `start` of an ID number."""
    weights = idcard.WEIGHTS[start : start + len(digits)]
    # From the character codes: '0' is 48.
    return sum(map(mul, digits.encode(), weights)) - 48 * sum(weights)


def _wage(text: str) -> Decimal | None:
    """A monthly wage as rosters write it (8,600 / 8600元 / ¥8600.5), or None."""
    cleaned = text.replace(",", "").replace("，", "").removesuffix("元")
    cleaned = cleaned.removeprefix("¥").removeprefix("￥")
    try:
        value = Decimal(cleaned).quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > _MAX_WAGE:
        return None
    return value


def _same_date(parsed: tuple[dt.date, str], exact: dt.date) -> bool:
    day, precision = parsed
    if precision == DAY:
        return day == exact
    if precision == MONTH:
        return (day.year, day.month) == (exact.year, exact.month)
    return day.year == exact.year


def _describe_member(m: dict) -> str:
    return m["name"]  # str(Member)


def _describe_event(e: dict) -> str:
    # str(MembershipEvent): "name · kind · date"
    return f"{e['_name']} · {_event_label(e['kind'])} · {e['date']}"


@functools.cache
def _event_label_in(kind: str, language: str) -> str:
    return str(EventKind(kind).label)


def _event_label(kind: str) -> str:
    return _event_label_in(kind, get_language())


_LABELS = {
    "sex": dict(vocab.SEXES),
    "id_type": dict(vocab.ID_TYPES),
    "hukou_type": dict(vocab.HUKOU_TYPES),
    "member_type": dict(vocab.MEMBER_TYPES),
}


def _show(field: str, value) -> str:
    """A value as the preview shows it: labels for choices, ISO dates."""
    if value is None:
        return ""
    if field in _LABELS:
        return _LABELS[field].get(value, value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
