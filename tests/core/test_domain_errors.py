"""A refusal (DomainError) becomes words for the person at every door, without a try/except
in each view (#12)."""

from __future__ import annotations

import pytest
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
    from gonghui.activities.services import ActivityError
    from gonghui.aid.services import AidError
    from gonghui.democracy.services import DemocracyError
    from gonghui.funds.services import FundError
    from gonghui.openness.services import OpennessError
    from gonghui.orgs.services import OrgError
    from gonghui.plans.services import PlanError
    from gonghui.voting.services import VotingError
    from gonghui.welfare.services import WelfareError

    errors = [ActivityError, AidError, DemocracyError, FundError, MemberError, OpennessError]
    errors += [OrgError, PlanError, VotingError, WelfareError]
    for cls in errors:
        assert issubclass(cls, DomainError), cls


def test_the_api_answers_400_with_the_message_and_the_field():
    response = exception_handler(MemberError("此人仍是会员。", field="status"), {})
    assert response.status_code == 400
    assert response.data == {"detail": "此人仍是会员。", "field": "status"}
    assert exception_handler(DomainError("不行"), {}).data == {"detail": "不行", "field": None}


@org_view("members.lifecycle:write", methods=("POST",))
def _refusing_button(request, org_code):
    raise MemberError("只有申请中的会员可以批准。")


def test_a_page_action_shows_the_refusal_on_the_page_it_came_from(user):
    request = RequestFactory().post(
        "/o/S0001/members/1/approve/", HTTP_REFERER="http://testserver/o/S0001/members/1/"
    )
    request.user = user("school_chair")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.access = resolve_access(request.user, "S0001")
    request.org = request.access.org
    response = _refusing_button(request, org_code="S0001")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/o/S0001/members/1/"
    assert [m.message for m in get_messages(request)] == ["只有申请中的会员可以批准。"]


def test_a_foreign_referer_is_not_followed(user):
    request = RequestFactory().post(
        "/o/S0001/members/1/approve/", HTTP_REFERER="https://evil.example/"
    )
    request.user = user("school_chair")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.access = resolve_access(request.user, "S0001")
    request.org = request.access.org
    response = _refusing_button(request, org_code="S0001")
    assert response["Location"] == "/o/S0001/"
