"""What every subcommand shares: exit codes, and reading inputs with their problems printed as
`file:line:col` messages on stderr (never a traceback)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..errortables.read import ErrorSource, parse_error_source
from ..schema.export import line_of
from ..schema.load import LoadedSchema, load_schema
from ..spans import InputError, format_diagnostic, read_input
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
        line_text = line_of(loaded.texts.get(diagnostic.span.path, ""), diagnostic.span.line)
        print(format_diagnostic(diagnostic, line_text), file=sys.stderr)


def load_or_report(paths: Sequence[str], silenced: Silenced) -> LoadedSchema | None:
    """The checked schema (its silenced warnings dropped), or None after printing why it cannot
    be used."""
    try:
        loaded = silenced.apply(load_schema(paths))
    except (InputError, OSError) as error:
        report_unreadable(error)
        return None
    print_diagnostics(loaded)
    return loaded if loaded.ok else None


def read_errors_or_report(paths: Sequence[str]) -> list[tuple[ErrorSource, bytes]] | None:
    """Each table with the bytes it was read from (generation digests them for the header),
    or None after printing why one cannot be read."""
    sources = []
    for path in paths:
        try:
            data = read_input(path)
            sources.append((parse_error_source(data, path), data))
        except (InputError, OSError) as error:
            report_unreadable(error)
            return None
    return sources
