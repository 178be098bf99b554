"""Explaining an encoding failure: which field of which object cannot be encoded, and why.

Slow path, loaded only after `to_bytes()` failed: it walks the object's `_FIELDS` specs (see
_runtime's Spec) and names the first offending field as `Class.field[index].field`.
"""

from __future__ import annotations

from ._runtime import INT_RANGES, MAX_BYTES_LENGTH, Request, TLObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._runtime import Spec

_PLAIN_TYPES: dict[str, type | tuple[type, ...]] = {
    "double": (int, float),
    "string": str,
    "bytes": (bytes, bytearray),
    "bool": bool,
    "true": bool,
}


def find_encoding_problem(obj: TLObject, where: str) -> Exception | None:
    """The first field of `obj` (searched recursively) that cannot be encoded, as the
    TypeError or ValueError to raise, naming it; None when every field looks right."""
    for attr, _, spec, flag in obj._FIELDS:
        value = getattr(obj, attr, None)
        if flag is not None and spec[0] != "true" and value is None:
            continue
        problem = _value_problem(value, spec, f"{where}.{attr}")
        if problem is not None:
            return problem
    return None


def _value_problem(value: object, spec: Spec, where: str) -> Exception | None:
    kind = spec[0]
    if kind in INT_RANGES:
        if not isinstance(value, int):
            return TypeError(f"{where}: expected an int, got {type(value).__name__}")
        low, high = INT_RANGES[kind]
        if not low <= value <= high:
            return ValueError(f"{where}: {value} is out of range for a TL {kind} ({low}..{high})")
        return None
    if kind in ("v", "bv"):
        if not isinstance(value, list):
            return TypeError(f"{where}: expected a list, got {type(value).__name__}")
        for index, item in enumerate(value):
            problem = _value_problem(item, spec[1], f"{where}[{index}]")
            if problem is not None:
                return problem
        return None
    if kind in ("o", "b", "any", "req"):
        return _object_problem(value, spec, where)
    if kind == "date":
        return _date_problem(value, where)
    return _plain_problem(value, kind, where)


def _plain_problem(value: object, kind: str, where: str) -> Exception | None:
    """A double, string, bytes, Bool or `true` flag value."""
    expected = _PLAIN_TYPES.get(kind, object)
    if not isinstance(value, expected):
        return TypeError(f"{where}: expected {kind}, got {type(value).__name__}")
    size = 0
    if isinstance(value, str):
        try:
            size = len(value.encode("utf-8"))
        except UnicodeEncodeError as error:
            return ValueError(f"{where}: not encodable as UTF-8: {error.reason}")
    elif isinstance(value, (bytes, bytearray)):
        size = len(value)
    if size > MAX_BYTES_LENGTH:
        return ValueError(f"{where}: {size} bytes is more than TL can carry ({MAX_BYTES_LENGTH})")
    return None


def _object_problem(value: object, spec: Spec, where: str) -> Exception | None:
    kind = spec[0]
    base = Request if kind == "req" else TLObject
    if not isinstance(value, base):
        return TypeError(f"{where}: expected a TL object, got {type(value).__name__}")
    if kind == "o" and value._TL_TYPE != spec[1]:
        return TypeError(f"{where}: expected a {spec[1]}, got {value.TL_NAME}")
    if kind == "b" and value.CONSTRUCTOR_ID != spec[1]:
        return TypeError(f"{where}: expected constructor 0x{spec[1]:08x}, got {value.TL_NAME}")
    return find_encoding_problem(value, where)


def _date_problem(value: object, where: str) -> Exception | None:
    import datetime

    if not isinstance(value, datetime.datetime):
        return TypeError(f"{where}: expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None:
        return ValueError(f"{where}: a naive datetime is ambiguous as a TL date: {value!r}")
    low, high = INT_RANGES["int"]
    if not low <= value.timestamp() < high + 1:
        return ValueError(f"{where}: {value} is out of range for a TL date (a 32-bit Unix time)")
    return None
