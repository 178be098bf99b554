"""What `tlgen generate` and `tlgen docs` share: what they read (--schema, --errors, --package,
their settings, and the defaults that exist only in tlgen's own checkout: schema/,
schema/errors/) and how the schema becomes Python (--bytes-field, --dates, --wire, which
`tlgen diff` shares too: it shows the package's signatures). The files themselves are loaded
by the library's one loader, inputs.load_inputs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..codegen import DEFAULT_OPTIONS, PlanOptions, Wire, naming, parse_wire
from ..inputs import Inputs, InvalidInputs, load_inputs
from .common import print_diagnostics, report_unreadable
from .settings import DATES, DEFAULTS
from .silence import Silenced

PLAN_SETTINGS = ("bytes-fields", "dates", "wire")
SETTINGS = ("schema", "errors", "package", "silence", *PLAN_SETTINGS)

# The inputs of tlgen's own checkout, in the settings' folder: used when neither a flag nor a
# setting names a schema.
SCHEMA_DIR, SCHEMA_GLOB = "schema", "*.tl"
ERRORS_DIR = "schema/errors"


def add_input_options(command: argparse.ArgumentParser) -> None:
    """--schema and --errors: what generate and docs both read (see read_inputs)."""
    command.add_argument("--schema", action="append", metavar="FILE", help="a TL file (repeat)")
    command.add_argument(
        "--errors",
        action="append",
        metavar="FILE",
        help=f"an error table: doc page or CSV (repeat); default: {ERRORS_DIR}/* with the "
        "default schema",
    )


def add_plan_options(command: argparse.ArgumentParser) -> None:
    """--bytes-field, --dates and --wire: how the schema becomes Python, which generate, docs
    and diff must agree on (the reference and the review show the package's types)."""
    command.add_argument(
        "--bytes-field",
        action="append",
        metavar="NAME.PARAM",
        help="encode this string param as bytes, for binary data (repeat); the MTProto "
        "key-exchange fields are known already",
    )
    command.add_argument(
        "--dates",
        choices=DATES,
        help="date fields (date, *_date, expires...) as Unix-time ints or timezone-aware "
        f"datetimes; default: {DEFAULTS['dates']}; the bytes are the same",
    )
    command.add_argument(
        "--wire",
        type=_wire_option,
        metavar="binary|tdjson[:VERSION]",
        help="TL binary, or TDLib's JSON interface (libtdjson) for td_api.tl, with a client; "
        "VERSION is the TDLib release of the schema (the client warns on another); default: "
        f"{DEFAULTS['wire']}",
    )


def _wire_option(text: str) -> Wire:
    try:
        return parse_wire(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def plan_options(args: argparse.Namespace) -> PlanOptions:
    """The PlanOptions of --package, --bytes-field, --dates and --wire (settled: never None).
    diff has no --package: the signatures it shows name no package."""
    return PlanOptions(
        package=getattr(args, "package", DEFAULT_OPTIONS.package),
        bytes_fields=tuple(args.bytes_field),
        dates=args.dates == "datetime",
        wire=args.wire,
    )


def read_inputs(args: argparse.Namespace) -> Inputs | None:
    """The inputs named by --package, --schema and --errors (defaults: SCHEMA_DIR and ERRORS_DIR
    in the settings' folder), or None after printing why they cannot be used."""
    problem = naming.package_name_problem(args.package)
    if problem is not None:
        print(f"tlgen: error: {problem}", file=sys.stderr)
        return None
    folder = Path(args.settings_folder)
    schema_paths = args.schema or sorted(
        os.path.relpath(p) for p in (folder / SCHEMA_DIR).glob(SCHEMA_GLOB)
    )
    if not schema_paths:
        print(
            "tlgen: error: no schema files: pass --schema, set schema in [tool.tlgen] of "
            f"pyproject.toml, or add {SCHEMA_GLOB} to {SCHEMA_DIR}/",
            file=sys.stderr,
        )
        return None
    error_paths = args.errors
    if error_paths is None and args.schema is None:
        error_paths = sorted(
            os.path.relpath(p) for p in (folder / ERRORS_DIR).glob("*") if p.is_file()
        )
    silenced = Silenced.of(args.silence)
    try:
        inputs = load_inputs(schema_paths, error_paths or [])
    except InvalidInputs as invalid:
        if invalid.loaded is not None:
            print_diagnostics(silenced.apply(invalid.loaded))
        if invalid.unreadable is not None:
            report_unreadable(invalid.unreadable)
        return None
    print_diagnostics(silenced.apply(inputs.loaded))
    if inputs.catalog is not None:
        for finding in inputs.catalog.findings:
            print(finding, file=sys.stderr)
    return inputs
