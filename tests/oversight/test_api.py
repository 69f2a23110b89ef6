"""The committee's API: the same workflows, refusals and scoping as the pages, with the
persona cases per resource."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from gonghui.core.scoping import unscoped
from gonghui.oversight.models import Finding, Review
from tests.api.conftest import last_entry_id, new_entries
from tests.factories import UnionFactory
from tests.funds.conftest import holder

from .conftest import YEAR, make_finding, make_review, today

pytestmark = pytest.mark.django_db


def _base(org):
    return f"/api/v1/orgs/{org.code}/oversight/"


def _post(client, url, data=None, method="post"):
    return getattr(client, method)(url, json.dumps(data or {}), content_type="application/json")


def test_a_review_goes_from_open_to_signed_by_api(token_login, union, auditor, chair):
    c, base = token_login(auditor), _base(union)
    since = last_entry_id()
    r = _post(
        c,
        f"{base}reviews/",
        {
            "kind": "budget",
            "year": YEAR,
            "subject": "2031年预算审查",
            "members": "王审计\n李委员",
            "started_on": today().isoformat(),
        },
    )
    assert r.status_code == 201, r.content
    review = r.json()
    assert (review["kind_display"], review["state"], review["period"]) == (
        "预算审查",
        "open",
        "year",
    )
    rid = review["id"]
    [entry] = new_entries("oversight.review.created", since)
    assert entry.source == "api" and entry.actor == auditor

    r = _post(c, f"{base}reviews/{rid}/", {"subject": "2031年预算草案审查"}, method="patch")
    assert r.status_code == 200 and r.json()["subject"] == "2031年预算草案审查"

    r = _post(
        c,
        f"{base}reviews/{rid}/findings/",
        {"text": "预算未列明专项", "severity": "serious", "amount": "2000.00"},
    )
    assert r.status_code == 201 and r.json()["severity_display"] == "较重"
    fid = r.json()["id"]

    # The union rectifies, the committee re-checks; not the other way round.
    r = _post(c, f"{base}findings/{fid}/rectify/", {"text": "自己整改"})
    assert r.status_code == 400 and "经审" in r.json()["detail"]
    ch = token_login(chair)
    r = _post(ch, f"{base}findings/{fid}/rectify/", {"text": "已补列专项"})
    assert r.status_code == 200 and r.json()["state"] == "rectified"
    assert _post(ch, f"{base}findings/{fid}/recheck/", {"accepted": True}).status_code == 403
    r = _post(c, f"{base}findings/{fid}/recheck/", {"accepted": False})
    assert r.status_code == 400 and r.json()["field"] == "note"
    r = _post(c, f"{base}findings/{fid}/recheck/", {"accepted": True})
    assert r.status_code == 200 and r.json()["state"] == "closed"

    assert _post(c, f"{base}reviews/{rid}/opinion/", {"text": "预算编制合规。"}).status_code == 200
    r = _post(c, f"{base}reviews/{rid}/sign/", {"signers": ["王审计", "李委员"]})
    assert r.status_code == 200 and r.json()["state"] == "signed"
    assert [s["name"] for s in r.json()["signatures"]] == ["王审计", "李委员"]
    r = _post(c, f"{base}reviews/{rid}/opinion/", {"text": "改"})
    assert r.status_code == 400
    with unscoped():
        assert Review.objects.get(pk=rid).opinion == "预算编制合规。"

    r = c.get(f"{base}reviews/{rid}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = c.get(f"{base}reviews/", {"year": YEAR})
    assert r.status_code == 200 and [x["id"] for x in r.json()["results"]] == [rid]
    r = c.get(f"{base}findings/", {"open": "1"})
    assert r.status_code == 200 and r.json()["count"] == 0


def test_lists_settings_overrides_waiting_and_the_report(token_login, union, auditor, chair):
    review = make_review(union)
    make_finding(review)
    c, base = token_login(auditor), _base(union)
    assert c.get(f"{base}findings/").json()["count"] == 1
    r = c.get(f"{base}settings/")
    assert r.json() == {"periodic_per_year": 1, "departure_audit_required": True}
    r = _post(
        c,
        f"{base}settings/",
        {"periodic_per_year": 2, "departure_audit_required": False},
        method="put",
    )
    assert r.status_code == 200 and r.json()["periodic_per_year"] == 2
    assert c.get(f"{base}overrides/{YEAR}/").json() == []
    assert c.get(f"{base}waiting/").json() == []
    r = c.get(f"{base}report/{YEAR}/")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    assert any("经费收支情况" in p.text for p in doc.paragraphs)
    r = _post(
        token_login(chair),
        f"{base}settings/",
        {"periodic_per_year": 3, "departure_audit_required": True},
        method="put",
    )
    assert r.status_code == 403


def test_persona_cases(token_login, union, auditor):
    review = make_review(union)
    finding = make_finding(review)
    base = _base(union)
    reads = [
        "reviews/",
        f"reviews/{review.pk}/",
        "findings/",
        f"findings/{finding.pk}/",
        "waiting/",
        f"overrides/{YEAR}/",
        "settings/",
    ]
    for url in reads:
        assert token_login(auditor).get(base + url).status_code == 200, url
    stranger = holder("auditor", UnionFactory())
    for url in reads:
        assert token_login(stranger).get(base + url).status_code == 404, url
    cashier = holder("cashier", union)
    for url in reads:
        assert token_login(cashier).get(base + url).status_code == 403, url
    c = token_login(auditor)
    assert c.delete(f"{base}reviews/{review.pk}/").status_code == 405
    assert c.get(f"{base}findings/{finding.pk}/rectify/").status_code == 405
    assert _post(c, f"{base}findings/").status_code == 405
    # Another union's record under one's own code: not found.
    other = UnionFactory()
    foreign = make_finding(make_review(other))
    r = _post(
        token_login(holder("chair", union)), f"{base}findings/{foreign.pk}/rectify/", {"text": "x"}
    )
    assert r.status_code == 404
    with unscoped():
        assert Finding.objects.get(pk=foreign.pk).state == "open"


def test_the_report_text_is_read_and_kept_by_api(token_login, union, auditor, chair):
    c, base = token_login(auditor), _base(union)
    r = c.get(f"{base}report/{YEAR}/text/")
    assert r.status_code == 200 and r.json()["kept"] is False
    assert "经费收支情况" in r.json()["text"]  # the draft
    r = _post(c, f"{base}report/{YEAR}/text/", {"text": "经审会修改稿"}, method="put")
    assert r.status_code == 200 and r.json() == {"text": "经审会修改稿", "kept": True}
    assert c.get(f"{base}report/{YEAR}/text/").json()["text"] == "经审会修改稿"
    doc = Document(io.BytesIO(c.get(f"{base}report/{YEAR}/").content))
    assert any("经审会修改稿" in p.text for p in doc.paragraphs)
    r = _post(token_login(chair), f"{base}report/{YEAR}/text/", {"text": "x"}, method="put")
    assert r.status_code == 403
    assert token_login(chair).get(f"{base}report/{YEAR}/text/").status_code == 200
