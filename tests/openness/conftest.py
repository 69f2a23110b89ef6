"""Factories of the openness tests: notices of a demo unit in any state."""

from __future__ import annotations

import datetime as dt
import itertools
from email.message import Message

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.api.conftest import token_client  # noqa: F401 - a fixture for the API tests

_n = itertools.count(1)

# The pages of the union's cadres, and of a member at one of its groups.
BASE = "/o/S0001/openness"
ME = "/o/S0001-G01/openness"


def unit(code: str = "S0001"):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code)


def person(username: str):
    from gonghui.accounts.models import User

    with unscoped():
        return User.objects.get(username=username)


def make_notice(
    code: str = "S0001",
    *,
    status: str = "draft",
    item_code: str = "",
    period: str = "year",
    period_year: int = 2031,
    published_on: dt.date | None = None,
    drafter: str = "school_cadre",
    **fields,
):
    """A notice of `code` written straight into the database in the state asked for."""
    from gonghui.openness.models import Notice

    data = {
        "title": f"测试公开{next(_n)}",
        "body": "公开内容",
        "category": "other",
        **fields,
    }
    if status in ("approved", "published", "withdrawn"):
        data.setdefault("approved_by", person("school_chair"))
        data.setdefault("approved_on", published_on or dt.date.today())
    if status in ("published", "withdrawn"):
        published_on = published_on or dt.date.today()
    with unscoped(), acting(source="system"):
        n = Notice(
            org=unit(code),
            status=status,
            item_code=item_code,
            period=period,
            period_year=period_year,
            published_on=published_on,
            created_by=person(drafter) if drafter else None,
            **data,
        )
        n.save()
        return Notice._base_manager.select_related("org").get(pk=n.pk)


def make_question(
    notice, *, asker: str = "member", asked_on=None, answer: str = "", answered_on=None
):
    from gonghui.openness.models import Question

    with unscoped(), acting(source="system"):
        q = Question(
            notice=notice,
            asked_by=person(asker),
            text="请问具体标准是什么？",
            asked_on=asked_on or dt.date.today(),
            answer=answer,
            answered_on=answered_on,
        )
        q.save()
        return q


def fresh(notice):
    from gonghui.openness.models import Notice

    with unscoped():
        return Notice.objects.get(pk=notice.pk)


def with_file(notice):
    """An attachment added to `notice` through the service (a PDF)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.core.scoping import scope
    from gonghui.openness import services

    with scope(notice.org), acting(source="system"):
        return services.file_add(
            actor=None, notice=notice, upload=SimpleUploadedFile("附表.pdf", b"%PDF-1.4 demo")
        )


def download_name(response) -> tuple[str, str]:
    """(disposition, file name) of a download, the name decoded as a browser does
    (RFC 5987 `filename*=utf-8''…` or a quoted ASCII name)."""
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    return header.get_content_disposition(), header.get_filename()
