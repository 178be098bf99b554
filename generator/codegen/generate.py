"""The whole generation: schema files -> checked schema -> plan -> texts -> formatted package."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .emit import tree_differences, write_tree
from ..errortables.catalog import ErrorCatalog
from .format import format_modules
from ..schema.model import Schema
from .plan import plan_package, schema_header
from .render import render_package

PY_TYPED = b"# Marker: this package ships inline type annotations (PEP 561).\n"


@dataclass(frozen=True)
class GenerationResult:
    package_dir: Path
    files: dict[str, bytes]
    changes: list[str]  # `+ path` / `- path` / `~ path` relative to what was on disk
    written: bool


def build_package(
    schema: Schema,
    sources: Sequence[tuple[str, bytes]],
    package: str,
    cache_dir: Path | None,
    format_code: bool = True,
    catalog: ErrorCatalog | None = None,
    dates: bool = False,
) -> dict[str, bytes]:
    """Every file of the generated package, by path inside it (`dates`: date fields as
    datetime)."""
    plan = plan_package(schema, package, schema_header(schema, sources), catalog, dates)
    texts = render_package(plan)
    if format_code:
        texts = format_modules(texts, cache_dir)
    files = {path: text.encode("utf-8") for path, text in texts.items()}
    files["py.typed"] = PY_TYPED
    return dict(sorted(files.items()))


def generate(
    schema: Schema,
    sources: Sequence[tuple[str, bytes]],
    out_dir: Path,
    package: str,
    check: bool,
    cache_dir: Path | None,
    catalog: ErrorCatalog | None = None,
    dates: bool = False,
) -> GenerationResult:
    """Build the package into out_dir/package, or with `check` only compare."""
    package_dir = out_dir / package
    files = build_package(schema, sources, package, cache_dir, catalog=catalog, dates=dates)
    changes = tree_differences(files, package_dir)
    written = False
    if not check and changes:
        written = write_tree(files, package_dir)
    return GenerationResult(package_dir, files, changes, written)
