"""Secret ballots are secret: after votes cast through the page and the API, no row of ANY
table of the database (every model, the audit log, sessions, the cache table, tokens ...)
holds both something identifying a voter and something of what they voted; and nothing
of the votes reaches the logs."""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import pickle

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import ApiToken, RoleAssignment, User
from gonghui.voting import services
from gonghui.voting.models import (
    BallotPaper,
    EvaluationParticipation,
    EvaluationResponse,
    Participation,
    SealedPaper,
    SealedResponse,
)

pytestmark = pytest.mark.django_db


def test_the_paper_tables_cannot_name_a_voter_or_a_moment():
    for model in (BallotPaper, EvaluationResponse, SealedPaper, SealedResponse):
        for f in model._meta.concrete_fields:
            assert not f.is_relation or f.related_model.__name__ in ("Ballot", "EvaluationForm"), f
            assert f.get_internal_type() not in ("DateTimeField", "DateField", "TimeField"), f
            assert f.get_internal_type() not in ("AutoField", "BigAutoField"), f
        assert model._meta.pk.get_internal_type() == "UUIDField"
    for model in (Participation, EvaluationParticipation):
        types = {f.get_internal_type() for f in model._meta.concrete_fields}
        assert "JSONField" not in types and "DateTimeField" not in types
        # Not audited per row: an audited save would log the voter with the values.
        assert not hasattr(model, "audit_action")


def _decoded_rows(table: str, cursor) -> list[tuple[list[str], list]]:
    """(column names, values) per row, with sessions and cache values decoded."""
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
    cols = [c[0] for c in cursor.description]
    out = []
    for row in cursor.fetchall():
        values = list(row)
        if table == "django_session":
            values.append(
                json.dumps(SessionStore().decode(row[cols.index("session_data")]), default=str)
            )
        if table == "gonghui_cache":
            # An undecodable cache value keeps its raw text only.
            with contextlib.suppress(Exception):
                values.append(repr(pickle.loads(base64.b64decode(row[cols.index("value")]))))  # noqa: S301
        out.append((cols, values))
    return out


def _user_columns(table: str, cursor) -> list[str]:
    relations = connection.introspection.get_relations(cursor, table)
    return [
        col
        for col, (_other_col, other_table) in relations.items()
        if other_table == User._meta.db_table
    ]


def test_no_table_links_a_voter_to_a_choice(voters, make_ballot, make_evaluation, home, caplog):
    caplog.set_level(logging.DEBUG)
    reps = voters(4, prefix="secretvoter")
    with_roles = []
    for rep in reps:
        RoleAssignment.objects.get_or_create(user=rep, org=home.union, role="member")
        rep.display_name = f"匿名测试{rep.pk}"
        rep.save()
        with_roles.append(rep)
    ballot = make_ballot(reps, items=[{"text": "议题甲"}, {"text": "议题乙"}])
    form = make_evaluation(reps)
    ids = [i.pk for i in ballot.items.all()]
    receipts = []
    # Two vote through the page (session login), two through the API (token).
    marks = [("yes", "no"), ("abstain", "yes"), ("no", "no"), ("yes", "abstain")]
    for n, rep in enumerate(reps):
        if n < 2:
            c = Client()
            c.force_login(rep)
            url = reverse(
                "voting:vote", kwargs={"org_code": home.union.code, "ballot_id": ballot.pk}
            )
            resp = c.post(url, {f"item-{i}": m for i, m in zip(ids, marks[n], strict=True)})
            assert resp.status_code == 200
            receipts.append(resp.context["receipt"])
            answer = {
                f"answer-{s.pk}-{i.pk}": "competent" if n else "excellent"
                for s in form.subjects.all()
                for i in form.items.all()
            }
            url = reverse(
                "voting:answer", kwargs={"org_code": home.union.code, "evaluation_id": form.pk}
            )
            assert c.post(url, answer).status_code == 200
        else:
            key = ApiToken.objects.issue(rep, name="test")[1]
            c = Client(HTTP_AUTHORIZATION=f"Token {key}")
            url = reverse(
                "api-voting-vote", kwargs={"org_code": home.union.code, "ballot_id": ballot.pk}
            )
            resp = c.post(
                url,
                {"choices": dict(zip(map(str, ids), marks[n], strict=True))},
                content_type="application/json",
            )
            assert resp.status_code == 201, resp.content
            receipts.append(resp.json()["receipt"])
            url = reverse(
                "api-voting-answer", kwargs={"org_code": home.union.code, "evaluation_id": form.pk}
            )
            answers = {
                str(s.pk): {str(i.pk): "basic" for i in form.items.all()}
                for s in form.subjects.all()
            }
            resp = c.post(url, {"answers": answers}, content_type="application/json")
            assert resp.status_code == 201, resp.content
    chair = home.chair
    services.ballot_close(actor=chair, ballot=ballot)
    services.evaluation_close(actor=chair, form=form)

    papers = list(BallotPaper._base_manager.filter(ballot=ballot))
    responses = list(EvaluationResponse._base_manager.filter(form=form))
    assert len(papers) == 4 and len(responses) == 4
    # What a vote is: the paper's id, receipt code and hash, its choices as stored.
    choice_markers = set(receipts) | {r.replace("-", "") for r in receipts}
    for p in papers:
        choice_markers |= {
            str(p.pk),
            p.pk.hex,
            p.receipt_hash,
            json.dumps(p.choices),
            json.dumps(p.choices, separators=(",", ":")),
        }
    for r in responses:
        choice_markers |= {str(r.pk), r.pk.hex}
    choice_markers |= {json.dumps(r.answers) for r in responses}
    voter_ids = {rep.pk for rep in reps}
    voter_names = {rep.username for rep in reps} | {rep.display_name for rep in reps}

    checked_tables = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            user_cols = _user_columns(table, cursor)
            for cols, values in _decoded_rows(table, cursor):
                text = " ".join(str(v) for v in values)
                names_voter = any(name in text for name in voter_names) or any(
                    values[cols.index(c)] in voter_ids for c in user_cols
                )
                if table == "django_session":
                    names_voter = names_voter or any(f'"{i}"' in text for i in map(str, voter_ids))
                if not names_voter:
                    continue
                leaked = [m for m in choice_markers if m in text]
                assert not leaked, f"{table} row links a voter to a vote: {leaked}"
                # A voter's row must not carry choice words either (e.g. an audit entry).
                if table not in ("voting_participation", "voting_evaluationparticipation"):
                    for word in ('"yes"', '"abstain"', '"excellent"', '"competent"', '"basic"'):
                        assert word not in text, f"{table} row of a voter holds {word}"
            checked_tables += 1
    assert checked_tables > 30

    # The participation rows say only that they voted, on which day, and whether on a paper
    # handed to them (a mixed ballot: the paper counts are entered as totals, never per person).
    rows = list(Participation._base_manager.filter(ballot=ballot).values())
    assert {tuple(sorted(r)) for r in rows} == {
        ("ballot_id", "id", "on_paper", "user_id", "voted_on")
    }
    assert all(r["voted_on"] is not None for r in rows)
    # Nothing of the votes in the logs.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [m for m in choice_markers if m in logged]
    assert "abstain" not in logged
