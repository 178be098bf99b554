"""Benchmark: tlgen diff layer 113 -> 222 (goal <= 1 s), in process and as a command."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import corpus_paths  # noqa: E402
from tlgen.review.diff import diff_schemas  # noqa: E402
from tlgen.review.findings import SchemaSource  # noqa: E402
from tlgen.schema.load import load_schema  # noqa: E402


def main() -> None:
    old, new = corpus_paths("telegram/api/layer-113.tl", "telegram/api/layer-222.tl")

    def in_process() -> float:
        start = time.perf_counter()
        sides = [load_schema([p]) for p in (old, new)]
        diff_schemas(*(SchemaSource(s.schema, s.texts, "x") for s in sides))
        return time.perf_counter() - start

    in_process()
    warm = [in_process() for _ in range(5)]
    commands = {}
    for fmt in ("json", "markdown"):
        command = [sys.executable, "-m", "tlgen", "diff", str(old), str(new), "--format", fmt]
        commands[fmt] = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(command, cwd=REPO, capture_output=True)
            commands[fmt].append(time.perf_counter() - start)
    for label, times in (
        ("diff 113 -> 222, in process (parse included)", warm),
        *((f"tlgen diff 113 -> 222 --format {fmt}", times) for fmt, times in commands.items()),
    ):
        print(
            f"  {label:<48} median {statistics.median(times) * 1000:8.1f} ms"
            f"  min {min(times) * 1000:8.1f}  max {max(times) * 1000:8.1f}  n={len(times)}  goal <= 1000"
        )


if __name__ == "__main__":
    main()
