"""Security #11, finding 1: activation must never hand over a login that already exists.

The attack: a cadre who may print codes puts another login's mobile number on a roster
record, prints a code for it, and activates with that number and any password. Before
the fix the browser was logged in as the other login (district staff, a chair with TOTP).
Now an existing login is linked only after its own password and second factor are given.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts.models import RoleAssignment, User
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members import idcard
from gonghui.members.models import Member
from tests.factories import GroupFactory, MemberFactory, UnionFactory, member_with_login

pytestmark = pytest.mark.django_db

API = "/api/v1/orgs"
JSON = "application/json"
PASSWORD = "Gonghui@2026"  # the factories' logins' password


@pytest.fixture
def school(union, group, cadre, login):
    """The union whose cadre attacks, signed in (`school.cadre`)."""
    return SimpleNamespace(union=union, group=group, cadre=login(cadre))


@pytest.fixture
def district(union, staff):
    """A login of the upper union's staff, with a mobile number."""
    return staff("upper_staff", union.parent, mobile="13800000001")


@pytest.fixture
def hospital_chair(staff):
    """The chair of another union, with a mobile number."""
    return staff("chair", UnionFactory(), mobile="13800000002")


def _id_number(serial: int) -> str:
    first17 = f"11010519800101{serial:03d}"
    return first17 + idcard.check_char(first17)


