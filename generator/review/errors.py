"""Two error catalogs -> findings about the errors module's exception classes (`tlgen diff
--old-errors/--new-errors`)."""

from __future__ import annotations

from ..errortables import ErrorCatalog
from .findings import Finding


def error_findings(old: ErrorCatalog, new: ErrorCatalog) -> list[Finding]:
    """Errors newly documented, no longer documented, or documented with other codes: each
    error's exception class appears, disappears or moves under other code classes."""
    old_errors = {e.name: e for e in old.errors}
    new_errors = {e.name: e for e in new.errors}
    findings = []
    for name in sorted(new_errors.keys() - old_errors.keys()):
        codes = " ".join(map(str, new_errors[name].codes))
        findings.append(
            Finding(
                rule="error-added",
                kind="error",
                change="new",
                entity=name,
                wire="safe",
                python="safe",
                reason=f"new error ({codes})",
            )
        )
    for name in sorted(old_errors.keys() - new_errors.keys()):
        findings.append(
            Finding(
                rule="error-removed",
                kind="error",
                change="removed",
                entity=name,
                wire="safe",
                python="break",
                reason="error no longer documented: its exception class disappears",
            )
        )
    for name in sorted(old_errors.keys() & new_errors.keys()):
        before, after = old_errors[name].codes, new_errors[name].codes
        if before != after:
            findings.append(
                Finding(
                    rule="error-code-changed",
                    kind="error",
                    change="changed",
                    entity=name,
                    wire="safe",
                    python="type-only",
                    reason=f"codes {' '.join(map(str, before))} -> {' '.join(map(str, after))}: "
                    "except clauses on code classes catch it differently",
                    detail=" ".join(map(str, after)),
                )
            )
    return findings
