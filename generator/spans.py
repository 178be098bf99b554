"""Source positions and diagnostics shared by every stage."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import DIAGNOSTICS, Severity

# Largest input file read (schemas, error tables, allow lists): real ones are a few MB.
MAX_INPUT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A 1-based position in an input file, and where the text it points at ends (the column
    just after it; 0 when only the start is known)."""

    path: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


# For nodes built in code rather than read from a file (tests, printing).
NO_SPAN = SourceSpan("<memory>", 0, 0)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in an input, with its position and a stable code; the code's entry in
    the registry (diagnostics.py) gives its severity."""

    code: str
    message: str
    span: SourceSpan

    def __post_init__(self) -> None:
        if self.code not in DIAGNOSTICS:
            raise ValueError(f"unknown diagnostic code {self.code!r}: add it to DIAGNOSTICS")

    @property
    def severity(self) -> Severity:
        """ "error" or "warning", as the registry says for the code."""
        return DIAGNOSTICS[self.code].severity

    def __str__(self) -> str:
        return f"{self.span}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        """The diagnostic as `tlgen parse --json` prints it."""
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "file": self.span.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line or self.span.line,
            "end_column": self.span.end_column or self.span.column,
        }


class InputError(Exception):
    """Input that cannot be read (a schema, an error table): the diagnostic and the offending
    line, for a `file:line:col` message with a caret."""

    def __init__(self, code: str, message: str, span: SourceSpan, line_text: str = "") -> None:
        super().__init__(f"{span}: {message}")
        self.diagnostic = Diagnostic(code, message, span)
        self.line_text = line_text


def read_input(path: str | Path) -> bytes:
    """The bytes of an input file. Raises OSError (with the path and a reason) for what cannot
    be read, for a path that is not a regular file (a FIFO would block, /dev/zero never ends)
    and for a file over MAX_INPUT_BYTES."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    with os.fdopen(fd, "rb") as file:
        data = file.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_INPUT_BYTES} bytes", str(path))
    return data


def line_text(text: str, line: int) -> str:
    """The text of a 1-based line of `text` ("" outside it), for a diagnostic's excerpt."""
    if line < 1:
        return ""
    lines = text.split("\n", line)
    return lines[line - 1] if len(lines) >= line else ""


# Show a window of a very long line (a 5 MB line must not flood the terminal).
_SNIPPET_WIDTH = 100


def format_diagnostic(diagnostic: Diagnostic, line_text: str) -> str:
    """`file:line:col: severity: message`, then the line and a caret under the column."""
    text = str(diagnostic)
    if not line_text:
        return text
    column = max(diagnostic.span.column, 1)
    start = max(0, column - 1 - _SNIPPET_WIDTH // 2)
    # Control characters (a NUL in a binary file) would garble the terminal; keep the width.
    snippet = "".join(
        c if c.isprintable() else "?" for c in line_text[start : start + _SNIPPET_WIDTH]
    )
    lead = "..." if start > 0 else ""
    tail = "..." if start + _SNIPPET_WIDTH < len(line_text) else ""
    caret = " " * (len(lead) + column - 1 - start) + "^"
    return f"{text}\n    {lead}{snippet}{tail}\n    {caret}"
