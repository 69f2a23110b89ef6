"""Factories for the core records, so a test builds what it needs instead of reading the demo.

    union = UnionFactory()                         # a grassroots union under a new district
    group = GroupFactory(parent=union)
    chair = UserFactory(roles=[("chair", union)])
    member = MemberFactory(org=group)              # a valid ID number, birth date and sex

Every factory writes with the whole platform in scope (as set-up code does) and as the
"system" actor, so audit entries are written as for any other change. The demo data stays
for the scoping matrix and the browser tests, which need a whole year of a real union.
"""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from gonghui.accounts.models import RoleAssignment, User
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from gonghui.members.idcard import check_char
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation, OrgKind

_serial = itertools.count(1)


class _PlatformFactory(factory.django.DjangoModelFactory):
    """Creates through the model's save(), with the platform in scope and a system actor."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with unscoped(), acting(source="system"):
            obj = model_class(*args, **kwargs)
            obj.save()
            return obj


class DistrictFactory(_PlatformFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"测试区总工会{n}")
    kind = OrgKind.UPPER


class UnionFactory(_PlatformFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"测试基层工会{n}")
    kind = OrgKind.GRASSROOTS
    parent = factory.SubFactory(DistrictFactory)
    unit_name = factory.LazyAttribute(lambda o: o.name.replace("工会", "单位"))


class GroupFactory(_PlatformFactory):
    class Meta:
        model = Organisation

    code = factory.LazyAttribute(lambda o: f"{o.parent.code}-G{next(_serial):02d}")
    name = factory.Sequence(lambda n: f"第{n}工会小组")
    kind = OrgKind.GROUP
    parent = factory.SubFactory(UnionFactory)


def id_number(birth: dt.date, *, female: bool = False) -> str:
    """A valid 18-digit ID number (GB 11643) for the birth date and sex."""
    serial = (next(_serial) % 400) * 2 + (0 if female else 1)
    first17 = f"110105{birth:%Y%m%d}{serial:03d}"
    return first17 + check_char(first17)


class MemberFactory(_PlatformFactory):
    class Meta:
        model = Member

    class Params:
        female = False
        birth = dt.date(1985, 6, 15)

    org = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"会员{n}")
    sex = factory.LazyAttribute(lambda o: "female" if o.female else "male")
    birth_date = factory.LazyAttribute(lambda o: o.birth)
    id_number = factory.LazyAttribute(lambda o: id_number(o.birth, female=o.female))
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    status = "active"
    joined_on = dt.date(2010, 3, 1)


class UserFactory(_PlatformFactory):
    """A login; `roles=[("chair", union), ...]` grants roles at organisations."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "Gonghui@2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        with unscoped(), acting(source="system"):
            self.save()
            for role, org in extracted or ():
                RoleAssignment.objects.create(user=self, org=org, role=role)


def member_with_login(org: Organisation, **fields) -> Member:
    """A member who has activated a login (the "member" role at their group, as activation grants)."""
    who = UserFactory(roles=[("member", org)])
    return MemberFactory(org=org, user=who, **fields)
