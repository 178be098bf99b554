"""`tlgen docs`: the static HTML reference of a schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..codegen import NotOurs, PlanError, WriteError, check_replaceable, write_tree
from ..docs import MARKER, MARKER_TEXT, build_reference, render_reference
from .common import EXIT_INVALID, EXIT_OK
from .inputs import SETTINGS, add_input_options, add_plan_options, plan_options, read_inputs
from .settings import DEFAULTS


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `tlgen docs`."""
    docs = commands.add_parser(
        "docs",
        help="write a static HTML reference of a schema",
        description=(
            "Write a static HTML reference (index, namespace, method, constructor, type and "
            "error pages, client-side search) into DIR, replacing what an earlier run wrote. "
            "Exit 0 on success, 2 for invalid input or a DIR that is not a reference."
        ),
    )
    add_input_options(docs)
    docs.add_argument("--out", required=True, metavar="DIR", help="the reference's folder")
    docs.add_argument(
        "--package",
        metavar="NAME",
        help=f"package name in import lines; default: {DEFAULTS['package']}",
    )
    add_plan_options(docs)
    docs.set_defaults(run=run, settings=SETTINGS)


def run(args: argparse.Namespace) -> int:
    """Run `tlgen docs` with its parsed arguments; returns the exit status."""
    out = Path(args.out)
    try:
        check_replaceable(out, MARKER)
    except NotOurs as error:
        print(f"tlgen: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    inputs = read_inputs(args)
    if inputs is None:
        return EXIT_INVALID
    try:
        reference = build_reference(inputs.planner(plan_options(args)))
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
