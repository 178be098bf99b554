"""Benchmark: generating the full Telegram API (layer 222 + mtproto) and importing from it.

Figures (medians, nothing asserted):
- parse -> render without formatting, in process (goal <= 0.6 s);
- complete `tlgen generate` with black, cold: empty formatting cache, new output (goal <= 10 s);
- `tlgen generate` again when nothing changed (goal <= 1 s);
- `from tl.functions.auth import ResendCode` from the full-API package, against Telethon's
  `from telethon.tl.functions.auth import ResendCodeRequest`, side by side (goal <= 1/10).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.codegen.plan import plan_package, schema_header  # noqa: E402
from generator.codegen.render import render_package  # noqa: E402
from generator.schema.load import load_schema  # noqa: E402


def corpus_files() -> list[Path]:
    corpus = Path(os.environ.get("TL_CORPUS", REPO.parent / "shared" / "corpus"))
    files = [corpus / "telegram" / "api" / "layer-222.tl", corpus / "telegram" / "mtproto.tl"]
    if not all(f.is_file() for f in files):
        sys.exit(f"corpus files missing under {corpus} (set TL_CORPUS)")
    return files


def parse_to_render(files: list[Path]) -> float:
    start = time.perf_counter()
    loaded = load_schema(files)
    sources = [(p.name, loaded.texts[str(p)].encode()) for p in files]
    render_package(plan_package(loaded.schema, "tl", schema_header(loaded.schema, sources)))
    return time.perf_counter() - start


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path = REPO) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def row(label: str, times: list[float], goal: str = "") -> None:
    print(
        f"  {label:<52} median {statistics.median(times) * 1000:8.1f} ms"
        f"  min {min(times) * 1000:8.1f}  max {max(times) * 1000:8.1f}  n={len(times)}  {goal}"
    )


def main() -> None:
    files = corpus_files()
    parse_to_render(files)
    row("parse -> render, no formatting", [parse_to_render(files) for _ in range(7)], "goal <= 600")
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        env = dict(os.environ, TLGEN_CACHE_DIR=str(Path(work) / "cache"))
        tlgen = [sys.executable, "-m", "generator", "generate", "--out", str(out)]
        for f in files:
            tlgen += ["--schema", str(f)]
        row("tlgen generate, cold (black on every module)", [timed(tlgen, env)], "goal <= 10000")
        row(
            "tlgen generate, nothing changed", [timed(tlgen, env) for _ in range(5)], "goal <= 1000"
        )
        # Telethon's modules were byte-compiled by pip; give ours the same (as the first import or
        # an install would), or the comparison measures compiling.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(out)], check=True)
        ours_cmd = [sys.executable, "-c", "from tl.functions.auth import ResendCode"]
        theirs_cmd = [
            sys.executable,
            "-c",
            "from telethon.tl.functions.auth import ResendCodeRequest",
        ]
        bare_cmd = [sys.executable, "-c", "pass"]
        ours, theirs, bare = [], [], []
        for _ in range(9):  # interleaved, so both see the same machine state
            ours.append(timed(ours_cmd, cwd=out))
            theirs.append(timed(theirs_cmd, cwd=out))
            bare.append(timed(bare_cmd, cwd=out))
        row("import ResendCode (tlgen, full API)", ours)
        row("import ResendCodeRequest (telethon 1.42.0)", theirs)
        row("bare interpreter", bare)
        ratio = statistics.median(ours) / statistics.median(theirs)
        print(f"  import ratio tlgen/telethon: {ratio:.3f} (goal <= 0.100)")
        # Whole-process times include starting the interpreter, which in this virtualenv also
        # runs the import hook of tlgen's own editable install (~10 ms), for both alike. The
        # codec benchmark times the import statement alone, in process.


if __name__ == "__main__":
    main()
