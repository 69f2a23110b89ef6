"""Builders of the awards tests: a school union with two groups, its chair, members with
logins, and rounds taken through the services to the stage a test needs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.awards import services
from gonghui.awards.models import AwardRound, Nomination
from gonghui.core.scoping import unscoped
from tests.factories import GroupFactory, MemberFactory, UnionFactory, member_with_login

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n%%EOF\n"


def png(name="photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def school(db):
    return UnionFactory(name="甲学校工会", unit_type="school")


@pytest.fixture
def groups(school):
    return GroupFactory(parent=school, name="语文组"), GroupFactory(parent=school, name="数学组")


@pytest.fixture
def chair(school, staff):
    return staff("chair", school)


@pytest.fixture
def teachers(groups):
    """Three members with logins (one woman) and two without."""
    g1, g2 = groups
    return [
        member_with_login(g1, name="王老师", female=True),
        member_with_login(g1, name="李老师"),
        member_with_login(g2, name="赵老师"),
        MemberFactory(org=g2, name="钱老师", female=True),
        MemberFactory(org=g2, name="孙老师"),
    ]


def make_round(union, who, *, kind="model_teacher", stage="draft", nominees=(), **data):
    """A round at `stage` (draft, open, review, publicity, decided), with `nominees`
    (members) nominated by `who` and, from review on, selected."""
    with unscoped(), acting(user=who):
        r = services.round_create(
            actor=who,
            org=union,
            data={"kind": kind, "quota": 3, "year": timezone.localdate().year, **data},
        )
        if stage == "draft":
            return r
        r = services.round_open(actor=who, round=r)
        for m in nominees:
            services.nomination_submit(
                actor=who,
                round=r,
                data={"member": m.pk, "story": f"{m.name}爱岗敬业，教书育人，成绩突出。"},
            )
        if stage == "open":
            return AwardRound.objects.get(pk=r.pk)
        r = services.round_close_nominations(actor=who, round=r)
        for n in Nomination.objects.filter(round=r):
            services.nomination_review(actor=who, nomination=n, selected=True, score="90")
        if stage == "review":
            return AwardRound.objects.get(pk=r.pk)
        start = timezone.localdate() - dt.timedelta(days=20)
        r = services.round_publicise(actor=who, round=r, start=start)
        if stage == "publicity":
            return AwardRound.objects.get(pk=r.pk)
        services.round_decide(actor=who, round=r, number="校工〔2026〕1号")
        return AwardRound.objects.get(pk=r.pk)


def fresh_publicity(union, who, nominees):
    """A round on 公示 from today (objections still allowed)."""
    r = make_round(union, who, stage="review", nominees=nominees)
    with unscoped(), acting(user=who):
        services.round_publicise(actor=who, round=r)
        return AwardRound.objects.get(pk=r.pk)
