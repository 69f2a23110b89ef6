from __future__ import annotations

import pytest

from gonghui.audit.display import action_label
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _rename(code, name, client):
    client.post(f"/o/{code}/orgs/settings/", {"name": name, "unit_type": "other"})


def test_it_lists_the_orgs_entries_and_filters_them(client_for):
    c = client_for("school_chair")
    _rename("S0001", "实验中学工会（改）", c)
    body = c.get("/o/S0001/audit/?action=organisation.updated").content.decode()
    assert "实验中学工会（改）" in body
    assert action_label("orgs.committeeseat.created") not in body


def test_it_does_not_show_other_orgs_entries(client_for):
    _rename("F0001", "工厂改名记录", client_for("factory_chair"))
    body = client_for("school_chair").get("/o/S0001/audit/?record=工厂").content.decode()
    assert "工厂改名记录" not in body
    # ...while the district above both sees it.
    assert (
        "工厂改名记录"
        in client_for("district").get("/o/D0001/audit/?record=工厂改名").content.decode()
    )


def test_an_entry_of_another_org_is_404(client_for):
    from gonghui.audit.models import AuditEntry

    with unscoped():
        entry = AuditEntry.objects.filter(org__code="F0001").first()
    assert client_for("school_chair").get(f"/o/S0001/audit/{entry.pk}/").status_code == 404
    assert client_for("factory_chair").get(f"/o/F0001/audit/{entry.pk}/").status_code == 200


def test_a_role_without_the_permission_gets_403(client_for):
    assert client_for("school_cadre").get("/o/S0001/audit/").status_code == 403


def test_another_org_gets_404(client_for):
    assert client_for("school_chair").get("/o/H0001/audit/").status_code == 404


def test_wrong_method_gets_405(client_for):
    assert client_for("school_chair").post("/o/S0001/audit/").status_code == 405


def test_htmx_gets_the_partial(client_for):
    r = client_for("school_chair").get("/o/S0001/audit/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "<html" not in r.content.decode()


def test_the_ip_is_recorded(client_for):
    c = client_for("school_chair")
    c.post(
        "/o/S0001/orgs/settings/",
        {"name": "带地址的改名", "unit_type": "school"},
        REMOTE_ADDR="192.0.2.7",
    )
    from gonghui.audit.models import AuditEntry

    with unscoped():
        org = Organisation.objects.get(code="S0001")
        entry = AuditEntry.objects.filter(
            object_id=str(org.pk), action="orgs.organisation.updated"
        ).latest("at")
    assert entry.ip == "192.0.2.7"


# -- Issue #11, finding 2: pages, the dashboard and histories read the log as the API ------


def _latest(action_prefix: str, under: str):
    from gonghui.audit.models import AuditEntry

    with unscoped():
        root = Organisation.objects.get(code=under)
        return (
            AuditEntry.objects.filter(
                action__startswith=action_prefix, org__path__startswith=root.path
            )
            .order_by("-pk")
            .first()
        )


def test_the_log_page_shows_the_upper_union_no_aid_application(client_for):
    entry = _latest("aid.application.created", "D0001")
    child = entry.changes["child_name"][1]
    c = client_for("district")
    body = c.get("/o/D0001/audit/?action=aid.application.created").content.decode()
    assert action_label("aid.application.created") not in body.split('id="audit-results"')[1]
    assert child not in c.get("/o/D0001/audit/?action=aid.").content.decode()
    assert c.get(f"/o/D0001/audit/{entry.pk}/").status_code == 404


def test_the_log_page_shows_the_funds_auditor_no_hardship_file(client_for):
    entry = _latest("welfare.hardshipfile.", "F0001")
    c = client_for("factory_auditor")
    body = c.get("/o/F0001/audit/?action=welfare.").content.decode()
    # Pages name actions in words (the codes never reach a page).
    assert action_label("welfare.hardshipfile.updated") not in body
    assert action_label("welfare.hardshipfile.created") not in body
    assert action_label("welfare.visit.created") in body
    assert c.get(f"/o/F0001/audit/{entry.pk}/").status_code == 404
    # The chair, who reads the files, sees the entry.
    assert client_for("factory_chair").get(f"/o/F0001/audit/{entry.pk}/").status_code == 200


@pytest.fixture
def fresh_hardship_change(org, user):
    """The newest entry of the log: a change to a hardship file of the factory."""
    from gonghui.audit.context import acting
    from gonghui.welfare.models import HardshipFile

    file = HardshipFile.objects.filter(org__path__startswith=org("F0001").path).first()
    with acting(user("factory_chair"), source="web"):
        file.situation = "丈夫患尿毒症，每周透析三次"
        file.save()
    return file


def _recent_card(client, code: str) -> str:
    body = client.get(f"/o/{code}/").content.decode()
    return body.split('id="card-recent"', 1)[1] if 'id="card-recent"' in body else ""


def test_the_dashboards_recent_changes_follow_the_same_rule(client_for, fresh_hardship_change):
    chair = _recent_card(client_for("factory_chair"), "F0001")
    assert action_label("welfare.hardshipfile.updated") in chair
    assert "丈夫患尿毒症" not in chair  # masked even for the chair in lists
    for persona, code in (("factory_auditor", "F0001"), ("district", "D0001")):
        card = _recent_card(client_for(persona), code)
        assert card, persona  # they read the log, so the card is there...
        assert action_label("welfare.hardshipfile.updated") not in card, (
            persona
        )  # ...without the file


def test_a_records_history_shows_only_entries_the_viewer_may_read(org, user, fresh_hardship_change):
    from gonghui.accounts.access import resolve_access
    from gonghui.audit.templatetags.audit import audit_history
    from gonghui.core.scoping import scope

    factory = org("F0001")
    with scope(factory):
        chair = audit_history(
            {"access": resolve_access(user("factory_chair"), "F0001")}, fresh_hardship_change
        )
        auditor = audit_history(
            {"access": resolve_access(user("factory_auditor"), "F0001")}, fresh_hardship_change
        )
        assert "welfare.hardshipfile.updated" in [e.action for e in chair["entries"]]
        # The funds auditor reads the log but not hardship files: an empty history.
        assert auditor["show"] and list(auditor["entries"]) == []


@pytest.mark.parametrize(
    "persona,code",
    [("district", "D0001"), ("factory_auditor", "F0001"), ("factory_chair", "F0001")],
)
def test_the_page_and_the_api_list_the_same_entries(client_for, persona, code):
    import re

    c = client_for(persona)
    for action in ("", "welfare.", "aid."):
        page = c.get(f"/o/{code}/audit/", {"action": action}).content.decode()
        shown = [int(i) for i in re.findall(rf'href="/o/{code}/audit/(\d+)/"', page)]
        api = c.get(f"/api/v1/orgs/{code}/audit/", {"action": action}).json()
        assert shown == [e["id"] for e in api["results"]], (persona, action)
