from __future__ import annotations

import pytest

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
    assert "orgs.committeeseat.created" not in body


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
