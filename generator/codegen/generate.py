"""The whole generation: schema files -> checked schema -> plan -> texts -> formatted package."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from .emit import read_tree, tree_differences, write_tree
from ..errortables.catalog import ErrorCatalog
from .layout import LayoutStats, settle_modules
from ..schema.model import Schema
from .plan import plan_package, schema_header
from .render import render_package, runtime_modules, templates_dir

PY_TYPED = b"# Marker: this package ships inline type annotations (PEP 561).\n"

# Called with each step's name as generation reaches it (the CLI's progress display): planning,
# rendering, laying out, comparing, writing.
Progress = Callable[[str], None]
GENERATE_STEPS = 5


def _quiet(step: str) -> None:
    pass


@dataclass(frozen=True)
class GenerationResult:
    package_dir: Path
    files: dict[str, bytes]
    changes: list[str]  # `+ path` / `- path` / `~ path` relative to what was on disk
    written: bool
    layout: LayoutStats | None  # how the modules reached black's layout


def build_package(
    schema: Schema,
    sources: Sequence[tuple[str, bytes]],
    package: str,
    cache_dir: Path | None,
    format_code: bool = True,
    catalog: ErrorCatalog | None = None,
) -> dict[str, bytes]:
    """Every file of the generated package, by path inside it."""
    return build_files(schema, sources, package, cache_dir, format_code, catalog)[0]


def build_files(
    schema: Schema,
    sources: Sequence[tuple[str, bytes]],
    package: str,
    cache_dir: Path | None,
    format_code: bool = True,
    catalog: ErrorCatalog | None = None,
    progress: Progress = _quiet,
) -> tuple[dict[str, bytes], LayoutStats | None]:
    """Every file of the generated package, and how its modules were laid out."""
    progress("planning")
    plan = plan_package(schema, package, schema_header(schema, sources), catalog)
    progress(f"rendering {len(plan.modules)} modules")
    texts = render_package(plan)
    stats = None
    if format_code:
        progress("laying out")
        texts, stats = settle_modules(texts, cache_dir, runtime_modules())
    files = {path: text.encode("utf-8") for path, text in texts.items()}
    files["py.typed"] = PY_TYPED
    return dict(sorted(files.items())), stats


def generate(
    schema: Schema,
    sources: Sequence[tuple[str, bytes]],
    out_dir: Path,
    package: str,
    check: bool,
    cache_dir: Path | None,
    catalog: ErrorCatalog | None = None,
    progress: Progress = _quiet,
) -> GenerationResult:
    """Build the package into out_dir/package, or with `check` only compare.

    With a cache, a run whose inputs (sources, package name, and the generator itself) match an
    earlier run's, and whose package on disk still holds exactly that run's output, is done
    without planning, rendering or laying out again."""
    package_dir = out_dir / package
    key = _run_key(sources, package) if cache_dir else None
    if cache_dir and key:
        progress("comparing with the package on disk")
        on_disk = read_tree(package_dir)
        if _manifest_read(cache_dir, key) == _manifest(on_disk):
            return GenerationResult(package_dir, on_disk, [], False, None)
    files, stats = build_files(
        schema, sources, package, cache_dir, catalog=catalog, progress=progress
    )
    progress("comparing with the package on disk")
    changes = tree_differences(files, package_dir)
    written = False
    if not check and changes:
        progress(f"writing {len(files)} files")
        written = write_tree(files, package_dir)
    if cache_dir and key:
        _manifest_write(cache_dir, key, _manifest(files))
    return GenerationResult(package_dir, files, changes, written, stats)


@cache
def _generator_digest() -> bytes:
    """What the output depends on besides the inputs: this generator's code and templates, and
    the versions of Jinja2 and black."""
    digest = hashlib.sha256()
    roots = [Path(__file__).resolve().parents[1], templates_dir()]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for name in ("jinja2", "black"):
        digest.update(f"{name} {metadata.version(name)}\0".encode())
    digest.update(f"python {sys.version_info[0]}.{sys.version_info[1]}".encode())
    return digest.digest()


def _run_key(sources: Sequence[tuple[str, bytes]], package: str) -> str:
    digest = hashlib.sha256(_generator_digest())
    digest.update(package.encode() + b"\0")
    for name, data in sources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _manifest(files: Mapping[str, bytes]) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}


def _manifest_read(cache_dir: Path, key: str) -> dict[str, str] | None:
    try:
        manifest = json.loads((cache_dir / "runs" / key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _manifest_write(cache_dir: Path, key: str, manifest: dict[str, str]) -> None:
    folder = cache_dir / "runs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as f:
            json.dump(manifest, f)
        os.replace(f.name, folder / key)
    except OSError:
        pass  # a cache that cannot be written only costs time
