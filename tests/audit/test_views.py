from __future__ import annotations

import pytest

from gonghui.audit.display import action_label
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _rename(code, name, client):
    client.post(f"/o/{code}/orgs/settings/", {"name": name, "unit_type": "other"})


def test_it_lists_the_orgs_entries_and_filters_them(district, login):
    from tests.orgs.factories import make_term

    school = district.school
    make_term(school, district.school_union_chair, seats=[("李红梅", "chair", "")])
    c = login(district.school_union_chair)
    assert (
        action_label("orgs.committeeseat.created")
        in c.get(f"/o/{school.code}/audit/").content.decode()
    )
    _rename(school.code, "实验中学工会（改）", c)
    body = c.get(f"/o/{school.code}/audit/?action=organisation.updated").content.decode()
    assert "实验中学工会（改）" in body
    assert action_label("orgs.committeeseat.created") not in body


def test_it_does_not_show_other_orgs_entries(district, login):
    _rename(district.factory.code, "工厂改名记录", login(district.factory_union_chair))
    body = login(district.school_union_chair).get(f"/o/{district.school.code}/audit/?record=工厂")
    assert "工厂改名记录" not in body.content.decode()
    # ...while the district above both sees it.
    assert (
        "工厂改名记录"
        in login(district.upper).get(f"/o/{district.code}/audit/?record=工厂改名").content.decode()
    )


def test_an_entry_of_another_org_is_404(district, login):
    from gonghui.audit.models import AuditEntry

    with unscoped():
        entry = AuditEntry.objects.filter(org=district.factory).first()
    assert entry is not None
    school, factory = district.school.code, district.factory.code
    assert (
        login(district.school_union_chair).get(f"/o/{school}/audit/{entry.pk}/").status_code == 404
    )
    assert (
        login(district.factory_union_chair).get(f"/o/{factory}/audit/{entry.pk}/").status_code
        == 200
    )


def test_a_role_without_the_permission_gets_403(district, login):
    school = district.school.code
    assert login(district.school_union_cadre).get(f"/o/{school}/audit/").status_code == 403


def test_another_org_gets_404(district, login):
    factory = district.factory.code
    assert login(district.school_union_chair).get(f"/o/{factory}/audit/").status_code == 404


def test_wrong_method_gets_405(district, login):
    school = district.school.code
    assert login(district.school_union_chair).post(f"/o/{school}/audit/").status_code == 405


