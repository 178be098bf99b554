"""Benchmark: `tlgen docs` for the full API against `tlgen generate` with a warm cache.

The reference is built from layer 222 + mtproto with every error table and doc page of the
corpus (about 3,000 files). Figures (medians, nothing asserted):
- `tlgen generate` of the same inputs when nothing changed (the formatting cache is warm);
- `tlgen docs` into a new folder (every file written), again when nothing changed, and when
  one doc page is added or dropped (a few pages change);
- in process: build the view model, then render every page (no writing).
Goal: `tlgen docs` no slower than the warm `tlgen generate`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import CORPUS, api_files  # noqa: E402
from bench.generate_bench import row, timed  # noqa: E402
from tlgen.codegen import PlanOptions  # noqa: E402
from tlgen.docs import build_reference, render_reference  # noqa: E402
from tlgen.inputs import load_inputs  # noqa: E402


def inputs() -> tuple[list[Path], list[Path]]:
    schemas = api_files()
    tables = sorted((CORPUS / "errors").glob("*.csv")) + sorted(CORPUS.glob("docs-*/*/*.md"))
    return schemas, tables


def in_process(schemas: list[Path], tables: list[Path]) -> tuple[float, float]:
    start = time.perf_counter()
    reference = build_reference(load_inputs(schemas, tables).planner(PlanOptions()))
    built = time.perf_counter()
    render_reference(reference)
    return built - start, time.perf_counter() - built


def main() -> None:
    schemas, tables = inputs()
    arguments = [a for s in schemas for a in ("--schema", str(s))]
    arguments += [a for t in tables for a in ("--errors", str(t))]
    tlgen = [sys.executable, "-m", "tlgen"]
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, TLGEN_CACHE_DIR=str(Path(work) / "cache"))
        generate = [*tlgen, "generate", *arguments, "--out", str(Path(work) / "pkg")]
        timed(generate, env)  # fills the formatting cache
        warm = [timed(generate, env) for _ in range(5)]
        row("tlgen generate, nothing changed (warm cache)", warm)
        reference = Path(work) / "reference"
        docs = [*tlgen, "docs", *arguments, "--out", str(reference)]
        fresh = []
        for _ in range(5):
            shutil.rmtree(reference, ignore_errors=True)
            fresh.append(timed(docs, env))
        row(f"tlgen docs, new folder ({sum(1 for _ in reference.rglob('*'))} paths)", fresh)
        row("tlgen docs, nothing changed", [timed(docs, env) for _ in range(5)])
        # Without the last doc page a few pages change; the others are linked, not rewritten.
        fewer = [*tlgen, "docs", *arguments[:-2], "--out", str(reference)]
        changed = []
        for _ in range(3):
            changed.append(timed(fewer, env))
            changed.append(timed(docs, env))
        row("tlgen docs, one doc page more or fewer", changed)
        print(
            "  docs (new folder) / warm generate: "
            f"{statistics.median(fresh) / statistics.median(warm):.2f} (goal <= 1.00)"
        )
    parts = [in_process(schemas, tables) for _ in range(5)]
    row("in process: schema, tables -> view model", [p[0] for p in parts])
    row("in process: render every page", [p[1] for p in parts])


if __name__ == "__main__":
    main()
