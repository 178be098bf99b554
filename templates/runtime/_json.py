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
from ._runtime import INT_RANGES, MAX_DEPTH, TRUE, TLObject, from_timestamp, timestamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing as _t

    from ._runtime import Spec

    ObjectT = _t.TypeVar("ObjectT", bound=TLObject)

__all__ = ["FromDictError", "object_from_json", "object_to_json", "any_from_json", "pretty"]

# Specs whose values are TL objects.
_OBJECT_KINDS = frozenset({"o", "b", "any", "req"})
# The module of the MTProto envelope's classes. A boxed object of a named TL type is one of the
# envelope's inside the envelope and one of the schema's elsewhere: their `Message` types share a
# name (api.tl's message, the envelope's message), but each writes only its own.
_ENVELOPE_MODULE = __name__.rpartition(".")[0] + ".mtproto"


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
    classes = _classes(name, False, True)
    if not classes:
        raise FromDictError("dict._", f"unknown TL name {name!r}")
    return _first_accepting(classes, data, None)


def _classes(name: object, request: bool, or_request: bool) -> tuple[type[TLObject], ...]:
    """The classes of a TL name, in the order to try them: requests, or constructors (the
    schema's, then the MTProto envelope's) followed, when `or_request`, by requests (a message
    body holds either)."""
    if not isinstance(name, str):
        return ()
    classes = _registry.find_all_by_name(name, request)
    if or_request and not request:
        classes += _registry.find_all_by_name(name, True)
    return classes


def _first_accepting(
    classes: tuple[type[TLObject], ...], data: object, path: str | None, depth: int = 1
) -> TLObject:
    """`data` read as the first of `classes` that accepts it (the path starts with the class
    name when `path` is None). More than one class shares a name only where a schema's
    definition has an envelope's name (api.tl's `message`); an unknown key stops the wrong one
    at once. The error is the first class's."""
    first: FromDictError | None = None
    for cls in classes:
        try:
            return _object(cls, data, cls.__name__ if path is None else path, depth)
        except FromDictError as error:
            first = first or error
    assert first is not None
    raise first


def object_from_json(cls: type[ObjectT], data: object) -> ObjectT:
    return _object(cls, data, cls.__name__)


def _object(cls: type[ObjectT], data: object, path: str, depth: int = 1) -> ObjectT:
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
    envelope = cls.__module__ == _ENVELOPE_MODULE
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
        values[attr] = _from_json(value, spec, where, depth, envelope)
    return cls(**values)


def _from_json(value: object, spec: Spec, where: str, depth: int, envelope: bool) -> object:
    """A field's value; `depth`: how many objects hold it; `envelope`: the field is an
    envelope class's."""
    kind = spec[0]
    if kind in INT_RANGES or kind == "date":
        return _integer(value, kind, where)
    if kind in ("v", "bv"):
        if not isinstance(value, list):
            raise FromDictError(where, f"expected a list, got {type(value).__name__}")
        item_spec = spec[1]
        return [
            _from_json(item, item_spec, f"{where}[{i}]", depth, envelope)
            for i, item in enumerate(value)
        ]
    if kind == "bytes":
        return _bytes(value, where)
    if kind in _OBJECT_KINDS:
        return _nested(value, spec, where, depth + 1, envelope)
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


def _integer(value: object, kind: str, where: str) -> object:
    if type(value) is not int:
        raise FromDictError(where, f"expected an int, got {type(value).__name__}")
    low, high = INT_RANGES["int" if kind == "date" else kind]
    if not low <= value <= high:
        raise FromDictError(where, f"{value} is out of range for a TL {kind} ({low}..{high})")
    return from_timestamp(value) if kind == "date" else value


def _bytes(value: object, where: str) -> bytes:
    if not isinstance(value, str):
        raise FromDictError(where, f"expected base64 text, got {type(value).__name__}")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise FromDictError(where, "invalid base64 text") from None


def _nested(value: object, spec: Spec, where: str, depth: int, envelope: bool) -> TLObject:
    if depth > MAX_DEPTH:
        raise FromDictError(where, f"objects nested deeper than {MAX_DEPTH} levels")
    if not isinstance(value, dict):
        raise FromDictError(where, f"expected a dict, got {type(value).__name__}")
    name = value.get("_")
    kind = spec[0]
    classes = _classes(name, kind == "req", kind == "any")
    if not classes:
        raise FromDictError(f"{where}._", f"unknown TL name {name!r}")
    if kind == "o":
        classes = tuple(
            cls
            for cls in classes
            if cls._TL_TYPE == spec[1] and (cls.__module__ == _ENVELOPE_MODULE) is envelope
        )
        if not classes:
            raise FromDictError(where, f"expected a {spec[1]}, got {name}")
    if kind == "b":
        classes = tuple(cls for cls in classes if cls.CONSTRUCTOR_ID == spec[1])
        if not classes:
            raise FromDictError(where, f"expected constructor 0x{spec[1]:08x}, got {name}")
    return _first_accepting(classes, value, where, depth)


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
