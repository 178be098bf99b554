"""`make bench`: run every benchmark script in bench/ and print their tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = [
    "parse_bench.py",
    "generate_bench.py",
    "layout_bench.py",
    "docs_bench.py",
    "diff_bench.py",
    "codec_bench.py",
    "tdjson_bench.py",
]


def main() -> int:
    here = Path(__file__).resolve().parent
    failed = 0
    for name in BENCHMARKS:
        print(f"== {name}")
        failed |= subprocess.run([sys.executable, str(here / name)]).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
