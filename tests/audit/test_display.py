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
    assert html.render(Context({"e": e, "access": SENSITIVE, "reveal": True})) == (
        "illness、disability"
    )
    assert html.render(Context({"e": e, "access": SENSITIVE})) == "******"


def test_proof_and_scan_file_names_are_not_stored(platform, user):
    from gonghui.aid.models import Application, ClaimBill
    from gonghui.audit.context import acting

    application = Application.objects.first()
    bill = ClaimBill.objects.first()
    assert application is not None and bill is not None
    with acting(user("factory_chair")):
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
