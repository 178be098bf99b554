"""TDLib's JSON (what libtdjson's td_send, td_receive and td_execute carry) <-> typed objects.

Copied into packages generated with `--wire tdjson`. Driven by each class's `_FIELDS` specs
(see _runtime's Spec): a flag of `("", 0)` marks a field documented "may be null" / "pass null".

TDLib's conventions (td/tl/tl_json.h and td/generate/tl_json_converter.cpp in tdlib/td):
objects are `{"@type": name, ...}`; int32, int53 and double are JSON numbers, int64 a decimal
string (inside vectors too); bytes standard base64 with padding; Bool `true`/`false`; a null
object field is left out; vector items of objects may be null.

Strict on the way out: `to_json` refuses a value TDLib would read otherwise than meant (a bool
for an integer, an integer out of its range, NaN, a string that is not UTF-8, an object of the
wrong type, None in a field that may not be null), naming the field (`SendMessage.chat_id`),
before anything is sent. TDLib itself ignores unknown fields and reads a wrong one as a default.

Lenient on the way in: what a newer or older TDLib sends always decodes. A field the schema
does not know is kept (`extra_fields(obj)`, and written back by `to_json`), a missing field
takes TDLib's default (0, "", false, empty, or None for an object), an unknown `@type` becomes
an `UnknownObject` keeping its JSON that is still an instance of the expected abstract type;
each is reported once per class and field on the logger named after the package.
"""

from __future__ import annotations

import base64
import binascii
import json
import math

from . import _registry
from ._runtime import INT_RANGES, Request, TLObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing as _t

    from ._runtime import Spec

    ObjectT = _t.TypeVar("ObjectT", bound=TLObject)
    JsonObject = dict[str, _t.Any]

__all__ = ["UnknownObject", "extra_fields", "from_json", "object_from_json", "to_json"]

_INT32, _INT53, _INT64 = INT_RANGES["int"], INT_RANGES["int53"], INT_RANGES["long"]
# Keys TDLib adds to what td_receive returns, besides an object's fields.
_ENVELOPE_KEYS = frozenset({"@type", "@extra", "@client_id"})
_OBJECT_KINDS = frozenset({"o", "b", "any", "req"})


# -- objects this package does not know ---------------------------------------------------------


class UnknownObject(TLObject):
    """An object whose `@type` this package does not know (sent by a newer TDLib): `raw`
    holds its JSON, which `to_json` writes back unchanged. Decoded where an abstract type is
    expected, it is an instance of that type's base class, so that `isinstance` checks and
    `match` statements with a fallback keep working."""

    __slots__ = ("raw",)
    CONSTRUCTOR_ID = 0
    TL_NAME = ""
    _TL_TYPE = ""

    def __init__(self, raw: JsonObject) -> None:
        self.raw = raw

    @property
    def type_name(self) -> str:
        """The `@type` TDLib sent."""
        name = self.raw.get("@type")
        return name if isinstance(name, str) else ""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnknownObject):
            return NotImplemented
        return self._TL_TYPE == other._TL_TYPE and self.raw == other.raw

    def __repr__(self) -> str:
        return f"UnknownObject({self.raw!r})"


_UNKNOWN: dict[str, type[UnknownObject]] = {}


def _unknown_class(type_name: str | None) -> type[UnknownObject]:
    """UnknownObject made a subclass of the runtime base of `type_name` (None: no type)."""
    if not type_name:
        return UnknownObject
    cls = _UNKNOWN.get(type_name)
    if cls is None:
        base = _registry.find_base(type_name)
        bases = (UnknownObject,) if base is None else (UnknownObject, base)
        name = "Unknown" + (base or TLObject).__name__
        made = type(name, bases, {"__slots__": (), "_TL_TYPE": type_name})
        # Two threads may make one each: every caller gets the first stored.
        cls = _UNKNOWN.setdefault(type_name, made)
    return cls


