"""A draft proposal is its proposer's alone, in the audit log too (#13 §2).

The committee reads a proposal's entries (created, updated, its co-signatures) once the
proposal is submitted or while its proposer asks for help with the draft; before that the
log page, an entry's page, the record's history, the dashboard and the audit API show
none of them, to the union's chair as to the district above.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.democracy import services
from tests.factories import GroupFactory, MemberFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db

TITLE = "关于调整夜班补贴标准的草稿建议"
BODY = "夜班补贴多年未调，建议每班提高二十元（草稿，尚未征集附议）。"


class Draft:
    """A union's 职代会 with four representatives; the first writes a draft proposal, edits
    it, and the second co-signs it, each through the services as themselves."""

    def __init__(self, login_for):
        self.union = UnionFactory()
        self.district = self.union.parent
        group = GroupFactory(parent=self.union)
        self.chair = UserFactory(roles=[("chair", self.union)])
        self.upper = UserFactory(roles=[("upper_staff", self.district)])
        members = [MemberFactory(org=group) for _ in range(4)]
        with scope(self.union), acting(user=self.chair):
            congress = services.congress_create(
                actor=self.chair,
                org=self.union,
                data={
                    "kind": "congress",
                    "term_number": 3,
                    "start_date": dt.date(2025, 1, 1),
                    "end_date": dt.date(2029, 12, 31),
                    "min_cosigners": 1,
                },
            )
            self.reps = services.representatives_add(
                actor=self.chair, congress=congress, members=members
            )
        self.author = login_for(self.reps[0])
        self.signer = login_for(self.reps[1])
        with scope(self.union), acting(user=self.author):
            self.proposal = services.proposal_create(
                actor=self.author,
                representative=self.reps[0],
                data={"title": TITLE[:-4], "body": BODY, "category": "pay"},
            )
            services.proposal_update(
                actor=self.author, proposal=self.proposal, data={"title": TITLE}
            )
        with scope(self.union), acting(user=self.signer):
            self.cosign = services.proposal_cosign(
                actor=self.signer, proposal=self.proposal, representative=self.reps[1]
            )

    def act(self, service, who=None, **kwargs):
        who = who or self.author
        with scope(self.union), acting(user=who):
            return service(actor=who, proposal=self.proposal, **kwargs)

    def entries(self) -> list[AuditEntry]:
        """The draft's own entries and its co-signature's."""
        with unscoped():
            return list(
                AuditEntry.objects.filter(
                    action__startswith="democracy.proposal.", object_id=str(self.proposal.pk)
                ).order_by("pk")
            ) + list(
                AuditEntry.objects.filter(
                    action__startswith="democracy.cosign.", object_id=str(self.cosign.pk)
                ).order_by("pk")
            )


@pytest.fixture
def d(login_for):
    return Draft(login_for)


def _history(user, org, obj) -> list[AuditEntry]:
    """The change history the record's page would show `user` (audit_history)."""
    from gonghui.accounts.access import resolve_access
    from gonghui.audit.templatetags.audit import audit_history

    with scope(org):
        access = resolve_access(user, org.code)
        shown = audit_history({"access": access}, obj)
        assert shown["show"]
        return list(shown["entries"])


def _api_ids(client, org) -> set[int]:
    r = client.get(f"/api/v1/orgs/{org.code}/audit/", {"record": TITLE[:6]})
    assert r.status_code == 200
    data = r.json()
    rows = data["results"] if isinstance(data, dict) else data
    return {row["id"] for row in rows}


def _shown(d, user, org, login, token_login) -> dict[str, bool]:
    """Whether the draft's entries reach `user` at `org` through each way of reading the log:
    all of them (True), none (False); any other mix fails."""
    entries = d.entries()
    ids = {e.pk for e in entries}
    assert {e.action for e in entries} >= {
        "democracy.proposal.created",
        "democracy.proposal.updated",
        "democracy.cosign.created",
    }
    c = login(user)
    log = c.get(f"/o/{org.code}/audit/").content.decode()
    found = c.get(f"/o/{org.code}/audit/", {"record": TITLE[:6]}).content.decode()
    dashboard = c.get(f"/o/{org.code}/").content.decode()
    pages = {c.get(f"/o/{org.code}/audit/{pk}/").status_code for pk in ids}
    api = token_login(user)
    api_codes = {api.get(f"/api/v1/orgs/{org.code}/audit/{pk}/").status_code for pk in ids}
    history = {e.pk for e in _history(user, org, d.proposal) + _history(user, org, d.cosign)}
    seen = {
        "log": TITLE in log,
        "search": TITLE in found,
        "dashboard": TITLE in dashboard,
        "entry pages": pages == {200},
        "api list": _api_ids(api, org) >= ids,
        "api entries": api_codes == {200},
        "history": history >= ids,
    }
    if not all(seen.values()):
        # Hidden means hidden everywhere: nothing of the draft, not a single entry.
        assert pages == {404} and api_codes == {404}, (pages, api_codes)
        assert not (_api_ids(api, org) & ids) and not (history & ids)
        assert BODY not in log + found + dashboard
    return seen


HIDDEN = dict.fromkeys(
    ["log", "search", "dashboard", "entry pages", "api list", "api entries", "history"], False
)
SHOWN = dict.fromkeys(HIDDEN, True)


def test_the_committee_reads_none_of_a_drafts_entries(d, login, token_login):
    assert _shown(d, d.chair, d.union, login, token_login) == HIDDEN
    assert _shown(d, d.upper, d.district, login, token_login) == HIDDEN


def test_a_draft_shown_for_help_is_read_and_hidden_again_when_the_request_is_withdrawn(
    d, login, token_login
):
    d.act(services.proposal_request_help)
    assert _shown(d, d.chair, d.union, login, token_login) == SHOWN
    assert _shown(d, d.upper, d.district, login, token_login) == SHOWN
    d.act(services.proposal_request_help, ask=False)
    assert _shown(d, d.chair, d.union, login, token_login) == HIDDEN


def test_once_submitted_the_drafts_earlier_entries_are_read(d, login, token_login):
    d.act(services.proposal_submit)
    assert _shown(d, d.chair, d.union, login, token_login) == SHOWN
    assert _shown(d, d.upper, d.district, login, token_login) == SHOWN


def test_a_withdrawn_cosignature_of_a_draft_is_not_shown(d, login):
    d.act(
        services.proposal_withdraw_cosign,
        who=d.signer,
        representative=d.reps[1],
    )
    with unscoped():
        [gone] = AuditEntry.objects.filter(
            action="democracy.cosign.deleted", object_id=str(d.cosign.pk)
        )
    c = login(d.chair)
    assert c.get(f"/o/{d.union.code}/audit/{gone.pk}/").status_code == 404


def test_the_proposal_reports_export_stays_on_the_committees_log(d, login):
    # An entry about no single proposal: read with the permission alone.
    c = login(d.chair)
    assert c.get(f"/o/{d.union.code}/democracy/proposals/report.xlsx?year=2026").status_code == 200
    with unscoped():
        [export] = AuditEntry.objects.filter(
            action="democracy.proposal.report_exported", org=d.union
        )
    assert c.get(f"/o/{d.union.code}/audit/{export.pk}/").status_code == 200
    assert login(d.upper).get(f"/o/{d.district.code}/audit/{export.pk}/").status_code == 200
