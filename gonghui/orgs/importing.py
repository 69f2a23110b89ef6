"""Organisation import: an upper union loads its grassroots unions from a spreadsheet.

Columns 编码, 名称, 类型, 上级编码, 单位名称, 单位类型; rows in any order. A parent is
either another row of the file or an organisation already in the system, and must lie
inside the organisation the import runs in (itself or below it). An existing code inside
that scope is updated when a value differs; a code used outside it is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core.scoping import scope, unscoped
from gonghui.imports.base import CREATE, ERROR, UPDATE, Importer, ImportRefused, Preview, RowResult
from gonghui.imports.tabular import Column

from .models import ALLOWED_PARENTS, Organisation, OrgKind, UnitType, code_validator

CODE, NAME, KIND, PARENT, UNIT_NAME, UNIT_TYPE = (
    "编码",
    "名称",
    "类型",
    "上级编码",
    "单位名称",
    "单位类型",
)

# The words union offices write in the 类型 column.
KIND_WORDS: dict[str, str] = {
    "总工会": OrgKind.UPPER,
    "上级工会": OrgKind.UPPER,
    "地方总工会": OrgKind.UPPER,
    "基层工会": OrgKind.GRASSROOTS,
    "联合基层工会": OrgKind.JOINT,
    "联合工会": OrgKind.JOINT,
    "分会": OrgKind.BRANCH,
    "工会分会": OrgKind.BRANCH,
    "工会小组": OrgKind.GROUP,
    "小组": OrgKind.GROUP,
}
KIND_NAMES = "上级工会、基层工会、联合基层工会、分会、工会小组"

UNIT_WORDS: dict[str, str] = {
    "企业": UnitType.ENTERPRISE,
    "学校": UnitType.SCHOOL,
    "医院": UnitType.HOSPITAL,
    "机关": UnitType.ORGAN,
    "街道社区": UnitType.COMMUNITY,
    "社区": UnitType.COMMUNITY,
    "街道": UnitType.COMMUNITY,
    "其他": UnitType.OTHER,
    "其它": UnitType.OTHER,
}
# Accepted, but recorded as 其他 since the system has no closer type; the row says so.
UNIT_WORDS_APPROXIMATE: dict[str, str] = {"事业单位": UnitType.OTHER}
UNIT_NAMES = "企业、学校、医院、机关、街道社区、其他"


def _lookup(words: dict[str, str], choices, text: str) -> str | None:
    if text in words:
        return words[text]
    # Also the stored values and the labels (English or translated), for files
    # exported from Gonghui itself or written by hand in English.
    for value, label in choices:
        if text.lower() in (value, str(label).lower()):
            return value
    return None


@contextmanager
def _scope_of(org) -> Iterator[None]:
    ctx = scope(org) if org is not None else unscoped()
    with ctx:
        yield


class OrgImporter(Importer):
    kind = "orgs"
    columns = (
        Column(CODE, ("组织编码", "代码", "工会编码"), required=True, compact=True, max_length=32),
        Column(NAME, ("工会名称", "组织名称"), required=True, max_length=100),
        Column(KIND, ("组织类型", "工会类型"), required=True, compact=True),
        Column(PARENT, ("上级工会编码", "上级组织编码"), compact=True, max_length=32),
        Column(UNIT_NAME, ("单位全称", "所在单位"), max_length=150),
        Column(UNIT_TYPE, ("单位性质",), compact=True),
    )

    # -- preview ---------------------------------------------------------------------
    def validate(self, results: list[RowResult], org) -> None:
        """`org` is the organisation the import runs in, None for the whole platform."""
        scope_path = org.path if org is not None else ""
        # Parsed 类型 and 单位类型 by row number, kept for apply().
        self._kinds: dict[int, str | None] = {}
        self._units: dict[int, str | None] = {}
        kinds, units = self._kinds, self._units
        for r in results:
            r.key = r.value(CODE)
            kinds[r.row] = self._parse_kind(r)
            units[r.row] = self._parse_unit_type(r)
            if r.key:
                try:
                    code_validator(r.key)
                except ValidationError as exc:
                    r.error(CODE, exc.messages[0])

        by_code: dict[str, list[RowResult]] = defaultdict(list)
        for r in results:
            if r.key:
                by_code[r.key].append(r)
        for code, same in by_code.items():
            if len(same) > 1:
                rows = "、".join(str(r.row) for r in same)
                for r in same:
                    r.error(
                        CODE,
                        _("The code %(code)s appears more than once in the file (rows %(rows)s).")
                        % {"code": code, "rows": rows},
                    )
        in_file = {code: same[0] for code, same in by_code.items()}

        known = self._load_known({*in_file, *(r.value(PARENT) for r in results)} - {""})
        by_pk = {o.pk: o for o in known.values()}

        def in_scope(o: Organisation) -> bool:
            return o.path.startswith(scope_path)

        db_parent = {
            c: (by_pk[o.parent_id].code if o.parent_id in by_pk else None) for c, o in known.items()
        }
        # The tree as it would be after the import: the database, overridden by the file.
        final_parent: dict[str, str | None] = dict(db_parent)
        final_kind: dict[str, str] = {c: o.kind for c, o in known.items()}
        parent_ok: set[str] = set()
        for code, r in in_file.items():
            existing = known.get(code)
            if kinds[r.row]:
                final_kind[code] = kinds[r.row]
            if existing is not None and not in_scope(existing):
                r.error(
                    CODE,
                    _("The code %(code)s is already used by an organisation outside this one.")
                    % {"code": code},
                )
                continue
            parent = self._check_parent(r, org, db_parent.get(code), known, in_file, in_scope)
            if parent is not False:
                final_parent[code] = parent
                parent_ok.add(code)

        self._depth: dict[str, int] = {}
        for code, r in in_file.items():
            if code not in parent_ok:
                continue
            chain = self._chain(code, final_parent, known, in_scope)
            if chain is None:
                r.error(
                    PARENT,
                    _("The parent codes go round in a circle: %(path)s.")
                    % {"path": " → ".join(self._circle(code, final_parent))},
                )
                continue
            self._depth[code] = len(chain)
            kind = kinds[r.row]
            parent = final_parent[code]
            parent_kind = final_kind.get(parent) if parent else None
            if (
                kind
                and (parent is None or parent_kind)
                and parent_kind not in ALLOWED_PARENTS[kind]
            ):
                r.error(
                    KIND,
                    _("A %(kind)s cannot be placed under %(parent)s.")
                    % {
                        "kind": OrgKind(kind).label,
                        "parent": (
                            f"{OrgKind(parent_kind).label} {parent}" if parent else _("nothing")
                        ),
                    },
                )

        self._check_children(in_file, known, kinds, final_parent)

        for code, r in in_file.items():
            if r.errors or any(x.errors for x in by_code[code]):
                continue
            existing = known.get(code)
            if existing is None:
                r.action = CREATE
                continue
            r.changes = self._changes(
                r, existing, kinds[r.row], units[r.row], db_parent[code], final_parent[code]
            )
            if r.changes:
                r.action = UPDATE

    def _parse_kind(self, r: RowResult) -> str | None:
        text = r.value(KIND)
        if not text:
            return None
        kind = _lookup(KIND_WORDS, OrgKind.choices, text)
        if kind is None:
            r.error(
                KIND,
                _("Unknown type %(value)s. Use one of: %(choices)s.")
                % {"value": text, "choices": KIND_NAMES},
            )
        return kind

    def _parse_unit_type(self, r: RowResult) -> str | None:
        text = r.value(UNIT_TYPE)
        if not text:
            return None
        unit = _lookup(UNIT_WORDS, UnitType.choices, text)
        if unit is None and text in UNIT_WORDS_APPROXIMATE:
            unit = UNIT_WORDS_APPROXIMATE[text]
            r.warn(
                UNIT_TYPE,
                _("%(value)s is recorded as %(label)s.")
                % {"value": text, "label": UnitType(unit).label},
            )
        elif unit is None:
            r.error(
                UNIT_TYPE,
                _("Unknown unit type %(value)s. Use one of: %(choices)s.")
                % {"value": text, "choices": UNIT_NAMES},
            )
        return unit

    def _load_known(self, codes: set[str]) -> dict[str, Organisation]:
        """Every organisation the file names, wherever it is (a code is unique across
        the platform, so a clash outside the scope must be found), and their ancestors,
        so the tree after the import can be walked up to its top."""
        known: dict[str, Organisation] = {}
        codes_list = sorted(codes)
        with unscoped():
            for i in range(0, len(codes_list), 500):
                for o in Organisation.objects.filter(code__in=codes_list[i : i + 500]):
                    known[o.code] = o
            have = {o.pk for o in known.values()}
            wanted = sorted({a for o in known.values() for a in o.ancestor_ids()} - have)
            for i in range(0, len(wanted), 500):
                for o in Organisation.objects.filter(pk__in=wanted[i : i + 500]):
                    known[o.code] = o
        return known

    def _check_parent(self, r, org, current, known, in_file, in_scope) -> str | None | bool:
        """The parent code this row ends up under (None: at the top), or False when the
        row's 上级编码 is refused (the error is on the row)."""
        code, parent = r.key, r.value(PARENT)
        if org is not None and code == org.code:
            # The organisation the import runs in stays where it is: its parent is
            # outside the scope, so only "the same" or "empty" is accepted.
            if parent and parent != current:
                r.error(PARENT, _("The organisation the import runs in cannot be moved."))
                return False
            return current
        if not parent:
            if org is None:
                return None  # a new top of the tree; only an upper union may stand there
            r.error(
                PARENT,
                _("Fill in the parent code: the organisation this one belongs to."),
            )
            return False
        if parent == code:
            r.error(PARENT, _("An organisation cannot be its own parent."))
            return False
        if parent in known and not in_scope(known[parent]):
            r.error(
                PARENT,
                _("The parent code %(code)s is outside this organisation.") % {"code": parent},
            )
            return False
        if parent not in in_file and parent not in known:
            r.error(
                PARENT,
                _("The parent code %(code)s is neither in the file nor in the system.")
                % {"code": parent},
            )
            return False
        return parent

    @staticmethod
    def _chain(code, final_parent, known, in_scope) -> list[str] | None:
        """The ancestors of `code` after the import, up to where the file changes nothing
        any more (the top, or outside the scope); None if they go round in a circle."""
        chain: list[str] = []
        node = final_parent.get(code)
        while node is not None:
            if node == code or node in chain:
                return None
            chain.append(node)
            if node in known and not in_scope(known[node]):
                break
            node = final_parent.get(node)
        return chain

    @staticmethod
    def _circle(code, final_parent) -> list[str]:
        path, node = [code], final_parent.get(code)
        while node is not None and node not in path:
            path.append(node)
            node = final_parent.get(node)
        return [*path, node] if node is not None else path

    def _check_children(self, in_file, known, kinds, final_parent) -> None:
        """An existing organisation that changes its type must still fit the children it
        keeps (those the file does not move elsewhere)."""
        changed = {
            known[c].pk: c
            for c, r in in_file.items()
            if c in known and kinds[r.row] and kinds[r.row] != known[c].kind
        }
        if not changed:
            return
        with unscoped():
            children = list(Organisation.objects.filter(parent_id__in=list(changed)))
        for child in children:
            parent_code = changed[child.parent_id]
            if child.code in in_file and final_parent.get(child.code) != parent_code:
                continue
            kind = kinds[in_file[child.code].row] if child.code in in_file else child.kind
            new_kind = kinds[in_file[parent_code].row]
            if kind and new_kind not in ALLOWED_PARENTS[kind]:
                in_file[parent_code].error(
                    KIND,
                    _("Its sub-organisation %(child)s (%(kind)s) cannot stay under a %(new)s.")
                    % {
                        "child": f"{child.code} {child.name}",
                        "kind": OrgKind(kind).label,
                        "new": OrgKind(new_kind).label,
                    },
                )

    @staticmethod
    def _changes(r, existing, kind, unit_type, before, after) -> dict[str, list[str]]:
        pairs = [
            (NAME, existing.name, r.value(NAME)),
            (KIND, str(existing.get_kind_display()), str(OrgKind(kind).label)),
            (PARENT, before or "", after or ""),
        ]
        # A column absent from the file leaves the field alone; an empty 单位类型 too,
        # since every organisation has one.
        if UNIT_NAME in r.values:
            pairs.append((UNIT_NAME, existing.unit_name, r.value(UNIT_NAME)))
        if unit_type:
            pairs.append(
                (UNIT_TYPE, str(existing.get_unit_type_display()), str(UnitType(unit_type).label))
            )
        return {col: [before, after] for col, before, after in pairs if before != after}

    # -- commit ----------------------------------------------------------------------
    def apply(self, preview: Preview, org) -> None:
        # Parents first: a row's ancestors after the import all have a shorter chain.
        todo = sorted(
            (r for r in preview.rows if r.action in (CREATE, UPDATE)),
            key=lambda r: self._depth.get(r.key, 0),
        )
        saved: dict[str, Organisation] = {}
        with _scope_of(org):
            for r in todo:
                is_self = org is not None and r.key == org.code
                if r.action == UPDATE:
                    # Fetched now, not at preview: an ancestor moved a moment ago has
                    # rewritten this row's path.
                    obj = Organisation.objects.get(code=r.key)
                else:
                    obj = Organisation(code=r.key)
                if not is_self:
                    parent = r.value(PARENT)
                    obj.parent = (
                        (saved.get(parent) or Organisation.objects.get(code=parent))
                        if parent
                        else None
                    )
                obj.name = r.value(NAME)
                obj.kind = self._kinds[r.row]
                if UNIT_NAME in r.values:
                    obj.unit_name = r.value(UNIT_NAME)
                unit_type = self._units[r.row]
                if unit_type:
                    obj.unit_type = unit_type
                try:
                    # The model's own rules, a last guard against anything the preview
                    # could not see (a code taken a moment ago).
                    obj.full_clean()
                except ValidationError as exc:
                    r.error("", "；".join(exc.messages))
                    r.action = ERROR
                    raise ImportRefused(preview) from exc
                obj.save()
                saved[obj.code] = obj
