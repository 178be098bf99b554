"""Benchmark: the layout of the root namespace (codegen/plan/root_modules.py) against the peers.

Figures (nothing asserted), in one run:
- files of the generated package for Telegram's API (layer 222 + mtproto), TDLib's td_api
  (--wire tdjson) and a schema of 20,000 one-constructor root types, and `tlgen generate`'s
  time for the last; the peers' files for their Telegram API (Telethon: a module per
  namespace; Kurigram: a module per class);
- whole-process import of one root class, for a sample of the root classes both we and
  Telethon have, bytecode compiled for both (median over the sample of medians of 5 runs);
  goal <= 0.1x Telethon;
- over the corpus' layer bumps (113 -> 223), the classes present on both sides whose module
  changed, against one module per TL type (the layout before the packing): what a reviewer of a
  committed generated package sees move.
"""

from __future__ import annotations

import importlib.util
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import CORPUS, api_files, corpus_paths  # noqa: E402
from bench.generate_bench import timed, verdict  # noqa: E402
from tlgen.codegen import naming  # noqa: E402
from tlgen.codegen.plan import Planner  # noqa: E402
from tlgen.schema.load import load_schema  # noqa: E402

SAMPLE = 40
SYNTHETIC_TYPES = 20_000


def python_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.py"))


def generate(arguments: list[str], out: Path) -> float:
    command = [sys.executable, "-m", "tlgen", "generate", *arguments, "--out", str(out)]
    return timed([*command, "--package", "tl", "--no-cache"], cwd=out.parent)


def file_rows(work: Path) -> Path:
    """Generate the three packages, print their file counts and the peers'; return the folder
    of the API package."""
    api = work / "api"
    api.mkdir()
    generate([a for f in api_files() for a in ("--schema", str(f))], api)
    print(f"  files, Telegram API layer 222 + mtproto: tlgen {python_files(api / 'tl')}", end="")
    for peer, folder in (("telethon", "tl"), ("pyrogram", "raw")):
        spec = importlib.util.find_spec(peer)
        if spec is None or spec.origin is None:
            print(f", {peer}: not installed", end="")
            continue
        print(f", {peer} {python_files(Path(spec.origin).parent / folder)}", end="")
    print()
    tdlib = work / "tdlib"
    tdlib.mkdir()
    generate(["--schema", str(*corpus_paths("tdlib/td_api.tl")), "--wire", "tdjson"], tdlib)
    print(f"  files, TDLib td_api.tl (tdjson): {python_files(tdlib / 'tl')}")
    synthetic = work / "synthetic"
    synthetic.mkdir()
    schema = synthetic / "many.tl"
    schema.write_text("".join(f"thing{i} x:int = Thing{i};\n" for i in range(SYNTHETIC_TYPES)))
    seconds = generate(["--schema", str(schema)], synthetic)
    files = python_files(synthetic / "tl")
    print(f"  files, {SYNTHETIC_TYPES:,} root types: {files:,}, generated in {seconds:.1f} s")
    return api


def import_rows(api: Path) -> None:
    """One root class per process, ours and Telethon's interleaved."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(api)], check=True)
    sys.path.insert(0, str(api))
    import telethon.tl.types as theirs  # noqa: PLC0415 - a peer, optional until here
    import tl.types as ours  # noqa: PLC0415 - generated above

    both = sorted(n for n in ours.__all__ if n[:1].isupper() and hasattr(theirs, n))
    sample = both[:: max(1, len(both) // SAMPLE)][:SAMPLE]
    medians: dict[str, list[float]] = {"tlgen": [], "telethon": []}
    for name in sample:
        runs: dict[str, list[float]] = {"tlgen": [], "telethon": []}
        for _ in range(5):
            runs["tlgen"].append(import_once(api, f"from tl.types import {name}"))
            runs["telethon"].append(import_once(api, f"from telethon.tl.types import {name}"))
        for key, times in runs.items():
            medians[key].append(statistics.median(times))
    for key, times in medians.items():
        print(
            f"  import one root class, {key:<8} median {statistics.median(times) * 1000:6.1f} ms"
            f"  max {max(times) * 1000:6.1f} ms  ({len(sample)} classes)"
        )
    ratio = statistics.median(medians["tlgen"]) / statistics.median(medians["telethon"])
    verdict("import one root class tlgen/telethon", ratio, 0.1)


def import_once(cwd: Path, statement: str) -> float:
    """The import alone, measured inside the process (interpreter start-up left out)."""
    script = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def churn_rows() -> None:
    """Classes whose module changed between consecutive corpus layers."""
    folder = CORPUS / "telegram" / "api"
    layers = sorted(folder.glob("layer-*.tl"), key=lambda p: int(re.sub(r"\D", "", p.name)))
    (mtproto,) = corpus_paths("telegram/mtproto.tl")
    packed: list[dict[str, str]] = []
    per_type: list[dict[str, str]] = []
    for layer in layers:
        planner = Planner(load_schema([layer, mtproto]).schema)
        root = [c for c in planner.schema.constructors if c.namespace is None]
        packed.append({c.name: planner.module_of(c)[1] for c in root})
        per_type.append({c.name: naming.root_module_stem(c.result.name) for c in root})

    def moved(layouts: list[dict[str, str]]) -> list[int]:
        return [
            sum(1 for name in old.keys() & new.keys() if old[name] != new[name])
            for old, new in zip(layouts, layouts[1:], strict=False)
        ]

    for label, counts in (("packed", moved(packed)), ("a module per type", moved(per_type))):
        print(
            f"  classes moved per layer bump ({len(counts)} bumps), {label:<17}"
            f" mean {statistics.mean(counts):5.1f}  max {max(counts)}"
        )


def main() -> None:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        api = file_rows(Path(scratch))
        if importlib.util.find_spec("telethon") is None:
            print("  telethon not installed: no import figures")
        else:
            import_rows(api)
    churn_rows()
    print(f"  ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
