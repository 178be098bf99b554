"""The gate of `tlgen diff`: which findings fail it, and the `--allow` file of accepted ones
(`FINGERPRINT reason` per line, checked: malformed lines are errors, unmatched ones stale)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .findings import SEVERITY_ORDER, Finding


def gate_fails(findings: Iterable[Finding], fail_on: str, accepted: Iterable[str]) -> bool:
    """Whether any finding not accepted reaches the `fail_on` severity."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_ORDER[fail_on]
    allowed = set(accepted)
    return any(
        SEVERITY_ORDER[f.severity] >= threshold and f.fingerprint not in allowed for f in findings
    )


_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


class AllowListError(ValueError):
    """A line of an `--allow` file that is not `FINGERPRINT reason`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class AllowEntry:
    """One accepted finding: its fingerprint, the reason given and its line."""

    fingerprint: str
    reason: str
    line: int


def parse_allowlist(text: str, path: str) -> dict[str, AllowEntry]:
    """`FINGERPRINT reason...` per line (any whitespace between); `#` starts a comment; a
    UTF-8 byte order mark is skipped, as in schema files. Raises AllowListError."""
    entries: dict[str, AllowEntry] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fingerprint, *rest = line.split(None, 1)
        reason = rest[0] if rest else ""
        if not _FINGERPRINT.fullmatch(fingerprint):
            raise AllowListError(
                path,
                number,
                f"{fingerprint!r} is not a fingerprint (16 hex digits, see --format json)",
            )
        if not reason.strip():
            raise AllowListError(path, number, f"{fingerprint}: no reason given")
        if fingerprint in entries:
            raise AllowListError(
                path, number, f"{fingerprint} already listed on line {entries[fingerprint].line}"
            )
        entries[fingerprint] = AllowEntry(fingerprint, reason.strip(), number)
    return entries


def stale_entries(entries: dict[str, AllowEntry], findings: Iterable[Finding]) -> list[AllowEntry]:
    """Allow-list entries that match no finding: the change they accepted is gone."""
    seen = {f.fingerprint for f in findings}
    return [entry for entry in entries.values() if entry.fingerprint not in seen]
