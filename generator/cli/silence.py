"""Acknowledged warnings: `--silence CODE:NAME` (or `silence = [...]` in `[tool.tlgen]`) drops
the warning CODE about the definition NAME, such as the two `id-mismatch` warnings every run
with Telegram's published mtproto.tl repeats. Errors can never be silenced."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from ..diagnostics import DIAGNOSTICS
from ..schema import LoadedSchema
from ..spans import Diagnostic, SourceSpan


def parse_silence(text: str) -> tuple[str, str]:
    """`CODE:NAME` -> (code, definition name). Raises ValueError saying what is wrong: not of
    that form, an unknown code, or the code of an error."""
    code, colon, name = text.partition(":")
    if not colon or not code or not name:
        raise ValueError(f"{text!r} is not CODE:NAME (e.g. id-mismatch:ipPortSecret)")
    known = DIAGNOSTICS.get(code)
    if known is None:
        raise ValueError(f"{text!r}: unknown diagnostic code {code!r}")
    if known.severity != "warning":
        raise ValueError(f"{text!r}: {code} is an error; only warnings can be silenced")
    return code, name


@dataclass(frozen=True)
class Silenced:
    """The (code, definition name) pairs whose warnings are not shown."""

    pairs: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, entries: Iterable[str]) -> Silenced:
        """From `CODE:NAME` texts already checked with parse_silence."""
        return cls(frozenset(parse_silence(entry) for entry in entries))

    def apply(self, loaded: LoadedSchema) -> LoadedSchema:
        """`loaded` without the silenced warnings."""
        if not self.pairs:
            return loaded
        schema = loaded.schema
        spans = [(d.name, d.span) for d in schema.definitions]
        spans += [(b.name, b.span) for b in schema.builtins]
        kept = tuple(d for d in loaded.diagnostics if not self._silences(d, spans))
        return dataclasses.replace(loaded, diagnostics=kept)

    def _silences(self, diagnostic: Diagnostic, spans: list[tuple[str, SourceSpan]]) -> bool:
        if diagnostic.severity != "warning":
            return False
        return any(
            (diagnostic.code, name) in self.pairs and _within(diagnostic.span, span)
            for name, span in spans
        )


def _within(point: SourceSpan, span: SourceSpan) -> bool:
    """Whether a diagnostic's position lies in a definition's text."""
    last = max(span.end_line, span.line)
    return point.path == span.path and span.line <= point.line <= last
