"""Plan import benchmark (issue #15 §8).

Targets:
- the whole seed collection (../shared/seed/000_3484bbb64bccdd70.txt, 31 plans) is split
  and parsed in under 1 s, in-process (the fastest and the median of several runs);
- `manage.py import_plan FILE --org CODE --year 2024 --dry-run` on one plan of the seed
  answers in under 2 s end to end, process start included (wall time of a subprocess,
  the median of several runs).

    .venv/bin/python bench/plan_import.py               # 5 parses, 5 commands
    .venv/bin/python bench/plan_import.py --runs 10 --pian 17
    DATABASE_URL=sqlite:////tmp/h15.sqlite3 .venv/bin/python bench/plan_import.py --org S0001

The command needs an organisation: without --org a temporary SQLite database is migrated
and given one union (not timed); with --org the database of DATABASE_URL is used as it is.
The one-plan file is the seed's 篇N (--pian, default 17: sections, prose, a monthly
schedule) written alone to a temporary .txt file. The user and system CPU time of the
commands is printed too: on a loaded machine the wall time also counts the waiting.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared/seed/000_3484bbb64bccdd70.txt"
PARSE_TARGET_S = 1.0
COMMAND_TARGET_S = 2.0
ORG_CODE = "B0015"


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ.setdefault("GONGHUI_TESTING", "1")
    import django

    django.setup()


def parse_seed(runs: int) -> list[float]:
    from gonghui.plans.parsing import parse_plan, split_plans

    text = SEED.read_text("utf-8")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        plans = [parse_plan(part) for part in split_plans(text)]
        times.append(time.perf_counter() - started)
        assert len(plans) == 31 and all(plan.tasks for plan in plans), "the seed reads wrong"
    return times


def one_plan(pian: int, folder: Path) -> Path:
    from gonghui.plans.parsing import split_plans

    parts = split_plans(SEED.read_text("utf-8"))
    path = folder / f"seed_pian{pian}.txt"
    path.write_text(parts[pian - 1], encoding="utf-8")
    return path


def _make_database(env: dict) -> None:
    """Migrate the temporary database of env and give it one union (not timed)."""
    script = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation, OrgKind
with unscoped(), acting(source="system"):
    district = Organisation(code="B0000", name="基准区总工会", kind=OrgKind.UPPER)
    district.save()
    Organisation(code="{ORG_CODE}", name="基准中学工会", kind=OrgKind.GRASSROOTS,
                 parent=district, unit_name="基准中学").save()
"""
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)


def run_command(path: Path, org: str, env: dict, runs: int) -> tuple[list[float], list[float]]:
    """Wall times and CPU times (user + system) of the dry-run command."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "manage.py", "import_plan", str(path), "--org", org]
            + ["--year", "2024", "--dry-run", "--format", "json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        if result.returncode or '"tasks"' not in result.stdout:
            raise SystemExit(f"import_plan failed: {result.stderr[-2000:]}")
    return walls, cpus


def _figures(times: list[float]) -> str:
    return f"fastest {min(times):.3f} s, median {statistics.median(times):.3f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measure")
    parser.add_argument("--pian", type=int, default=17, help="the seed's plan to import")
    parser.add_argument("--org", help="an organisation of DATABASE_URL (else a temporary db)")
    args = parser.parse_args()
    if not SEED.exists():
        print(f"SKIP: the seed collection {SEED} is not on this machine")
        return 0
    _setup_django()
    ok = True

    parse_seed(1)  # warm up: the first parse compiles the parser's expressions
    times = parse_seed(args.runs)
    passed = statistics.median(times) < PARSE_TARGET_S
    ok &= passed
    print(
        f"parse the whole seed (31 plans), {args.runs} runs: {_figures(times)} "
        f"(target < {PARSE_TARGET_S:.0f} s): {'PASS' if passed else 'FAIL'}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GONGHUI_TESTING": "1"}
        org = args.org
        if not org:
            env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            _make_database(env)
            org = ORG_CODE
        path = one_plan(args.pian, Path(tmp))
        run_command(path, org, env, 1)  # warm up the file system cache and .pyc files
        walls, cpus = run_command(path, org, env, args.runs)
    passed = statistics.median(walls) < COMMAND_TARGET_S
    ok &= passed
    load = os.getloadavg()[0]
    print(
        f"import_plan 篇{args.pian} --dry-run, end to end, {args.runs} runs: wall "
        f"{_figures(walls)}; CPU {_figures(cpus)} (load {load:.1f}) "
        f"(target < {COMMAND_TARGET_S:.0f} s): {'PASS' if passed else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
