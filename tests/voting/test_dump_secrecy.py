"""A database dump taken while a ballot is open cannot pair a voter with a vote (issue #11,
finding 5; docs/ballot-secrecy.md).

Ten representatives vote with distinct choices, each in their own committed transaction,
then `pg_dump --data-only` is run against the test database (the README's daily backup)
while the ballot is still open, and again after the close. From the dumps and from the
system columns (xmin, ctid) we check what an operator holding them can learn:

- while open, no row holds anything readable of a vote: no choices, no receipt hash; the
  only rows written together with a participation (same xmin) are sealed papers, all of
  the same length, whose content opens only with the server's SECRET_KEY;
- after the close, the papers share no transaction id with any participation or sealed
  paper, no id or bytes with the sealed papers of the earlier dump, and their order in the
  dump is not the order of voting;
- no row of these tables carries a time finer than the day.

PostgreSQL only (the dump and the system columns are PostgreSQL's); the data must be
committed for pg_dump to see it, hence a transactional test, as in test_concurrency.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from gonghui.core.scoping import unscoped
from gonghui.voting import sealing, services
from gonghui.voting.models import (
    SealedResponse,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and the system columns xmin/ctid are PostgreSQL's; "
        "run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]

VOTERS = 10
TABLES = (
    "voting_participation",
    "voting_sealedpaper",
    "voting_ballotpaper",
    "voting_evaluationparticipation",
    "voting_sealedresponse",
    "voting_evaluationresponse",
)
FINER_THAN_A_DAY = re.compile(r"\d{1,2}:\d{2}(:\d{2})?")


@pytest.fixture
def office(transactional_db):
    """A union of its own and its chair, who runs the ballot."""
    from types import SimpleNamespace

    from tests.factories import UnionFactory, UserFactory

    union = UnionFactory()
    return SimpleNamespace(union=union, chair=UserFactory(roles=[("chair", union)]))


@pytest.fixture
def reps(transactional_db):
    User = get_user_model()
    with unscoped():
        User._base_manager.bulk_create(
            [User(username=f"dumpvoter{i:02d}", display_name=f"代表{i}") for i in range(VOTERS)]
        )
        return list(User._base_manager.filter(username__startswith="dumpvoter").order_by("pk"))


def pg_dump() -> dict[str, list[dict[str, str]]]:
    """`pg_dump --data-only` of the whole test database, as the backup would take it: the
    rows of each voting table in the dump's order, as {column: text}; plus "" -> the raw
    text of the whole dump under the key "text"."""
    db = connection.settings_dict
    cmd = ["pg_dump", "--data-only", "--no-owner", "-d", db["NAME"]]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            cmd += [flag, str(db[key])]
    env = {"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {}
    out = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        cmd, capture_output=True, text=True, check=True, env={**_env(), **env}
    ).stdout
    tables: dict[str, list[dict[str, str]]] = {"": [{"text": out}]}
    for table in TABLES:
        block = re.search(
            rf"^COPY public\.{table} \((.*?)\) FROM stdin;\n(.*?)^\\\.$", out, re.S | re.M
        )
        assert block, f"{table} missing from the dump"
        columns = block.group(1).split(", ")
        tables[table] = [
            dict(zip(columns, line.split("\t"), strict=True))
            for line in block.group(2).splitlines()
        ]
    return tables


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PGSSLMODE")}


def system_columns(table: str, where: str, value) -> list[tuple[str, str]]:
    """(xmin, ctid) of the rows, as a superuser sees them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text, ctid::text FROM {table} WHERE {where} = %s ORDER BY ctid",  # noqa: S608
            [value],
        )
        return cursor.fetchall()


def _ballot(reps, office):
    from gonghui.audit.context import acting

    chair = office.chair
    with unscoped(), acting(user=chair):
        ballot = services.ballot_create(
            actor=chair,
            org=office.union,
            title="职代会表决（备份保密测试）",
            items=[{"text": "议题一"}, {"text": "议题二"}, {"text": "议题三"}],
            electorate_user_ids=[u.pk for u in reps],
            total_electorate=VOTERS,
        )
        return services.ballot_open(actor=chair, ballot=ballot), chair


