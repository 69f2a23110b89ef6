"""Run every benchmark under bench/ (`make bench`), one process each; exit 1 if any failed.

A benchmark is a script bench/NAME.py that prints its figures and exits 0 when its
targets hold (or when what it needs, such as PostgreSQL, is not there: it says so).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name or script.name.startswith("_"):
            continue
        print(f"== {script.name} ==", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(script)], check=False).returncode
        print(
            f"== {script.name}: exit {code} after {time.perf_counter() - started:.0f} s ==\n",
            flush=True,
        )
        if code:
            failed.append(script.name)
    if failed:
        print("benchmarks that missed their target: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
