"""The whole generation: schema files -> checked schema -> plan -> texts -> formatted package."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .emit import tree_differences, write_tree
from ..errortables.catalog import ErrorCatalog
from .layout import LayoutStats, settle_modules
from ..schema.model import Schema
from .plan import plan_package, schema_header
from .render import render_package, runtime_modules

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
    """Build the package into out_dir/package, or with `check` only compare."""
    package_dir = out_dir / package
    files, stats = build_files(
        schema, sources, package, cache_dir, catalog=catalog, progress=progress
    )
    progress("comparing with the package on disk")
    changes = tree_differences(files, package_dir)
    written = False
    if not check and changes:
        progress(f"writing {len(files)} files")
        written = write_tree(files, package_dir)
    return GenerationResult(package_dir, files, changes, written, stats)
