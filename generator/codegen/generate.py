"""The whole generation: schema files -> checked schema -> plan -> texts -> formatted package."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from ..errortables import DescriptionCatalog, ErrorCatalog
from ..resources import code_files
from ..schema import Schema
from .emit import (
    MARKER_NAME,
    MARKER_TEXT,
    PY_TYPED,
    Tree,
    WriteError,
    check_replaceable,
    clean_up,
    differences,
    read_tree,
    write_cache_file,
    write_tree,
)
from .layout import LayoutStats, settle_modules
from .plan import DEFAULT_OPTIONS, Planner, PlanOptions, plan_package, schema_header
from .render import render_package, runtime_modules

# Called with each step's name as generation reaches it (the CLI's progress display): planning,
# rendering, laying out, comparing, writing.
Progress = Callable[[str], None]
GENERATE_STEPS = 5


def _quiet(step: str) -> None:
    pass


@dataclass(frozen=True)
class GenerationResult:
    """What `tlgen generate` did or, with --check, would do."""

    package_dir: Path
    files: dict[str, bytes]
    changes: list[str]  # `+ path` / `- path` / `~ path` relative to what was on disk
    written: bool
    layout: LayoutStats | None  # how the modules reached black's layout


@dataclass(frozen=True, kw_only=True)
class GenerationOptions:
    """What shapes the package besides the schema: how it is planned (the options every view
    shares: package name, bytes fields, dates), the error catalog and the descriptions
    (docstrings), and black."""

    plan: PlanOptions = DEFAULT_OPTIONS
    cache_dir: Path | None = None  # the format cache; None: no cache, no run manifest
    catalog: ErrorCatalog | None = None
    descriptions: DescriptionCatalog | None = None
    format_code: bool = True


def build_package(
    schema: Schema, sources: Sequence[tuple[str, bytes]], options: GenerationOptions
) -> dict[str, bytes]:
    """Every file of the generated package, by path inside it."""
    files, _ = build_files(schema, sources, options)
    return files


def build_files(
    schema: Schema,
    sources: Sequence[tuple[str, bytes]],
    options: GenerationOptions,
    progress: Progress = _quiet,
) -> tuple[dict[str, bytes], LayoutStats | None]:
    """Every file of the generated package, and how its modules were laid out."""
    progress("planning")
    planner = Planner(schema, options.plan, options.catalog, options.descriptions)
    plan = plan_package(planner, schema_header(schema, sources))
    progress(f"rendering {len(plan.modules)} modules")
    texts = render_package(plan)
    stats = None
    if options.format_code:
        progress("laying out")
        texts, stats = settle_modules(texts, options.cache_dir, runtime_modules())
    files = {path: text.encode("utf-8") for path, text in texts.items()}
    files["py.typed"] = PY_TYPED
    files[MARKER_NAME] = MARKER_TEXT
    return dict(sorted(files.items())), stats


def generate(
    schema: Schema,
    sources: Sequence[tuple[str, bytes]],
    out_dir: Path,
    options: GenerationOptions,
    check: bool,
    progress: Progress = _quiet,
) -> GenerationResult:
    """Build the package into out_dir/<package>, or with `check` only compare. Raises NotOurs
    when that folder exists and is not a package tlgen generated, WriteError when writing
    fails.

    With a cache, a run (not --check) whose inputs (sources and options, and the generator
    itself) match an earlier run's, and whose package on disk is still the very files that run
    wrote or verified (their content and their inode, size and change times: any edit since
    changes them), is done without planning, rendering or laying out again. --check always
    compares what would be written with what is on disk, whatever the cache says."""
    package_dir = out_dir / options.plan.package
    cache_dir = options.cache_dir
    key = _run_key(sources, options) if cache_dir else None
    on_disk = None
    if cache_dir and key and not check:
        progress("comparing with the package on disk")
        on_disk = _read_package(package_dir)
        manifest = _manifest_read(cache_dir, key)
        written_files = {path: data for path, data in on_disk.items() if data is not None}
        if manifest and len(written_files) == len(on_disk):
            if manifest == _manifest(package_dir, written_files):
                clean_up(package_dir)  # what an interrupted run left beside the package
                return GenerationResult(package_dir, written_files, [], False, None)
    files, stats = build_files(schema, sources, options, progress)
    if on_disk is None:
        progress("comparing with the package on disk")
        on_disk = _read_package(package_dir)
    changes = differences(files, on_disk)
    # write_tree runs even without changes: it also cleans what an interrupted run left.
    written = False
    if not check:
        progress(f"writing {len(files)} files" if changes else "cleaning up")
        written = write_tree(files, package_dir)
        if cache_dir and key:
            _manifest_write(cache_dir, key, _manifest(package_dir, files))
    return GenerationResult(package_dir, files, changes, written, stats)


def _read_package(package_dir: Path) -> Tree:
    """The package on disk (empty if absent); NotOurs if it is not a package tlgen wrote."""
    try:
        check_replaceable(package_dir)
        return read_tree(package_dir)
    except OSError as error:
        where = error.filename or package_dir
        raise WriteError(f"cannot read {where}: {error.strerror or error}") from None


@cache
def _generator_digest() -> bytes:
    """What the output depends on besides the inputs: this generator's code and templates, and
    the versions of Jinja2 and black."""
    digest = hashlib.sha256()
    for path, data in code_files():
        digest.update(path.encode() + b"\0" + data)
    for name in ("jinja2", "black"):
        digest.update(f"{name} {metadata.version(name)}\0".encode())
    digest.update(f"python {sys.version_info[0]}.{sys.version_info[1]}".encode())
    return digest.digest()


def _run_key(sources: Sequence[tuple[str, bytes]], options: GenerationOptions) -> str:
    """What a run's output depends on: the generator, the inputs and every output option."""
    digest = hashlib.sha256(_generator_digest())
    for name, data in sources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    # Every planning option, whatever fields PlanOptions gains; the order of --bytes-field
    # does not matter.
    plan = dataclasses.replace(options.plan, bytes_fields=tuple(sorted(options.plan.bytes_fields)))
    digest.update(json.dumps(dataclasses.asdict(plan), sort_keys=True).encode() + b"\0")
    digest.update(b"black\0" if options.format_code else b"raw\0")
    return digest.hexdigest()


def _manifest(package_dir: Path, files: Mapping[str, bytes]) -> dict[str, list[object]]:
    """Each file's digest and the identity of the file on disk holding it (inode, size,
    modification and change times): a manifest matches only the files a run left itself."""
    manifest: dict[str, list[object]] = {}
    for path, data in sorted(files.items()):
        try:
            info = os.lstat(package_dir / path)
        except OSError:
            return {}
        identity = [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]
        manifest[path] = [hashlib.sha256(data).hexdigest(), *identity]
    return manifest


def _manifest_read(cache_dir: Path, key: str) -> dict[str, list[object]] | None:
    try:
        manifest = json.loads((cache_dir / "runs" / key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _manifest_write(cache_dir: Path, key: str, manifest: dict[str, list[object]]) -> None:
    write_cache_file(cache_dir / "runs", key, json.dumps(manifest).encode("utf-8"))
