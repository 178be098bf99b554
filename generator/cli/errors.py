"""`tlgen errors`: merge error tables and print the catalog, readably or as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from ..errortables import DocPage, ErrorCatalog, build_catalog, build_descriptions
from .common import EXIT_INVALID, EXIT_OK, load_or_report, read_errors_or_report
from .silence import Silenced

SETTINGS = ("silence",)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `tlgen errors`."""
    errors = commands.add_parser(
        "errors",
        help="read error tables (doc pages, CSV lists) and print the merged catalog",
        description=(
            "Merge error tables: GramJS and MadelineProto doc pages (.md) and Telethon's "
            "errors.csv / methods.csv, and print the catalog: each error with its codes, "
            "description and methods, then each method with its errors. Exit 0 when every "
            "file was read, 2 otherwise."
        ),
    )
    errors.add_argument("files", nargs="+", metavar="FILE")
    errors.add_argument("--json", action="store_true", help="print the catalog as JSON")
    errors.add_argument(
        "--schema",
        action="append",
        metavar="FILE",
        help="TL schema (repeat): flag pages whose parameters belong to another method",
    )
    errors.set_defaults(run=run, settings=SETTINGS)


def run(args: argparse.Namespace) -> int:
    """Run `tlgen errors` with its parsed arguments; returns the exit status."""
    schema = None
    if args.schema:
        loaded = load_or_report(args.schema, Silenced.of(args.silence))
        if loaded is None:
            return EXIT_INVALID
        schema = loaded.schema
    read = read_errors_or_report(args.files)
    if read is None:
        return EXIT_INVALID
    sources = [source for source, _ in read]
    catalog = build_catalog(sources, schema)
    pages = [s for s in sources if isinstance(s, DocPage)]
    descriptions = build_descriptions(schema, pages, catalog)
    for finding in catalog.findings:
        print(finding, file=sys.stderr)
    if args.json:
        payload = catalog.to_json()
        conflicts = (*catalog.conflicts, *descriptions.conflicts)
        payload["conflicts"] = [c.to_json() for c in conflicts]
        payload["descriptions"] = descriptions.to_json()
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    for conflict in (*catalog.conflicts, *descriptions.conflicts):
        values = "; ".join(f"{source}: {value}" for source, value in conflict.values)
        print(_shown(f"conflict: {conflict.name} {conflict.field}: {values}"), file=sys.stderr)
    print("\n".join(_catalog_lines(catalog)))
    rows = sum(len(s.errors) if isinstance(s, DocPage) else len(s.rows) for s in sources)
    print(
        f"{len(catalog.errors)} errors, {len(catalog.methods)} methods, "
        f"{len(catalog.conflicts)} conflicts from {len(sources)} files ({rows} rows)"
    )
    return EXIT_OK


def _catalog_lines(catalog: ErrorCatalog) -> list[str]:
    """The catalog for a reader: every error (codes, description, methods), then every method
    with the errors it may raise and whether bots may call it. Sources: `--json`."""
    lines = [f"Errors ({len(catalog.errors)}):"]
    for error in catalog.errors:
        codes = " ".join(map(str, error.codes)) or "no code"
        lines.append(f"  {error.name}  [{codes}]")
        if error.description:
            lines.append(f"      {error.description}")
        if error.methods:
            lines.append(f"      methods: {', '.join(error.methods)}")
    lines.append(f"Methods ({len(catalog.methods)}):")
    bots = {True: "bots: yes", False: "bots: no", None: "bots: unknown"}
    for method in catalog.methods:
        lines.append(f"  {method.method}  ({bots[method.bots]})")
        raised = ", ".join(f"{code} {name}" if code else name for code, name in method.errors)
        lines.append(f"      {raised or 'no errors listed'}")
    return [_shown(line) for line in lines]


def _shown(line: str) -> str:
    """A line of table text safe for a terminal: control characters (an escape sequence in a
    downloaded doc page) printed as `?`."""
    return "".join(c if c.isprintable() else "?" for c in line)