def _member_with_mobile(school, mobile: str, serial: int = 901) -> Member:
    """As the issue reproduces it: a roster record through the API with someone's mobile."""
    r = school.cadre.post(
        f"{API}/{school.union.code}/members/",
        {
            "name": "冒用者",
            "id_number": _id_number(serial),
            "org": school.group.code,
            "mobile": mobile,
        },
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    with unscoped():
        return Member.objects.get(pk=r.json()["id"])


def _code_for(school, member: Member) -> str:
    r = school.cadre.post(
        f"{API}/{school.union.code}/members/invitations/",
        {"members": [member.pk]},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    [row] = r.json()
    return row["code"]


def _activate(client: Client, mobile: str, code: str, password: str = "Takeover-2026!"):
    return client.post(
        "/activate/",
        {"mobile": mobile, "code": code, "password1": password, "password2": password},
    )


def _me(client: Client):
    return client.get("/api/v1/me/")


def _confirmed_totp(user: User) -> TOTPDevice:
    with unscoped():
        return TOTPDevice.objects.create(user=user, name="totp", confirmed=True)


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_cadre_cannot_become_the_district_login_through_an_invitation(school, district):
    victim = district
    member = _member_with_mobile(school, victim.mobile)
    code = _code_for(school, member)

    attacker = Client()
    r = _activate(attacker, victim.mobile, code)
    assert r.status_code == 200  # the page asks for the login's own password, logs nobody in
    assert "现有密码" in r.content.decode() or "current password" in r.content.decode()
    assert _me(attacker).status_code in (401, 403)
    member.refresh_from_db()
    assert member.user_id is None
    with unscoped():
        assert not RoleAssignment.objects.filter(user=victim, role="member").exists()

    # Answering the second form with a guessed password changes nothing either.
    r = attacker.post(
        "/activate/",
        {"link": "1", "mobile": victim.mobile, "code": code, "password": "Takeover-2026!"},
    )
    assert r.status_code == 200
    assert _me(attacker).status_code in (401, 403)
    member.refresh_from_db()
    assert member.user_id is None


def test_the_api_door_refuses_the_same_takeover(school, district):
    victim = district
    member = _member_with_mobile(school, victim.mobile)
    code = _code_for(school, member)
    r = Client().post(
        "/api/v1/activate/",
        {"mobile": victim.mobile, "code": code, "password": "Takeover-2026!"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "密码" in r.json()["detail"]
    member.refresh_from_db()
    assert member.user_id is None


def test_a_chairs_password_without_the_second_factor_is_not_enough(school, hospital_chair):
    victim = hospital_chair
    device = _confirmed_totp(victim)
    member = _member_with_mobile(school, victim.mobile)
    code = _code_for(school, member)
    attacker = Client()
    r = attacker.post(
        "/activate/", {"link": "1", "mobile": victim.mobile, "code": code, "password": PASSWORD}
    )
    assert r.status_code == 200
    assert _me(attacker).status_code in (401, 403)
    member.refresh_from_db()
    assert member.user_id is None
    # A wrong verification code is refused too.
    wrong = f"{(int(_token(device)) + 1) % 1_000_000:06d}"
    r = attacker.post(
        "/activate/",
        {
            "link": "1",
            "mobile": victim.mobile,
            "code": code,
            "password": PASSWORD,
            "otp_token": wrong,
        },
    )
    assert _me(attacker).status_code in (401, 403)
    member.refresh_from_db()
    assert member.user_id is None


def test_the_owner_links_their_login_with_password_and_second_factor(school, hospital_chair):
    owner = hospital_chair
    device = _confirmed_totp(owner)
    member = _member_with_mobile(school, owner.mobile)
    code = _code_for(school, member)
    with unscoped():
        since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    c = Client()
    r = c.post(
        "/activate/",
        {
            "link": "1",
            "mobile": owner.mobile,
            "code": code,
            "password": PASSWORD,
            "otp_token": _token(device),
        },
    )
    assert r.status_code == 302
    assert _me(c).json()["username"] == owner.username
    member.refresh_from_db()
    assert member.user_id == owner.pk
    with unscoped():
        assert RoleAssignment.objects.filter(user=owner, org=member.org, role="member").exists()
        entry = AuditEntry.objects.get(pk__gt=since, action="members.invitation.linked")
        assert entry.actor_id == owner.pk
        owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the existing password is kept, never replaced


def test_the_owner_without_two_factor_links_with_their_password_through_the_api(school, staff):
    owner = staff("chair", school.union, mobile="13800000003")
    member = _member_with_mobile(school, owner.mobile)
    code = _code_for(school, member)
    r = Client().post(
        "/api/v1/activate/",
        {"mobile": owner.mobile, "code": code, "password": PASSWORD},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    assert r.json()["username"] == owner.username
    member.refresh_from_db()
    assert member.user_id == owner.pk


def test_a_login_already_tied_to_a_member_is_not_linked_twice(school):
    taken = member_with_login(school.group)
    owner = taken.user
    with unscoped():
        owner.mobile = "13912345678"
        owner.set_password(PASSWORD)
        owner.save()
    member = _member_with_mobile(school, owner.mobile, serial=902)
    code = _code_for(school, member)
    r = Client().post(
        "/api/v1/activate/",
        {"mobile": owner.mobile, "code": code, "password": PASSWORD},
        content_type=JSON,
    )
    assert r.status_code == 400
    member.refresh_from_db()
    assert member.user_id is None


def test_a_login_named_by_the_number_is_an_existing_login_too(school):
    # A login whose username is the number (but whose mobile field is empty) is found.
    with unscoped():
        other = User.objects.create_user(username="13955550000", password="Other-Login-77!")
    member = _member_with_mobile(school, "13955550000", serial=903)
    code = _code_for(school, member)
    r = _activate(Client(), "13955550000", code)
    assert r.status_code == 200
    member.refresh_from_db()
    assert member.user_id is None
    other.refresh_from_db()
    assert other.check_password("Other-Login-77!")


def test_refusing_a_person_of_another_union_does_not_name_that_union(school):
    # Finding 7: error messages must not tell a cadre where someone else's member is.
    factory = UnionFactory(name="示范区机械厂工会")
    elsewhere = MemberFactory(org=GroupFactory(parent=factory, name="一车间工会小组"))
    with unscoped():
        elsewhere.refresh_from_db()
        union_name = elsewhere.org.parent.name if elsewhere.org.parent else elsewhere.org.name
        holder_names = {o.name for o in [elsewhere.org, *elsewhere.org.ancestors()]}
    assert union_name == "示范区机械厂工会"
    r = school.cadre.post(
        f"{API}/{school.union.code}/members/",
        {"name": elsewhere.name, "id_number": elsewhere.id_number, "org": school.group.code},
        content_type=JSON,
    )
    assert r.status_code == 400
    text = r.content.decode()
    assert "其他工会" in text
    assert union_name not in text
    assert not any(name in text for name in holder_names)


def test_a_wrong_password_on_the_link_form_counts_as_a_failed_log_in(school, district, settings):
    # The check runs outside the activation's transaction: the refusal must not roll back
    # the failure that the per-address throttle (and axes) count.
    from gonghui.accounts.models import FailedLogin

    settings.AXES_ENABLED = True
    victim = district
    member = _member_with_mobile(school, victim.mobile, serial=904)
    code = _code_for(school, member)
    before = FailedLogin.objects.count()
    r = Client().post(
        "/activate/",
        {"link": "1", "mobile": victim.mobile, "code": code, "password": "Guess-2026!"},
    )
    assert r.status_code == 200
    assert FailedLogin.objects.count() == before + 1
    member.refresh_from_db()
    assert member.user_id is None
