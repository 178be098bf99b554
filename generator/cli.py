"""The `tlgen` command line (DESIGN.md §7)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .model import Param, Schema
from .parse import SchemaSyntaxError
from .schema_io import load_schema
from .spans import Diagnostic

EXIT_OK = 0
EXIT_INVALID = 2
_SNIPPET_WIDTH = 100


def main(argv: Sequence[str] | None = None) -> int:
    parser = _argument_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tlgen", description="Code generator and tools for Telegram's TL schemas."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse = commands.add_parser(
        "parse",
        help="parse and validate TL files (several files form one schema)",
        description="Parse and validate TL files as one schema. Exit 0 if valid, 2 if not.",
    )
    parse.add_argument("files", nargs="+", metavar="FILE")
    parse.add_argument("--json", action="store_true", help="print the schema model as JSON")
    parse.set_defaults(run=_run_parse)
    return parser


def _run_parse(args: argparse.Namespace) -> int:
    try:
        loaded = load_schema(args.files)
    except SchemaSyntaxError as error:
        print(format_diagnostic(error.diagnostic, error.line_text), file=sys.stderr)
        if args.json:
            print(json.dumps(_empty_json([error.diagnostic]), indent=2))
        return EXIT_INVALID
    except OSError as error:
        print(f"{error.filename}: error: cannot read file: {error.strerror}", file=sys.stderr)
        return EXIT_INVALID
    for diagnostic in loaded.diagnostics:
        line_text = _line_of(loaded.texts.get(diagnostic.span.path, ""), diagnostic.span.line)
        print(format_diagnostic(diagnostic, line_text), file=sys.stderr)
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


def format_diagnostic(diagnostic: Diagnostic, line_text: str) -> str:
    """`file:line:col: severity: message`, then the line and a caret under the column."""
    text = str(diagnostic)
    if not line_text:
        return text
    column = max(diagnostic.span.column, 1)
    # Show a window of a very long line (a 5 MB line must not flood the terminal).
    start = max(0, column - 1 - _SNIPPET_WIDTH // 2)
    # Control characters (a NUL in a binary file) would garble the terminal; keep the width.
    snippet = "".join(
        c if c.isprintable() else "?" for c in line_text[start : start + _SNIPPET_WIDTH]
    )
    lead = "..." if start > 0 else ""
    tail = "..." if start + _SNIPPET_WIDTH < len(line_text) else ""
    caret = " " * (len(lead) + column - 1 - start) + "^"
    return f"{text}\n    {lead}{snippet}{tail}\n    {caret}"


def schema_to_json(schema: Schema, diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
    return {
        "layer": schema.layer,
        "definitions": [
            {
                "kind": d.kind,
                "name": d.name,
                "id": f"0x{d.id:08x}",
                "id_source": d.id_source,
                "params": [
                    {
                        "name": p.name,
                        "type": _param_type_text(p),
                        "flag": (
                            None
                            if not isinstance(p, Param) or p.condition is None
                            else f"{p.condition.field}.{p.condition.bit}"
                        ),
                    }
                    for p in d.params
                ],
                "result": str(d.result),
                "line": d.span.line,
                "file": d.span.path,
            }
            for d in schema.definitions
        ],
        "builtins": [b.name for b in schema.builtins],
        "diagnostics": [d.to_json() for d in diagnostics],
    }


def _param_type_text(param: object) -> str:
    if isinstance(param, Param):
        return ("!" if param.excl else "") + str(param.type)
    # A repetition has no single type: its text without the name is the closest thing.
    text = str(param)
    name = getattr(param, "name", None)
    return text[len(name) + 1 :] if name else text


def _empty_json(diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
    return {
        "layer": None,
        "definitions": [],
        "builtins": [],
        "diagnostics": [d.to_json() for d in diagnostics],
    }


def _line_of(text: str, line: int) -> str:
    if line < 1:
        return ""
    lines = text.split("\n", line)
    return lines[line - 1] if len(lines) >= line else ""