def extra_fields(obj: TLObject) -> dict[str, _t.Any]:
    """The fields TDLib sent for `obj` that its class does not know (a newer TDLib)."""
    extra: dict[str, _t.Any] | None = getattr(obj, "_extra", None)
    return dict(extra) if extra else {}


# -- reports ------------------------------------------------------------------------------------

_REPORTED: set[tuple[str, str, str]] = set()


def _report(kind: str, where: str, what: str) -> None:
    """Say once per (kind, class, field) that TDLib sent something the schema does not
    describe: version skew between td_api.tl and the library."""
    key = (kind, where, what)
    if key in _REPORTED:
        return
    _REPORTED.add(key)
    import logging

    messages = {
        "unknown field": "TDLib sent field {1!r} of {0}, which this package does not know; "
        "kept in extra_fields()",
        "missing field": "TDLib sent {0} without field {1!r}; it takes TDLib's default",
        "unknown type": "TDLib sent an object of unknown @type {1!r} (expected {0}); kept as "
        "UnknownObject",
        "wrong value": "TDLib sent {0}.{1} in an unexpected form; it takes TDLib's default",
    }
    logging.getLogger(__package__ or __name__).warning(messages[kind].format(where, what))


# -- encoding (strict) --------------------------------------------------------------------------


class _Bad(Exception):
    """A value to_json refuses: the error to raise, and the path to it so far (innermost
    first)."""

    def __init__(self, error: TypeError | ValueError) -> None:
        self.error = error
        self.path: list[str] = []


def _type_error(expected: str, value: object) -> _Bad:
    return _Bad(TypeError(f"expected {expected}, got {type(value).__name__}"))


def to_json(obj: TLObject) -> str:
    """TDLib's JSON text of an object or request (see the module docstring)."""
    return _DUMPS(to_json_object(obj))


# One encoder for every call: json.dumps with options builds a new one each time. Values were
# checked on the way (no NaN reaches it).
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def to_json_object(obj: TLObject) -> JsonObject:
    """TDLib's JSON of an object, as a dict (`json.dumps` of it is what TDLib reads)."""
    if not isinstance(obj, TLObject):
        raise TypeError(f"expected a TL object, got {type(obj).__name__}")
    try:
        return _encode_object(obj)
    except _Bad as bad:
        path = ".".join([type(obj).__name__, *reversed(bad.path)]).replace(".[", "[")
        raise type(bad.error)(f"{path}: {bad.error}") from None


# Per class, what encoding and decoding read from `_FIELDS`, in the order they need it:
# (TL name, a getter of every field's value at once, and per field (attribute, TL name, kind,
# spec, may be null, the encoder of its kind)).
_Entry = tuple[str, str, str, "Spec", bool, "_t.Callable[[_t.Any, Spec], _t.Any]"]
_Plan = tuple[str, "_t.Callable[[TLObject], _t.Any] | None", tuple[_Entry, ...]]
_PLANS: dict[type, _Plan] = {}


