"""A batch's preview is read a page at a time, rows with errors first (issue #11, finding 3:
an import batch once answered with 91.6 MB of JSON)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.scoping import unscoped
from gonghui.imports.models import ImportBatch

from .conftest import DISTRICT, HEADER, xlsx_bytes

pytestmark = pytest.mark.django_db

BASE = f"/api/v1/orgs/{DISTRICT}/imports/"
ROWS = 1200  # stored rows; every tenth has an error


@pytest.fixture
def batch(world):
    """An uploaded batch whose stored preview is replaced by a sampled one of 1,200 rows."""
    c = world.client(world.upper)
    rows = [HEADER, ["P1", "分页工会", "基层工会", DISTRICT, "", ""]]
    c.post(f"/o/{DISTRICT}/imports/orgs/", {"file": SimpleUploadedFile("o.xlsx", xlsx_bytes(rows))})
    with unscoped():
        batch = ImportBatch.objects.order_by("-pk").first()
    stored = []
    for n in range(2, ROWS + 2):
        error = n % 10 == 0
        stored.append(
            {
                "row": n,
                "action": "error" if error else "create",
                "key": f"P{n}",
                "values": {"编码": f"P{n}", "名称": f"工会{n}"},
                "changes": {},
                "errors": [{"column": "类型", "message": f"第{n}行类型不对"}] if error else [],
                "warnings": [],
            }
        )
    counts = {"create": ROWS - ROWS // 10, "update": 0, "unchanged": 0, "error": ROWS // 10}
    counts["total"] = 470_000  # as if the file were far larger than what is stored
    preview = {
        "kind": "orgs",
        "rows": stored,
        "columns": ["编码", "名称"],
        "sheet": "工会组织",
        "header_row": 1,
        "notes": [],
        "counts": counts,
        "sampled": True,
    }
    with unscoped():
        ImportBatch._base_manager.filter(pk=batch.pk).update(preview=preview, counts=counts)
    return batch


def test_the_api_pages_the_preview_errors_first_and_keeps_its_keys(batch, world):
    c = world.token_client(world.upper)
    body = c.get(f"{BASE}{batch.pk}/").json()
    preview = body["preview"]
    # The keys clients rely on stay; the paging fields are added.
    for key in ("kind", "rows", "columns", "sheet", "header_row", "notes", "counts", "sampled"):
        assert key in preview
    assert preview["page"] == 1 and preview["page_size"] == 100
    assert preview["rows_total"] == ROWS and preview["pages"] == 12
    assert len(preview["rows"]) == 100
    # The 120 rows with errors come first, in file order.
    assert [r["row"] for r in preview["rows"][:3]] == [10, 20, 30]
    assert all(r["action"] == "error" for r in preview["rows"])

    page2 = c.get(f"{BASE}{batch.pk}/?page=2").json()["preview"]
    assert [r["row"] for r in page2["rows"][:20]] == [
        1010,
        1020,
        1030,
        1040,
        1050,
        1060,
        1070,
        1080,
        1090,
        1100,
        1110,
        1120,
        1130,
        1140,
        1150,
        1160,
        1170,
        1180,
        1190,
        1200,
    ]
    assert page2["rows"][20]["row"] == 2 and page2["rows"][20]["action"] == "create"


def test_the_page_size_is_bounded_and_a_page_past_the_end_is_the_last(batch, world):
    c = world.token_client(world.upper)
    big = c.get(f"{BASE}{batch.pk}/?page_size=100000").json()["preview"]
    assert big["page_size"] == 500 and len(big["rows"]) == 500 and big["pages"] == 3
    last = c.get(f"{BASE}{batch.pk}/?page=99&page_size=500").json()["preview"]
    assert last["page"] == 3 and len(last["rows"]) == ROWS - 1000
    junk = c.get(f"{BASE}{batch.pk}/?page=abc&page_size=-5").json()["preview"]
    assert junk["page"] == 1 and junk["page_size"] == 100


def test_the_api_filters_to_rows_with_problems(batch, world):
    body = (
        world.token_client(world.upper).get(f"{BASE}{batch.pk}/?show=errors&page_size=500").json()
    )
    preview = body["preview"]
    assert preview["rows_total"] == ROWS // 10 and preview["show"] == "errors"
    assert {r["action"] for r in preview["rows"]} == {"error"}


def test_the_page_shows_100_rows_errors_first(batch, world):
    c = world.client(world.upper)
    page = c.get(f"/o/{DISTRICT}/imports/{batch.pk}/").content.decode()
    assert page.count("data-row=") == 100
    assert page.index('data-row="10"') < page.index('data-row="1000"')
    assert 'data-row="1010"' not in page and 'data-row="2"' not in page
    assert "12" in page  # "page 1 of 12"
    page2 = c.get(f"/o/{DISTRICT}/imports/{batch.pk}/?page=2").content.decode()
    assert 'data-row="2" data-action="create"' in " ".join(page2.split())
    errors = c.get(f"/o/{DISTRICT}/imports/{batch.pk}/?show=errors").content.decode()
    assert errors.count("data-row=") == 100 and 'data-action="create"' not in errors
