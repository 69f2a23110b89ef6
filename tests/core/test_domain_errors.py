"""A refusal (DomainError) becomes words for the person at every door, without a try/except
in each view (#12)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from gonghui.accounts.access import resolve_access
from gonghui.api.errors import exception_handler
from gonghui.core.decorators import org_view
from gonghui.core.errors import DomainError
from gonghui.members.services import MemberError

pytestmark = pytest.mark.django_db


def test_every_apps_error_is_a_domain_error():
    """Every exception class a services module defines (the modules built later too)."""
    found = []
    for app in apps.get_app_configs():
        if not app.name.startswith("gonghui."):
            continue
        for path in sorted(Path(app.path).rglob("services*.py")):
            dotted = ".".join(path.relative_to(Path(app.path).parent.parent).with_suffix("").parts)
            module = importlib.import_module(dotted)
            for value in vars(module).values():
                is_error = isinstance(value, type) and issubclass(value, Exception)
                if is_error and value.__module__ == module.__name__:
                    found.append(value)
    names = {cls.__name__ for cls in found}
    assert {"MemberError", "OrgError", "RoleError", "TokenError", "WelfareError"} <= names
    assert [cls for cls in found if not issubclass(cls, DomainError)] == []


def test_the_api_answers_400_with_the_message_and_the_field():
    response = exception_handler(MemberError("此人仍是会员。", field="status"), {})
    assert response.status_code == 400
    assert response.data == {"detail": "此人仍是会员。", "field": "status"}
    assert exception_handler(DomainError("不行"), {}).data == {"detail": "不行", "field": None}


@org_view("members.lifecycle:write", methods=("POST",))
def _refusing_button(request, org_code):
    raise MemberError("只有申请中的会员可以批准。")


def test_a_page_action_shows_the_refusal_on_the_page_it_came_from(union, staff, platform):
    code = union.code
    request = RequestFactory().post(
        f"/o/{code}/members/1/approve/", HTTP_REFERER=f"http://testserver/o/{code}/members/1/"
    )
    request.user = staff("chair", union)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.access = resolve_access(request.user, code)
    request.org = request.access.org
    response = _refusing_button(request, org_code=code)
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver/o/{code}/members/1/"
    assert [m.message for m in get_messages(request)] == ["只有申请中的会员可以批准。"]


def test_a_foreign_referer_is_not_followed(union, staff, platform):
    code = union.code
    request = RequestFactory().post(
        f"/o/{code}/members/1/approve/", HTTP_REFERER="https://evil.example/"
    )
    request.user = staff("chair", union)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.access = resolve_access(request.user, code)
    request.org = request.access.org
    response = _refusing_button(request, org_code=code)
    assert response["Location"] == f"/o/{code}/"
