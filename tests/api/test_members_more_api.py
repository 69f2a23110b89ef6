"""The API of the member pages added after the roster: correction requests, member
logins (invitation codes and the public activation), the certificate and lapse.

The roll is built here: the `school` union of tests/api/conftest.py with members in its
groups (and the member with a login, 郑子涵, in G01), and the factory (its other union) with
members two of whom are behind with their dues."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client

from gonghui.accounts.models import RoleAssignment, User
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from gonghui.members import idcard
from gonghui.members.models import ChangeRequest, Invitation, LapseTalk, Member, Status
from gonghui.members.rules import LAPSE
from gonghui.members.selectors import months_before
from gonghui.members.services_invitations import code_hash, normalise_code
from gonghui.members.views_public import MAX_ATTEMPTS
from gonghui.orgs.models import Organisation
from tests.factories import GroupFactory, UserFactory

from .conftest import enrol, last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"
API = "/api/v1/orgs"
ACTIVATE = "/api/v1/activate/"
PASSWORD = "Zhiwei-2026!"
# The school (with its groups and district) of the `school` fixture and the factory (its
# other union) with a group.
S, G1, G2, D, F, FG = "AS01", "AS01-G01", "AS01-G02", "AD01", "AF01", "AF01-G01"
OWN_NAME = "郑子涵"  # the name on the record of the member with a login


@pytest.fixture(autouse=True)
def roll(school):
    """Two members without a login in each school group, the record of the member with a
    login named 郑子涵, and four factory members, two of them with dues unpaid since 2025."""
    with unscoped(), acting(source="system"):
        record = school.member_record
        record.name = OWN_NAME
        record.save()
    names = iter("张伟 王芳 李强 刘敏 陈杰 杨静".split())
    for group in school.groups:
        enrol(group, school.cadre, next(names))
        enrol(group, school.cadre, next(names), female=True)
    factory_group = GroupFactory(parent=school.other, code=FG, name="一车间工会小组")
    paid = [
        ("周勇", dt.date(2026, 11, 30)),
        ("吴霞", dt.date(2025, 3, 31)),
        ("郑军", dt.date(2026, 10, 31)),
        ("冯燕", dt.date(2025, 1, 31)),
    ]
    for i, (name, until) in enumerate(paid):
        enrol(factory_group, school.other_chair, name, female=i % 2 == 1, dues_paid_until=until)
    return SimpleNamespace(
        chair=school.chair,
        cadre=school.cadre,
        leader=school.leader,
        member=school.member,
        district=school.district_staff,
        factory=school.other_chair,
        finance=UserFactory(roles=[("finance", school.other)]),
    )


@pytest.fixture
def api(roll, login):
    """api("chair") -> a client signed in as that login of `roll`."""
    return lambda who: login(getattr(roll, who))


def path_of(code: str) -> str:
    with unscoped():
        return Organisation.objects.get(code=code).path


def members_of(code: str, **filters):
    with unscoped():
        return Member.objects.filter(org__path__startswith=path_of(code), **filters)


def unlinked(code: str = S, n: int = 1, **filters) -> list[Member]:
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
        return Member.objects.select_related("org").get(name=OWN_NAME, user__isnull=False)


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
    URL = f"{API}/{G1}/members/me/requests/"

    def test_a_member_asks_for_a_correction(self, api, roll):
        since = last_entry_id()
        r = api("member").post(
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
            OWN_NAME,
            "郑梓涵",
            "户口本为准",
            "pending",
        )
        assert item.org == own.org
        assert own.name == OWN_NAME  # nothing changes before the committee decides
        [entry] = new_entries("members.changerequest.created", since)
        assert entry.object_id == str(item.pk)
        assert (entry.source, entry.actor.username, entry.ip) == (
            "api",
            roll.member.username,
            "10.1.2.3",
        )
        # The member sees it among their pending corrections.
        me = api("member").get(f"{API}/{G1}/members/me/").json()
        assert [c["new_value"] for c in me["pending_changes"]] == ["郑梓涵"]

    def test_an_id_number_correction_is_checked_by_the_service(self, api):
        c = api("member")
        r = c.post(
            self.URL, {"field": "id_number", "new_value": "110105194912310021"}, content_type=JSON
        )
        assert r.status_code == 400
        assert r.json()["detail"]
        r = c.post(self.URL, {"field": "name", "new_value": OWN_NAME}, content_type=JSON)
        assert r.status_code == 400
        assert r.json()["detail"]
        r = c.post(self.URL, {"field": "department", "new_value": "校长室"}, content_type=JSON)
        assert r.status_code == 400
        assert "field" in r.json()
        with unscoped():
            assert not ChangeRequest.objects.exists()

    def test_an_account_without_a_member_record_gets_404(self, api):
        r = api("chair").post(
            f"{API}/{S}/members/me/requests/",
            {"field": "name", "new_value": "李红"},
            content_type=JSON,
        )
        assert r.status_code == 404
        with unscoped():
            assert not ChangeRequest.objects.exists()

    def test_access(self, api):
        c = api("member")
        body = {"field": "name", "new_value": "郑梓涵"}
        assert c.post(f"{API}/{G2}/members/me/requests/", body).status_code == 404
        assert c.post(f"{API}/{S}/members/me/requests/", body).status_code == 404
        assert c.get(self.URL).status_code == 405
        assert c.delete(self.URL).status_code == 405
        with unscoped():
            assert not ChangeRequest.objects.exists()


class TestChangeRequests:
    LIST = f"{API}/{S}/members/requests/"

    def url(self, item: ChangeRequest | int, decision: str, code: str = S) -> str:
        pk = item if isinstance(item, int) else item.pk
        return f"{API}/{code}/members/requests/{pk}/{decision}/"

    def test_the_committee_lists_the_pending_requests_in_full(self, api):
        own = own_record()
        item = change_request(own)
        decided = change_request(own, new_value="郑紫涵")
        with unscoped():
            decided.state = "rejected"
            decided.save()
        foreign = change_request(unlinked(F)[0])
        r = api("cadre").get(self.LIST)
        assert r.status_code == 200
        body = r.json()
        assert body["count"] == 1
        [row] = body["results"]
        assert (row["id"], row["member"], row["member_name"], row["org"]) == (
            item.pk,
            own.pk,
            OWN_NAME,
            G1,
        )
        assert (row["field"], row["old_value"], row["new_value"], row["state"]) == (
            "name",
            OWN_NAME,
            "郑梓涵",
            "pending",
        )
        assert foreign.pk not in {x["id"] for x in body["results"]}

    def test_approving_corrects_the_member(self, api, roll):
        own = own_record()
        item = change_request(own)
        since = last_entry_id()
        r = api("chair").post(self.url(item, "approve"), REMOTE_ADDR="10.4.5.6")
        assert r.status_code == 200, r.content
        assert (r.json()["state"], r.json()["decided_by"]) == ("approved", roll.chair.username)
        assert reload(own).name == "郑梓涵"
        with unscoped():
            item.refresh_from_db()
        assert (item.state, item.decided_by.username) == ("approved", roll.chair.username)
        [updated] = new_entries("members.member.updated", since)
        assert updated.object_id == str(own.pk)
        assert "name" in updated.changes
        [decided] = new_entries("members.changerequest.updated", since)
        assert decided.object_id == str(item.pk)
        for entry in (updated, decided):
            assert (entry.source, entry.actor.username, entry.ip) == (
                "api",
                roll.chair.username,
                "10.4.5.6",
            )
        # Decided once only.
        again = api("chair").post(self.url(item, "reject"))
        assert again.status_code == 400
        assert again.json()["detail"]
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "approved"

    def test_an_approved_id_number_derives_birth_date_and_sex_again(self, api):
        own = own_record()
        item = change_request(own, field="id_number", new_value="11010519491231002X")
        r = api("cadre").post(self.url(item, "approve"))
        assert r.status_code == 200, r.content
        own = reload(own)
        assert own.id_number == "11010519491231002X"
        assert (own.birth_date, own.sex) == (dt.date(1949, 12, 31), "female")

    def test_rejecting_leaves_the_member_as_is(self, api, roll):
        own = own_record()
        item = change_request(own)
        since = last_entry_id()
        r = api("cadre").post(self.url(item, "reject"))
        assert r.status_code == 200, r.content
        assert r.json()["state"] == "rejected"
        assert reload(own).name == OWN_NAME
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "rejected"
        assert new_entries("members.member.updated", since) == []
        [entry] = new_entries("members.changerequest.updated", since)
        assert (entry.source, entry.actor.username) == ("api", roll.cadre.username)

    def test_another_organisation_gets_404(self, api):
        item = change_request(own_record())
        c = api("factory")
        since = last_entry_id()
        assert c.get(f"{API}/{S}/members/requests/").status_code == 404
        assert c.post(self.url(item, "approve")).status_code == 404
        # Its own code, another organisation's request.
        assert c.post(self.url(item, "approve", F)).status_code == 404
        assert c.post(self.url(item, "reject", F)).status_code == 404
        assert c.get(f"{API}/{F}/members/requests/").json()["count"] == 0
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "pending"
        assert reload(own_record()).name == OWN_NAME
        assert new_entries("members.changerequest.updated", since) == []

    def test_roles_without_roster_write_get_403(self, api):
        item = change_request(own_record())
        for username in ("leader", "member"):
            c = api(username)
            assert c.get(f"{API}/{G1}/members/requests/").status_code == 403
            assert c.post(self.url(item, "approve", G1)).status_code == 403
        assert api("district").get(f"{API}/{D}/members/requests/").status_code == 403
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "pending"

    def test_wrong_methods_get_405(self, api):
        item = change_request(own_record())
        c = api("chair")
        assert c.post(self.LIST, {}, content_type=JSON).status_code == 405
        assert c.get(self.url(item, "approve")).status_code == 405
        assert c.delete(self.url(item, "reject")).status_code == 405
        assert c.post(self.url(item, "maybe")).status_code == 404
        with unscoped():
            assert ChangeRequest.objects.get(pk=item.pk).state == "pending"


# -- member logins ----------------------------------------------------------


def print_codes(client, members: list[Member], code: str = S) -> list[dict]:
    r = client.post(
        f"{API}/{code}/members/invitations/",
        {"members": [m.pk for m in members]},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    return r.json()


class TestInvitations:
    URL = f"{API}/{S}/members/invitations/"

    def test_the_list_shows_members_without_a_login_masked(self, api):
        without = members_of(S, user__isnull=True, status__in=["active", "retained"])
        r = api("cadre").get(self.URL)
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
        in_g02 = api("cadre").get(self.URL, {"group": G2}).json()
        assert in_g02["count"] == without.filter(org__code=G2).count()
        assert {row["group"] for row in in_g02["members"]} == {G2}

    def test_printing_codes_for_chosen_members(self, api, roll):
        chosen = unlinked(n=2)
        since = last_entry_id()
        c = api("chair")
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
                roll.chair.username,
                None,
                False,
            )
        [printed] = new_entries("members.invitations.printed", since)
        assert printed.changes == {"count": [None, 2]}
        assert (printed.source, printed.actor.username, printed.org.code) == (
            "api",
            roll.chair.username,
            S,
        )
        created = new_entries("members.invitation.created", since)
        assert len(created) == 2
        for entry in created:
            text = repr(entry.changes) + entry.object_repr + entry.note
            assert not any(normalise_code(row["code"]) in text for row in sheet)
        assert c.get(self.URL).json()["pending"] == 2

    def test_printing_again_cancels_the_earlier_code(self, api):
        [m] = unlinked()
        c = api("chair")
        [first] = print_codes(c, [m])
        [second] = print_codes(c, [m])
        assert first["code"] != second["code"]
        with unscoped():
            states = dict(Invitation.objects.filter(member=m).values_list("code_hash", "revoked"))
        assert states == {code_hash(first["code"]): True, code_hash(second["code"]): False}

    def test_a_group_gets_codes_for_all_its_members_without_a_login(self, api):
        expected = members_of(
            G2, org__code=G2, user__isnull=True, status__in=["active", "retained"]
        )
        r = api("cadre").post(self.URL, {"group": G2}, content_type=JSON)
        assert r.status_code == 201, r.content
        assert {row["member_id"] for row in r.json()} == set(expected.values_list("pk", flat=True))

    def test_members_with_a_login_are_left_out(self, api):
        [m] = unlinked(G1)
        sheet = print_codes(api("chair"), [own_record(), m])
        assert [row["member_id"] for row in sheet] == [m.pk]
        with unscoped():
            assert not Invitation.objects.filter(member=own_record()).exists()

    def test_another_organisations_member_or_group_is_refused(self, api):
        [mine] = unlinked()
        [other] = unlinked(F)
        since = last_entry_id()
        c = api("chair")
        r = c.post(self.URL, {"members": [mine.pk, other.pk]}, content_type=JSON)
        assert r.status_code == 400
        assert str(other.pk) in r.json()["members"][0]
        r = c.post(self.URL, {"group": FG}, content_type=JSON)
        assert r.status_code == 400
        assert "group" in r.json()
        with unscoped():
            assert not Invitation.objects.exists()
        assert new_entries("members.invitations.printed", since) == []

    def test_another_organisation_gets_404(self, api):
        [m] = unlinked()
        c = api("factory")
        assert c.get(self.URL).status_code == 404
        r = c.post(self.URL, {"members": [m.pk]}, content_type=JSON)
        assert r.status_code == 404
        with unscoped():
            assert not Invitation.objects.exists()

    def test_roles_without_the_account_right_get_403(self, api):
        [m] = unlinked(G1)
        for username in ("leader", "member"):
            c = api(username)
            assert c.get(f"{API}/{G1}/members/invitations/").status_code == 403
            r = c.post(f"{API}/{G1}/members/invitations/", {"members": [m.pk]})
            assert r.status_code == 403
        assert api("district").get(f"{API}/{D}/members/invitations/").status_code == 403
        with unscoped():
            assert not Invitation.objects.exists()

    def test_wrong_methods_get_405(self, api):
        c = api("chair")
        assert c.put(self.URL, {}, content_type=JSON).status_code == 405
        assert c.delete(self.URL).status_code == 405


class TestActivate:
    @pytest.fixture(autouse=True)
    def _fresh_throttle(self):
        for ip in ("127.0.0.1", "10.7.7.7", "10.8.8.8"):
            cache.delete(f"activate:{ip}")

    def test_a_member_activates_their_login_once(self, api):
        [m] = unlinked(G2)
        [row] = print_codes(api("chair"), [m])
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

    def test_a_wrong_mobile_creates_nothing(self, api):
        [m] = unlinked(G2)
        [row] = print_codes(api("chair"), [m])
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

    def test_a_weak_password_or_missing_fields_are_refused(self, api):
        [m] = unlinked(G2)
        [row] = print_codes(api("chair"), [m])
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

    def test_the_throttle_refuses_after_max_attempts_from_one_address(self, api):
        [m] = unlinked(G2)
        [row] = print_codes(api("chair"), [m])
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

    def test_the_page_and_the_api_share_the_count(self, api):
        [m] = unlinked(G2)
        [row] = print_codes(api("chair"), [m])
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
    def url(self, member: Member, code: str = S) -> str:
        return f"{API}/{code}/members/{member.pk}/certificate.pdf"

    def test_it_is_the_pdf_of_the_page_and_it_is_logged(self, api, roll):
        [m] = unlinked()
        since = last_entry_id()
        c = api("chair")
        r = c.get(self.url(m), REMOTE_ADDR="10.3.3.3")
        assert r.status_code == 200
        assert r["Content-Type"] == "application/pdf"
        assert r.content.startswith(b"%PDF")
        assert r["Content-Disposition"] == (
            f"inline; filename*=utf-8''{quote(f'会员证-{m.name}.pdf')}"
        )
        [entry] = new_entries("members.member.certificate_printed", since)
        assert entry.object_id == str(m.pk)
        assert (entry.source, entry.actor.username, entry.ip) == (
            "api",
            roll.chair.username,
            "10.3.3.3",
        )
        page = c.get(f"/o/{S}/members/{m.pk}/certificate.pdf")
        assert page.status_code == 200
        assert page.content == r.content
        assert len(new_entries("members.member.certificate_printed", since)) == 2

    def test_the_client_may_ask_for_the_pdf_type_and_errors_stay_json(self, api):
        [m] = unlinked(G1)
        r = api("district").get(
            self.url(m, D), HTTP_ACCEPT="application/pdf"
        )  # upper union staff may export
        assert r.status_code == 200
        assert r.content.startswith(b"%PDF")
        r = api("leader").get(self.url(m, G1), HTTP_ACCEPT="application/pdf")
        assert r.status_code == 403
        assert r["Content-Type"].startswith("application/json")
        assert "detail" in r.json()

    def test_another_organisation_gets_404(self, api):
        [mine] = unlinked()
        [other] = unlinked(F)
        since = last_entry_id()
        c = api("chair")
        assert c.get(self.url(mine, F)).status_code == 404
        assert c.get(self.url(other, S)).status_code == 404
        assert new_entries("members.member.certificate_printed", since) == []

    def test_roles_without_the_export_right_get_403(self, api):
        [m] = unlinked(G1)
        since = last_entry_id()
        for username in ("leader", "member"):
            assert api(username).get(self.url(m, G1)).status_code == 403
        assert api("finance").get(self.url(m, F)).status_code == 403
        assert new_entries("members.member.certificate_printed", since) == []

    def test_wrong_methods_get_405(self, api):
        [m] = unlinked()
        c = api("chair")
        assert c.post(self.url(m)).status_code == 405
        assert c.delete(self.url(m)).status_code == 405


# -- lapse ------------------------------------------------------------------


def behind(code: str = F):
    cutoff = months_before(dt.date.today().replace(day=1), LAPSE.unpaid_months)
    return members_of(code, status=Status.ACTIVE, dues_paid_until__lt=cutoff)


class TestLapse:
    URL = f"{API}/{F}/members/lapse/"

    def test_the_candidates_with_each_condition_and_the_rule(self, api):
        expected = behind()
        assert expected.exists()
        r = api("factory").get(self.URL)
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

    def test_a_talk_is_recorded_and_the_member_stays_active(self, api, roll):
        with unscoped():
            m = behind().order_by("pk").last()
        since = last_entry_id()
        c = api("factory")
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
            roll.factory.username,
        )
        assert reload(m).status == Status.ACTIVE  # flagged, not lapsed
        [entry] = new_entries("members.lapsetalk.created", since)
        assert entry.object_id == str(talk.pk)
        assert (entry.source, entry.actor.username, entry.ip) == (
            "api",
            roll.factory.username,
            "10.5.5.5",
        )
        # The list shows it as the latest talk.
        row = {x["member"]: x for x in c.get(self.URL).json()["candidates"]}[m.pk]
        assert row["talk"]["id"] == talk.pk
        assert (row["talk"]["outcome"], row["talk"]["date"]) == ("refused", "2026-11-20")
        assert row["meets_all"] is (row["took_part"] is False)

    def test_a_bad_outcome_is_refused(self, api):
        with unscoped():
            m = behind().first()
        r = api("factory").post(
            self.URL, {"member": m.pk, "date": "2026-11-20", "outcome": "maybe"}, content_type=JSON
        )
        assert r.status_code == 400
        assert "outcome" in r.json()
        with unscoped():
            assert not LapseTalk.objects.exists()

    def test_another_organisation_gets_404(self, api):
        with unscoped():
            theirs = behind().first()
        c = api("chair")
        body = {"member": theirs.pk, "date": "2026-11-20", "outcome": "refused"}
        assert c.get(self.URL).status_code == 404
        assert c.post(self.URL, body, content_type=JSON).status_code == 404
        # Its own code, another organisation's member.
        r = c.post(f"{API}/{S}/members/lapse/", body, content_type=JSON)
        assert r.status_code == 404
        assert theirs.pk not in {
            x["member"] for x in c.get(f"{API}/{S}/members/lapse/").json()["candidates"]
        }
        with unscoped():
            assert not LapseTalk.objects.exists()

    def test_roles_without_the_lifecycle_right_get_403(self, api):
        [m] = unlinked(G1)
        body = {"member": m.pk, "date": "2026-11-20", "outcome": "refused"}
        for username in ("leader", "member"):
            c = api(username)
            assert c.get(f"{API}/{G1}/members/lapse/").status_code == 403
            assert c.post(f"{API}/{G1}/members/lapse/", body).status_code == 403
        assert api("finance").get(self.URL).status_code == 403
        with unscoped():
            assert not LapseTalk.objects.exists()

    def test_wrong_methods_get_405(self, api):
        c = api("factory")
        assert c.put(self.URL, {}, content_type=JSON).status_code == 405
        assert c.delete(self.URL).status_code == 405
