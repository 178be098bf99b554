"""TL objects <-> JSON-safe dicts (`to_dict` / `from_dict`), and the indented form (`pretty`).

`_` holds the TL name, bytes are base64 text, nested objects are dicts, dates (a package
generated with `--dates datetime`) are Unix times. Loaded on the first conversion; driven by
each class's `_FIELDS` specs (see _runtime's Spec).

`from_dict` is strict: it accepts what `to_dict` writes, in full or compact form (absent
optional fields and false `true` flags omitted), and raises FromDictError naming the path of
the first problem (`Message.entities[2].offset: expected an int, got str`) for a missing
required field, an unknown key, a wrong or missing `_`, an object of the wrong TL type, or a
value of the wrong Python type (a bool is not an int) or out of range, or objects nested
deeper than the decoder allows (MAX_DEPTH).
"""

from __future__ import annotations

import base64
import binascii

from . import _registry
from ._explain import INT_RANGES
from ._runtime import MAX_DEPTH, TRUE, Request, TLObject, from_timestamp, timestamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing as _t

    from ._runtime import Spec

    O = _t.TypeVar("O", bound=TLObject)

__all__ = ["FromDictError", "object_from_json", "object_to_json", "any_from_json", "pretty"]

# Specs whose values are TL objects.
_OBJECT_KINDS = frozenset({"o", "b", "any", "req"})


