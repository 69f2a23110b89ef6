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
from rest_framework.authtoken.models import Token

from gonghui.accounts.models import RoleAssignment, User
from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.demo import ACCOUNTS
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm, Organisation

pytestmark = pytest.mark.django_db

# URL keyword → (model, lookup from the model to its organisation)
OBJECT_KWARGS: dict[str, tuple[str, str]] = {
    "term_id": ("orgs.CommitteeTerm", "org"),
    "seat_id": ("orgs.CommitteeSeat", "term__org"),
    "entry_id": ("audit.AuditEntry", "org"),
    "assignment_id": ("accounts.RoleAssignment", "org"),
    "batch_id": ("imports.ImportBatch", "org"),
}
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


def table_fingerprint() -> str:
    """A digest of every row of every project table: any write changes it."""
    digest = hashlib.sha256()
    with unscoped():
        for model in apps.get_models():
            if not model.__module__.startswith("gonghui."):
                continue
            rows = model._base_manager.order_by("pk").values_list()
            digest.update(model._meta.label.encode())
            for row in rows:
                digest.update(repr(row).encode())
    return digest.hexdigest()


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
    for key in sorted(keys - {"org_code"}, key=lambda k: k in PARENT_OF):
        assert key in OBJECT_KWARGS, f"unknown URL keyword {key!r}: add it to OBJECT_KWARGS"
        with unscoped():
            pk = _object_id(key, objects_from, kwargs)
        if pk is None:
            return None
        kwargs[key] = pk
    return kwargs


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
        token = Token.objects.get_or_create(user=u)[0].key
    web = Client()
    web.force_login(u)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    outside = foreign["union"]
    before = table_fingerprint()
    problems: list[str] = []

    for name, keys, route in org_urls():
        is_api = route.startswith("api/")
        client = api if is_api else web
        # 1. Under a foreign organisation's code: 404 for every method.
        kwargs = build_kwargs(keys, outside.code, outside)
        if kwargs is not None:
            url = reverse(name, kwargs=kwargs)
            for method in ("get", *WRITE_METHODS):
                status = getattr(client, method)(url).status_code
                if status != 404:
                    problems.append(f"{method.upper()} {url} as {username}: {status}, expected 404")
        # 2. Under one's own code, foreign object ids: never a success.
        if keys - {"org_code"}:
            for own in role_orgs:
                kwargs = build_kwargs(keys, own.code, outside)
                if kwargs is None:
                    continue
                url = reverse(name, kwargs=kwargs)
                for method in ("get", *WRITE_METHODS):
                    status = getattr(client, method)(url).status_code
                    if status not in (403, 404, 405):
                        problems.append(
                            f"{method.upper()} {url} as {username}: {status} on a foreign object"
                        )
        # 3. What the persona can read under its own codes names no foreign organisation.
        for own in role_orgs:
            kwargs = build_kwargs(keys, own.code, own)
            if kwargs is None:
                continue
            url = reverse(name, kwargs=kwargs)
            r = client.get(url)
            if r.status_code == 200:
                body = r.content.decode(errors="replace")
                leaked = [n for n in hidden if n in body]
                if leaked:
                    problems.append(f"GET {url} as {username} shows {leaked}")

    assert table_fingerprint() == before, "a request wrote to the database"
    assert not problems, "\n".join(problems)


def test_the_audit_log_did_not_grow_from_refused_requests(foreign, client_for):
    with unscoped():
        count = AuditEntry.objects.count()
    c = client_for("school_chair")
    c.post(f"/o/{foreign['union'].code}/orgs/settings/", {"name": "hijacked", "unit_type": "other"})
    with unscoped():
        assert AuditEntry.objects.count() == count
        assert Organisation.objects.get(code="X9001").name == "临江区纺织厂工会"
