"""The API of the member pages added after the roster: correction requests, member
logins (invitation codes and the public activation), the certificate and lapse."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client

from gonghui.accounts.models import RoleAssignment, User
from gonghui.core.scoping import unscoped
from gonghui.members import idcard
from gonghui.members.models import ChangeRequest, Invitation, LapseTalk, Member, Status
from gonghui.members.rules import LAPSE
from gonghui.members.selectors import months_before
from gonghui.members.services_invitations import code_hash, normalise_code
from gonghui.members.views_public import MAX_ATTEMPTS
from gonghui.orgs.models import Organisation

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"
API = "/api/v1/orgs"
ACTIVATE = "/api/v1/activate/"
PASSWORD = "Zhiwei-2026!"


def path_of(code: str) -> str:
    with unscoped():
        return Organisation.objects.get(code=code).path


def members_of(code: str, **filters):
    with unscoped():
        return Member.objects.filter(org__path__startswith=path_of(code), **filters)


def unlinked(code: str = "S0001", n: int = 1, **filters) -> list[Member]:
    """Active members of `code` without a login and with a mobile number."""
    with unscoped():
        return list(
            members_of(code, status=Status.ACTIVE, user__isnull=True, **filters)
            .exclude(mobile="")
            .select_related("org")
            .order_by("pk")[:n]
        )


def reload(member: Member) -> Member:
    with unscoped():
        return Member.objects.select_related("org", "user").get(pk=member.pk)


def own_record() -> Member:
    with unscoped():
        return Member.objects.select_related("org").get(user__username="member")


def change_request(member: Member, field: str = "name", new_value: str = "郑梓涵") -> ChangeRequest:
    with unscoped():
        return ChangeRequest.objects.create(
            member=member,
            org=member.org,
            field=field,
            old_value=getattr(member, field),
            new_value=new_value,
            reason="户口本为准",
        )


# -- correction requests ----------------------------------------------------


class TestSelfChangeRequest:
    URL = f"{API}/S0001-G01/members/me/requests/"

    def test_a_member_asks_for_a_correction(self, client_for):
        since = last_entry_id()
        r = client_for("member").post(
            self.URL,
            {"field": "name", "new_value": " 郑梓涵 ", "reason": "户口本为准"},
            content_type=JSON,
            REMOTE_ADDR="10.1.2.3",
        )
        assert r.status_code == 201, r.content
        body = r.json()
        own = own_record()
        with unscoped():
            item = ChangeRequest.objects.get(member=own)
        assert body["id"] == item.pk
        assert (item.field, item.old_value, item.new_value, item.reason, item.state) == (
            "name",
            "郑子涵",
            "郑梓涵",
            "户口本为准",
            "pending",
        )
        assert item.org == own.org
        assert own.name == "郑子涵"  # nothing changes before the committee decides
        [entry] = new_entries("members.changerequest.created", since)
        assert entry.object_id == str(item.pk)
        assert (entry.source, entry.actor.username, entry.ip) == ("api", "member", "10.1.2.3")
        # The member sees it among their pending corrections.
        me = client_for("member").get(f"{API}/S0001-G01/members/me/").json()
        assert [c["new_value"] for c in me["pending_changes"]] == ["郑梓涵"]

    def test_an_id_number_correction_is_checked_by_the_service(self, client_for):
        c = client_for("member")
        r = c.post(
            self.URL, {"field": "id_number", "new_value": "110105194912310021"}, content_type=JSON
        )
        assert r.status_code == 400
        assert r.json()["detail"]
        r = c.post(self.URL, {"field": "name", "new_value": "郑子涵"}, content_type=JSON)
        assert r.status_code == 400
        assert r.json()["detail"]
        r = c.post(self.URL, {"field": "department", "new_value": "校长室"}, content_type=JSON)
        assert r.status_code == 400
        assert "field" in r.json()
        with unscoped():
            assert not ChangeRequest.objects.exists()

    def test_an_account_without_a_member_record_gets_404(self, client_for):
        r = client_for("school_chair").post(
            f"{API}/S0001/members/me/requests/",
            {"field": "name", "new_value": "李红"},
            content_type=JSON,
        )
        assert r.status_code == 404
        with unscoped():
            assert not ChangeRequest.objects.exists()

    def test_access(self, client_for):
        c = client_for("member")
        body = {"field": "name", "new_value": "郑梓涵"}
        assert c.post(f"{API}/S0001-G02/members/me/requests/", body).status_code == 404
        assert c.post(f"{API}/S0001/members/me/requests/", body).status_code == 404
        assert c.get(self.URL).status_code == 405
        assert c.delete(self.URL).status_code == 405
        with unscoped():
            assert not ChangeRequest.objects.exists()


class TestChangeRequests:
    LIST = f"{API}/S0001/members/requests/"

    def url(self, item: ChangeRequest | int, decision: str, code: str = "S0001") -> str:
        pk = item if isinstance(item, int) else item.pk
        return f"{API}/{code}/members/requests/{pk}/{decision}/"

    def test_the_committee_lists_the_pending_requests_in_full(self, client_for):
        own = own_record()
        item = change_request(own)
        decided = change_request(own, new_value="郑紫涵")
        with unscoped():
            decided.state = "rejected"
            decided.save()
        foreign = change_request(unlinked("F0001")[0])
        r = client_for("school_cadre").get(self.LIST)
        assert r.status_code == 200
        body = r.json()
        assert body["count"] == 1
        [row] = body["results"]
        assert (row["id"], row["member"], row["member_name"], row["org"]) == (
            item.pk,
            own.pk,
            "郑子涵",
            "S0001-G01",
        )
        assert (row["field"], row["old_value"], row["new_value"], row["state"]) == (
            "name",
            "郑子涵",
            "郑梓涵",
            "pending",
        )
        assert foreign.pk not in {x["id"] for x in body["results"]}

    def test_approving_corrects_the_member(self, client_for):
        own = own_record()
        item = change_request(own)
        since = last_entry_id()
        r = client_for("school_chair").post(self.url(item, "approve"), REMOTE_ADDR="10.4.5.6")
        assert r.status_code == 200, r.content
        assert (r.json()["state"], r.json()["decided_by"]) == ("approved", "school_chair")
        assert reload(own).name == "郑梓涵"
        with unscoped():
            item.refresh_from_db()
        assert (item.state, item.decided_by.username) == ("approved", "school_chair")
        [updated] = new_entries("members.member.updated", since)
        assert updated.object_id == str(own.pk)
        assert "name" in updated.changes
        [decided] = new_entries("members.changerequest.updated", since)
        assert decided.object_id == str(item.pk)
        for entry in (updated, decided):
            assert (entry.source, entry.actor.username, entry.ip) == (
                "api",
                "school_chair",
                "10.4.5.6",
            )
        # Decided once only.
        again = client_for("school_chair").post(self.url(item, "reject"))
        assert again.status_code == 400
        assert again.json()["detail"]
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "approved"

    def test_an_approved_id_number_derives_birth_date_and_sex_again(self, client_for):
        own = own_record()
        item = change_request(own, field="id_number", new_value="11010519491231002X")
        r = client_for("school_cadre").post(self.url(item, "approve"))
        assert r.status_code == 200, r.content
        own = reload(own)
        assert own.id_number == "11010519491231002X"
        assert (own.birth_date, own.sex) == (dt.date(1949, 12, 31), "female")

    def test_rejecting_leaves_the_member_as_is(self, client_for):
        own = own_record()
        item = change_request(own)
        since = last_entry_id()
        r = client_for("school_cadre").post(self.url(item, "reject"))
        assert r.status_code == 200, r.content
        assert r.json()["state"] == "rejected"
        assert reload(own).name == "郑子涵"
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "rejected"
        assert new_entries("members.member.updated", since) == []
        [entry] = new_entries("members.changerequest.updated", since)
        assert (entry.source, entry.actor.username) == ("api", "school_cadre")

    def test_another_organisation_gets_404(self, client_for):
        item = change_request(own_record())
        c = client_for("factory_chair")
        since = last_entry_id()
        assert c.get(f"{API}/S0001/members/requests/").status_code == 404
        assert c.post(self.url(item, "approve")).status_code == 404
        # Its own code, another organisation's request.
        assert c.post(self.url(item, "approve", "F0001")).status_code == 404
        assert c.post(self.url(item, "reject", "F0001")).status_code == 404
        assert c.get(f"{API}/F0001/members/requests/").json()["count"] == 0
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "pending"
        assert reload(own_record()).name == "郑子涵"
        assert new_entries("members.changerequest.updated", since) == []

    def test_roles_without_roster_write_get_403(self, client_for):
        item = change_request(own_record())
        for username in ("group_leader", "member"):
            c = client_for(username)
            assert c.get(f"{API}/S0001-G01/members/requests/").status_code == 403
            assert c.post(self.url(item, "approve", "S0001-G01")).status_code == 403
        assert client_for("district").get(f"{API}/D0001/members/requests/").status_code == 403
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "pending"

    def test_wrong_methods_get_405(self, client_for):
        item = change_request(own_record())
        c = client_for("school_chair")
        assert c.post(self.LIST, {}, content_type=JSON).status_code == 405
        assert c.get(self.url(item, "approve")).status_code == 405
        assert c.delete(self.url(item, "reject")).status_code == 405
        assert c.post(self.url(item, "maybe")).status_code == 404
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "pending"


# -- member logins ----------------------------------------------------------


def print_codes(client, members: list[Member], code: str = "S0001") -> list[dict]:
    r = client.post(
        f"{API}/{code}/members/invitations/",
        {"members": [m.pk for m in members]},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    return r.json()


class TestInvitations:
    URL = f"{API}/S0001/members/invitations/"

    def test_the_list_shows_members_without_a_login_masked(self, client_for):
        without = members_of("S0001", user__isnull=True, status__in=["active", "retained"])
        r = client_for("school_cadre").get(self.URL)
        assert r.status_code == 200
        body = r.json()
        assert body["count"] == without.count() > 0
        assert body["pending"] == 0
        assert len(body["members"]) == min(500, body["count"])
        with unscoped():
            stored = {m.pk: m for m in without}
        for row in body["members"][:50]:
            m = stored[row["id"]]
            assert (row["name"], row["group"]) == (m.name, m.org.code)
            assert row["mobile"] == idcard.mask_phone(m.mobile)
            assert not m.mobile or m.mobile not in r.content.decode()
        assert own_record().pk not in {row["id"] for row in body["members"]}
        in_g02 = client_for("school_cadre").get(self.URL, {"group": "S0001-G02"}).json()
        assert in_g02["count"] == without.filter(org__code="S0001-G02").count()
        assert {row["group"] for row in in_g02["members"]} == {"S0001-G02"}

    def test_printing_codes_for_chosen_members(self, client_for):
        chosen = unlinked(n=2)
        since = last_entry_id()
        c = client_for("school_chair")
        sheet = print_codes(c, chosen)
        assert {(row["member_id"], row["name"]) for row in sheet} == {
            (m.pk, m.name) for m in chosen
        }
        for row in sheet:
            code = normalise_code(row["code"])
            assert len(code) == 10
            assert row["activate_url"] == f"http://testserver/activate/?code={code}"
        with unscoped():
            invitations = {i.member_id: i for i in Invitation.objects.filter(member__in=chosen)}
        assert set(invitations) == {m.pk for m in chosen}
        for row in sheet:
            inv = invitations[row["member_id"]]
            # Only a keyed hash is stored: the code exists in the response alone.
            assert inv.code_hash == code_hash(row["code"])
            assert normalise_code(row["code"]) not in inv.code_hash
            assert inv.code_hash != row["code"]
            assert (inv.created_by.username, inv.used_at, inv.revoked) == (
                "school_chair",
                None,
                False,
            )
        [printed] = new_entries("members.invitations.printed", since)
        assert printed.changes == {"count": [None, 2]}
        assert (printed.source, printed.actor.username, printed.org.code) == (
            "api",
            "school_chair",
            "S0001",
        )
        created = new_entries("members.invitation.created", since)
        assert len(created) == 2
        for entry in created:
            text = repr(entry.changes) + entry.object_repr + entry.note
            assert not any(normalise_code(row["code"]) in text for row in sheet)
        assert c.get(self.URL).json()["pending"] == 2

    def test_printing_again_cancels_the_earlier_code(self, client_for):
        [m] = unlinked()
        c = client_for("school_chair")
        [first] = print_codes(c, [m])
        [second] = print_codes(c, [m])
        assert first["code"] != second["code"]
        with unscoped():
            states = dict(Invitation.objects.filter(member=m).values_list("code_hash", "revoked"))
        assert states == {code_hash(first["code"]): True, code_hash(second["code"]): False}

    def test_a_group_gets_codes_for_all_its_members_without_a_login(self, client_for):
        expected = members_of(
            "S0001-G02", org__code="S0001-G02", user__isnull=True, status__in=["active", "retained"]
        )
        r = client_for("school_cadre").post(self.URL, {"group": "S0001-G02"}, content_type=JSON)
        assert r.status_code == 201, r.content
        assert {row["member_id"] for row in r.json()} == set(expected.values_list("pk", flat=True))

    def test_members_with_a_login_are_left_out(self, client_for):
        [m] = unlinked("S0001-G01")
        sheet = print_codes(client_for("school_chair"), [own_record(), m])
        assert [row["member_id"] for row in sheet] == [m.pk]
        with unscoped():
            assert not Invitation.objects.filter(member=own_record()).exists()

    def test_another_organisations_member_or_group_is_refused(self, client_for):
        [mine] = unlinked()
        [other] = unlinked("F0001")
        since = last_entry_id()
        c = client_for("school_chair")
        r = c.post(self.URL, {"members": [mine.pk, other.pk]}, content_type=JSON)
        assert r.status_code == 400
        assert str(other.pk) in r.json()["members"][0]
        r = c.post(self.URL, {"group": "F0001-G01"}, content_type=JSON)
        assert r.status_code == 400
        assert "group" in r.json()
        with unscoped():
            assert not Invitation.objects.exists()
        assert new_entries("members.invitations.printed", since) == []

    def test_another_organisation_gets_404(self, client_for):
        [m] = unlinked()
        c = client_for("factory_chair")
        assert c.get(self.URL).status_code == 404
        r = c.post(self.URL, {"members": [m.pk]}, content_type=JSON)
        assert r.status_code == 404
        with unscoped():
            assert not Invitation.objects.exists()

    def test_roles_without_the_account_right_get_403(self, client_for):
        [m] = unlinked("S0001-G01")
        for username in ("group_leader", "member"):
            c = client_for(username)
            assert c.get(f"{API}/S0001-G01/members/invitations/").status_code == 403
            r = c.post(f"{API}/S0001-G01/members/invitations/", {"members": [m.pk]})
            assert r.status_code == 403
        assert client_for("district").get(f"{API}/D0001/members/invitations/").status_code == 403
        with unscoped():
            assert not Invitation.objects.exists()

    def test_wrong_methods_get_405(self, client_for):
        c = client_for("school_chair")
        assert c.put(self.URL, {}, content_type=JSON).status_code == 405
        assert c.delete(self.URL).status_code == 405


class TestActivate:
    @pytest.fixture(autouse=True)
    def _fresh_throttle(self):
        for ip in ("127.0.0.1", "10.7.7.7", "10.8.8.8"):
            cache.delete(f"activate:{ip}")

    def test_a_member_activates_their_login_once(self, client_for):
        [m] = unlinked("S0001-G02")
        [row] = print_codes(client_for("school_chair"), [m])
        since = last_entry_id()
        anonymous = Client()
        r = anonymous.post(
            ACTIVATE,
            {"mobile": m.mobile, "code": row["code"].lower(), "password": PASSWORD},
            content_type=JSON,
        )
        assert r.status_code == 201, r.content
        assert r.json() == {"username": m.mobile}
        m = reload(m)
        assert m.user is not None and m.user.username == m.mobile
        assert m.user.check_password(PASSWORD)
        with unscoped():
            assert RoleAssignment.objects.filter(user=m.user, org=m.org, role="member").exists()
            assert Invitation.objects.get(member=m).used_at is not None
        [entry] = new_entries("members.invitation.accepted", since)
        # invitation_accept() writes it (as for the page) before the login existed.
        assert (entry.object_id, entry.ip) == (str(m.pk), "127.0.0.1")
        # Not logged in: the caller gets a token or uses the login page.
        assert "sessionid" not in r.cookies
        assert anonymous.get("/api/v1/me/").status_code in (401, 403)
        # The new login sees its own record.
        logged_in = Client()
        logged_in.force_login(m.user)
        assert logged_in.get(f"{API}/{m.org.code}/members/me/").json()["id"] == m.pk
        # The code works once.
        again = Client().post(
            ACTIVATE,
            {"mobile": m.mobile, "code": row["code"], "password": "Another-2026!"},
            content_type=JSON,
        )
        assert again.status_code == 400
        assert again.json()["detail"]
        with unscoped():
            assert User.objects.filter(mobile=m.mobile).count() == 1
        assert reload(m).user.check_password(PASSWORD)

    def test_a_wrong_mobile_creates_nothing(self, client_for):
        [m] = unlinked("S0001-G02")
        [row] = print_codes(client_for("school_chair"), [m])
        with unscoped():
            users = User.objects.count()
        since = last_entry_id()
        r = Client().post(
            ACTIVATE,
            {"mobile": "13000000000", "code": row["code"], "password": PASSWORD},
            content_type=JSON,
        )
        assert r.status_code == 400
        assert r.json()["detail"]
        assert reload(m).user is None
        with unscoped():
            assert User.objects.count() == users
            assert not User.objects.filter(username="13000000000").exists()
            assert Invitation.objects.get(member=m).used_at is None
        assert new_entries("members.invitation.accepted", since) == []

    def test_a_weak_password_or_missing_fields_are_refused(self, client_for):
        [m] = unlinked("S0001-G02")
        [row] = print_codes(client_for("school_chair"), [m])
        r = Client().post(
            ACTIVATE,
            {"mobile": m.mobile, "code": row["code"], "password": "12345678"},
            content_type=JSON,
        )
        assert r.status_code == 400
        assert r.json()["detail"]
        r = Client().post(ACTIVATE, {"mobile": m.mobile}, content_type=JSON)
        assert r.status_code == 400
        assert {"code", "password"} <= set(r.json())
        assert reload(m).user is None

    def test_the_throttle_refuses_after_max_attempts_from_one_address(self, client_for):
        [m] = unlinked("S0001-G02")
        [row] = print_codes(client_for("school_chair"), [m])
        wrong = {"mobile": m.mobile, "code": "AAAAA-AAAAA", "password": PASSWORD}
        for _ in range(MAX_ATTEMPTS):
            r = Client().post(ACTIVATE, wrong, content_type=JSON, REMOTE_ADDR="10.7.7.7")
            assert r.status_code == 400
        right = {"mobile": m.mobile, "code": row["code"], "password": PASSWORD}
        r = Client().post(ACTIVATE, right, content_type=JSON, REMOTE_ADDR="10.7.7.7")
        assert r.status_code == 429
        assert r.json()["detail"]
        assert reload(m).user is None
        # Another address is not affected.
        r = Client().post(ACTIVATE, right, content_type=JSON, REMOTE_ADDR="10.8.8.8")
        assert r.status_code == 201, r.content

    def test_the_page_and_the_api_share_the_count(self, client_for):
        [m] = unlinked("S0001-G02")
        [row] = print_codes(client_for("school_chair"), [m])
        wrong = {"mobile": m.mobile, "code": "AAAAA-AAAAA", "password": PASSWORD}
        for _ in range(MAX_ATTEMPTS - 1):
            r = Client().post(ACTIVATE, wrong, content_type=JSON, REMOTE_ADDR="10.7.7.7")
            assert r.status_code == 400
        page = Client().post(
            "/activate/",
            {
                "mobile": m.mobile,
                "code": "AAAAA-AAAAA",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            REMOTE_ADDR="10.7.7.7",
        )
        assert page.status_code == 200
        right = {"mobile": m.mobile, "code": row["code"], "password": PASSWORD}
        r = Client().post(ACTIVATE, right, content_type=JSON, REMOTE_ADDR="10.7.7.7")
        assert r.status_code == 429
        assert reload(m).user is None

    def test_invalid_bodies_do_not_count(self):
        for _ in range(MAX_ATTEMPTS + 2):
            r = Client().post(ACTIVATE, {"mobile": "13000000000"}, REMOTE_ADDR="10.7.7.7")
            assert r.status_code == 400
        assert cache.get("activate:10.7.7.7") is None

    def test_only_post(self):
        assert Client().get(ACTIVATE).status_code == 405
        assert Client().put(ACTIVATE, {}, content_type=JSON).status_code == 405


# -- certificate ------------------------------------------------------------


class TestCertificate:
    def url(self, member: Member, code: str = "S0001") -> str:
        return f"{API}/{code}/members/{member.pk}/certificate.pdf"

    def test_it_is_the_pdf_of_the_page_and_it_is_logged(self, client_for):
        [m] = unlinked()
        since = last_entry_id()
        c = client_for("school_chair")
        r = c.get(self.url(m), REMOTE_ADDR="10.3.3.3")
        assert r.status_code == 200
        assert r["Content-Type"] == "application/pdf"
        assert r.content.startswith(b"%PDF")
        assert r["Content-Disposition"] == (
            f"inline; filename*=utf-8''{quote(f'会员证-{m.name}.pdf')}"
        )
        [entry] = new_entries("members.member.certificate_printed", since)
        assert entry.object_id == str(m.pk)
        assert (entry.source, entry.actor.username, entry.ip) == ("api", "school_chair", "10.3.3.3")
        page = c.get(f"/o/S0001/members/{m.pk}/certificate.pdf")
        assert page.status_code == 200
        assert page.content == r.content
        assert len(new_entries("members.member.certificate_printed", since)) == 2

    def test_the_client_may_ask_for_the_pdf_type_and_errors_stay_json(self, client_for):
        [m] = unlinked("S0001-G01")
        r = client_for("district").get(
            self.url(m, "D0001"), HTTP_ACCEPT="application/pdf"
        )  # upper union staff may export
        assert r.status_code == 200
        assert r.content.startswith(b"%PDF")
        r = client_for("group_leader").get(self.url(m, "S0001-G01"), HTTP_ACCEPT="application/pdf")
        assert r.status_code == 403
        assert r["Content-Type"].startswith("application/json")
        assert "detail" in r.json()

    def test_another_organisation_gets_404(self, client_for):
        [mine] = unlinked()
        [other] = unlinked("F0001")
        since = last_entry_id()
        c = client_for("school_chair")
        assert c.get(self.url(mine, "F0001")).status_code == 404
        assert c.get(self.url(other, "S0001")).status_code == 404
        assert new_entries("members.member.certificate_printed", since) == []

    def test_roles_without_the_export_right_get_403(self, client_for):
        [m] = unlinked("S0001-G01")
        since = last_entry_id()
        for username in ("group_leader", "member"):
            assert client_for(username).get(self.url(m, "S0001-G01")).status_code == 403
        assert client_for("factory_finance").get(self.url(m, "F0001")).status_code == 403
        assert new_entries("members.member.certificate_printed", since) == []

    def test_wrong_methods_get_405(self, client_for):
        [m] = unlinked()
        c = client_for("school_chair")
        assert c.post(self.url(m)).status_code == 405
        assert c.delete(self.url(m)).status_code == 405


# -- lapse ------------------------------------------------------------------


def behind(code: str = "F0001"):
    cutoff = months_before(dt.date.today().replace(day=1), LAPSE.unpaid_months)
    return members_of(code, status=Status.ACTIVE, dues_paid_until__lt=cutoff)


class TestLapse:
    URL = f"{API}/F0001/members/lapse/"

    def test_the_candidates_with_each_condition_and_the_rule(self, client_for):
        expected = behind()
        assert expected.exists()
        r = client_for("factory_chair").get(self.URL)
        assert r.status_code == 200
        body = r.json()
        assert body["rule"] == {"unpaid_months": LAPSE.unpaid_months, "source": LAPSE.source}
        assert "章程" in body["rule"]["source"]
        rows = {row["member"]: row for row in body["candidates"]}
        assert set(rows) == set(expected.values_list("pk", flat=True))
        with unscoped():
            for m in expected.select_related("org"):
                row = rows[m.pk]
                assert (row["name"], row["org"], row["org_name"]) == (
                    m.name,
                    m.org.code,
                    m.org.name,
                )
                assert row["unpaid_since"] == m.dues_paid_until.isoformat()
                assert row["talk"] is None
                assert row["meets_all"] is False
                assert "took_part" in row

    def test_a_talk_is_recorded_and_the_member_stays_active(self, client_for):
        with unscoped():
            m = behind().order_by("pk").last()
        since = last_entry_id()
        c = client_for("factory_chair")
        r = c.post(
            self.URL,
            {"member": m.pk, "date": "2026-11-20", "outcome": "refused", "note": "拒不缴纳"},
            content_type=JSON,
            REMOTE_ADDR="10.5.5.5",
        )
        assert r.status_code == 201, r.content
        body = r.json()
        with unscoped():
            talk = LapseTalk.objects.get(member=m)
        assert body["id"] == talk.pk
        assert (talk.date, talk.outcome, talk.note, talk.org_id, talk.recorded_by.username) == (
            dt.date(2026, 11, 20),
            "refused",
            "拒不缴纳",
            m.org_id,
            "factory_chair",
        )
        assert reload(m).status == Status.ACTIVE  # flagged, not lapsed
        [entry] = new_entries("members.lapsetalk.created", since)
        assert entry.object_id == str(talk.pk)
        assert (entry.source, entry.actor.username, entry.ip) == (
            "api",
            "factory_chair",
            "10.5.5.5",
        )
        # The list shows it as the latest talk.
        row = {x["member"]: x for x in c.get(self.URL).json()["candidates"]}[m.pk]
        assert row["talk"]["id"] == talk.pk
        assert (row["talk"]["outcome"], row["talk"]["date"]) == ("refused", "2026-11-20")
        assert row["meets_all"] is (row["took_part"] is False)

    def test_a_bad_outcome_is_refused(self, client_for):
        with unscoped():
            m = behind().first()
        r = client_for("factory_chair").post(
            self.URL, {"member": m.pk, "date": "2026-11-20", "outcome": "maybe"}, content_type=JSON
        )
        assert r.status_code == 400
        assert "outcome" in r.json()
        with unscoped():
            assert not LapseTalk.objects.exists()

    def test_another_organisation_gets_404(self, client_for):
        with unscoped():
            theirs = behind().first()
        c = client_for("school_chair")
        body = {"member": theirs.pk, "date": "2026-11-20", "outcome": "refused"}
        assert c.get(self.URL).status_code == 404
        assert c.post(self.URL, body, content_type=JSON).status_code == 404
        # Its own code, another organisation's member.
        r = c.post(f"{API}/S0001/members/lapse/", body, content_type=JSON)
        assert r.status_code == 404
        assert theirs.pk not in {
            x["member"] for x in c.get(f"{API}/S0001/members/lapse/").json()["candidates"]
        }
        with unscoped():
            assert not LapseTalk.objects.exists()

    def test_roles_without_the_lifecycle_right_get_403(self, client_for):
        [m] = unlinked("S0001-G01")
        body = {"member": m.pk, "date": "2026-11-20", "outcome": "refused"}
        for username in ("group_leader", "member"):
            c = client_for(username)
            assert c.get(f"{API}/S0001-G01/members/lapse/").status_code == 403
            assert c.post(f"{API}/S0001-G01/members/lapse/", body).status_code == 403
        assert client_for("factory_finance").get(self.URL).status_code == 403
        with unscoped():
            assert not LapseTalk.objects.exists()

    def test_wrong_methods_get_405(self, client_for):
        c = client_for("factory_chair")
        assert c.put(self.URL, {}, content_type=JSON).status_code == 405
        assert c.delete(self.URL).status_code == 405
