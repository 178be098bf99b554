"""Source positions and diagnostics shared by every stage."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import DIAGNOSTICS, Severity


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A 1-based position in an input file."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


# For nodes built in code rather than read from a file (tests, printing).
NO_SPAN = SourceSpan("<memory>", 0, 0)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in an input, with its position, severity and a stable code."""

    severity: Severity
    code: str
    message: str
    span: SourceSpan

    def __post_init__(self) -> None:
        if self.code not in DIAGNOSTICS:
            raise ValueError(f"unknown diagnostic code {self.code!r}: add it to DIAGNOSTICS")

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
        }


class InputError(Exception):
    """Input that cannot be read (a schema, an error table): the diagnostic and the offending
    line, for a `file:line:col` message with a caret."""

    def __init__(self, code: str, message: str, span: SourceSpan, line_text: str = "") -> None:
        super().__init__(f"{span}: {message}")
        self.diagnostic = Diagnostic("error", code, message, span)
        self.line_text = line_text
