"""What every subcommand shares: exit codes, and reading inputs with their problems printed as
`file:line:col` messages on stderr (never a traceback)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..errortables import ErrorSource
from ..inputs import load_checked_schema, read_error_tables
from ..schema import LoadedSchema
from ..spans import InputError, format_diagnostic, line_text
from .silence import Silenced

EXIT_OK = 0
EXIT_STALE = 1
EXIT_INVALID = 2


def report_unreadable(error: InputError | OSError) -> None:
    """An input that cannot be read: the diagnostic with its caret, or the OS's reason."""
    if isinstance(error, InputError):
        print(format_diagnostic(error.diagnostic, error.line_text), file=sys.stderr)
    else:
        print(f"{error.filename}: error: cannot read file: {error.strerror}", file=sys.stderr)


def print_diagnostics(loaded: LoadedSchema) -> None:
    """Every diagnostic of a loaded schema, with the line it points at."""
    for diagnostic in loaded.diagnostics:
        text = line_text(loaded.texts.get(diagnostic.span.path, ""), diagnostic.span.line)
        print(format_diagnostic(diagnostic, text), file=sys.stderr)


def load_or_report(paths: Sequence[str], silenced: Silenced) -> LoadedSchema | None:
    """The checked schema (its silenced warnings dropped), or None after printing why it cannot
    be used."""
    try:
        loaded = silenced.apply(load_checked_schema(paths))
    except (InputError, OSError) as error:
        report_unreadable(error)
        return None
    print_diagnostics(loaded)
    return loaded if loaded.ok else None


def read_errors_or_report(paths: Sequence[str]) -> list[tuple[ErrorSource, bytes]] | None:
    """Each table with the bytes it was read from (generation digests them for the header),
    or None after printing why one cannot be read."""
    try:
        return read_error_tables(paths)
    except (InputError, OSError) as error:
        report_unreadable(error)
        return None
