from __future__ import annotations

from types import SimpleNamespace

import pytest

from gonghui.core.scoping import ScopeError, no_scope, scope, unscoped
from gonghui.orgs.models import CommitteeSeat, Organisation, OrgKind, Position
from tests.factories import DistrictFactory, GroupFactory, UnionFactory
from tests.orgs.factories import make_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(staff):
    """A district with a hospital union (two branches with groups, a group of its own), a
    school union with three groups and a factory union with a group; each union has a
    committee."""
    t = SimpleNamespace()
    t.district = DistrictFactory()
    t.hospital = UnionFactory(parent=t.district)
    b1 = GroupFactory(parent=t.hospital, kind=OrgKind.BRANCH)
    b2 = GroupFactory(parent=t.hospital, kind=OrgKind.BRANCH)
    t.hospital_tree = {
        t.hospital,
        b1,
        GroupFactory(parent=b1),
        GroupFactory(parent=b1),
        b2,
        GroupFactory(parent=b2),
        GroupFactory(parent=t.hospital),
    }
    t.school = UnionFactory(parent=t.district)
    t.school_groups = [GroupFactory(parent=t.school) for _ in range(3)]
    t.factory = UnionFactory(parent=t.district)
    GroupFactory(parent=t.factory)
    for union in (t.hospital, t.school, t.factory):
        make_term(union, staff("chair", union), seats=[("主席", Position.CHAIR, "")])
    return t


def test_it_refuses_a_query_without_scope():
    with no_scope(), pytest.raises(ScopeError):
        list(Organisation.objects.all())


def test_a_scope_covers_the_node_and_its_descendants_only(tree):
    hospital = tree.hospital
    with scope(hospital):
        codes = set(Organisation.objects.values_list("code", flat=True))
        seats = set(CommitteeSeat.objects.values_list("term__org__code", flat=True))
    assert codes == {o.code for o in tree.hospital_tree}
    assert seats == {hospital.code}


def test_unscoped_sees_the_whole_platform(tree):
    with unscoped():
        codes = [tree.school.code, tree.factory.code]
        assert Organisation.objects.filter(code__in=codes).count() == 2


def test_reverse_relations_are_scoped_too(tree):
    school, factory = tree.school, tree.factory
    with unscoped():
        assert factory.terms.count() == 1
    with scope(school):
        assert factory.terms.count() == 0
        assert school.terms.count() == 1


def test_reaching_reads_the_node_its_subtree_and_its_ancestors_only(tree):
    group = tree.school_groups[1]
    with no_scope():
        codes = set(Organisation.objects.reaching(group).values_list("code", flat=True))
    # Above: the school's union and the district; below: nothing; beside: nothing.
    assert codes == {group.code, tree.school.code, tree.district.code}
    union = tree.school
    with no_scope():
        below = set(Organisation.objects.reaching(union).values_list("code", flat=True))
    assert {union.code, tree.district.code, group.code} <= below
    assert not any(code.startswith((tree.factory.code, tree.hospital.code)) for code in below)


def test_everywhere_needs_a_reason_and_crosses_every_scope(tree):
    with scope(tree.school):
        assert Organisation.objects.everywhere(why="test").filter(code=tree.factory.code).exists()
        with pytest.raises(AssertionError):
            Organisation.objects.everywhere(why="")


def test_locked_reads_the_row_again(union):
    from gonghui.core.scoping import locked

    with no_scope():
        again = locked(union)
    assert again.pk == union.pk and again is not union


def test_by_listed_orgs_reads_the_same_rows_as_the_scope(tree):
    from gonghui.members.models import Member
    from tests.factories import MemberFactory

    inside = [MemberFactory(org=o) for o in sorted(tree.hospital_tree, key=lambda o: o.pk)]
    MemberFactory(org=tree.school_groups[0])  # outside the hospital
    with scope(tree.hospital):
        listed = set(Member.objects.by_listed_orgs().values_list("pk", flat=True))
        joined = set(Member.objects.values_list("pk", flat=True))
    assert listed == joined == {m.pk for m in inside}
    with no_scope(), pytest.raises(ScopeError):
        list(Member.objects.by_listed_orgs())
