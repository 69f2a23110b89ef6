"""Builders of the survey tests: a district with a sub-district (a nested upper union)
and three unions, members on their rolls, a committee, and a survey opened through the
services."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from gonghui.survey import services
from gonghui.survey.models import SurveyReport
from tests.factories import DistrictFactory, GroupFactory, MemberFactory, UnionFactory, UserFactory

YEAR = 2026  # the period 2025-10-01 – 2026-09-30
IN_PERIOD = dt.date(2026, 3, 1)
BEFORE = dt.date(2025, 9, 30)


@pytest.fixture
def district(db):
    return DistrictFactory()


@pytest.fixture
def subdistrict(district):
    return DistrictFactory(parent=district, name="测试街道总工会")


@pytest.fixture
def unions(district, subdistrict):
    """(甲 under the district, 乙 under the district, 丙 under the sub-district)."""
    return (
        UnionFactory(parent=district, name="甲学校工会", unit_type="school"),
        UnionFactory(parent=district, name="乙公司工会", unit_type="enterprise"),
        UnionFactory(parent=subdistrict, name="丙医院工会", unit_type="hospital"),
    )


@pytest.fixture
def reviewer(district):
    return UserFactory(roles=[("upper_staff", district)])


@pytest.fixture
def chair(unions):
    return UserFactory(roles=[("chair", unions[0])])


def add_members(union, *, men=0, women=0, migrant=0, joined_on=None):
    """Members on the roll of a group of `union`; with `joined_on`, a joining event each."""
    from gonghui.members.models import MembershipEvent

    with unscoped():
        group = GroupFactory(parent=union)
        made = [MemberFactory(org=group) for _ in range(men)]
        made += [MemberFactory(org=group, female=True) for _ in range(women)]
        made += [MemberFactory(org=group, member_type="migrant") for _ in range(migrant)]
        if joined_on:
            for m in made:
                MembershipEvent.objects.create(member=m, org=group, kind="joined", date=joined_on)
        return made


def add_committee(union, *, members=3, audit=True):
    from gonghui.orgs.models import CommitteeSeat, CommitteeTerm

    with unscoped():
        term = CommitteeTerm.objects.create(
            org=union, number=1, start_date=dt.date(2024, 1, 1), end_date=dt.date(2028, 12, 31)
        )
        positions = ["chair"] + ["member"] * (members - 1)
        for n, position in enumerate(positions):
            CommitteeSeat.objects.create(term=term, person_name=f"委员{n}", position=position)
        if audit:
            CommitteeSeat.objects.create(term=term, person_name="经审", position="audit_chair")


def open_survey(district, reviewer, **kwargs):
    with unscoped(), acting(user=reviewer):
        return services.survey_period_open(actor=reviewer, org=district, year=YEAR, **kwargs)


def report_for(period, union) -> SurveyReport:
    with unscoped():
        return SurveyReport.objects.select_related("period", "org").get(period=period, org=union)


GOOD_ENTRIES = {
    "staff": 50,
    "women_staff": 20,
    "fulltime_cadres": 1,
    "parttime_cadres": 5,
    "has_women_committee": 1,
    "has_legal_supervision": 0,
    "has_mediation": 1,
    "has_worker_director": 0,
}


def fill_and_submit(report, actor, **overrides):
    with unscoped(), acting(user=actor):
        report = services.survey_report_save(
            actor=actor, report=report, values={**GOOD_ENTRIES, **overrides}
        )
        return services.survey_report_submit(actor=actor, report=report)
