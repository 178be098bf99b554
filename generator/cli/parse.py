"""`tlgen parse`: check TL files as one schema; print a summary or the model as JSON."""

from __future__ import annotations

import argparse
import json

from ..inputs import load_checked_schema
from ..schema import empty_json, schema_to_json
from ..spans import InputError
from .common import EXIT_INVALID, EXIT_OK, print_diagnostics, report_unreadable
from .silence import Silenced

SETTINGS = ("silence",)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `tlgen parse`."""
    parse = commands.add_parser(
        "parse",
        help="parse and validate TL files (several files form one schema)",
        description="Parse and validate TL files as one schema. Exit 0 if valid, 2 if not.",
    )
    parse.add_argument("files", nargs="+", metavar="FILE")
    parse.add_argument("--json", action="store_true", help="print the schema model as JSON")
    parse.set_defaults(run=run, settings=SETTINGS)


def run(args: argparse.Namespace) -> int:
    """Run `tlgen parse` with its parsed arguments; returns the exit status."""
    try:
        loaded = Silenced.of(args.silence).apply(load_checked_schema(args.files))
    except (InputError, OSError) as error:
        report_unreadable(error)
        if args.json and isinstance(error, InputError):
            print(json.dumps(empty_json([error.diagnostic]), indent=2))
        return EXIT_INVALID
    print_diagnostics(loaded)
    if args.json:
        print(json.dumps(schema_to_json(loaded.schema, loaded.diagnostics), indent=2))
    else:
        schema = loaded.schema
        layer = "no layer" if schema.layer is None else f"layer {schema.layer}"
        print(
            f"{len(schema.constructors)} constructors, {len(schema.functions)} functions, "
            f"{len(schema.builtins)} builtins, {layer}"
        )
    return EXIT_OK if loaded.ok else EXIT_INVALID
