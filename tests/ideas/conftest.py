"""Builders of the ideas tests: a union of their own (`home`) with two groups, a roll of
members in departments, a worker with a login, its committee, an upper union's staff and a
second union; ideas built through the services."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.scoping import unscoped

_n = itertools.count(1)


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 120, 10)).save(buf, "PNG")
    return buf.getvalue()


def photo(name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@dataclass
class Home:
    union: object
    g1: object
    g2: object
    worker: object  # a member with a login at g1, department 一车间
    colleague: object  # a member without a login at g1, department 一车间
    others: list  # more members (二车间 ×4, 质检部 ×3)
    chair: object
    cadre: object
    upper: object  # upper_staff at the district above
    other: object  # another union
    other_chair: object

    @property
    def base(self) -> str:
        return f"/o/{self.union.code}/ideas"

    @property
    def me(self) -> str:
        return f"/o/{self.g1.code}/ideas/me"

    @property
    def api(self) -> str:
        return f"/api/v1/orgs/{self.union.code}/ideas"

    def submit(self, **data):
        """An idea the worker submits (with `co_proposers` and `uploads` if given)."""
        from gonghui.ideas import services

        co = data.pop("co_proposers", ())
        uploads = data.pop("uploads", ())
        fields = {"title": f"金点子{next(_n)}", "text": "建议加装防护罩。", **data}
        with unscoped():
            return services.idea_submit(
                actor=self.worker.user,
                member=self.worker,
                data=fields,
                co_proposers=co,
                uploads=uploads,
            )

    def at(self, status: str, **data):
        """An idea taken through the cycle up to `status` by the chair."""
        from gonghui.ideas import services

        idea = self.submit(**data)
        steps = [
            "accepted",
            "sent",
            "answered",
            "adopted",
            "implementing",
            "verified",
            "rewarded",
            "closed",
        ]
        if status == "submitted":
            return idea
        if status == "not_accepted":
            with unscoped():
                return services.idea_decline(actor=self.chair, idea=idea, reason="已在计划中")
        with unscoped():
            for step in steps[: steps.index(status) + 1] if status in steps else []:
                do(step, idea, self.chair)
            if status in ("kept", "rejected"):
                do("accepted", idea, self.chair)
                services.idea_decide(
                    actor=self.chair,
                    idea=idea,
                    outcome="later" if status == "kept" else "reject",
                    reason="暂不具备条件",
                )
        return idea


def do(step: str, idea, actor):
    from decimal import Decimal

    from gonghui.ideas import services

    if step == "accepted":
        services.idea_accept(actor=actor, idea=idea)
    elif step == "sent":
        services.idea_send(actor=actor, idea=idea, department="设备部")
    elif step == "answered":
        services.idea_record_answer(actor=actor, idea=idea, answer="可行。")
    elif step == "adopted":
        services.idea_decide(actor=actor, idea=idea, outcome="adopt")
    elif step == "implementing":
        services.idea_implement(actor=actor, idea=idea, implementation="已安装。")
    elif step == "verified":
        services.idea_verify(
            actor=actor, idea=idea, value_created=Decimal("2.50"), verification="财务测算"
        )
    elif step == "rewarded":
        services.reward_record(actor=actor, idea=idea, amount=Decimal("300"))
    elif step == "closed":
        services.idea_close(actor=actor, idea=idea, feedback="谢谢！")


def build_home() -> Home:
    from tests.factories import (
        DistrictFactory,
        GroupFactory,
        MemberFactory,
        UnionFactory,
        UserFactory,
        member_with_login,
    )

    district = DistrictFactory()
    union = UnionFactory(parent=district)
    g1, g2 = GroupFactory(parent=union), GroupFactory(parent=union)
    worker = member_with_login(g1, department="一车间", name="王师傅")
    colleague = MemberFactory(org=g1, department="一车间", name="李师傅")
    others = [MemberFactory(org=g2, department="二车间") for _ in range(4)]
    others += [MemberFactory(org=g2, department="质检部") for _ in range(3)]
    other = UnionFactory(parent=district)
    MemberFactory(org=other, department="一车间")
    return Home(
        union=union,
        g1=g1,
        g2=g2,
        worker=worker,
        colleague=colleague,
        others=others,
        chair=UserFactory(roles=[("chair", union)]),
        cadre=UserFactory(roles=[("cadre", union)]),
        upper=UserFactory(roles=[("upper_staff", district)]),
        other=other,
        other_chair=UserFactory(roles=[("chair", other)]),
    )


@pytest.fixture
def home(db) -> Home:
    return build_home()


@pytest.fixture
def go_routes(settings):
    """The department's link routes, when the project's URLs do not mount them yet."""
    from django.urls import NoReverseMatch, clear_url_caches, reverse

    try:
        reverse("ideas_public:answer", kwargs={"token": "x" * 43})
        reverse("api-ideas-answer", kwargs={"token": "x" * 43})
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.ideas.urls_with_go"
        clear_url_caches()
    yield
    clear_url_caches()
