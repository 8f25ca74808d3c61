"""The test suite's wall time, this checkout against another (issue 17: "a suite twice as fast").

    python benchmarks/suite_time.py --other DIR --other-python DIR/.venv/bin/python [--repeat 2]

DIR is a checkout of the other revision with its own virtual environment (kyoten's import package
changed name, so the two cannot share one). The CPU speed of this machine changes from minute to
minute, so the two suites run alternately, each part (`-m "not browser"`, then `-m browser`) in turn,
and the medians and their ratio are reported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def run(cwd: Path, python: str, marker: str, extra: list[str]) -> tuple[float, str]:
    t0 = time.monotonic()
    args = ["-m", marker] if marker != "all" else []
    r = subprocess.run([python, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", *args, *extra],
                       cwd=cwd, capture_output=True, text=True)
    took = time.monotonic() - t0
    lines = r.stdout.strip().splitlines() or ["?"]
    failed = [line for line in lines if line.startswith("FAILED")]
    return took, "  ".join([lines[-1], *failed])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--other", type=Path, required=True)
    ap.add_argument("--other-python", required=True)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--whole", action="store_true",
                    help="time each whole suite as its `make test` runs it (this checkout: two workers)")
    a = ap.parse_args()
    markers = ("all",) if a.whole else ("not browser", "browser")
    extra = {"this": ["-n", "2", "--dist", "loadfile"] if a.whole else [], "other": []}
    sides = {"this": (HERE, str(HERE / ".venv" / "bin" / "python")), "other": (a.other, a.other_python)}
    times: dict[tuple[str, str], list[float]] = {}
    for i in range(a.repeat):
        for marker in markers:
            order = ("other", "this") if i % 2 == 0 else ("this", "other")
            for side in order:
                took, last = run(*sides[side], marker, extra[side])
                times.setdefault((side, marker), []).append(took)
                print(f"round {i + 1} {side:5} -m {marker!r:14} {took:6.1f} s  {last}", flush=True)
    print()
    for marker in markers:
        this, other = statistics.median(times[("this", marker)]), statistics.median(times[("other", marker)])
        print(f"-m {marker!r:14} median this {this:6.1f} s, other {other:6.1f} s, ratio {this / other:.2f}")
    if not a.whole:
        total_this = sum(statistics.median(times[("this", m)]) for m in markers)
        total_other = sum(statistics.median(times[("other", m)]) for m in markers)
        print(f"{'both parts':17} median this {total_this:6.1f} s, other {total_other:6.1f} s, "
              f"ratio {total_this / total_other:.2f}")


if __name__ == "__main__":
    sys.exit(main())
