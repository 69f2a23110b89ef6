"""Shared fixtures: the demo data set and its personas, one per role.

The demo is loaded once into the test database; each test runs in a transaction that is
rolled back, so tests see the same union in the middle of its year. Tests that need real
transactions (browsers, concurrency) reload it through the `demo` fixture.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from gonghui.core.scoping import unscoped


def _ensure_demo():
    from gonghui.orgs.models import Organisation

    with unscoped():
        if not Organisation.objects.filter(code="D0001").exists():
            call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _ensure_demo()


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def demo(db):
    _ensure_demo()


@pytest.fixture
def platform():
    """Run the test body with the whole platform in scope (for set-up and assertions)."""
    with unscoped():
        yield


@pytest.fixture
def org(platform):
    from gonghui.orgs.models import Organisation

    def get(code):
        return Organisation.objects.get(code=code)

    return get


@pytest.fixture
def user(platform):
    from gonghui.accounts.models import User

    def get(username):
        return User.objects.get(username=username)

    return get


@pytest.fixture
def client_for(db, demo):
    """A logged-in test client for a demo persona: client_for("school_chair")."""
    from gonghui.accounts.models import User

    def make(username: str) -> Client:
        with unscoped():
            u = User.objects.get(username=username)
        c = Client()
        c.force_login(u)
        return c

    return make


def audit_count() -> int:
    from gonghui.audit.models import AuditEntry

    with unscoped():
        return AuditEntry.objects.count()


@pytest.fixture
def make_plan(org, user):
    """make_plan("S0001", ["task a", ("task b", {"months": [3]})], accept=True)"""
    from gonghui.audit.context import acting
    from gonghui.core.scoping import scope
    from gonghui.plans import services

    def make(code="S0001", tasks=(), *, year=2031, accept=False, actor="school_chair"):
        union = org(code)
        who = user(actor)
        with scope(union), acting(user=who):
            plan = services.plan_create(
                actor=who, org=union, year=year, title=f"{year}年工会工作计划"
            )
            for item in tasks:
                text, data = (item, {}) if isinstance(item, str) else item
                services.task_create(actor=who, plan=plan, data={"text": text, **data})
            if accept:
                services.plan_accept(actor=who, plan=plan)
        return plan

    return make
