"""`manage.py gen_roster`: the roster generator ships with the project (#13 §8).

It writes files only and reads no database. "D0001" below is the generator's default
parent code (--parent-code) written into its organisations file, not a record read here.
"""

from __future__ import annotations

from django.core.management import call_command
from python_calamine import CalamineWorkbook

from gonghui.members import idcard


def _rows(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_it_writes_valid_rows_and_the_same_file_twice(tmp_path):
    a, b, orgs = tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "orgs.xlsx"
    call_command("gen_roster", str(a), "--rows", "200", "--orgs", "3", "--orgs-out", str(orgs))
    call_command("gen_roster", str(b), "--rows", "200", "--orgs", "3")
    rows = _rows(a)
    assert rows == _rows(b)
    header, body = rows[0], rows[1:]
    assert len(body) == 200
    col = {name: i for i, name in enumerate(header)}
    numbers = [r[col["身份证号"]] for r in body]
    assert len(set(numbers)) == 200
    for r in body:
        info = idcard.parse(r[col["身份证号"]])
        assert info.birth_date.isoformat() == r[col["出生日期"]]
        assert ("男" if info.sex == "male" else "女") == r[col["性别"]]
    assert {r[col["所属工会"]] for r in body} <= {
        "第0001基层工会",
        "第0002基层工会",
        "第0003基层工会",
    }
    unions = _rows(orgs)
    assert unions[1][0] == "D0001" and [u[0] for u in unions[2:]] == ["G0001", "G0002", "G0003"]
