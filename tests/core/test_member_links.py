"""Every link a member is shown leads somewhere they may go (#13 §7: the 全部选票 link on a
member's result page answered 403). The member personas walk their pages from the
dashboard and the My … entries, three links deep, and every page linked must answer."""

from __future__ import annotations

import re
from collections import deque

import pytest

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/o/[^"#?]*)(?:\?[^"#]*)?(?:#[^"]*)?"')
# Files are answered by their own tests; following them here only costs time.
FILES = re.compile(r"\.(xlsx|pdf|docx|png|svg)$|/(export|download|print|qr)[^/]*/?$")
START = ("/o/S0001-G01/",)


def walk(client, start, depth: int = 3, limit: int = 200) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque((url, 0) for url in start)
    while queue and len(seen) < limit:
        url, level = queue.popleft()
        if url in seen or FILES.search(url):
            continue
        r = client.get(url)
        seen[url] = r.status_code
        if r.status_code == 200 and level < depth and "html" in r.get("Content-Type", ""):
            for link in HREF.findall(r.content.decode()):
                if link not in seen:
                    queue.append((link, level + 1))
    return seen


@pytest.mark.parametrize("persona", ["member", "group_leader"])
def test_every_link_a_member_is_shown_answers(client_for, persona):
    statuses = walk(client_for(persona), START)
    assert len(statuses) > 10  # the walk really went through the member's pages
    broken = {url: code for url, code in statuses.items() if code not in (200, 302)}
    assert broken == {}
