from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.members import idcard
from gonghui.members.models import EventKind, Member, MembershipEvent, Status, Transfer

pytestmark = pytest.mark.django_db

NEW_ID = "11010519491231002X"


def school_member(**filters) -> Member:
    with unscoped():
        return (
            Member.objects.filter(
                org__path__startswith=_path("S0001"),
                status=Status.ACTIVE,
                user__isnull=True,
                **filters,
            )
            .order_by("pk")
            .first()
        )


def _path(code):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code).path


class TestRoster:
    def test_it_lists_the_unions_members_masked(self, client_for):
        m = school_member()
        body = client_for("school_chair").get(f"/o/S0001/members/?q={m.name}").content.decode()
        assert m.name in body
        assert m.id_number not in body
        assert idcard.mask(m.id_number) in body

    def test_pinyin_full_and_initials_find_a_member(self, client_for):
        m = school_member()
        c = client_for("school_cadre")
        for q in (m.name_pinyin, m.name_initials):
            body = c.get(f"/o/S0001/members/?q={q}").content.decode()
            assert f"/members/{m.pk}/" in body, q

    def test_last_digits_of_id_or_phone_find_a_member(self, client_for):
        m = school_member()
        c = client_for("school_cadre")
        assert (
            f"/members/{m.pk}/" in c.get(f"/o/S0001/members/?q={m.id_number[-6:]}").content.decode()
        )
        assert f"/members/{m.pk}/" in c.get(f"/o/S0001/members/?q={m.mobile[-4:]}").content.decode()

    def test_filters_narrow_the_count(self, client_for):
        c = client_for("school_chair")
        with unscoped():
            women = Member.objects.filter(
                org__path__startswith=_path("S0001"),
                sex="female",
                status__in=["active", "retained", "transferring"],
            ).count()
        body = c.get("/o/S0001/members/?sex=female", HTTP_HX_REQUEST="true").content.decode()
        assert f"{women} " in body.split('id="roster-count">', 1)[1][:40]

    def test_a_group_leader_sees_only_their_group(self, client_for):
        with unscoped():
            other = Member.objects.filter(org__code="S0001-G02").first()
            own = Member.objects.filter(org__code="S0001-G01").first()
        c = client_for("group_leader")
        assert c.get(f"/o/S0001-G01/members/{own.pk}/").status_code == 200
        assert c.get(f"/o/S0001-G01/members/{other.pk}/").status_code == 404
        assert c.get("/o/S0001/members/").status_code == 404

    def test_a_member_gets_403(self, client_for):
        assert client_for("member").get("/o/S0001-G01/members/").status_code == 403

    def test_another_org_gets_404(self, client_for):
        assert client_for("school_chair").get("/o/F0001/members/").status_code == 404

    def test_wrong_method_gets_405(self, client_for):
        assert client_for("school_chair").post("/o/S0001/members/").status_code == 405


class TestDetailAndReveal:
    def test_reveal_shows_the_full_id_and_is_logged(self, client_for):
        m = school_member()
        c = client_for("school_chair")
        assert m.id_number not in c.get(f"/o/S0001/members/{m.pk}/").content.decode()
        body = c.get(f"/o/S0001/members/{m.pk}/?reveal=1").content.decode()
        assert m.id_number in body
        with unscoped():
            assert AuditEntry.objects.filter(
                action="members.member.revealed", object_id=str(m.pk)
            ).exists()

    def test_a_cadre_without_the_sensitive_right_cannot_reveal(self, client_for):
        m = school_member()
        assert (
            client_for("school_cadre").get(f"/o/S0001/members/{m.pk}/?reveal=1").status_code == 403
        )

    def test_history_includes_events_from_the_previous_union(self, client_for):
        with unscoped():
            event = MembershipEvent.objects.filter(
                kind=EventKind.TRANSFER_IN, org__code="H0001"
            ).first()
        body = (
            client_for("hospital_chair")
            .get(f"/o/H0001/members/{event.member_id}/")
            .content.decode()
        )
        assert "示范区实验中学工会" in body  # the union the member came from


