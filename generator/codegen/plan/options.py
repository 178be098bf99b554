"""How a schema becomes Python, as one value: every view that shows Python (the generated
package and its docstrings, `tlgen docs`, `tlgen diff`) plans with the same PlanOptions
through the same Planner, so that they agree on every name, type and default.

An option a new view needs (a wire format, nullability read from descriptions) is a field
here, read by the Planner or by the view from the plans; no view builds a Planner of its own
kind. Cached generation runs are keyed by every field (codegen/generate.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from .tdjson import BINARY, Wire


@dataclass(frozen=True, kw_only=True)
class PlanOptions:
    """`package`: the import name (public names in annotations, docs and review output);
    `bytes_fields`: `NAME.PARAM` string params to encode as bytes, besides the known MTProto
    ones (mtproto.py); `dates`: int date fields (dates.py) as timezone-aware datetimes;
    `wire`: TL binary or TDLib's JSON (tdjson.py: int53 numbers, nullable fields read from
    descriptions, synchronous requests, no binary methods)."""

    package: str = "tl"
    bytes_fields: tuple[str, ...] = ()
    dates: bool = False
    wire: Wire = BINARY


DEFAULT_OPTIONS = PlanOptions()
