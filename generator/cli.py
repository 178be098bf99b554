"""The `tlgen` command line (DESIGN.md §7)."""

from __future__ import annotations

import argparse
import json
import keyword
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import TextIO
from pathlib import Path

from .review.diff import SchemaSource, diff_schemas, gate_fails, parse_allowlist
from .review.report import RENDERERS
from .errortables.read import DocPage, ErrorSource, parse_error_source
from .errortables.catalog import ErrorCatalog, build_catalog
from .codegen.format import default_cache_dir
from .codegen.generate import GENERATE_STEPS, generate
from .schema.model import Param, Schema
from .codegen.plan import PlanError
from .schema.load import LoadedSchema, load_schema, load_schema_bytes
from .spans import Diagnostic, InputError

EXIT_OK = 0
EXIT_STALE = 1
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

    errors = commands.add_parser(
        "errors",
        help="read error tables (doc pages, CSV lists) and print the merged catalog",
        description=(
            "Merge error tables: GramJS and MadelineProto doc pages (.md) and Telethon's "
            "errors.csv / methods.csv. Exit 0 when every file was read, 2 otherwise."
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
    errors.set_defaults(run=_run_errors)

    diff = commands.add_parser(
        "diff",
        help="review what a schema change does on the wire and in the generated Python API",
        description=(
            "Compare two schemas (files, or REV:path read from git). Exit 0, 1 when the "
            "--fail-on gate fails, 2 for unreadable or invalid input."
        ),
    )
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--format", choices=sorted(RENDERERS), default="text", help="default: text")
    diff.add_argument(
        "--fail-on",
        choices=["error", "dangerous", "info", "never"],
        default="error",
        help="lowest severity that fails (exit 1); default: error",
    )
    diff.add_argument(
        "--allow",
        metavar="FILE",
        help="accepted findings: one 'FINGERPRINT reason' per line; they never fail the gate",
    )
    diff.add_argument("--old-errors", action="append", metavar="FILE", help="error table (repeat)")
    diff.add_argument("--new-errors", action="append", metavar="FILE", help="error table (repeat)")
    diff.set_defaults(run=_run_diff)

    generate = commands.add_parser(
        "generate",
        help="generate the typed Python package from a schema",
        description=(
            "Generate the Python package into OUT/PACKAGE (default generated/tl) from the "
            "schema files (default: every *.tl in schema/). Exit 0 on success, 1 when --check "
            "finds the package out of date, 2 for invalid input."
        ),
    )
    generate.add_argument("--schema", action="append", metavar="FILE", help="a TL file (repeat)")
    generate.add_argument(
        "--errors",
        action="append",
        metavar="FILE",
        help="an error table: doc page or CSV (repeat); default: schema/errors/* with the "
        "default schema",
    )
    generate.add_argument("--out", default="generated", metavar="DIR", help="default: generated")
    generate.add_argument("--package", default="tl", metavar="NAME", help="default: tl")
    generate.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the output would change"
    )
    generate.add_argument(
        "--no-cache", action="store_true", help="do not reuse earlier formatting results"
    )
    generate.add_argument(
        "--progress",
        action="store_true",
        help="report each step on stderr even when it is not a terminal (on a terminal, "
        "progress is shown anyway)",
    )
    generate.set_defaults(run=_run_generate)
    return parser


def _run_parse(args: argparse.Namespace) -> int:
    try:
        loaded = load_schema(args.files)
    except (InputError, OSError) as error:
        _report_unreadable(error)
        if args.json and isinstance(error, InputError):
            print(json.dumps(_empty_json([error.diagnostic]), indent=2))
        return EXIT_INVALID
    _print_diagnostics(loaded)
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


def _print_diagnostics(loaded: LoadedSchema) -> None:
    for diagnostic in loaded.diagnostics:
        line_text = _line_of(loaded.texts.get(diagnostic.span.path, ""), diagnostic.span.line)
        print(format_diagnostic(diagnostic, line_text), file=sys.stderr)


def _read_errors_or_report(paths: Sequence[str]) -> list[tuple[ErrorSource, bytes]] | None:
    """Each table with the bytes it was read from (generation digests them for the header),
    or None after printing why one cannot be read."""
    sources = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
            sources.append((parse_error_source(data, path), data))
        except (InputError, OSError) as error:
            _report_unreadable(error)
            return None
    return sources


def _run_errors(args: argparse.Namespace) -> int:
    schema = None
    if args.schema:
        loaded = _load_or_report(args.schema)
        if loaded is None:
            return EXIT_INVALID
        schema = loaded.schema
    read = _read_errors_or_report(args.files)
    if read is None:
        return EXIT_INVALID
    sources = [source for source, _ in read]
    catalog = build_catalog(sources, schema)
    for finding in catalog.findings:
        print(finding, file=sys.stderr)
    if args.json:
        print(json.dumps(catalog.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    for conflict in catalog.conflicts:
        values = "; ".join(f"{source}: {value}" for source, value in conflict.values)
        print(f"conflict: {conflict.name} {conflict.field}: {values}", file=sys.stderr)
    rows = sum(len(s.errors) if isinstance(s, DocPage) else len(s.rows) for s in sources)
    print(
        f"{len(catalog.errors)} errors, {len(catalog.methods)} methods, "
        f"{len(catalog.conflicts)} conflicts from {len(sources)} files ({rows} rows)"
    )
    return EXIT_OK


def _read_revision(spec: str) -> bytes:
    """A file, or `REV:path` from git."""
    path = Path(spec)
    if path.is_file():
        return path.read_bytes()
    revision, colon, inside = spec.partition(":")
    if not colon or not revision or not inside:
        raise OSError(2, "No such file or directory", spec)
    shown = subprocess.run(["git", "show", f"{revision}:{inside}"], capture_output=True)
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace").strip() or "git show failed"
        raise OSError(2, message, spec)
    return shown.stdout


def _run_diff(args: argparse.Namespace) -> int:
    sides = []
    for spec in (args.old, args.new):
        try:
            loaded = load_schema_bytes([(spec, _read_revision(spec))])
        except (InputError, OSError) as error:
            _report_unreadable(error)
            return EXIT_INVALID
        if not loaded.ok:
            _print_diagnostics(loaded)
            return EXIT_INVALID
        sides.append(SchemaSource(loaded.schema, loaded.texts, spec))
    catalogs: list[ErrorCatalog | None] = []
    for paths, side in ((args.old_errors, sides[0]), (args.new_errors, sides[1])):
        read = _read_errors_or_report(paths or [])
        if read is None:
            return EXIT_INVALID
        sources = [source for source, _ in read]
        catalogs.append(build_catalog(sources, side.schema) if paths else None)
    accepted: dict[str, str] = {}
    if args.allow:
        try:
            accepted = parse_allowlist(Path(args.allow).read_text(encoding="utf-8"))
        except OSError as error:
            print(f"{args.allow}: error: cannot read: {error.strerror}", file=sys.stderr)
            return EXIT_INVALID
    result = diff_schemas(sides[0], sides[1], catalogs[0], catalogs[1])
    sys.stdout.write(RENDERERS[args.format](result, accepted))
    return EXIT_STALE if gate_fails(result.findings, args.fail_on, set(accepted)) else EXIT_OK


def _load_or_report(paths: Sequence[str]) -> LoadedSchema | None:
    """The checked schema, or None after printing why it cannot be used."""
    try:
        loaded = load_schema(paths)
    except (InputError, OSError) as error:
        _report_unreadable(error)
        return None
    _print_diagnostics(loaded)
    return loaded if loaded.ok else None


def _run_generate(args: argparse.Namespace) -> int:
    if not args.package.isidentifier() or keyword.iskeyword(args.package):
        print(
            f"tlgen: error: --package {args.package!r} is not a Python identifier", file=sys.stderr
        )
        return EXIT_INVALID
    schema_paths = args.schema or sorted(str(p) for p in Path("schema").glob("*.tl"))
    if not schema_paths:
        print(
            "tlgen: error: no schema files: pass --schema or add *.tl to schema/", file=sys.stderr
        )
        return EXIT_INVALID
    error_paths = args.errors
    if error_paths is None and args.schema is None:
        error_paths = sorted(str(p) for p in Path("schema", "errors").glob("*") if p.is_file())
    loaded = _load_or_report(schema_paths)
    if loaded is None:
        return EXIT_INVALID
    tables = _read_errors_or_report(error_paths or [])
    if tables is None:
        return EXIT_INVALID
    catalog = build_catalog([table for table, _ in tables], loaded.schema) if tables else None
    if catalog is not None:
        for finding in catalog.findings:
            print(finding, file=sys.stderr)
    sources = [(Path(p).name, loaded.texts[p].encode("utf-8")) for p in loaded.schema.paths]
    sources += [(Path(p).name, data) for p, (_, data) in zip(error_paths or [], tables)]
    progress = Progress(sys.stderr, args.progress, GENERATE_STEPS)
    try:
        result = generate(
            loaded.schema,
            sources,
            Path(args.out),
            args.package,
            check=args.check,
            cache_dir=None if args.no_cache else default_cache_dir(),
            catalog=catalog,
            progress=progress.step,
        )
    except PlanError as error:
        print(f"tlgen: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"tlgen: error: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        progress.done()
    if result.layout is not None:
        progress.note(
            f"{result.layout.pieces} pieces laid out, {result.layout.formatted_by_black} of them "
            "by black" + "".join(f"\n  black: {piece}" for piece in result.layout.black_pieces)
        )
    if args.check:
        if result.changes:
            print(f"{result.package_dir} is out of date ({len(result.changes)} files differ):")
            print("\n".join(f"  {change}" for change in result.changes))
            return EXIT_STALE
        print(f"{result.package_dir} is up to date ({len(result.files)} files)")
        return EXIT_OK
    state = "written" if result.written else "unchanged"
    print(f"{result.package_dir}: {len(result.files)} files {state}")
    return EXIT_OK


class Progress:
    """What a long command is doing, on stderr: rewritten in place on a terminal, a line per
    step with --progress elsewhere, nothing otherwise (CI logs get the summary line alone)."""

    def __init__(self, stream: TextIO, forced: bool, steps: int) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.forced = forced
        self.enabled = self.terminal or forced
        self.steps = steps
        self.started = time.perf_counter()
        self.count = 0
        self.width = 0

    def step(self, name: str) -> None:
        if not self.enabled:
            return
        self.count += 1
        elapsed = time.perf_counter() - self.started
        line = f"tlgen: [{self.count}/{self.steps}] {name}... ({elapsed:.1f} s)"
        if self.terminal:
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        """A detail shown only with --progress."""
        if self.forced:
            self.stream.write(f"tlgen: {text}\n")

    def done(self) -> None:
        if self.enabled and self.terminal and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def _report_unreadable(error: InputError | OSError) -> None:
    if isinstance(error, InputError):
        print(format_diagnostic(error.diagnostic, error.line_text), file=sys.stderr)
    else:
        print(f"{error.filename}: error: cannot read file: {error.strerror}", file=sys.stderr)


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
