"""`tlgen diff`: review what a schema change does on the wire and in the generated Python API;
the report on stdout, in `--out`, and in the GitHub job summary."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..ci_output import NeutralisingStream
from ..codegen import PlanError
from ..errortables import ErrorCatalog, build_catalog
from ..inputs import load_checked_schema_bytes
from ..review import (
    RENDERERS,
    AllowEntry,
    AllowListError,
    DiffResult,
    SchemaSource,
    append_step_summary,
    diff_schemas,
    gate_fails,
    in_revision,
    parse_allowlist,
    read_revision,
    render_github,
    render_markdown,
    repository_path,
    stale_entries,
)
from ..spans import InputError, read_input
from .common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_STALE,
    print_diagnostics,
    read_errors_or_report,
    report_unreadable,
)
from .inputs import PLAN_SETTINGS, add_plan_options, plan_options
from .settings import DEFAULTS, FAIL_ON
from .silence import Silenced

SETTINGS = ("fail-on", "allow", "silence", *PLAN_SETTINGS)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `tlgen diff`."""
    diff = commands.add_parser(
        "diff",
        help="review what a schema change does on the wire and in the generated Python API",
        description=(
            "Compare two schemas (files, or REV:path read from git); with --against REV, "
            "compare each FILE with its version in REV (a pre-commit hook: --against HEAD). "
            "Exit 0, 1 when the --fail-on gate fails, 2 for unreadable or invalid input."
        ),
    )
    diff.add_argument("specs", nargs="+", metavar="OLD NEW | FILE")
    diff.add_argument(
        "--format", choices=sorted(RENDERERS), default="text", help="default: %(default)s"
    )
    diff.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        help=f"lowest severity that fails (exit 1); default: {DEFAULTS['fail_on']}",
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
    diff.add_argument(
        "--against",
        metavar="REV",
        help="compare each FILE with REV:FILE from git; files REV lacks are new, not compared",
    )
    diff.add_argument(
        "--summary",
        metavar="FILE",
        default=os.environ.get("GITHUB_STEP_SUMMARY") or None,
        help="append the markdown report to FILE, cut to GitHub's 1 MiB per step; default: "
        "$GITHUB_STEP_SUMMARY when set",
    )
    diff.add_argument("--old-errors", action="append", metavar="FILE", help="error table (repeat)")
    diff.add_argument("--new-errors", action="append", metavar="FILE", help="error table (repeat)")
    add_plan_options(diff)
    diff.set_defaults(run=run, settings=SETTINGS)


def run(args: argparse.Namespace) -> int:
    """Run `tlgen diff` with its parsed arguments; returns the exit status."""
    pairs = _pairs(args)
    if pairs is None:
        return EXIT_INVALID
    entries = _read_allowlist_or_report(args.allow) if args.allow else {}
    if entries is None:
        return EXIT_INVALID
    accepted = {fingerprint: entry.reason for fingerprint, entry in entries.items()}
    results = []
    for old, new in pairs:
        result = _compare(old, new, args)
        if result is None:
            return EXIT_INVALID
        results.append(result)
    findings = [finding for result in results for finding in result.findings]
    for entry in stale_entries(entries, findings):
        print(
            f"{args.allow}:{entry.line}: warning: stale entry {entry.fingerprint} "
            f"({entry.reason}): it matches no finding, remove it",
            file=sys.stderr,
        )
    if not _report(results, accepted, args):
        return EXIT_INVALID
    return EXIT_STALE if gate_fails(findings, args.fail_on, accepted) else EXIT_OK


def _pairs(args: argparse.Namespace) -> list[tuple[str, str]] | None:
    """The (OLD, NEW) specs to compare, or None after printing why the arguments are wrong."""
    if args.against is None:
        if len(args.specs) != 2:
            print("tlgen diff: error: expected OLD NEW (or --against REV FILE...)", file=sys.stderr)
            return None
        return [(args.specs[0], args.specs[1])]
    if args.format == "json" and len(args.specs) > 1:
        print("tlgen diff: error: --format json reports one pair of schemas", file=sys.stderr)
        return None
    pairs = []
    for path in args.specs:
        # ./: git reads the path from the current directory, as the shell does.
        old = f"{args.against}:./{path}" if not Path(path).is_absolute() else ""
        if old and in_revision(old):
            pairs.append((old, path))
        else:
            print(
                f"{path}: not in {args.against}: a new schema, nothing to compare", file=sys.stderr
            )
    return pairs


def _compare(old: str, new: str, args: argparse.Namespace) -> DiffResult | None:
    """The findings of one pair, or None after printing why it cannot be compared."""
    sides = []
    silenced = Silenced.of(args.silence)
    for spec in (old, new):
        try:
            loaded = silenced.apply(load_checked_schema_bytes([(spec, read_revision(spec))]))
        except (InputError, OSError) as error:
            report_unreadable(error)
            return None
        if not loaded.ok:
            print_diagnostics(loaded)
            return None
        sides.append(SchemaSource(loaded.schema, loaded.texts, spec, repository_path(spec)))
    catalogs: list[ErrorCatalog | None] = []
    for paths, side in ((args.old_errors, sides[0]), (args.new_errors, sides[1])):
        read = read_errors_or_report(paths or [])
        if read is None:
            return None
        sources = [source for source, _ in read]
        catalogs.append(build_catalog(sources, side.schema) if paths else None)
    try:
        return diff_schemas(sides[0], sides[1], catalogs[0], catalogs[1], plan_options(args))
    except PlanError as error:
        print(f"tlgen: error: {error}", file=sys.stderr)
        return None


def _report(results: list[DiffResult], accepted: dict[str, str], args: argparse.Namespace) -> bool:
    """Print each report, write --out and the step summary; False after printing a failure."""
    for result in results:
        if args.format == "markdown":
            sys.stdout.write(render_markdown(result, accepted, full_report=args.out))
        elif args.format == "github" and isinstance(sys.stdout, NeutralisingStream):
            sys.stdout.commands(render_github(result, accepted))  # commands on purpose, escaped
        else:
            sys.stdout.write(RENDERERS[args.format](result, accepted))
    if args.out:
        full = "".join(
            (
                render_markdown(result, accepted, limit=None)
                if args.format == "markdown"
                else RENDERERS[args.format](result, accepted)
            )
            for result in results
        )
        try:
            Path(args.out).write_text(full, encoding="utf-8")
        except OSError as error:
            print(f"{args.out}: error: cannot write: {error.strerror}", file=sys.stderr)
            return False
    if args.summary:
        for result in results:
            try:
                written = append_step_summary(Path(args.summary), result, accepted, args.out)
            except OSError as error:
                print(f"{args.summary}: error: cannot write: {error.strerror}", file=sys.stderr)
                return False
            if not written:
                print(
                    f"{args.summary}: warning: step summary full, report left out", file=sys.stderr
                )
    return True


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