class TestCreateAndEdit:
    def test_a_cadre_adds_a_member_and_birth_and_sex_come_from_the_id(self, client_for):
        r = client_for("school_cadre").post(
            "/o/S0001/members/new/",
            {
                "name": "林 晓",
                "id_type": "resident",
                "id_number": NEW_ID.lower(),
                "org": _org_pk("S0001-G03"),
                "member_type": "regular",
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
        with unscoped():
            m = Member.objects.get(id_number=NEW_ID)
            assert m.name == "林晓" and m.name_pinyin == "linxiao" and m.name_initials == "lx"
            assert m.birth_date == dt.date(1949, 12, 31) and m.sex == "female"
            assert m.events.filter(kind=EventKind.JOINED).exists()
            assert AuditEntry.objects.filter(
                action="members.member.created", object_id=str(m.pk)
            ).exists()

    def test_a_wrong_check_digit_is_refused_and_the_input_kept(self, client_for):
        r = client_for("school_cadre").post(
            "/o/S0001/members/new/",
            {
                "name": "错号者",
                "id_type": "resident",
                "id_number": "110105194912310021",
                "org": _org_pk("S0001"),
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        assert "错号者" in r.content.decode()
        with unscoped():
            assert not Member.objects.filter(name="错号者").exists()

    def test_a_person_with_a_membership_elsewhere_is_refused(self, client_for):
        with unscoped():
            other = Member.objects.filter(
                org__path__startswith=_path("F0001"), status="active"
            ).first()
        r = client_for("school_cadre").post(
            "/o/S0001/members/new/",
            {
                "name": other.name,
                "id_type": "resident",
                "id_number": other.id_number,
                "org": _org_pk("S0001"),
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        with unscoped():
            assert Member.objects.filter(id_number=other.id_number).count() == 1
            assert Member.objects.get(id_number=other.id_number).org.path.startswith(_path("F0001"))

    def test_sex_contradicting_the_id_is_refused(self, client_for):
        r = client_for("school_cadre").post(
            "/o/S0001/members/new/",
            {
                "name": "性别错",
                "id_type": "resident",
                "id_number": NEW_ID,
                "sex": "male",
                "org": _org_pk("S0001"),
                "member_type": "regular",
            },
        )
        assert r.status_code == 200
        with unscoped():
            assert not Member.objects.filter(id_number=NEW_ID).exists()

    def test_a_group_leader_cannot_add(self, client_for):
        assert client_for("group_leader").get("/o/S0001-G01/members/new/").status_code == 403


def _org_pk(code):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code).pk


class TestLifecycle:
    def test_retire_keeps_membership_and_stops_dues(self, client_for):
        m = school_member()
        r = client_for("school_chair").post(
            f"/o/S0001/members/{m.pk}/retire/", {"date": "2026-10-15", "reason": ""}
        )
        assert r.status_code == 302
        m.refresh_from_db()
        assert m.status == Status.RETAINED and m.dues_stop_month == dt.date(2026, 10, 1)

    def test_leaving_needs_a_reason(self, client_for):
        m = school_member()
        client_for("school_chair").post(
            f"/o/S0001/members/{m.pk}/leave/", {"date": "2026-10-15", "reason": " "}
        )
        m.refresh_from_db()
        assert m.status == Status.ACTIVE
        client_for("school_chair").post(
            f"/o/S0001/members/{m.pk}/leave/", {"date": "2026-10-15", "reason": "调离"}
        )
        m.refresh_from_db()
        assert m.status == Status.LEFT
        with unscoped():
            assert m.events.filter(kind=EventKind.LEFT, reason="调离").exists()

    def test_an_application_is_approved(self, client_for):
        with unscoped():
            m = Member.objects.filter(status=Status.APPLIED, org__code="S0001-G02").first()
        client_for("school_chair").post(f"/o/S0001/members/{m.pk}/approve/", {"date": "2026-11-20"})
        m.refresh_from_db()
        assert m.status == Status.ACTIVE and m.joined_on == dt.date(2026, 11, 20)

    def test_approving_an_active_member_is_refused(self, client_for):
        m = school_member()
        client_for("school_chair").post(f"/o/S0001/members/{m.pk}/approve/", {"date": "2026-11-20"})
        m.refresh_from_db()
        assert m.status == Status.ACTIVE and m.joined_on != dt.date(2026, 11, 20)

    def test_a_group_leader_cannot_change_membership(self, client_for):
        with unscoped():
            m = Member.objects.filter(org__code="S0001-G01", user__isnull=True).first()
        assert (
            client_for("group_leader")
            .post(f"/o/S0001-G01/members/{m.pk}/retire/", {"date": "2026-10-15"})
            .status_code
            == 403
        )

    def test_get_is_405(self, client_for):
        m = school_member()
        assert client_for("school_chair").get(f"/o/S0001/members/{m.pk}/retire/").status_code == 405


class TestTransfer:
    def test_a_transfer_is_two_sided(self, client_for):
        m = school_member()
        school, hospital = client_for("school_chair"), client_for("hospital_chair")
        school.post(
            f"/o/S0001/members/{m.pk}/transfer/", {"to_code": "h0001", "reason": "调入人民医院"}
        )
        m.refresh_from_db()
        assert m.status == Status.TRANSFERRING
        with unscoped():
            t = Transfer.objects.get(member=m, state="pending")
        # The receiving union sees it; the sending one cannot decide it.
        assert m.name in hospital.get("/o/H0001/members/transfers/").content.decode()
        assert school.post(f"/o/S0001/members/transfers/{t.pk}/accept/").status_code == 404
        hospital.post(f"/o/H0001/members/transfers/{t.pk}/accept/", {"group": "H0001-G01"})
        m.refresh_from_db()
        t.refresh_from_db()
        assert m.status == Status.ACTIVE and m.org.code == "H0001-G01" and t.state == "accepted"
        # The member's record left the school's scope, its history did not vanish.
        assert school.get(f"/o/S0001/members/{m.pk}/").status_code == 404
        kinds = [e.kind for e in MembershipEvent._base_manager.filter(member=m)]
        assert "transfer_out" in kinds and "transfer_in" in kinds

    def test_a_refused_transfer_returns_the_member(self, client_for):
        m = school_member()
        client_for("school_chair").post(f"/o/S0001/members/{m.pk}/transfer/", {"to_code": "F0001"})
        with unscoped():
            t = Transfer.objects.get(member=m, state="pending")
        client_for("factory_chair").post(
            f"/o/F0001/members/transfers/{t.pk}/refuse/", {"reason": "不在本单位工作"}
        )
        m.refresh_from_db()
        assert m.status == Status.ACTIVE and m.org.path.startswith(_path("S0001"))


class TestMoveGroup:
    def test_members_move_in_bulk_within_the_union(self, client_for):
        with unscoped():
            ids = list(
                Member.objects.filter(org__code="S0001-G01", user__isnull=True).values_list(
                    "pk", flat=True
                )[:3]
            )
        client_for("school_cadre").post(
            "/o/S0001/members/move/", {"member": ids, "group": "S0001-G03"}
        )
        with unscoped():
            assert set(Member.objects.filter(pk__in=ids).values_list("org__code", flat=True)) == {
                "S0001-G03"
            }
            assert (
                MembershipEvent.objects.filter(
                    member_id__in=ids, kind=EventKind.GROUP_CHANGED
                ).count()
                == 3
            )


class TestExportAndCertificate:
    def test_the_export_is_masked_without_the_right_and_logged(self, client_for):
        m = school_member()
        r = client_for("school_cadre").get("/o/S0001/members/export.xlsx?full=1")
        assert r.status_code == 200
        ws = load_workbook(io.BytesIO(r.content)).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][:6] == ("姓名", "性别", "出生日期", "民族", "证件类型", "证件号码")
        ids = {row[5] for row in rows[1:] if row and row[0] == m.name}
        assert idcard.mask(m.id_number) in ids and m.id_number not in ids
        assert "导出人：school_cadre" in str(rows[-1][0])
        with unscoped():
            entry = AuditEntry.objects.filter(action="members.roster.exported").latest("at")
        assert entry.changes["full_ids"] == [None, False]

    def test_the_chair_may_export_full_ids(self, client_for):
        m = school_member()
        r = client_for("school_chair").get("/o/S0001/members/export.xlsx?full=1")
        ws = load_workbook(io.BytesIO(r.content)).active
        assert m.id_number in {row[5] for row in ws.iter_rows(values_only=True)}

    def test_the_certificate_is_a_pdf(self, client_for):
        m = school_member()
        r = client_for("school_chair").get(f"/o/S0001/members/{m.pk}/certificate.pdf")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")


class TestSelfService:
    def test_a_member_sees_and_edits_their_own_contact(self, client_for):
        c = client_for("member")
        body = c.get("/o/S0001-G01/members/me/").content.decode()
        assert "郑子涵" in body
        c.post(
            "/o/S0001-G01/members/me/",
            {
                "form": "contact",
                "mobile": "13900001111",
                "native_place": "安徽合肥",
                "hukou_place": "",
            },
        )
        with unscoped():
            assert Member.objects.get(user__username="member").mobile == "13900001111"


class TestLapse:
    def test_members_six_months_behind_are_flagged_with_each_condition(self, client_for):
        with unscoped():
            behind = Member.objects.filter(
                org__path__startswith=_path("F0001"),
                status="active",
                dues_paid_until__lt="2026-05-01",
            )
            names = list(behind.values_list("name", flat=True))
            paid = Member.objects.filter(
                org__path__startswith=_path("F0001"), status="active", dues_paid_until="2026-10-01"
            ).first()
        assert names
        body = client_for("factory_chair").get("/o/F0001/members/lapse/").content.decode()
        for name in names:
            assert name in body
        assert f"/members/{paid.pk}/" not in body
        assert "章程" in body  # the rule names its source

    def test_a_talk_is_recorded_and_the_cadre_still_decides(self, client_for):
        with unscoped():
            m = Member.objects.filter(
                org__path__startswith=_path("F0001"),
                status="active",
                dues_paid_until__lt="2026-05-01",
            ).last()
        c = client_for("factory_chair")
        c.post(
            "/o/F0001/members/lapse/",
            {"member": m.pk, "date": "2026-11-20", "outcome": "refused", "note": ""},
        )
        m.refresh_from_db()
        assert m.status == Status.ACTIVE  # flagged, not lapsed
        with unscoped():
            assert m.lapse_talks.filter(outcome="refused").exists()

    def test_a_group_leader_cannot_see_the_list(self, client_for):
        assert client_for("group_leader").get("/o/S0001-G01/members/lapse/").status_code == 403


def test_the_lapse_rule_counts_six_unpaid_months():
    from gonghui.members.rules import LAPSE
    from gonghui.members.selectors import months_before

    assert LAPSE.unpaid_months == 6
    assert months_before(dt.date(2026, 11, 1), 6) == dt.date(2026, 5, 1)
    assert months_before(dt.date(2026, 3, 1), 6) == dt.date(2025, 9, 1)
