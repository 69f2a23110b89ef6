"""The architecture figures of issue #12, measured the way the issue measured them.

    python scripts/arch_figures.py          # per app and in total

- API + serializer lines: every line of the files under gonghui/ whose names contain
  "api" or "serializers" (migrations aside), per public (not underscored) module-level
  function in the apps' services*.py files. Target: at most 26.
- `_base_manager` and `# fmt: skip` in files whose names contain "api" or "views".

tests/core/test_architecture.py keeps these figures for the modules built after.
"""

from __future__ import annotations

import ast
import collections
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "gonghui"
TARGET = 26


def code_files():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def app_of(path: pathlib.Path) -> str:
    return path.relative_to(ROOT).parts[0]


def figures() -> dict:
    api_lines, functions = collections.Counter(), collections.Counter()
    base_manager = fmt_skip = 0
    for path in code_files():
        name, text = path.name, path.read_text(encoding="utf-8")
        if "api" in name or "serializers" in name:
            api_lines[app_of(path)] += len(text.splitlines())
        if "api" in name or "views" in name:
            base_manager += text.count("_base_manager")
            fmt_skip += text.count("# fmt: skip")
        if name.startswith("services"):
            tree = ast.parse(text)
            functions[app_of(path)] += sum(
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and not node.name.startswith("_")
                for node in tree.body
            )
    return {
        "api_lines": api_lines,
        "functions": functions,
        "base_manager": base_manager,
        "fmt_skip": fmt_skip,
    }


def main() -> int:
    f = figures()
    lines, functions = f["api_lines"], f["functions"]
    for app in sorted(set(lines) | set(functions)):
        ratio = lines[app] / functions[app] if functions[app] else float("inf")
        print(f"{app:12} {lines[app]:6} lines {functions[app]:4} functions  {ratio:6.1f}")
    total_lines, total_functions = sum(lines.values()), sum(functions.values())
    ratio = total_lines / total_functions
    print(f"{'total':12} {total_lines:6} lines {total_functions:4} functions  {ratio:6.1f}")
    print(f"target: at most {TARGET} lines per service function")
    print(f"_base_manager in api/views files: {f['base_manager']}")
    print(f"# fmt: skip in api/views files: {f['fmt_skip']}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
