"""Benchmark: parse + validate Telegram layer 222 with mtproto.tl (issue goal: <= 0.3 s).

Prints medians; asserts nothing. Warm = in one process after the first parse (grammar loaded);
cold = a fresh interpreter doing import + grammar load + parse + validate, as `tlgen parse` does.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import api_files  # noqa: E402
from tlgen.schema.load import load_schema  # noqa: E402


def measure_warm(files: list[Path], runs: int = 15) -> list[float]:
    load_schema(files)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        loaded = load_schema(files)
        times.append(time.perf_counter() - start)
        assert loaded.ok
    return times


def measure_cold(files: list[Path], runs: int = 7) -> list[float]:
    code = (
        "import sys, time; t = time.perf_counter(); "
        "from tlgen.schema.load import load_schema; "
        "load_schema(sys.argv[1:]); print(time.perf_counter() - t)"
    )
    times = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", code, *map(str, files)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(result.stdout))
    return times


def report(label: str, times: list[float]) -> None:
    print(
        f"  {label:<38} median {statistics.median(times) * 1000:7.1f} ms"
        f"   min {min(times) * 1000:7.1f}   max {max(times) * 1000:7.1f}   (n={len(times)})"
    )


def main() -> None:
    files = api_files()
    schema = load_schema(files).schema
    print(
        f"parse + validate layer-222.tl + mtproto.tl ({len(schema.definitions)} definitions), "
        "goal <= 300 ms"
    )
    report("warm (grammar loaded)", measure_warm(files))
    report("cold (new process, incl. imports)", measure_cold(files))


if __name__ == "__main__":
    main()
