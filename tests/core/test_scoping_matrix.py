"""The scoping matrix: every organisation URL and API endpoint × every role of the demo.

For each demo persona and each URL pattern that takes an organisation code it proves:
- under the code of an organisation the persona holds no role in, every method answers 404;
- under the persona's own organisation code, object ids belonging to a foreign
  organisation never succeed (404, or 403/405 before the lookup);
- no page or endpoint the persona can read shows the name of an organisation outside
  what its roles cover (or their ancestors);
- nothing was written: every table of the project is unchanged afterwards.

A URL keyword argument the test does not know fails the test, so a new module must tell
it which model its ids belong to (OBJECT_KWARGS).
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.accounts.models import ApiToken, RoleAssignment, User
from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.demo import ACCOUNTS
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm, Organisation

from . import foreign_records

pytestmark = pytest.mark.django_db

# URL keyword → (model, lookup from the model to its organisation)
OBJECT_KWARGS: dict[str, tuple[str, str]] = {
    "term_id": ("orgs.CommitteeTerm", "org"),
    "seat_id": ("orgs.CommitteeSeat", "term__org"),
    "entry_id": ("audit.AuditEntry", "org"),
    "assignment_id": ("accounts.RoleAssignment", "org"),
    "batch_id": ("imports.ImportBatch", "org"),
    "member_id": ("members.Member", "org"),
    "transfer_id": ("members.Transfer", "from_org"),
    "request_id": ("members.ChangeRequest", "org"),
    "activity_id": ("activities.Activity", "org"),
    "signup_id": ("activities.Signup", "activity__org"),
    "file_id": ("activities.ActivityFile", "activity__org"),
}
# URL keywords that are not object ids: every value the URL accepts is tried.
VALUE_KWARGS: dict[str, list[str]] = {
    "decision": ["accept", "refuse"],
    "action": ["approve", "reject", "retire", "restore", "leave", "lapse", "expel"],
    "transition": ["publish", "open", "start", "finish", "archive", "delete"],
}
# Each app's module in foreign_records adds its keywords (values are merged).
for _module in foreign_records.modules():
    OBJECT_KWARGS.update(getattr(_module, "OBJECT_KWARGS", {}))
    for _key, _values in getattr(_module, "VALUE_KWARGS", {}).items():
        VALUE_KWARGS[_key] = list(dict.fromkeys(VALUE_KWARGS.get(_key, []) + _values))
# Keywords that narrow a URL to a parent object: the child id must belong to it.
PARENT_OF = {"seat_id": ("term_id", "term_id")}

PERSONAS = sorted({username for username, *_ in ACCOUNTS})
WRITE_METHODS = ("post", "put", "patch", "delete")


def walk(patterns, prefix_name="", kwargs=frozenset(), route=""):
    for p in patterns:
        keys = frozenset(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = f"{prefix_name}{p.namespace}:" if p.namespace else prefix_name
            yield from walk(p.url_patterns, ns, kwargs | keys, route + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix_name}{p.name}", kwargs | keys, route + str(p.pattern)


def org_urls():
    return [
        (name, keys, route)
        for name, keys, route in walk(get_resolver().url_patterns)
        if "org_code" in keys
    ]


# Bookkeeping of authentication, not a write by the request: when a token was last used
# (like the session and axes tables, which are not project tables).
NOT_A_WRITE = {"accounts.ApiToken": {"last_used_at"}}


def table_fingerprint() -> dict[str, str]:
    """A digest per project table of all its rows: any write changes one."""
    out = {}
    with unscoped():
        for model in apps.get_models():
            if not model.__module__.startswith("gonghui."):
                continue
            skip = NOT_A_WRITE.get(model._meta.label, set())
            fields = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
            digest = hashlib.sha256()
            for row in model._base_manager.order_by("pk").values_list(*fields):
                digest.update(repr(row).encode())
            out[model._meta.label] = digest.hexdigest()
    return out


@pytest.fixture
def foreign(platform, user):
    """An organisation outside every demo role (a neighbouring district) with records."""
    with acting(source="system"):
        district = Organisation.objects.create(code="X9000", name="临江区总工会", kind="upper")
        union = Organisation.objects.create(
            code="X9001", name="临江区纺织厂工会", kind="grassroots", parent=district
        )
        group = Organisation.objects.create(
            code="X9001-G1", name="纺织厂织布车间小组", kind="group", parent=union
        )
        term = CommitteeTerm.objects.create(
            org=union, number=1, start_date="2024-01-01", end_date="2028-12-31"
        )
        CommitteeSeat.objects.create(term=term, person_name="外区主席", position="chair")
        other_union = Organisation.objects.create(
            code="X9002", name="临江区中心医院工会", kind="grassroots", parent=district
        )
        from gonghui.members.models import Member, Transfer

        person = Member.objects.create(
            org=group, name="外区会员", sex="female", id_number="11010519491231002X"
        )
        Member.objects.create(
            org=union,
            name="外区申请人",
            sex="male",
            id_number="110105194912310037",
            status="applied",
        )
        Transfer.objects.create(
            member=person, from_org=union, to_org=other_union, requested_on="2026-10-01"
        )
        outsider = User.objects.create(username="outsider", display_name="外区干部")
        RoleAssignment.objects.create(user=outsider, org=union, role="chair")
        try:
            batch_model = apps.get_model("imports", "ImportBatch")
        except LookupError:
            batch_model = None
        if batch_model is not None:
            fields = {f.name for f in batch_model._meta.get_fields()}
            data = {"org": union}
            if "kind" in fields:
                data["kind"] = "orgs"
            if "created_by" in fields:
                data["created_by"] = outsider
            batch_model.objects.create(**data)
        for module in foreign_records.modules():
            module.build(union)
    return {"district": district, "union": union, "group": group}


def _object_id(kwarg: str, org: Organisation, parent_ids: dict) -> int | None:
    label, org_lookup = OBJECT_KWARGS[kwarg]
    model = apps.get_model(label)
    qs = model._base_manager.filter(**{f"{org_lookup}__path__startswith": org.path})
    if kwarg in PARENT_OF and PARENT_OF[kwarg][0] in parent_ids:
        qs = qs.filter(**{PARENT_OF[kwarg][1]: parent_ids[PARENT_OF[kwarg][0]]})
    return qs.order_by("pk").values_list("pk", flat=True).first()


def build_kwargs(keys, org_code: str, objects_from: Organisation):
    kwargs = {"org_code": org_code}
    for key in sorted(keys - {"org_code"} - set(VALUE_KWARGS), key=lambda k: k in PARENT_OF):
        assert key in OBJECT_KWARGS, f"unknown URL keyword {key!r}: add it to OBJECT_KWARGS"
        with unscoped():
            pk = _object_id(key, objects_from, kwargs)
        if pk is None:
            return None
        kwargs[key] = pk
    return kwargs


def urls_for(name: str, keys, kwargs: dict | None) -> list[str]:
    """Every URL of the pattern for these ids, one per accepted value of its other keywords."""
    if kwargs is None:
        return []
    variants = [kwargs]
    for key in keys & set(VALUE_KWARGS):
        variants = [{**v, key: value} for v in variants for value in VALUE_KWARGS[key]]
    return [reverse(name, kwargs=v) for v in variants]


def persona_reach(username: str):
    """Organisations the persona's roles cover, and the names it may legitimately see."""
    with unscoped():
        u = User.objects.get(username=username)
        role_orgs = [r.org for r in u.roles.select_related("org")]
        covered = set()
        visible_names = set()
        for o in role_orgs:
            for sub in Organisation.objects.filter(path__startswith=o.path):
                covered.add(sub.pk)
                visible_names.add(sub.name)
            visible_names.update(a.name for a in o.ancestors())
        hidden = [
            o.name
            for o in Organisation.objects.exclude(pk__in=covered)
            if o.name not in visible_names
        ]
    return u, role_orgs, hidden


