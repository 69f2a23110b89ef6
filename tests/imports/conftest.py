"""Spreadsheets built in the tests, the way union offices make them."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

HEADER = ["编码", "名称", "类型", "上级编码", "单位名称", "单位类型"]


def xlsx_bytes(
    rows: list[list], *, title_rows: list[list] | None = None, sheet="工会组织"
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in title_rows or []:
        ws.append(r)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def xlsx():
    return xlsx_bytes


@pytest.fixture
def write_xlsx(tmp_path):
    def write(rows, name="orgs.xlsx", **kwargs):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows, **kwargs))
        return path

    return write


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Uploaded files go to a throw-away folder, not var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


# -- member rosters ---------------------------------------------------------------------

MEMBER_HEADER = ["姓名", "性别", "身份证号", "出生日期", "手机号码", "所属工会", "工会小组"]


def ident(birth: str = "19900101", seq: int = 1, *, male: bool = True, region="120101") -> str:
    """A valid resident ID number (GB 11643 check digit) for a birth date and sequence,
    in a region neither the demo nor gen_roster.py uses."""
    from gonghui.members.idcard import check_char

    body = f"{region}{birth}{seq % 100:02d}{(1 if male else 2) + 2 * (seq // 100 % 4)}"
    return body + check_char(body)


def person(
    name="张伟", *, birth="19900101", seq=1, male=True, union="S0001", group="", mobile=None
) -> list:
    """A row under MEMBER_HEADER."""
    day = f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"
    phone = mobile if mobile is not None else f"139{seq:08d}"
    return [name, "男" if male else "女", ident(birth, seq, male=male), day, phone, union, group]


@pytest.fixture
def import_members(org):
    """Preview or commit a roster in an organisation, as the given user (default: CLI)."""
    from gonghui.audit.context import acting
    from gonghui.core.scoping import scope
    from gonghui.members.importing import MemberImporter

    def run(data: bytes, code="D0001", *, commit=False, name="roster.xlsx"):
        target = org(code)
        importer = MemberImporter()
        with acting(source="cli"), scope(target):
            if commit:
                return importer.commit_file(data, name, target)
            return importer.preview_file(data, name, target)[1]

    return run
