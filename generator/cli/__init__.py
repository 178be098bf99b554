"""The `tlgen` command line (docs/ARCHITECTURE.md §5): one module per subcommand, the
`[tool.tlgen]` settings of pyproject.toml (settings.py) and what they share (common.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from ..ci_output import neutralised_streams
from . import diff, docs, errors, generate, parse
from .common import EXIT_INVALID
from .settings import SettingsError, find_settings, settle
from .silence import parse_silence

__all__ = ["main", "version"]

DISTRIBUTION = "tlgen"


def main(argv: Sequence[str] | None = None) -> int:
    """Run `tlgen` with `argv` (default: the process arguments); returns the exit status."""
    parser = _argument_parser()
    # User text (schema lines, error names, reasons, labels, settings) reaches both streams: no
    # line of it may act as a GitHub workflow command (ci_output.py).
    with neutralised_streams():
        args = parser.parse_args(argv)
        try:
            settings = find_settings(Path.cwd())
        except SettingsError as error:
            print(f"tlgen: error: {error}", file=sys.stderr)
            return EXIT_INVALID
        settle(args, args.settings, settings)
        try:
            return int(args.run(args))
        except KeyboardInterrupt:
            return 130


def version() -> str:
    """This tlgen's version, as its installed distribution records it."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # imported from a source tree that was never installed
        return "unknown (not installed)"


def _argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tlgen",
        description="Code generator and tools for Telegram's TL schemas. Settings: "
        "[tool.tlgen] in the nearest pyproject.toml; flags override them.",
    )
    parser.add_argument("--version", action="version", version=f"tlgen {version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (parse, errors, diff, generate, docs):
        command.add_parser(commands)
    for subparser in commands.choices.values():
        subparser.add_argument(
            "--silence",
            action="append",
            type=_silence_entry,
            metavar="CODE:NAME",
            help="do not show the warning CODE about the definition NAME (repeat); errors "
            "cannot be silenced",
        )
    return parser


def _silence_entry(text: str) -> str:
    try:
        parse_silence(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text