def _plan(cls: type[TLObject]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        import operator

        fields = cls._FIELDS
        attrs = [attr for attr, _, _, _ in fields]
        getter: _t.Callable[[TLObject], _t.Any] | None = None
        if len(attrs) > 1:
            getter = operator.attrgetter(*attrs)
        elif attrs:
            single = operator.attrgetter(attrs[0])
            getter = lambda obj: (single(obj),)  # noqa: E731
        entries = tuple(
            (attr, key, spec[0], spec, flag is not None, _ENCODERS[spec[0]])
            for attr, key, spec, flag in fields
        )
        plan = _PLANS[cls] = (cls.TL_NAME, getter, entries)
    return plan


def _encode_object(obj: TLObject) -> JsonObject:
    cls = obj.__class__
    name, getter, entries = _PLANS.get(cls) or _plan(cls)
    if isinstance(obj, UnknownObject):
        return dict(obj.raw)
    out: JsonObject = {"@type": name}
    if getter is None:
        return out
    for (attr, key, _, spec, nullable, encode), value in zip(entries, getter(obj), strict=True):
        try:
            if value is None:
                if nullable:
                    continue
                raise _Bad(TypeError("may not be None (TDLib would take a default)"))
            out[key] = encode(value, spec)
        except _Bad as bad:
            bad.path.append(attr)
            raise
    extra = getattr(obj, "_extra", None)
    if extra:
        for key, value in extra.items():
            out.setdefault(key, value)
    return out


# Each encoder checks the commonest case first, in as few operations as it can.


def _encode_int(value: _t.Any, limits: tuple[int, int], kind: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _type_error("an int", value)
    if not limits[0] <= value <= limits[1]:
        raise _Bad(ValueError(f"{value} is out of range for a TDLib {kind}"))
    return int(value)


def _number_encoder(limits: tuple[int, int], kind: str) -> _t.Callable[[_t.Any, Spec], int]:
    """The encoder of an integer TDLib reads as a JSON number (int32, int53): its limits are
    the closure's, as fast to read as literals."""
    low, high = limits

    def encode(value: _t.Any, spec: Spec) -> int:
        if value.__class__ is int and low <= value <= high:
            return value
        return _encode_int(value, limits, kind)

    return encode


_encode_int32 = _number_encoder(_INT32, "int32")
_encode_int53 = _number_encoder(_INT53, "int53")


def _long_encoder() -> _t.Callable[[_t.Any, Spec], str]:
    """The encoder of an int64, which TDLib reads as a decimal string."""
    low, high = _INT64

    def encode(value: _t.Any, spec: Spec) -> str:
        if value.__class__ is int and low <= value <= high:
            return str(value)
        return str(_encode_int(value, _INT64, "int64"))

    return encode


_encode_long = _long_encoder()


def _encode_double(value: _t.Any, spec: Spec) -> float:
    if value.__class__ not in (float, int) and (
        not isinstance(value, (int, float)) or isinstance(value, bool)
    ):
        raise _type_error("a float", value)
    number = float(value)
    if not math.isfinite(number):
        raise _Bad(ValueError(f"{number} is not a JSON number"))
    return number


def _encode_string(value: _t.Any, spec: Spec) -> str:
    if value.__class__ is str and value.isascii():
        return value
    if not isinstance(value, str):
        raise _type_error("str", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(ValueError("not valid as UTF-8 (a lone surrogate)")) from None
    return str(value)


def _encode_bytes(value: _t.Any, spec: Spec) -> str:
    if not isinstance(value, (bytes, bytearray)):
        raise _type_error("bytes", value)
    return base64.b64encode(value).decode("ascii")


def _encode_bool(value: _t.Any, spec: Spec) -> bool:
    if value is True or value is False:
        return value
    raise _type_error("bool", value)


def _encode_typed(value: _t.Any, spec: Spec) -> JsonObject:
    """An object of the abstract type `spec[1]`."""
    if isinstance(value, TLObject) and value._TL_TYPE == spec[1]:
        return _encode_object(value)
    raise _type_error(f"a {spec[1]}", value)


def _encode_nested(value: _t.Any, spec: Spec) -> JsonObject:
    kind = spec[0]
    if kind == "b":
        if not isinstance(value, TLObject) or value.CONSTRUCTOR_ID != spec[1]:
            raise _type_error(f"a {_registry_name(spec[1])}", value)
    elif kind == "req":
        if not isinstance(value, Request):
            raise _type_error("a request", value)
    elif not isinstance(value, TLObject) or isinstance(value, Request):
        raise _type_error("a TL object", value)
    return _encode_object(value)


def _registry_name(constructor_id: int) -> str:
    cls = _registry.find(constructor_id)
    return f"constructor 0x{constructor_id:08x}" if cls is None else cls.__name__


def _encode_vector(value: _t.Any, spec: Spec) -> list[_t.Any]:
    if not isinstance(value, list):
        raise _type_error("a list", value)
    item_spec = spec[1]
    kind = item_spec[0]
    if kind == "o":
        expected = item_spec[1]
        if all(isinstance(i, TLObject) and i._TL_TYPE == expected for i in value):
            try:
                return [_encode_object(i) for i in value]
            except _Bad:
                pass  # encoded again item by item below, so that the error names its item
    elif kind == "long" and all(i.__class__ is int and _INT64[0] <= i <= _INT64[1] for i in value):
        return [str(i) for i in value]
    encode = _ENCODERS[kind]
    objects = kind in _OBJECT_KINDS
    out = []
    for index, item in enumerate(value):
        try:
            # TDLib reads a null item of a vector of objects as an empty pointer.
            out.append(None if item is None and objects else encode(item, item_spec))
        except _Bad as bad:
            bad.path.append(f"[{index}]")
            raise
    return out


_ENCODERS: dict[str, _t.Callable[[_t.Any, Spec], _t.Any]] = {
    "int": _encode_int32,
    "int53": _encode_int53,
    "long": _encode_long,
    "double": _encode_double,
    "string": _encode_string,
    "bytes": _encode_bytes,
    "bool": _encode_bool,
    "o": _encode_typed,
    "b": _encode_nested,
    "any": _encode_nested,
    "req": _encode_nested,
    "v": _encode_vector,
    "bv": _encode_vector,
}


# -- decoding (lenient) -------------------------------------------------------------------------


def from_json(data: str | bytes | JsonObject) -> TLObject:
    """The object TDLib's JSON describes (text, or a dict from json.loads), by its `@type`;
    `@extra` and `@client_id` are ignored (the client reads them). ValueError when the text is
    not JSON or not an object with a `@type`."""
    value = json.loads(data) if isinstance(data, (str, bytes, bytearray)) else data
    if not isinstance(value, dict) or not isinstance(value.get("@type"), str):
        raise ValueError("expected a JSON object with a @type")
    return _decode_object(value, None)


def object_from_json(cls: type[ObjectT], data: str | bytes | JsonObject) -> ObjectT:
    """An object of `cls` from TDLib's JSON; ValueError when it is of another class."""
    value = from_json(data)
    if not isinstance(value, cls):
        raise ValueError(f"expected {cls.TL_NAME}, got {type(value).__name__}")
    return value


def result_from_json(request: Request[_t.Any], data: JsonObject) -> _t.Any:
    """A request's answer (not an `error`) as its result type."""
    return _decode(data, request._RESULT, request.TL_NAME)  # type: ignore[attr-defined]


# Classes by TL name, as met: one dict lookup per object.
_CLASSES: dict[str, type[TLObject] | None] = {}


def _class_named(name: str) -> type[TLObject] | None:
    # TDLib sends objects only; a request's JSON (our own, logged) is read too.
    cls = _registry.find_by_name(name) or _registry.find_by_name(name, True)
    _CLASSES[name] = cls
    return cls


def _decode_object(data: JsonObject, expected: str | None) -> TLObject:
    name = data["@type"]
    try:
        cls = _CLASSES[name]
    except (KeyError, TypeError):
        cls = _class_named(name) if isinstance(name, str) else None
    if cls is None:
        _report("unknown type", expected or "an object", str(name))
        return _unknown_class(expected)(data)
    obj = cls.__new__(cls)
    entries = (_PLANS.get(cls) or _plan(cls))[2]
    get = data.get
    absent = 0  # fields not sent (or sent as null): TDLib leaves null fields out
    for attr, key, kind, spec, nullable, _ in entries:
        value = get(key)
        # The commonest kinds inline; anything else, and anything unexpected, below.
        if value is None:
            absent += 1
            if not nullable:
                value = _missing(cls, key, kind, key in data)
        elif kind == "string" or kind == "int" or kind == "int53":
            if value.__class__ is not _PLAIN[kind]:
                value = _decode(value, spec, f"{cls.TL_NAME}.{key}")
        elif kind == "o":
            if value.__class__ is dict and "@type" in value:
                value = _decode_object(value, spec[1])
            else:
                value = _decode(value, spec, f"{cls.TL_NAME}.{key}")
        elif kind != "bool" or value.__class__ is not bool:
            value = _decode(value, spec, f"{cls.TL_NAME}.{key}")
        setattr(obj, attr, value)
    # More keys than the known fields sent and "@type": an unknown field, or "@extra" or
    # "@client_id" (which _keep_extra tells apart).
    if len(data) > len(entries) - absent + 1:
        _keep_extra(obj, data, entries)
    return obj


def _missing(cls: type[TLObject], key: str, kind: str, null: bool) -> _t.Any:
    """TDLib's default for a field it did not send (or sent as null: an object it may)."""
    if not null or kind not in _OBJECT_KINDS:
        _report("missing field", cls.TL_NAME, key)
    default = _DEFAULTS.get(kind)
    return None if default is None else default()


def _keep_extra(obj: TLObject, data: JsonObject, entries: tuple[_Entry, ...]) -> None:
    """Keep on `obj` the fields of `data` its class does not know (a newer TDLib)."""
    known = {entry[1] for entry in entries}
    extra = {k: v for k, v in data.items() if k not in known and k not in _ENVELOPE_KEYS}
    if extra:
        for key in extra:
            _report("unknown field", obj.TL_NAME, key)
        obj._extra = extra  # type: ignore[attr-defined]


_PLAIN = {"string": str, "int": int, "int53": int}


def _decode(value: _t.Any, spec: Spec, where: str) -> _t.Any:
    kind = spec[0]
    cls = value.__class__
    if kind in ("v", "bv") and cls is list:
        item = spec[1]
        items: list[_t.Any] = value
        if item[0] in _OBJECT_KINDS:
            return [None if v is None else _decode(v, item, where) for v in items]
        if item[0] == "long":
            return [_decode_long(v, where) for v in items]
        return [_decode(v, item, where) for v in items]
    if kind in _OBJECT_KINDS and cls is dict:
        data: JsonObject = value
        if "@type" not in data:
            _report("wrong value", where, "an object without @type")
            return None
        return _decode_object(data, spec[1] if kind == "o" else None)
    if kind == "long":
        return _decode_long(value, where)
    decoded = _decode_scalar(value, kind)
    if decoded is not _WRONG:
        return decoded
    _report("wrong value", where, kind)
    default = _DEFAULTS.get(kind)
    return None if default is None else default()


# What _decode_scalar answers for a value that is not of its kind.
_WRONG = object()


def _decode_scalar(value: _t.Any, kind: str) -> _t.Any:
    cls = value.__class__
    if kind in ("long", "int", "int53"):
        # A string first: an int64's form (_decode_object reads a plain int32 or int53 inline).
        if cls is str and _canonical_int(value):
            return int(value)
        if cls is int:
            return value
    elif kind == "double":
        if cls is float or cls is int:
            return float(value)
    elif kind == "string" or kind == "bool":
        if cls is (str if kind == "string" else bool):
            return value
    elif kind == "bytes" and cls is str:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            pass
    return _WRONG


def _decode_long(value: _t.Any, where: str) -> int:
    decoded = _decode_scalar(value, "long")
    if decoded is _WRONG:
        _report("wrong value", where, "int64")
        return 0
    number: int = decoded
    return number


def _canonical_int(text: str) -> bool:
    digits = text[1:] if text[:1] == "-" else text
    return digits.isdigit() and digits.isascii() and (digits == "0" or digits[0] != "0")


# TDLib's default of each kind of value, for a field it did not send.
_DEFAULTS: dict[str, _t.Callable[[], _t.Any]] = {
    "int": int,
    "int53": int,
    "long": int,
    "double": float,
    "string": str,
    "bytes": bytes,
    "bool": bool,
    "v": list,
    "bv": list,
}
