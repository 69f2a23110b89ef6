"""The figures of the thin-front-doors step (#12) hold for every module, including the ones
built after it: API + serializer lines per public service function at most 26,
`_base_manager` at most 10 times in api/views files, no `# fmt: skip`, and view modules
named in one form."""

from __future__ import annotations

import importlib.util
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("arch_figures", ROOT / "scripts/arch_figures.py")
arch = importlib.util.module_from_spec(spec)
spec.loader.exec_module(arch)

# views.py, views_<family>.py, urls.py, urls_<family>.py, api.py, api_<family>.py, api_urls.py
VIEW_MODULE = re.compile(r"^(views|urls|api)(_[a-z]+)?\.py$")


def test_api_lines_per_service_function_stay_at_most_26():
    f = arch.figures()
    lines, functions = sum(f["api_lines"].values()), sum(f["functions"].values())
    assert lines / functions <= arch.TARGET, (lines, functions)


def test_the_tenancy_escape_hatch_stays_out_of_the_front_doors():
    assert arch.figures()["base_manager"] <= 10


def test_no_formatter_escapes():
    assert arch.figures()["fmt_skip"] == 0


def test_view_modules_are_named_in_one_form():
    odd = [
        str(path.relative_to(ROOT))
        for path in arch.code_files()
        # gonghui/api holds the base classes (viewsets.py), not a module's doors.
        if path.parent.name != "api"
        and ("view" in path.name or "urls" in path.name or path.name.startswith("api"))
        and not VIEW_MODULE.match(path.name)
    ]
    assert odd == []


# The test modules that read the demo data set (#12 item 7): a whole real year is what
# they check. Every other test builds its own data (tests/factories.py, each package's
# conftest) and runs on a database without the demo (`make test` runs them apart).
DEMO_READERS = {
    "tests/core/test_scoping_matrix.py",  # every role × every page and API door
    "tests/core/test_no_codes_on_pages.py",  # every page a persona reaches, scanned
    "tests/core/test_member_links.py",  # every link on a member's pages, followed
    "tests/audit/test_readers.py",  # every action in a year's log × the roles reading it
    "tests/awards/test_demo.py",  # the school's 师德标兵 round in 公示, as the demo loads it
    "tests/ideas/test_demo.py",  # the factory's 60 金点子 of the year, as the demo loads them
    "tests/imports/test_command.py",  # gen_roster's district row imports onto the demo
    "tests/openness/test_demo.py",  # the demo's own notices and due list
    "tests/finance/test_demo_books.py",  # the demo's year of books, posted and closed
    "tests/dues/test_demo_dues.py",  # the demo's dues, month by month
    "tests/survey/test_demo.py",  # the survey of the demo's period, round to the export
}


def test_only_the_declared_modules_read_the_demo():
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "demo and not browser"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    readers = {line.split("::")[0] for line in out.splitlines() if "::" in line}
    assert readers, out[-2000:]  # the collection ran and found the scoping matrix at least
    assert readers <= DEMO_READERS, sorted(readers - DEMO_READERS)