def test_a_dump_while_the_ballot_is_open_cannot_pair_voters_with_votes(reps, office):
    ballot, chair = _ballot(reps, office)
    item_ids = [str(i.pk) for i in ballot.items.model._base_manager.filter(ballot=ballot)]
    marks = list(itertools.product(("yes", "no", "abstain"), repeat=3))[::2][:VOTERS]
    votes = []  # (voter, choices, receipt) in the order of voting
    for rep, mark in zip(reps, marks, strict=True):
        choices = dict(zip(item_ids, mark, strict=True))
        with unscoped():  # one committed transaction per vote (autocommit outside atomic)
            code = services.vote_cast(voter_user=rep, ballot=ballot, choices=choices)
        votes.append((rep, choices, code))
    assert len({json.dumps(c, sort_keys=True) for _r, c, _code in votes}) == VOTERS
    hashes = [services.receipt_hash(ballot, code) for _r, _c, code in votes]

    dump = pg_dump()
    text = dump[""][0]["text"]

    # Nothing readable of any vote anywhere in the dump, in any table.
    assert not dump["voting_ballotpaper"]
    for (_rep, choices, code), h in zip(votes, hashes, strict=True):
        assert h not in text and code not in text
        for encoded in (json.dumps(choices), sealing.encode(choices).decode()):
            assert encoded not in text
    # The participations say who voted and on which day, never a time.
    voted = [
        r
        for r in dump["voting_participation"]
        if r["ballot_id"] == str(ballot.pk) and r["voted_on"] != "\\N"
    ]
    assert len(voted) == VOTERS
    for table in TABLES:
        for row in dump[table]:
            assert not FINER_THAN_A_DAY.search("\t".join(row.values())), (table, row)

    # What shares a transaction with a participation: a sealed paper, nothing readable.
    part_xmins = {x for x, _ in system_columns("voting_participation", "ballot_id", ballot.pk)}
    sealed_rows = [r for r in dump["voting_sealedpaper"] if r["ballot_id"] == str(ballot.pk)]
    assert len(sealed_rows) == VOTERS
    blobs = [bytes.fromhex(r["sealed"].removeprefix("\\\\x")) for r in sealed_rows]
    assert len({len(b) for b in blobs}) == 1  # "no" and "abstain" seal to the same length
    assert not {x for x, _ in system_columns("voting_ballotpaper", "ballot_id", ballot.pk)}
    assert {x for x, _ in system_columns("voting_sealedpaper", "ballot_id", ballot.pk)} <= (
        part_xmins
    )
    # The votes are in there, but only the server's key opens them.
    label = services._ballot_label(ballot)
    assert sorted(json.dumps(sealing.unseal(label, b)["c"], sort_keys=True) for b in blobs) == (
        sorted(json.dumps(c, sort_keys=True) for _r, c, _code in votes)
    )

    # The close: papers written by one later transaction, in a random order, new ids.
    with unscoped():
        services.ballot_close(actor=chair, ballot=ballot)
    after = pg_dump()
    papers = [r for r in after["voting_ballotpaper"] if r["ballot_id"] == str(ballot.pk)]
    assert not [r for r in after["voting_sealedpaper"] if r["ballot_id"] == str(ballot.pk)]
    dumped_hashes = [r["receipt_hash"] for r in papers]
    assert sorted(dumped_hashes) == sorted(hashes)
    assert dumped_hashes != hashes  # not in the order of voting (1 chance in 10! to fail)
    paper_xmins = {x for x, _ in system_columns("voting_ballotpaper", "ballot_id", ballot.pk)}
    assert len(paper_xmins) == 1 and not paper_xmins & part_xmins
    # Nothing carried over from the sealed papers of the dump taken while open.
    sealed_ids = {r["id"] for r in sealed_rows}
    assert not sealed_ids & {r["id"] for r in papers}
    for blob in blobs:
        assert blob.hex() not in after[""][0]["text"]
    # Receipts still verify once published, and the tally is the votes'.
    with unscoped():
        services.ballot_publish(actor=chair, ballot=ballot)
        for _rep, choices, code in votes:
            assert services.receipt_verify(ballot=ballot, code=code).choices == choices


def test_a_dump_while_an_evaluation_is_open_cannot_pair_voters_with_answers(reps, office):
    from gonghui.audit.context import acting

    chair = office.chair
    with unscoped(), acting(user=chair):
        form = services.evaluation_create(
            actor=chair,
            org=office.union,
            title="领导班子民主测评（备份保密测试）",
            subjects=[{"name": "李红梅", "title": "工会主席"}],
            items=["德", "能"],
            scale="scores",
            electorate_user_ids=[u.pk for u in reps],
        )
        form = services.evaluation_open(actor=chair, form=form)
    (subject,) = form.subjects.model._base_manager.filter(form=form)
    item_ids = [str(i.pk) for i in form.items.model._base_manager.filter(form=form)]
    answers = []  # in the order of answering; scores 1..10 give sheets of different lengths
    for n, rep in enumerate(reps):
        sheet = {str(subject.pk): {item_ids[0]: n + 1, item_ids[1]: VOTERS - n}}
        with unscoped():
            services.evaluation_respond(voter_user=rep, form=form, answers=sheet)
        answers.append(sheet)

    dump = pg_dump()
    text = dump[""][0]["text"]
    assert not [r for r in dump["voting_evaluationresponse"] if r["form_id"] == str(form.pk)]
    for sheet in answers:
        assert json.dumps(sheet) not in text and sealing.encode(sheet).decode() not in text
    for table in TABLES:
        for row in dump[table]:
            assert not FINER_THAN_A_DAY.search("\t".join(row.values())), (table, row)
    sealed_rows = [r for r in dump["voting_sealedresponse"] if r["form_id"] == str(form.pk)]
    blobs = [bytes.fromhex(r["sealed"].removeprefix("\\\\x")) for r in sealed_rows]
    assert len(blobs) == VOTERS and len({len(b) for b in blobs}) == 1  # "1" as long as "10"
    part_xmins = {
        x for x, _ in system_columns("voting_evaluationparticipation", "form_id", form.pk)
    }
    assert {x for x, _ in system_columns("voting_sealedresponse", "form_id", form.pk)} <= (
        part_xmins
    )

    with unscoped():
        services.evaluation_close(actor=chair, form=form)
    after = pg_dump()
    rows = [r for r in after["voting_evaluationresponse"] if r["form_id"] == str(form.pk)]
    dumped = [json.loads(r["answers"]) for r in rows]
    assert sorted(map(json.dumps, dumped)) == sorted(map(json.dumps, answers))
    assert dumped != answers  # not in the order of answering
    assert not {r["id"] for r in sealed_rows} & {r["id"] for r in rows}
    response_xmins = {x for x, _ in system_columns("voting_evaluationresponse", "form_id", form.pk)}
    assert len(response_xmins) == 1 and not response_xmins & part_xmins
    assert not SealedResponse._base_manager.filter(form=form).exists()
