"""What a long command is doing, shown on stderr (docs/ARCHITECTURE.md §5)."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """What a long command is doing, on stderr: rewritten in place on a terminal, a line per
    step with --progress elsewhere, nothing otherwise (CI logs get the summary line alone)."""

    def __init__(self, stream: TextIO, forced: bool, steps: int) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.forced = forced
        self.enabled = self.terminal or forced
        self.steps = steps
        self.started = time.perf_counter()
        self.count = 0
        self.width = 0

    def step(self, name: str) -> None:
        """Announce the next step, with the time elapsed so far."""
        if not self.enabled:
            return
        self.count += 1
        elapsed = time.perf_counter() - self.started
        line = f"tlgen: [{self.count}/{self.steps}] {name}... ({elapsed:.1f} s)"
        if self.terminal:
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        """A detail shown only with --progress."""
        if self.forced:
            self.stream.write(f"tlgen: {text}\n")

    def done(self) -> None:
        """Clear the terminal line before the summary is printed."""
        if self.enabled and self.terminal and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
