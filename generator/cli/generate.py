"""`tlgen generate`: the typed Python package from a schema, or `--check` that it is current."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..codegen import (
    GENERATE_STEPS,
    GenerationOptions,
    NotOurs,
    PlanError,
    WriteError,
    default_cache_dir,
    generate,
)
from ..progress import Progress
from .common import EXIT_INVALID, EXIT_OK, EXIT_STALE
from .inputs import (
    SCHEMA_DIR,
    SCHEMA_GLOB,
    add_input_options,
    add_plan_options,
    plan_options,
    read_inputs,
)
from .inputs import SETTINGS as INPUT_SETTINGS
from .settings import DEFAULTS

SETTINGS = (*INPUT_SETTINGS, "out")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `tlgen generate`."""
    generate = commands.add_parser(
        "generate",
        help="generate the typed Python package from a schema",
        description=(
            f"Generate the Python package into OUT/PACKAGE (default {DEFAULTS['out']}/"
            f"{DEFAULTS['package']}) from the schema files (default: every {SCHEMA_GLOB} in "
            f"{SCHEMA_DIR}/). Exit 0 on success, 1 when --check finds the package out of date, "
            "2 for invalid input."
        ),
    )
    add_input_options(generate)
    generate.add_argument("--out", metavar="DIR", help=f"default: {DEFAULTS['out']}")
    generate.add_argument("--package", metavar="NAME", help=f"default: {DEFAULTS['package']}")
    add_plan_options(generate)
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
    generate.set_defaults(run=run, settings=SETTINGS)


def run(args: argparse.Namespace) -> int:
    """Run `tlgen generate` with its parsed arguments; returns the exit status."""
    inputs = read_inputs(args)
    if inputs is None:
        return EXIT_INVALID
    progress = Progress(sys.stderr, args.progress, GENERATE_STEPS)
    try:
        options = GenerationOptions(
            plan=plan_options(args),
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
    except (PlanError, NotOurs, WriteError) as error:
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