def test_htmx_gets_the_partial(district, login):
    school = district.school.code
    r = login(district.school_union_chair).get(f"/o/{school}/audit/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "<html" not in r.content.decode()


def test_the_ip_is_recorded(district, login):
    c = login(district.school_union_chair)
    c.post(
        f"/o/{district.school.code}/orgs/settings/",
        {"name": "带地址的改名", "unit_type": "school"},
        REMOTE_ADDR="192.0.2.7",
    )
    from gonghui.audit.models import AuditEntry

    with unscoped():
        org = Organisation.objects.get(pk=district.school.pk)
        entry = AuditEntry.objects.filter(
            object_id=str(org.pk), action="orgs.organisation.updated"
        ).latest("at")
    assert entry.ip == "192.0.2.7"


# -- Issue #11, finding 2: pages, the dashboard and histories read the log as the API ------


def _latest(action_prefix: str, root):
    from gonghui.audit.models import AuditEntry

    with unscoped():
        return (
            AuditEntry.objects.filter(
                action__startswith=action_prefix, org__path__startswith=root.path
            )
            .order_by("-pk")
            .first()
        )


def test_the_log_page_shows_the_upper_union_no_aid_application(district, login):
    entry = _latest("aid.application.created", district)
    child = entry.changes["child_name"][1]
    c = login(district.upper)
    d = district.code
    body = c.get(f"/o/{d}/audit/?action=aid.application.created").content.decode()
    assert action_label("aid.application.created") not in body.split('id="audit-results"')[1]
    assert child not in c.get(f"/o/{d}/audit/?action=aid.").content.decode()
    assert c.get(f"/o/{d}/audit/{entry.pk}/").status_code == 404
    # The factory's chair, who runs the aid, does see it.
    factory = district.factory.code
    assert (
        login(district.factory_union_chair).get(f"/o/{factory}/audit/{entry.pk}/").status_code
        == 200
    )


def test_the_log_page_shows_the_funds_auditor_no_hardship_file(district, login):
    entry = _latest("welfare.hardshipfile.", district.factory)
    c = login(district.factory_union_auditor)
    factory = district.factory.code
    body = c.get(f"/o/{factory}/audit/?action=welfare.").content.decode()
    # Pages name actions in words (the codes never reach a page).
    assert action_label("welfare.hardshipfile.updated") not in body
    assert action_label("welfare.hardshipfile.created") not in body
    assert action_label("welfare.visit.created") in body
    assert c.get(f"/o/{factory}/audit/{entry.pk}/").status_code == 404
    # The chair, who reads the files, sees the entry.
    assert (
        login(district.factory_union_chair).get(f"/o/{factory}/audit/{entry.pk}/").status_code
        == 200
    )


@pytest.fixture
def fresh_hardship_change(district, platform):
    """The newest entry of the log: a change to a hardship file of the factory."""
    from gonghui.audit.context import acting
    from gonghui.welfare.models import HardshipFile

    file = HardshipFile.objects.filter(org__path__startswith=district.factory.path).first()
    with acting(district.factory_union_chair, source="web"):
        file.situation = "丈夫患尿毒症，每周透析三次"
        file.save()
    return file


def _recent_card(client, code: str) -> str:
    body = client.get(f"/o/{code}/").content.decode()
    return body.split('id="card-recent"', 1)[1] if 'id="card-recent"' in body else ""


def test_the_dashboards_recent_changes_follow_the_same_rule(district, login, fresh_hardship_change):
    chair = _recent_card(login(district.factory_union_chair), district.factory.code)
    assert action_label("welfare.hardshipfile.updated") in chair
    assert "丈夫患尿毒症" not in chair  # masked even for the chair in lists
    for persona, at in (("factory_union_auditor", "factory"), ("upper", None)):
        code = getattr(district, at).code if at else district.code
        card = _recent_card(login(getattr(district, persona)), code)
        assert card, persona  # they read the log, so the card is there...
        assert action_label("welfare.hardshipfile.updated") not in card, (
            persona
        )  # ...without the file


def test_a_records_history_shows_only_entries_the_viewer_may_read(district, fresh_hardship_change):
    from gonghui.accounts.access import resolve_access
    from gonghui.audit.templatetags.audit import audit_history
    from gonghui.core.scoping import scope

    factory = district.factory
    with scope(factory):
        chair = audit_history(
            {"access": resolve_access(district.factory_union_chair, factory.code)},
            fresh_hardship_change,
        )
        auditor = audit_history(
            {"access": resolve_access(district.factory_union_auditor, factory.code)},
            fresh_hardship_change,
        )
        assert "welfare.hardshipfile.updated" in [e.action for e in chair["entries"]]
        # The funds auditor reads the log but not hardship files: an empty history.
        assert auditor["show"] and list(auditor["entries"]) == []


@pytest.mark.parametrize(
    "persona,at",
    [("upper", None), ("factory_union_auditor", "factory"), ("factory_union_chair", "factory")],
)
def test_the_page_and_the_api_list_the_same_entries(district, login, persona, at):
    import re

    code = getattr(district, at).code if at else district.code
    c = login(getattr(district, persona))
    for action in ("", "welfare.", "aid."):
        page = c.get(f"/o/{code}/audit/", {"action": action}).content.decode()
        shown = [int(i) for i in re.findall(rf'href="/o/{code}/audit/(\d+)/"', page)]
        assert shown or action, persona  # the unfiltered log is not empty
        api = c.get(f"/api/v1/orgs/{code}/audit/", {"action": action}).json()
        assert shown == [e["id"] for e in api["results"]], (persona, action)
