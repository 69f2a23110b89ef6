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
