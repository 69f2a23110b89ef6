"""How an entry's changes are shown: masked as the record pages mask, always as text (#11)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template

from gonghui.accounts.access import Access
from gonghui.audit.display import change_rows
from gonghui.audit.models import AuditEntry
from gonghui.members.models import Member
from gonghui.welfare.models import CaseDocument, HardshipFile, HouseholdMember

pytestmark = pytest.mark.django_db

READER = Access(user=None, org=None, permissions=frozenset({"audit.log:read"}))
SENSITIVE = Access(
    user=None, org=None, permissions=frozenset({"audit.log:read", "members.sensitive:read"})
)


def entry_of(model, changes: dict) -> AuditEntry:
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return AuditEntry(action=f"{ct.app_label}.{ct.model}.updated", content_type=ct, changes=changes)


def values(entry, access=READER, reveal=False) -> list[tuple[object, object]]:
    return [(b, a) for _, b, a in change_rows(entry, access, reveal=reveal)]


def test_id_numbers_and_phones_are_masked_as_on_the_record_pages():
    e = entry_of(
        Member,
        {"id_number": [None, "110101199003071234"], "mobile": ["13800000001", "13912345678"]},
    )
    assert values(e) == [(None, "110101********1234"), ("138****0001", "139****5678")]


def test_amounts_names_lists_and_free_text_are_hidden_whole_as_text():
    e = entry_of(
        HardshipFile,
        {
            "causes": [["illness"], ["illness", "disability"]],
            "yearly_income": ["12000.00", "15000.00"],
            "accident": [False, True],
            "situation": ["", "丈夫患尿毒症"],
            "state": ["applied", "checking"],
        },
    )
    assert values(e) == [
        ("******", "******"),  # never "['i****ss']"
        ("******", "******"),  # no digit of an income left
        ("******", "******"),
        ("", "******"),
        ("applied", "checking"),  # not sensitive
    ]
    household = entry_of(HouseholdMember, {"name": [None, "张小明"]})
    assert values(household) == [(None, "******")]


def test_sensitive_values_show_only_when_revealed_by_someone_with_the_right():
    e = entry_of(HardshipFile, {"yearly_income": ["12000.00", "15000.00"]})
    assert values(e, SENSITIVE) == [("******", "******")]  # lists and histories
    assert values(e, READER, reveal=True) == [("******", "******")]
    assert values(e, SENSITIVE, reveal=True) == [("12000.00", "15000.00")]


def test_secret_fields_show_as_changed_even_from_entries_written_before():
    # An entry of a document written when its file name was still logged.
    e = entry_of(CaseDocument, {"name": [None, "张小明_低保证明.pdf"]})
    assert values(e, SENSITIVE, reveal=True) == [(None, "******")]


def test_pages_render_values_as_text():
    e = entry_of(HardshipFile, {"causes": [None, ["illness", "disability"]]})
    html = Template(
        "{% load audit %}{% change_rows e as rows %}{% for l, b, a in rows %}{{ a }}{% endfor %}"
    )
    # Revealed, the causes read by their names, never as a list or by their codes.
    assert html.render(Context({"e": e, "access": SENSITIVE, "reveal": True})) == "大病、残疾"
    assert html.render(Context({"e": e, "access": SENSITIVE})) == "******"


def test_proof_and_scan_file_names_are_not_stored(union, group, staff, platform):
    from gonghui.audit.context import acting
    from tests.audit.conftest import aid_records
    from tests.factories import MemberFactory

    chair = staff("chair", union)
    application, bill = aid_records(union, MemberFactory(org=group), chair)
    with acting(chair):
        application.proof_name = "张小明_录取通知书.pdf"
        application.save()
        bill.file_name = "李四_住院发票.jpg"
        bill.save()
    for obj, field in ((application, "proof_name"), (bill, "file_name")):
        entry = AuditEntry.objects.filter(
            action=obj.audit_action("updated"), object_id=str(obj.pk)
        ).latest("pk")
        # The log says the file name changed, and nothing of it.
        assert entry.changes[field] == ["******", "******"]
        assert "张小明" not in str(entry.changes) and "李四" not in str(entry.changes)


def test_actions_and_actors_are_named_in_words_never_by_code():
    # #13 §4: the change history, the dashboard and the log showed `welfare.case.viewed`
    # and the actor `cli`.
    from gonghui.audit.display import action_label, actor_label
    from gonghui.audit.models import AuditEntry

    label = action_label("members.member.updated")
    assert label.startswith("修改") and "会员" in label and "." not in label
    assert "." not in action_label("welfare.hardshipfile.some_new_verb")
    assert actor_label(AuditEntry(source="cli")) == "命令行"


def labelled(entry) -> list[tuple[str, object, object]]:
    return change_rows(entry, READER, labelled=True, names={})


def test_every_field_is_labelled_in_words():
    # Fields without a verbose_name showed as "opened at", "paper yes", "code hash".
    from gonghui.members.models import Invitation
    from gonghui.voting.models import Ballot, BallotItem

    rows = labelled(entry_of(Ballot, {"opened_at": [None, "2026-12-06T10:00:00+00:00"]}))
    rows += labelled(entry_of(BallotItem, {"paper_yes": [0, 3]}))
    rows += labelled(entry_of(Invitation, {"code_hash": [None, "******"]}))
    assert [label for label, _b, _a in rows] == ["开始投票时间", "纸质票赞成数", "邀请码摘要"]


def test_moments_yes_no_and_lists_read_as_text_in_local_time():
    from gonghui.voting.models import Ballot
    from gonghui.welfare.models import Visit

    rows = labelled(
        entry_of(
            Ballot,
            {
                "opened_at": [None, "2026-12-06T10:00:00+00:00"],  # 18:00 in Beijing
                "secret": [False, True],
                "state": ["draft", "open"],
            },
        )
    )
    assert rows == [
        ("开始投票时间", None, "2026年12月6日 18:00"),
        ("无记名投票", "否", "是"),
        ("状态", "草稿", "投票中"),
    ]
    (row,) = labelled(entry_of(Visit, {"date": ["2026-03-01", "2026-03-02"]}))
    assert row[1:] == ("2026年3月1日", "2026年3月2日")


def test_codes_kept_in_lists_and_structures_are_named(platform):
    from gonghui.aid.models import Scheme
    from gonghui.openness.models import Notice
    from gonghui.voting.models import Ballot
    from tests.factories import UnionFactory

    rows = labelled(
        entry_of(
            Scheme,
            {
                "categories": [["inpatient"], ["inpatient", "chronic"]],
                "brackets": [
                    None,
                    [{"upto": "10000.00", "rate": "0.6"}, {"upto": None, "rate": "0.7"}],
                ],
            },
        )
    )
    assert rows[0][1:] == ("住院", "住院、门诊特殊病种（大病、慢病）")
    assert rows[1][2] == "10000.00元以内：60%；以上：70%"
    notice = entry_of(Notice, {"item_code": [None, "awards"]})
    notice.org = UnionFactory(unit_type="school")  # a school's items (评优评先)
    assert labelled(notice)[0][2] == "评优评先"
    made_for = entry_of(Ballot, {"source_kind": [None, "demo"], "source_id": [None, "open"]})
    assert [row[2] for row in labelled(made_for)] == ["示范数据", "—"]


def test_what_a_fund_entry_was_paid_for_is_named(union, platform):
    from gonghui.funds.models import FundEntry
    from tests.audit.conftest import welfare_batch

    batch = welfare_batch(union, title="2026年春节慰问")
    paid = entry_of(
        FundEntry, {"source": [None, "welfare.batch"], "source_id": [None, f"{batch.pk}:216"]}
    )
    assert [row[1:] for row in labelled(paid)] == [(None, "批量慰问"), (None, "2026年春节慰问")]
    demo = entry_of(FundEntry, {"source": [None, "funds.demo"], "source_id": [None, "#F1-2026"]})
    assert [row[2] for row in labelled(demo)] == ["示范数据", "—"]


def test_no_value_on_a_page_is_a_python_repr():
    from gonghui.plans.models import Task

    (row,) = labelled(entry_of(Task, {"months": [None, [3, None, 9]]}))
    assert row[2] == "3、—、9"


def recorded_actions():
    """Every action code the code base records by name, with the keys of its changes."""
    import ast
    from pathlib import Path

    import gonghui

    for path in Path(gonghui.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            func = getattr(node, "func", None)
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            if not isinstance(node, ast.Call) or name != "record" or not node.args:
                continue
            code = node.args[0]
            if isinstance(code, ast.JoinedStr):  # f"welfare.case.{action}": the fixed part
                code = "".join(v.value if isinstance(v, ast.Constant) else "*" for v in code.values)
            elif isinstance(code, ast.Constant) and isinstance(code.value, str):
                code = code.value
            else:
                continue
            keys = [
                k.value
                for kw in node.keywords
                if kw.arg == "changes" and isinstance(kw.value, ast.Dict)
                for k in kw.value.keys
                if isinstance(k, ast.Constant)
            ]
            yield path.name, code, keys


def test_every_recorded_action_and_change_is_named_in_words():
    # Found by the page scan: 操作 alone for a hardship file's steps (welfare.case.approve
    # names no model), English labels for counts and formats (rows, format, total).
    from django.apps import apps

    from gonghui.audit.display import KINDS, VERBS, _label, action_label
    from gonghui.welfare.services import TRANSITIONS
    from tests.core.test_no_codes_on_pages import findings

    found = list(recorded_actions())
    assert len(found) > 20
    for where, code, keys in found:
        codes = [code.replace("*", verb) for verb in TRANSITIONS] if "*" in code else [code]
        if code.startswith("aid.*"):
            codes = ["aid.education_report.exported", "aid.medical_report.exported"]
        for one in codes:
            label = action_label(one)
            assert not findings(label) and "：" in label, (where, one, label)
            assert one.split(".")[-1] in VERBS, (where, one)
        app, kind = code.split(".")[:2]
        try:
            model = apps.get_model(KINDS.get(f"{app}.{kind}", f"{app}.{kind}"))
        except (LookupError, ValueError):
            model = None
        for key in keys:
            assert not findings(_label(model, key)[0]), (where, code, key)
