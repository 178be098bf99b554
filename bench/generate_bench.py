"""Benchmark: generating the full Telegram API (layer 222 + mtproto) against a peer generator,
and importing single classes from it against Telethon.

Figures (medians, nothing asserted), each target a ratio in this one run:
- parse -> render, no formatting, in process;
- `tlgen generate` cold (empty cache, new output) and warm (nothing changed), against Kurigram's
  API compiler (from its sdist, formatting off as it ships, its own layer-229 schema) run in a
  scratch folder: cold <= 3x, warm <= 1x; how many pieces black had to format;
- whole-process `from tl.types import Message` (User, Updates) and of one request class, against
  Telethon's same import, bytecode compiled for both: <= 0.1x.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import api_files  # noqa: E402
from tlgen.codegen.plan import Planner, plan_package, schema_header  # noqa: E402
from tlgen.codegen.render import render_package  # noqa: E402
from tlgen.schema.load import load_schema  # noqa: E402

PEER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tlgen-bench"


def parse_to_render(files: list[Path]) -> float:
    start = time.perf_counter()
    loaded = load_schema(files)
    sources = [(p.name, loaded.texts[str(p)].encode()) for p in files]
    render_package(plan_package(Planner(loaded.schema), schema_header(loaded.schema, sources)))
    return time.perf_counter() - start


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path = REPO) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def row(label: str, times: list[float], goal: str = "") -> float:
    median = statistics.median(times)
    print(
        f"  {label:<58} median {median * 1000:8.1f} ms"
        f"  min {min(times) * 1000:8.1f}  max {max(times) * 1000:8.1f}  n={len(times)}  {goal}"
    )
    return median


def verdict(label: str, ratio: float, goal: float) -> None:
    state = "met" if ratio <= goal else "MISSED"
    print(f"  ratio {label}: {ratio:.3f} (goal <= {goal:g}: {state})")


def peer_sdist() -> Path | None:
    """Kurigram's sdist (it ships compiler/), downloaded once with pip into a cache folder."""
    found = sorted(PEER_CACHE.glob("kurigram-*.tar.gz"))
    if found:
        return found[-1]
    PEER_CACHE.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    command += ["--no-binary", ":all:", "kurigram", "-d", str(PEER_CACHE)]
    result = subprocess.run(command, capture_output=True, text=True)
    found = sorted(PEER_CACHE.glob("kurigram-*.tar.gz"))
    if not found:
        print(f"  kurigram sdist could not be downloaded: {result.stderr.strip()[-300:]}")
        return None
    return found[-1]


def peer_compiler(work: Path) -> tuple[list[str], Path, str] | None:
    """(command, folder to run it in, description) of Kurigram's API compiler, unpacked into a
    scratch folder. Its __main__ runs `start(format=False)`: unformatted output, as it ships."""
    sdist = peer_sdist()
    if sdist is None:
        return None
    with tarfile.open(sdist) as archive:
        archive.extractall(work, filter="data")
    root = next(work.glob("kurigram-*"))
    api = root / "compiler" / "api"
    layer = re.search(r"//\s*LAYER\s+(\d+)", (api / "source" / "main_api.tl").read_text())
    about = f"{root.name} compiler/api, layer {layer.group(1) if layer else '?'}"
    return [sys.executable, "compiler.py"], api, about


def import_rows(out: Path) -> None:
    """Whole-process imports, ours and Telethon's, interleaved so both see the same machine."""
    pairs = [
        ("tl.types", "telethon.tl.types", "Message", "Message"),
        ("tl.types", "telethon.tl.types", "User", "User"),
        ("tl.types", "telethon.tl.types", "Updates", "Updates"),
        ("tl.functions.auth", "telethon.tl.functions.auth", "ResendCode", "ResendCodeRequest"),
    ]
    bare = [timed([sys.executable, "-c", "pass"], cwd=out) for _ in range(5)]
    row("bare interpreter (included in every figure below)", bare)
    for ours_module, theirs_module, ours_name, theirs_name in pairs:
        ours_cmd = [sys.executable, "-c", f"from {ours_module} import {ours_name}"]
        theirs_cmd = [sys.executable, "-c", f"from {theirs_module} import {theirs_name}"]
        ours, theirs = [], []
        for _ in range(9):
            ours.append(timed(ours_cmd, cwd=out))
            theirs.append(timed(theirs_cmd, cwd=out))
        mine = row(f"from {ours_module} import {ours_name}", ours)
        peer = row(f"from {theirs_module} import {theirs_name}", theirs)
        verdict(f"import {ours_name} tlgen/telethon", mine / peer, 0.1)


def main() -> None:
    files = api_files()
    parse_to_render(files)
    row("parse -> render, no formatting", [parse_to_render(files) for _ in range(5)])
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        out = work / "out"
        env = dict(os.environ, TLGEN_CACHE_DIR=str(work / "cache"))
        tlgen = [sys.executable, "-m", "tlgen", "generate", "--out", str(out), "--progress"]
        for f in files:
            tlgen += ["--schema", str(f)]
        peer = peer_compiler(work / "peer")
        peer_times: list[float] = []
        cold: list[float] = []
        for attempt in range(3):  # interleaved with the peer's runs
            if attempt:
                shutil.rmtree(out)
                shutil.rmtree(work / "cache", ignore_errors=True)
            start = time.perf_counter()
            result = subprocess.run(tlgen, cwd=REPO, env=env, capture_output=True, text=True)
            cold.append(time.perf_counter() - start)
            if result.returncode:
                sys.exit(result.stderr)
            if peer is not None:
                peer_times.append(timed(peer[0], cwd=peer[1]))
        cold_median = row("tlgen generate, cold (empty cache, new output)", cold)
        pieces = re.search(r"\d+ pieces laid out, \d+ of them by black", result.stderr)
        print(f"  layout: {pieces.group(0) if pieces else 'no layout report'}")
        warm_median = row("tlgen generate, nothing changed", [timed(tlgen, env) for _ in range(5)])
        if peer is None:
            print("  peer generator: not run (see above); no generation ratios")
        else:
            peer_median = row(f"peer: {peer[2]} (format=False)", peer_times)
            verdict("cold tlgen/peer", cold_median / peer_median, 3)
            verdict("warm tlgen/peer", warm_median / peer_median, 1)
        # Telethon's modules were byte-compiled by pip; give ours the same (as an install would),
        # or the comparison measures compiling.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(out)], check=True)
        import_rows(out)


if __name__ == "__main__":
    main()
