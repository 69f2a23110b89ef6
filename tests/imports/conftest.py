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
