"""Output that GitHub's runner cannot read as a workflow command, whatever user text it carries.

The runner reads every line a step prints (a line ends at `\\n` or `\\r`) as a command when,
after leading whitespace, it starts with `::name ...::` (TryParseV2), or when `##[name ...]`
appears anywhere in it (TryParse, the older syntax): actions/runner
src/Runner.Common/ActionCommand.cs (commit 079cdb1d05fe0ec50f8c51de5a4fa51d0eb189b0) and
src/Runner.Worker/ActionCommandManager.cs `TryProcessCommand` (commit
02523b9a60a24fe13364739abefe2255c5a6b758). Schema lines in diagnostics, error names, reasons
and labels are user text: `tlgen`'s streams neutralise both forms by writing one character as
a JSON-style escape (`\\u003a`, `\\u0023`), which keeps JSON output the same JSON and shows the
escape in plain text. `--format github` writes its own commands through `commands()`.

Zero-width characters would not do: .NET's culture-aware `StartsWith`/`IndexOf`, which the
runner uses, ignore them.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator
from typing import TextIO

# The first `:` of a line's leading `::` (after any whitespace, as TrimStart removes it).
_LINE_COMMAND = re.compile(r"(?:\A|(?<=[\r\n]))([^\S\r\n]*):(?=:)")
_OLD_COMMAND = "##["
# What a partial line may end with that the next write could turn into a command: the start
# of `##[`, and (at the start of a line) whitespace and a first `:`.
_HASHES_AT_END = re.compile(r"#{1,2}\Z")
_UNFINISHED = re.compile(r"#{1,2}\Z|\A[^\S\r\n]*:?\Z")


def neutralise(text: str, line_start: bool = True) -> str:
    """text with no line the runner reads as a command; `line_start`: whether text begins a
    line (False when it continues one already written)."""
    text = text.replace(_OLD_COMMAND, "#\\u0023[")
    if not line_start:
        end = re.search(r"[\r\n]", text)
        if end is None:
            return text
        head, text = text[: end.end()], text[end.end() :]
        return head + _LINE_COMMAND.sub(r"\1\\u003a", text)
    return _LINE_COMMAND.sub(r"\1\\u003a", text)


class NeutralisingStream(io.TextIOBase):
    """A text stream that passes what it is given to `target` neutralised, line by line; a
    partial line goes out on flush(), less an end that could still become a command."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target
        self.pending = ""  # the current line, not written yet
        self.mid_line = False  # part of the current line is written already

    def write(self, text: str) -> int:
        self.pending += text
        cut = max(self.pending.rfind("\n"), self.pending.rfind("\r")) + 1
        if cut:
            self.target.write(neutralise(self.pending[:cut], not self.mid_line))
            self.pending = self.pending[cut:]
            self.mid_line = False
        return len(text)

    def commands(self, text: str) -> None:
        """Write workflow commands tlgen made on purpose (`--format github`), as they are."""
        self.drain()
        self.target.write(text)

    def flush(self) -> None:
        if self.pending:
            held = (_HASHES_AT_END if self.mid_line else _UNFINISHED).search(self.pending)
            ready = self.pending[: held.start()] if held else self.pending
            if ready:
                self.target.write(neutralise(ready, not self.mid_line))
                self.mid_line = True
                self.pending = self.pending[len(ready) :]
        self.target.flush()

    def drain(self) -> None:
        """Write out everything, a held-back end included (the output is over)."""
        if self.pending:
            self.target.write(neutralise(self.pending, not self.mid_line))
            self.pending = ""
            self.mid_line = True
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.target.encoding

    def writable(self) -> bool:
        return True


@contextlib.contextmanager
def neutralised_streams() -> Iterator[NeutralisingStream]:
    """sys.stdout and sys.stderr neutralised while the block runs; yields the new stdout."""
    saved = sys.stdout, sys.stderr
    out, err = NeutralisingStream(saved[0]), NeutralisingStream(saved[1])
    sys.stdout, sys.stderr = out, err
    try:
        yield out
    finally:
        with contextlib.suppress(Exception):
            out.drain()
            err.drain()
        sys.stdout, sys.stderr = saved
