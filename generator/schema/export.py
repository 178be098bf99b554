"""The checked schema as `tlgen parse --json` prints it (docs/ARCHITECTURE.md §5)."""

from __future__ import annotations

from collections.abc import Sequence

from ..spans import Diagnostic
from .model import Param, Schema


def schema_to_json(schema: Schema, diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
    """`{"layer", "definitions": [...], "builtins", "diagnostics"}`, the contract of --json."""
    return {
        "layer": schema.layer,
        "definitions": [
            {
                "kind": d.kind,
                "name": d.name,
                "id": f"0x{d.id:08x}",
                "id_source": d.id_source,
                "params": [
                    {
                        "name": p.name,
                        "type": _param_type_text(p),
                        "flag": (
                            None
                            if not isinstance(p, Param) or p.condition is None
                            else f"{p.condition.field}.{p.condition.bit}"
                        ),
                    }
                    for p in d.params
                ],
                "result": str(d.result),
                "line": d.span.line,
                "file": d.span.path,
            }
            for d in schema.definitions
        ],
        "builtins": [b.name for b in schema.builtins],
        "diagnostics": [d.to_json() for d in diagnostics],
    }


def _param_type_text(param: object) -> str:
    if isinstance(param, Param):
        return ("!" if param.excl else "") + str(param.type)
    # A repetition has no single type: its text without the name is the closest thing.
    text = str(param)
    name = getattr(param, "name", None)
    return text[len(name) + 1 :] if name else text


def empty_json(diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
    """The --json document of a file that did not parse: its diagnostic only."""
    return {
        "layer": None,
        "definitions": [],
        "builtins": [],
        "diagnostics": [d.to_json() for d in diagnostics],
    }
