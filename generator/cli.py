"""The `tlgen` command line (DESIGN.md §7)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .ci_output import NeutralisingStream, neutralised_streams
from .codegen import (
    GENERATE_STEPS,
    GenerationOptions,
    NotOurs,
    PlanError,
    PlanOptions,
    WriteError,
    check_replaceable,
    default_cache_dir,
    generate,
    naming,
    write_tree,
)
from .docs import MARKER, MARKER_TEXT, build_reference, render_reference
from .errortables import DocPage, ErrorCatalog, ErrorSource, build_catalog, build_descriptions
from .inputs import (
    Inputs,
    InvalidInputs,
    load_checked_schema,
    load_checked_schema_bytes,
    load_inputs,
    read_error_tables,
)
from .progress import Progress
from .review import (
    RENDERERS,
    AllowEntry,
    AllowListError,
    SchemaSource,
    diff_schemas,
    gate_fails,
    parse_allowlist,
    read_revision,
    render_github,
    render_markdown,
    repository_path,
    stale_entries,
)
from .schema import LoadedSchema, empty_json, schema_to_json
from .spans import InputError, format_diagnostic, line_text, read_input

EXIT_OK = 0
EXIT_STALE = 1
EXIT_INVALID = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run `tlgen` with `argv` (default: the process arguments); returns the exit status."""
    parser = _argument_parser()
    # User text (schema lines, error names, reasons, labels) reaches both streams: no line of
    # it may act as a GitHub workflow command (ci_output.py).
    with neutralised_streams():
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
    diff.add_argument(
        "--out",
        metavar="FILE",
        help="also write the complete report to FILE (markdown: not cut to one comment)",
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
    _add_input_options(generate)
    generate.add_argument("--out", default="generated", metavar="DIR", help="default: generated")
    generate.add_argument("--package", default="tl", metavar="NAME", help="default: tl")
    _add_plan_options(generate)
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

    docs = commands.add_parser(
        "docs",
        help="write a static HTML reference of a schema",
        description=(
            "Write a static HTML reference (index, namespace, method, constructor, type and "
            "error pages, client-side search) into DIR, replacing what an earlier run wrote. "
            "Exit 0 on success, 2 for invalid input or a DIR that is not a reference."
        ),
    )
    _add_input_options(docs)
    docs.add_argument("--out", required=True, metavar="DIR", help="the reference's folder")
    docs.add_argument(
        "--package", default="tl", metavar="NAME", help="package name in import lines; default: tl"
    )
    _add_plan_options(docs)
    docs.set_defaults(run=_run_docs)
    return parser


def _add_input_options(command: argparse.ArgumentParser) -> None:
    """--schema and --errors: what generate and docs both read (see _read_inputs)."""
    command.add_argument("--schema", action="append", metavar="FILE", help="a TL file (repeat)")
    command.add_argument(
        "--errors",
        action="append",
        metavar="FILE",
        help="an error table: doc page or CSV (repeat); default: schema/errors/* with the "
        "default schema",
    )


def _add_plan_options(command: argparse.ArgumentParser) -> None:
    """--bytes-field and --dates: how the schema becomes Python, which generate and docs must
    agree on (the reference shows the package's types)."""
    command.add_argument(
        "--bytes-field",
        action="append",
        default=[],
        metavar="NAME.PARAM",
        help="encode this string param as bytes, for binary data (repeat); the MTProto "
        "key-exchange fields are known already",
    )
    command.add_argument(
        "--dates",
        choices=("int", "datetime"),
        default="int",
        help="date fields (date, *_date, expires...) as Unix-time ints (default) or "
        "timezone-aware datetimes; the bytes are the same",
    )


def _plan_options(args: argparse.Namespace) -> PlanOptions:
    return PlanOptions(
        package=args.package,
        bytes_fields=tuple(args.bytes_field or ()),
        dates=args.dates == "datetime",
    )


def _run_parse(args: argparse.Namespace) -> int:
    try:
        loaded = load_checked_schema(args.files)
    except (InputError, OSError) as error:
        _report_unreadable(error)
        if args.json and isinstance(error, InputError):
            print(json.dumps(empty_json([error.diagnostic]), indent=2))
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
        text = line_text(loaded.texts.get(diagnostic.span.path, ""), diagnostic.span.line)
        print(format_diagnostic(diagnostic, text), file=sys.stderr)


def _read_errors_or_report(paths: Sequence[str]) -> list[tuple[ErrorSource, bytes]] | None:
    """Each table with the bytes it was read from (generation digests them for the header),
    or None after printing why one cannot be read."""
    try:
        return read_error_tables(paths)
    except (InputError, OSError) as error:
        _report_unreadable(error)
        return None


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
        print(f"conflict: {conflict.name} {conflict.field}: {values}", file=sys.stderr)
    rows = sum(len(s.errors) if isinstance(s, DocPage) else len(s.rows) for s in sources)
    print(
        f"{len(catalog.errors)} errors, {len(catalog.methods)} methods, "
        f"{len(catalog.conflicts)} conflicts from {len(sources)} files ({rows} rows)"
    )
    return EXIT_OK


def _read_allowlist_or_report(path: str) -> dict[str, AllowEntry] | None:
    """The checked `--allow` file, or None after printing why it cannot be used."""
    try:
        return parse_allowlist(read_input(path).decode("utf-8"), path)
    except OSError as error:
        print(f"{path}: error: cannot read: {error.strerror}", file=sys.stderr)
    except UnicodeDecodeError as error:
        data = error.object[: error.start]
        line, column = data.count(b"\n") + 1, error.start - data.rfind(b"\n")
        print(
            f"{path}:{line}:{column}: error: invalid UTF-8 byte "
            f"0x{error.object[error.start]:02x}: allow lists must be UTF-8",
            file=sys.stderr,
        )
    except AllowListError as error:
        print(f"{error} (expected: FINGERPRINT reason)", file=sys.stderr)
    return None


def _run_diff(args: argparse.Namespace) -> int:
    sides = []
    for spec in (args.old, args.new):
        try:
            loaded = load_checked_schema_bytes([(spec, read_revision(spec))])
        except (InputError, OSError) as error:
            _report_unreadable(error)
            return EXIT_INVALID
        if not loaded.ok:
            _print_diagnostics(loaded)
            return EXIT_INVALID
        sides.append(SchemaSource(loaded.schema, loaded.texts, spec, repository_path(spec)))
    catalogs: list[ErrorCatalog | None] = []
    for paths, side in ((args.old_errors, sides[0]), (args.new_errors, sides[1])):
        read = _read_errors_or_report(paths or [])
        if read is None:
            return EXIT_INVALID
        sources = [source for source, _ in read]
        catalogs.append(build_catalog(sources, side.schema) if paths else None)
    entries = _read_allowlist_or_report(args.allow) if args.allow else {}
    if entries is None:
        return EXIT_INVALID
    result = diff_schemas(sides[0], sides[1], catalogs[0], catalogs[1])
    for entry in stale_entries(entries, result.findings):
        print(
            f"{args.allow}:{entry.line}: warning: stale entry {entry.fingerprint} "
            f"({entry.reason}): it matches no finding, remove it",
            file=sys.stderr,
        )
    accepted = {fingerprint: entry.reason for fingerprint, entry in entries.items()}
    if args.format == "markdown":
        sys.stdout.write(render_markdown(result, accepted, full_report=args.out))
    elif args.format == "github" and isinstance(sys.stdout, NeutralisingStream):
        sys.stdout.commands(render_github(result, accepted))  # commands on purpose, escaped
    else:
        sys.stdout.write(RENDERERS[args.format](result, accepted))
    if args.out:
        full = (
            render_markdown(result, accepted, limit=None)
            if args.format == "markdown"
            else RENDERERS[args.format](result, accepted)
        )
        try:
            Path(args.out).write_text(full, encoding="utf-8")
        except OSError as error:
            print(f"{args.out}: error: cannot write: {error.strerror}", file=sys.stderr)
            return EXIT_INVALID
    return EXIT_STALE if gate_fails(result.findings, args.fail_on, accepted) else EXIT_OK


def _load_or_report(paths: Sequence[str]) -> LoadedSchema | None:
    """The checked schema, or None after printing why it cannot be used."""
    try:
        loaded = load_checked_schema(paths)
    except (InputError, OSError) as error:
        _report_unreadable(error)
        return None
    _print_diagnostics(loaded)
    return loaded if loaded.ok else None


def _read_inputs(args: argparse.Namespace) -> Inputs | None:
    """The inputs named by --package, --schema and --errors (defaults: schema/ and
    schema/errors/), or None after printing why they cannot be used."""
    problem = naming.package_name_problem(args.package)
    if problem is not None:
        print(f"tlgen: error: {problem}", file=sys.stderr)
        return None
    schema_paths = args.schema or sorted(str(p) for p in Path("schema").glob("*.tl"))
    if not schema_paths:
        print(
            "tlgen: error: no schema files: pass --schema or add *.tl to schema/", file=sys.stderr
        )
        return None
    error_paths = args.errors
    if error_paths is None and args.schema is None:
        error_paths = sorted(str(p) for p in Path("schema", "errors").glob("*") if p.is_file())
    try:
        inputs = load_inputs(schema_paths, error_paths or [])
    except InvalidInputs as invalid:
        if invalid.loaded is not None:
            _print_diagnostics(invalid.loaded)
        if invalid.unreadable is not None:
            _report_unreadable(invalid.unreadable)
        return None
    _print_diagnostics(inputs.loaded)
    if inputs.catalog is not None:
        for finding in inputs.catalog.findings:
            print(finding, file=sys.stderr)
    return inputs


def _run_generate(args: argparse.Namespace) -> int:
    inputs = _read_inputs(args)
    if inputs is None:
        return EXIT_INVALID
    progress = Progress(sys.stderr, args.progress, GENERATE_STEPS)
    try:
        options = GenerationOptions(
            plan=_plan_options(args),
            cache_dir=None if args.no_cache else default_cache_dir(),
            catalog=inputs.catalog,
            descriptions=inputs.descriptions,
        )
        result = generate(
            inputs.loaded.schema,
            inputs.sources,
            Path(args.out),
            options,
            check=args.check,
            progress=progress.step,
        )
    except PlanError as error:
        print(f"tlgen: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except (NotOurs, WriteError) as error:
        print(f"tlgen: error: {error}", file=sys.stderr)
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


def _run_docs(args: argparse.Namespace) -> int:
    out = Path(args.out)
    try:
        check_replaceable(out, MARKER)
    except NotOurs as error:
        print(f"tlgen: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    inputs = _read_inputs(args)
    if inputs is None:
        return EXIT_INVALID
    try:
        reference = build_reference(inputs.planner(_plan_options(args)))
    except PlanError as error:
        print(f"tlgen: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    files = render_reference(reference)
    try:
        written = write_tree(files, out, marker=(MARKER, MARKER_TEXT))
    except (NotOurs, WriteError) as error:
        print(f"tlgen: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    state = "written" if written else "unchanged"
    print(f"{out}: {len(files)} files {state}; open {out / 'index.html'}")
    return EXIT_OK


def _report_unreadable(error: InputError | OSError) -> None:
    if isinstance(error, InputError):
        print(format_diagnostic(error.diagnostic, error.line_text), file=sys.stderr)
    else:
        print(f"{error.filename}: error: cannot read file: {error.strerror}", file=sys.stderr)