def test_org_names_are_distinct_enough_for_the_leak_check(platform, foreign):
    names = list(Organisation.objects.values_list("name", flat=True))
    for a in names:
        for b in names:
            assert a == b or a not in b, f"{a!r} is inside {b!r}: the leak check would be ambiguous"


def test_the_matrix_covers_pages_and_api(foreign):
    routes = [route for _, _, route in org_urls()]
    assert any(r.startswith("o/") for r in routes)
    assert any(r.startswith("api/v1/orgs/") for r in routes)


@pytest.mark.parametrize("username", PERSONAS)
def test_no_role_reads_or_writes_another_organisations_data(username, foreign):
    u, role_orgs, hidden = persona_reach(username)
    with unscoped():
        token = ApiToken.objects.issue(u, name="test")[1]
    web = Client()
    web.force_login(u)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    outside = foreign["union"]
    before = table_fingerprint()
    problems: list[str] = []

    def methods(is_api):
        # Pages answer GET and POST only; the API also PUT, PATCH and DELETE.
        return ("get", *WRITE_METHODS) if is_api else ("get", "post")

    for name, keys, route in org_urls():
        is_api = route.startswith("api/")
        client = api if is_api else web
        # 1. Under a foreign organisation's code: 404 for every method.
        for url in urls_for(name, keys, build_kwargs(keys, outside.code, outside)):
            for method in methods(is_api):
                status = getattr(client, method)(url).status_code
                if status != 404:
                    problems.append(f"{method.upper()} {url} as {username}: {status}, expected 404")
        # 2. Under one's own code, foreign object ids: never a success.
        if keys - {"org_code"} - set(VALUE_KWARGS):
            for own in role_orgs:
                for url in urls_for(name, keys, build_kwargs(keys, own.code, outside)):
                    for method in methods(is_api):
                        status = getattr(client, method)(url).status_code
                        if status not in (403, 404, 405):
                            problems.append(
                                f"{method.upper()} {url} as {username}: {status} on a foreign object"
                            )

    after = table_fingerprint()
    changed = [label for label in before if before[label] != after.get(label)]
    assert not changed, f"a refused request wrote to {changed}"

    # 3. What the persona can read under its own codes names no foreign organisation.
    # (Reads may write audit entries, e.g. an export; that is why this comes last.)
    for name, keys, route in org_urls():
        client = api if route.startswith("api/") else web
        for own in role_orgs:
            for url in urls_for(name, keys, build_kwargs(keys, own.code, own))[:1]:
                r = client.get(url)
                if r.status_code == 200:
                    raw = b"".join(r.streaming_content) if r.streaming else r.content
                    body = raw.decode(errors="replace")
                    leaked = [n for n in hidden if n in body]
                    if leaked:
                        problems.append(f"GET {url} as {username} shows {leaked}")

    assert not problems, "\n".join(problems)


def test_the_audit_log_did_not_grow_from_refused_requests(foreign, client_for):
    with unscoped():
        count = AuditEntry.objects.count()
    c = client_for("school_chair")
    c.post(f"/o/{foreign['union'].code}/orgs/settings/", {"name": "hijacked", "unit_type": "other"})
    with unscoped():
        assert AuditEntry.objects.count() == count
        assert Organisation.objects.get(code="X9001").name == "临江区纺织厂工会"
