"""The whole generation: schema files -> checked schema -> plan -> texts -> formatted package."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errortables.catalog import ErrorCatalog
from ..errortables.descriptions import DescriptionCatalog
from ..schema.model import Schema
from .emit import (
    MARKER_NAME,
    MARKER_TEXT,
    PY_TYPED,
    WriteError,
    check_replaceable,
    tree_differences,
    write_tree,
)
from .format import format_modules
from .plan import plan_package, schema_header
from .render import render_package


@dataclass(frozen=True)
class GenerationResult:
    """What `tlgen generate` did or, with --check, would do."""

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
    descriptions: DescriptionCatalog | None = None,
    bytes_fields: Sequence[str] = (),
    dates: bool = False,
) -> dict[str, bytes]:
    """Every file of the generated package, by path inside it. `bytes_fields` names `string`
    params to encode as bytes (`NAME.PARAM`; see codegen/plan/mtproto.py); `dates`: date
    fields (codegen/plan/dates.py) as datetime."""
    plan = plan_package(
        schema,
        package,
        schema_header(schema, sources),
        catalog,
        descriptions,
        bytes_fields,
        dates,
    )
    texts = render_package(plan)
    if format_code:
        texts = format_modules(texts, cache_dir)
    files = {path: text.encode("utf-8") for path, text in texts.items()}
    files["py.typed"] = PY_TYPED
    files[MARKER_NAME] = MARKER_TEXT
    return dict(sorted(files.items()))


def generate(
    schema: Schema,
    sources: Sequence[tuple[str, bytes]],
    out_dir: Path,
    package: str,
    check: bool,
    cache_dir: Path | None,
    catalog: ErrorCatalog | None = None,
    descriptions: DescriptionCatalog | None = None,
    bytes_fields: Sequence[str] = (),
    dates: bool = False,
) -> GenerationResult:
    """Build the package into out_dir/package, or with `check` only compare. Raises NotOurs
    when out_dir/package exists and is not a package tlgen generated, WriteError when writing
    fails."""
    package_dir = out_dir / package
    files = build_package(
        schema,
        sources,
        package,
        cache_dir,
        catalog=catalog,
        descriptions=descriptions,
        bytes_fields=bytes_fields,
        dates=dates,
    )
    try:
        check_replaceable(package_dir)
        changes = tree_differences(files, package_dir)
    except OSError as error:
        where = error.filename or package_dir
        raise WriteError(f"cannot read {where}: {error.strerror or error}") from None
    # write_tree runs even without changes: it also cleans what an interrupted run left.
    written = False if check else write_tree(files, package_dir)
    return GenerationResult(package_dir, files, changes, written)