class FromDictError(ValueError):
    """A dict that `from_dict` refuses: `path` names where (`Message.entities[2].offset`),
    `reason` says what is wrong; `str()` is both."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[FromDictError], tuple[str, str]]:
        return type(self), (self.path, self.reason)


# -- to_dict -------------------------------------------------------------------------------------


def object_to_json(obj: TLObject, compact: bool = False) -> dict[str, _t.Any]:
    result: dict[str, _t.Any] = {"_": obj.TL_NAME}
    for attr, tl_name, spec, flag in obj._FIELDS:
        value = getattr(obj, attr)
        if compact and flag is not None and (value is None or value is False and spec == TRUE):
            continue
        result[tl_name] = _to_json(value, spec, compact)
    return result


def _to_json(value: object, spec: Spec, compact: bool) -> object:
    if value is None:
        return None
    kind = spec[0]
    if kind in ("v", "bv"):
        items: list[object] = value  # type: ignore[assignment]
        return [_to_json(item, spec[1], compact) for item in items]
    if kind == "bytes":
        raw: bytes = value  # type: ignore[assignment]
        return base64.b64encode(raw).decode("ascii")
    if kind == "date":
        return timestamp(value)  # type: ignore[arg-type]
    if kind in _OBJECT_KINDS:
        obj: TLObject = value  # type: ignore[assignment]
        return object_to_json(obj, compact)
    return value


# -- from_dict -----------------------------------------------------------------------------------


def any_from_json(data: object) -> TLObject:
    """The object a dict describes, its class found by `_` (constructors first, then
    requests)."""
    if not isinstance(data, dict):
        raise FromDictError("dict", f"expected a dict, got {type(data).__name__}")
    name = data.get("_")
    if not isinstance(name, str):
        raise FromDictError("dict._", f"expected a TL name, got {name!r}")
    cls = _find(name, False, True)
    if cls is None:
        raise FromDictError("dict._", f"unknown TL name {name!r}")
    return _object(cls, data, cls.__name__)


def _find(name: object, request: bool, or_request: bool) -> type[TLObject] | None:
    """The class of a TL name: a request, or a constructor (the MTProto envelope's included)
    and, when `or_request`, a request if no constructor has the name (a message body)."""
    if not isinstance(name, str):
        return None
    cls = _registry.find_by_name(name, request)
    if cls is None and not request:
        from .mtproto import BY_NAME

        cls = BY_NAME.get(name)
        if cls is None and or_request:
            cls = _registry.find_by_name(name, True)
    return cls


def object_from_json(cls: type[O], data: object) -> O:
    return _object(cls, data, cls.__name__)


def _object(cls: type[O], data: object, path: str, depth: int = 1) -> O:
    if not isinstance(data, dict):
        raise FromDictError(path, f"expected a dict of {cls.TL_NAME}, got {type(data).__name__}")
    if data.get("_") != cls.TL_NAME:
        raise FromDictError(f"{path}._", f"expected {cls.TL_NAME!r}, got {data.get('_')!r}")
    fields = cls._FIELDS
    known = {tl_name for _, tl_name, _, _ in fields}
    unknown = sorted(repr(key) for key in data if key != "_" and key not in known)
    if unknown:
        raise FromDictError(path, f"unknown key {unknown[0]} for {cls.TL_NAME}")
    values: dict[str, object] = {}
    for attr, tl_name, spec, flag in fields:
        where = f"{path}.{attr}"
        if tl_name not in data:
            if flag is None:
                raise FromDictError(where, "missing required field")
            continue
        value = data[tl_name]
        if value is None and flag is not None and spec[0] != "true":
            values[attr] = None
            continue
        values[attr] = _from_json(value, spec, where, depth)
    return cls(**values)


def _from_json(value: object, spec: Spec, where: str, depth: int) -> object:
    """A field's value; `depth`: how many objects hold it."""
    kind = spec[0]
    if kind in INT_RANGES or kind == "date":
        if type(value) is not int:
            raise FromDictError(where, f"expected an int, got {type(value).__name__}")
        low, high = INT_RANGES["int" if kind == "date" else kind]
        if not low <= value <= high:
            raise FromDictError(where, f"{value} is out of range for a TL {kind} ({low}..{high})")
        return from_timestamp(value) if kind == "date" else value
    if kind in ("v", "bv"):
        if not isinstance(value, list):
            raise FromDictError(where, f"expected a list, got {type(value).__name__}")
        item_spec = spec[1]
        return [_from_json(item, item_spec, f"{where}[{i}]", depth) for i, item in enumerate(value)]
    if kind == "bytes":
        if not isinstance(value, str):
            raise FromDictError(where, f"expected base64 text, got {type(value).__name__}")
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise FromDictError(where, "invalid base64 text") from None
    if kind in _OBJECT_KINDS:
        return _nested(value, spec, where, depth + 1)
    if kind == "double":
        if type(value) not in (int, float):
            raise FromDictError(where, f"expected a number, got {type(value).__name__}")
        try:
            return float(value)  # type: ignore[arg-type]
        except OverflowError:
            raise FromDictError(where, "out of range for a TL double") from None
    expected = {"string": str, "bool": bool, "true": bool}[kind]
    if type(value) is not expected:
        raise FromDictError(where, f"expected {kind}, got {type(value).__name__}")
    return value


def _nested(value: object, spec: Spec, where: str, depth: int) -> TLObject:
    if depth > MAX_DEPTH:
        raise FromDictError(where, f"objects nested deeper than {MAX_DEPTH} levels")
    if not isinstance(value, dict):
        raise FromDictError(where, f"expected a dict, got {type(value).__name__}")
    name = value.get("_")
    kind = spec[0]
    cls = _find(name, kind == "req", kind == "any")
    if cls is None:
        raise FromDictError(f"{where}._", f"unknown TL name {name!r}")
    if kind == "o" and cls._TL_TYPE != spec[1]:
        raise FromDictError(where, f"expected a {spec[1]}, got {name}")
    if kind == "b" and cls.CONSTRUCTOR_ID != spec[1]:
        raise FromDictError(where, f"expected constructor 0x{spec[1]:08x}, got {name}")
    if kind == "req" and not issubclass(cls, Request):
        raise FromDictError(where, f"expected a request, got {name}")
    return _object(cls, value, where, depth)


# -- pretty --------------------------------------------------------------------------------------


def pretty(value: object, indent: int = 4, width: int = 88) -> str:
    """An indented, multi-line repr: valid Python, one field per line for objects (and one
    item per line for lists) whose line would not fit in `width` columns."""
    return _pretty(value, 0, indent, width, 0)


def _pretty(value: object, level: int, indent: int, width: int, used: int) -> str:
    """`value` at nesting `level`, on a line where `used` columns go to its `attr=` and comma."""
    flat = repr(value)
    if level * indent + used + len(flat) <= width:
        return flat
    inner = " " * ((level + 1) * indent)
    if isinstance(value, TLObject):
        parts = [
            f"{inner}{attr}={_pretty(v, level + 1, indent, width, len(attr) + 2)},"
            for attr, v in value._set_fields()
        ]
        head, tail = f"{value._repr_name()}(", ")"
    elif isinstance(value, list):
        parts = [f"{inner}{_pretty(v, level + 1, indent, width, 1)}," for v in value]
        head, tail = "[", "]"
    else:
        return flat
    return "\n".join([head, *parts, " " * (level * indent) + tail])
