"""What `tlgen generate` and `tlgen docs` both read: --schema, --errors and --package, their
settings, and the defaults that exist only in tlgen's own checkout (schema/, schema/errors/)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from ..codegen.naming import package_name_problem
from ..errortables.catalog import ErrorCatalog, build_catalog
from ..errortables.descriptions import DescriptionCatalog, build_descriptions
from ..errortables.read import DocPage
from ..schema.load import LoadedSchema
from .common import load_or_report, read_errors_or_report
from .silence import Silenced

SETTINGS = ("schema", "errors", "package", "silence")


def add_input_options(command: argparse.ArgumentParser) -> None:
    """--schema and --errors: what generate and docs both read (see read_inputs)."""
    command.add_argument("--schema", action="append", metavar="FILE", help="a TL file (repeat)")
    command.add_argument(
        "--errors",
        action="append",
        metavar="FILE",
        help="an error table: doc page or CSV (repeat); default: schema/errors/* with the "
        "default schema",
    )


@dataclass(frozen=True)
class Inputs:
    """What generate and docs read: the checked schema, its error tables and descriptions."""

    loaded: LoadedSchema
    catalog: ErrorCatalog | None
    descriptions: DescriptionCatalog
    sources: list[tuple[str, bytes]]  # (file name, bytes) of every input, for the header


def read_inputs(args: argparse.Namespace) -> Inputs | None:
    """The inputs named by --package, --schema and --errors (defaults: schema/ and
    schema/errors/), or None after printing why they cannot be used."""
    problem = package_name_problem(args.package)
    if problem is not None:
        print(f"tlgen: error: {problem}", file=sys.stderr)
        return None
    schema_paths = args.schema or sorted(str(p) for p in Path("schema").glob("*.tl"))
    if not schema_paths:
        print(
            "tlgen: error: no schema files: pass --schema, set schema in [tool.tlgen] of "
            "pyproject.toml, or add *.tl to schema/",
            file=sys.stderr,
        )
        return None
    error_paths = args.errors
    if error_paths is None and args.schema is None:
        error_paths = sorted(str(p) for p in Path("schema", "errors").glob("*") if p.is_file())
    loaded = load_or_report(schema_paths, Silenced.of(args.silence))
    if loaded is None:
        return None
    tables = read_errors_or_report(error_paths or [])
    if tables is None:
        return None
    catalog = build_catalog([table for table, _ in tables], loaded.schema) if tables else None
    if catalog is not None:
        for finding in catalog.findings:
            print(finding, file=sys.stderr)
    pages = [table for table, _ in tables if isinstance(table, DocPage)]
    descriptions = build_descriptions(loaded.schema, pages, catalog)
    sources = [(Path(p).name, loaded.texts[p].encode("utf-8")) for p in loaded.schema.paths]
    sources += [
        (Path(p).name, data) for p, (_, data) in zip(error_paths or [], tables, strict=True)
    ]
    return Inputs(loaded, catalog, descriptions, sources)
