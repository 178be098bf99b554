"""Runtime core of a tlgen-generated package: TL binary reading and writing, base classes.

Copied verbatim into every generated package by tlgen. Standard library only; heavier modules
(json, base64, zlib, importlib) are imported where they are used, and the slow paths live in
their own modules (_json: dicts; _explain: encoding errors), so that importing one request class
stays cheap.
"""

from __future__ import annotations

import struct

# typing is not imported at run time: importing one request class must stay cheap, and every
# annotation here is a string (PEP 563). mypy treats any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as _dt
    import typing as _t
    from collections.abc import Callable
    from typing import Generic as _Generic

    R = _t.TypeVar("R", covariant=True)
    # How a value is encoded (the same description for JSON, equality, repr, strategies and
    # explaining encoding errors): ("int",) ("nat",) ("long",) ("double",) ("int128",)
    # ("int256",) ("int512",) ("string",) ("bytes",) ("bool",) ("true",) a flag bit, ("any",)
    # any boxed object, ("req",) any request, ("o", "auth.SentCode") a boxed object of that TL
    # type, ("b", 0x1234abcd) a bare object of that constructor, ("v", spec) / ("bv", spec) a
    # boxed / bare vector of spec.
    Spec = tuple[_t.Any, ...]
    # Per field: (attribute, TL name, spec, (flags word, bit mask) or None when always present).
    FieldTable = tuple[tuple[str, str, Spec, "tuple[str, int] | None"], ...]
    T = _t.TypeVar("T")
    ObjectT = _t.TypeVar("ObjectT", bound="TLObject")
else:
    R = None
    # The annotations of TLObject name these: strings, evaluated by typing.get_type_hints.
    Spec = "tuple[_t.Any, ...]"
    FieldTable = "tuple[tuple[str, str, Spec, tuple[str, int] | None], ...]"

    class _Generic:
        """Run-time stand-in for typing.Generic: `Request[X]` is just Request."""

        __slots__ = ()

        def __class_getitem__(cls, item: object) -> type:
            return cls

    class TypeVariable:
        """Run-time stand-in for the type variable X of generic requests (invokeWithLayer's
        `!X`), so that their modules need not import typing: `Request[X]` is Request."""

        __slots__ = ()


__all__ = ["DecodeError", "Request", "TLObject", "decode", "decode_request", "MAX_DEPTH"]

# The budget of one decode(), from_bytes() or read_result() call, shared by every gzip_packed
# inside it; going over any limit raises DecodeError. Objects nested deeper than MAX_DEPTH
# (gzip_packed counts as a level) are refused instead of exhausting the Python stack.
MAX_DEPTH = 64
# All gzip_packed payloads of the call together may inflate to this many bytes.
MAX_INFLATED_SIZE = 64 << 20
# All vectors of the call together may hold this many items (numbers, objects, vectors).
MAX_ITEMS = 1 << 20
# Largest string/bytes the wire format can carry: a 3-byte length.
MAX_BYTES_LENGTH = (1 << 24) - 1
# The range of each integer kind of Spec (a date is an int).
INT_RANGES = {
    "int": (-(1 << 31), (1 << 31) - 1),
    "nat": (0, (1 << 32) - 1),
    "long": (-(1 << 63), (1 << 63) - 1),
    # TDLib's int53: the integers a JSON number (an IEEE double) holds exactly.
    "int53": (-((1 << 53) - 1), (1 << 53) - 1),
    "int128": (-(1 << 127), (1 << 127) - 1),
    "int256": (-(1 << 255), (1 << 255) - 1),
    "int512": (-(1 << 511), (1 << 511) - 1),
}

VECTOR_ID = 0x1CB5C415
BOOL_TRUE_ID = 0x997275B5
BOOL_FALSE_ID = 0xBC799737
GZIP_PACKED_ID = 0x3072CFA1
# The spec of a `true` flag (see Spec).
TRUE = ("true",)

_I32 = struct.Struct("<i")
_U32 = struct.Struct("<I")
_I64 = struct.Struct("<q")
_F64 = struct.Struct("<d")
_I32_UNPACK = _I32.unpack_from
_U32_UNPACK = _U32.unpack_from
_I64_UNPACK = _I64.unpack_from
_F64_UNPACK = _F64.unpack_from
_VECTOR_HEAD_UNPACK = struct.Struct("<Ii").unpack_from
_VECTOR_PREFIX = _U32.pack(VECTOR_ID)
_BOOL_TRUE = _U32.pack(BOOL_TRUE_ID)
_BOOL_FALSE = _U32.pack(BOOL_FALSE_ID)
_GZIP_PACKED = _U32.pack(GZIP_PACKED_ID)


class DecodeError(ValueError):
    """Malformed TL bytes: truncated data, an unknown or unexpected constructor id, a bad Bool,
    a length or count beyond the buffer, a length in a form the TL serialization rules do not
    allow (byte 0xff, or the 4-byte form for fewer than 254 bytes), invalid UTF-8, gzip_packed
    data that is not exactly one complete gzip stream or is itself a gzip_packed, a call over
    its budget (MAX_DEPTH, MAX_INFLATED_SIZE, MAX_ITEMS), or trailing bytes. String padding
    bytes are not checked. `offset` is where in the input (or the inflated gzip_packed
    payload) the problem was found."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} (at byte {offset})")
        self.offset = offset


# -- names for annotations -----------------------------------------------------------------------


class LazyModule:
    """A module imported on first attribute use. Generated modules bind the package's name and
    `_t` (typing) to these, so that their string annotations evaluate at run time
    (typing.get_type_hints) while importing a module imports nothing more."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> _t.Any:
        import importlib

        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


# The package this runtime belongs to, for the annotations of its modules.
PACKAGE = LazyModule(__name__.rpartition(".")[0])
if not TYPE_CHECKING:
    _t = LazyModule("typing")


def lazy_names(
    namespace: dict[str, _t.Any], modules: dict[str, str], submodules: frozenset[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of a package whose names load on first use: each name
    of `modules` from the submodule named there, each of `submodules` as itself. `namespace`
    is the package's globals(), where a loaded name stays."""

    def __getattr__(name: str) -> object:
        module = modules.get(name)
        if module is not None:
            value = getattr(__import__(module, namespace, None, (name,), 1), name)
        elif name in submodules:
            import importlib

            value = importlib.import_module(f".{name}", namespace["__name__"])
        else:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *namespace["__all__"]})

    return __getattr__, __dir__


# -- writing -------------------------------------------------------------------------------------


# The struct methods themselves, not Python functions around them: a call less per value. A
# value of the wrong type or range raises struct.error, which to_bytes() explains.
pack_int: Callable[[int], bytes] = _I32.pack
pack_uint: Callable[[int], bytes] = _U32.pack
pack_long: Callable[[int], bytes] = _I64.pack
pack_double: Callable[[float], bytes] = _F64.pack


def pack_int128(value: int) -> bytes:
    return value.to_bytes(16, "little", signed=True)


def pack_int256(value: int) -> bytes:
    return value.to_bytes(32, "little", signed=True)


def pack_int512(value: int) -> bytes:
    return value.to_bytes(64, "little", signed=True)


def pack_bool(value: bool) -> bytes:
    if value is True:
        return _BOOL_TRUE
    if value is False:
        return _BOOL_FALSE
    return not_bool(value)


def not_bool(value: object) -> _t.NoReturn:
    """A Bool field holds something else than True or False: a truthy string or None is not
    encoded as one."""
    raise TypeError(f"expected bool, got {type(value).__name__}")


_LENGTH_BYTE = [bytes((n,)) for n in range(254)]
_PADDING = (b"", b"\0", b"\0\0", b"\0\0\0")


def pack_bytes(value: bytes) -> bytes:
    length = len(value)
    if length < 254:
        return _LENGTH_BYTE[length] + value + _PADDING[-(length + 1) & 3]
    if length > MAX_BYTES_LENGTH:
        raise ValueError(f"{length} bytes is more than TL can carry ({MAX_BYTES_LENGTH})")
    return b"\xfe" + length.to_bytes(3, "little") + value + _PADDING[-length & 3]


def pack_string(value: str) -> bytes:
    # pack_bytes, inlined for the short strings that most are.
    data = value.encode("utf-8")
    length = len(data)
    if length < 254:
        return _LENGTH_BYTE[length] + data + _PADDING[-(length + 1) & 3]
    return pack_bytes(data)


def pack_vector_prefix(values: list[_t.Any]) -> bytes:
    """A Vector's id and count. Only a list is a vector: a str, bytes, dict or set would be
    iterated into items."""
    if values.__class__ is not list and not isinstance(values, list):
        raise TypeError(f"expected a list, got {type(values).__name__}")
    return _VECTOR_PREFIX + _I32.pack(len(values))


def pack_vector_count(values: list[_t.Any]) -> bytes:
    """A bare vector's count; a list only, as for pack_vector_prefix."""
    if values.__class__ is not list and not isinstance(values, list):
        raise TypeError(f"expected a list, got {type(values).__name__}")
    return _I32.pack(len(values))


_ARRAY_STRUCTS: dict[tuple[str, int], struct.Struct] = {}


def _array_struct(code: str, count: int) -> struct.Struct:
    packer = _ARRAY_STRUCTS.get((code, count))
    if packer is None:
        packer = struct.Struct(f"<{count}{code}")
        if len(_ARRAY_STRUCTS) < 256:
            _ARRAY_STRUCTS[code, count] = packer
    return packer


# Item size of the vectors of numbers read and written in one struct call: ints, longs, doubles.
_NUMBER_SIZES = {"i": 4, "q": 8, "d": 8}


def pack_numbers(code: str, values: list[int] | list[float]) -> bytes:
    """The items of a vector of ints ("i"), longs ("q") or doubles ("d"), in one struct call."""
    return _array_struct(code, len(values)).pack(*values)


# -- reading -------------------------------------------------------------------------------------


class Reader:
    """A cursor over TL bytes, for generated code (not public API): a primitive read past the
    end raises struct.error, which decode(), from_bytes() and read_result() turn into
    DecodeError; every other problem raises DecodeError directly."""

    __slots__ = ("data", "pos", "depth", "items_left", "inflate_left")

    def __init__(self, data: bytes | bytearray | memoryview) -> None:
        # bytes, or a view into an enclosing reader's bytes (within()).
        self.data: bytes | memoryview = bytes(data)
        self.pos = 0
        self.depth = 0
        # What is left of the call's budget; a gzip_packed's reader takes it over and hands
        # it back (see _inflate).
        self.items_left = MAX_ITEMS
        self.inflate_left = MAX_INFLATED_SIZE

    def within(self, start: int, end: int) -> Reader:
        """A reader over data[start:end] that shares this one's memory (a view, never a copy:
        nested message bodies would otherwise each copy the rest of the input) and takes over
        its budget; the caller hands the budget back (items_left, inflate_left)."""
        inner = Reader(b"")
        inner.data = memoryview(self.data)[start:end]
        inner.depth = self.depth
        inner.items_left = self.items_left
        inner.inflate_left = self.inflate_left
        return inner

    def _need(self, size: int) -> int:
        start = self.pos
        if start + size > len(self.data):
            raise DecodeError(
                f"truncated input: {size} bytes needed, {len(self.data) - start} left", start
            )
        self.pos = start + size
        return start

    # Primitive reads rely on unpack_from refusing a short buffer: struct.error is turned into
    # DecodeError by the entry points (decode, from_bytes, read_result), at the position the
    # failed read began, since pos only moves after a successful read.
    def read_int(self) -> int:
        pos = self.pos
        value: int = _I32_UNPACK(self.data, pos)[0]
        self.pos = pos + 4
        return value

    def read_uint(self) -> int:
        pos = self.pos
        value: int = _U32_UNPACK(self.data, pos)[0]
        self.pos = pos + 4
        return value

    def read_long(self) -> int:
        pos = self.pos
        value: int = _I64_UNPACK(self.data, pos)[0]
        self.pos = pos + 8
        return value

    def read_double(self) -> float:
        pos = self.pos
        value: float = _F64_UNPACK(self.data, pos)[0]
        self.pos = pos + 8
        return value

    def read_int128(self) -> int:
        start = self._need(16)
        return int.from_bytes(self.data[start : start + 16], "little", signed=True)

    def read_int256(self) -> int:
        start = self._need(32)
        return int.from_bytes(self.data[start : start + 32], "little", signed=True)

    def read_int512(self) -> int:
        start = self._need(64)
        return int.from_bytes(self.data[start : start + 64], "little", signed=True)

    def read_bool(self) -> bool:
        start = self.pos
        value = self.read_uint()
        if value == BOOL_TRUE_ID:
            return True
        if value == BOOL_FALSE_ID:
            return False
        raise DecodeError(f"expected a Bool, got constructor id 0x{value:08x}", start)

    def read_bytes(self) -> bytes:
        data, start = self.data, self.pos
        if start >= len(data):
            raise DecodeError("truncated input: string length missing", start)
        length = data[start]
        if length < 254:
            body = start + 1
            end = start + ((length + 4) & ~3)
        else:
            body = start + 4
            length = self._long_length(length, start)
            end = start + ((length + 7) & ~3)
        if end > len(data):
            raise DecodeError(
                f"truncated input: a string of {length} bytes does not fit in the input", start
            )
        self.pos = end
        value = data[body : body + length]
        return value if type(value) is bytes else bytes(value)  # data may be a view (within)

    def _long_length(self, first: int, start: int) -> int:
        """The 3-byte length after 0xfe; the serialization rules allow no other first byte
        (0xff) and this form only for 254 bytes or more."""
        if first != 254:
            raise DecodeError("invalid string length byte 0xff", start)
        length = int.from_bytes(self.data[start + 1 : start + 4], "little")
        if length < 254:
            raise DecodeError(f"string of {length} bytes in the 4-byte length form", start)
        return length

    def read_string(self) -> str:
        # read_bytes, repeated: strings are the commonest variable-size field, and a method
        # call per string is measurable.
        data, start = self.data, self.pos
        if start >= len(data):
            raise DecodeError("truncated input: string length missing", start)
        length = data[start]
        if length < 254:
            body = start + 1
            end = start + ((length + 4) & ~3)
        else:
            body = start + 4
            length = self._long_length(length, start)
            end = start + ((length + 7) & ~3)
        if end > len(data):
            raise DecodeError(
                f"truncated input: a string of {length} bytes does not fit in the input", start
            )
        self.pos = end
        try:
            return str(data[body : body + length], "utf-8")
        except UnicodeDecodeError as error:
            raise DecodeError(f"invalid UTF-8 in a string: {error.reason}", start) from None

    def read_vector_head(self, boxed: bool, min_item_size: int) -> int:
        """A vector's id (when boxed) and its count, refused at once when the rest of the input
        cannot hold that many items of at least `min_item_size` bytes."""
        data, start = self.data, self.pos
        count: int
        if boxed:
            vector_id, count = _VECTOR_HEAD_UNPACK(data, start)
            if vector_id != VECTOR_ID:
                raise DecodeError(f"expected a Vector, got constructor id 0x{vector_id:08x}", start)
            start += 4
        else:
            count = _I32_UNPACK(data, start)[0]
        if count < 0 or count * min_item_size > len(data) - start - 4:
            raise DecodeError(f"vector of {count} items does not fit in the input", start)
        left = self.items_left - count
        if left < 0:
            raise DecodeError(f"more than {MAX_ITEMS} vector items in one call", start)
        self.items_left = left
        self.pos = start + 4
        return count

    def read_numbers(self, boxed: bool, code: str) -> list[_t.Any]:
        """A vector of ints ("i"), longs ("q") or doubles ("d"), in one struct call."""
        size = _NUMBER_SIZES[code]
        count = self.read_vector_head(boxed, size)
        start = self.pos
        self.pos = start + size * count  # read_vector_head checked that the items are there
        return list(struct.unpack_from(f"<{count}{code}", self.data, start))

    def read_vector(self, boxed: bool, read_item: Callable[[Reader], T], min_size: int) -> list[T]:
        # Items of no bytes (a bare empty constructor) take no input: MAX_ITEMS bounds them.
        count = self.read_vector_head(boxed, min_size)
        return [read_item(self) for _ in range(count)]

    def read_object(self, readers: Readers) -> _t.Any:
        """A boxed object: its constructor id, then its body. gzip_packed is unwrapped.

        `readers` holds the decoders of the constructors of the TL type expected here.
        """
        start = self.pos
        constructor_id = _U32_UNPACK(self.data, start)[0]
        self.pos = start + 4
        read = readers.get(constructor_id)
        if read is None:
            if constructor_id == GZIP_PACKED_ID:
                return readers.check(self._read_gzip_packed(start), start)
            read = readers.learn(constructor_id, start)
        # A reader is not used again after a DecodeError, so depth needs no try/finally.
        depth = self.depth + 1
        if depth > MAX_DEPTH:
            raise DecodeError(f"objects nested deeper than {MAX_DEPTH} levels", start)
        self.depth = depth
        value = read(self)
        self.depth = depth - 1
        return value

    def read_objects(self, boxed: bool, readers: Readers) -> list[_t.Any]:
        """A vector of boxed objects: read_object's loop, inlined, as vectors are the hot path.
        Every item sits one level deeper than the vector's owner, so depth is checked once."""
        count = self.read_vector_head(boxed, 4)
        data, start = self.data, self.pos
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise DecodeError(f"objects nested deeper than {MAX_DEPTH} levels", start)
        result: list[_t.Any] = []
        if count >= _RUN_MIN_COUNT:
            first_id = _U32_UNPACK(data, start)[0]
            if first_id not in readers and first_id != GZIP_PACKED_ID:
                readers.learn(first_id, start)
            read_run = readers.runs.get(first_id)
            if read_run is not None:
                result = read_run(self, count)
                count -= len(result)
        append = result.append
        for _ in range(count):
            start = self.pos
            read = readers.get(_U32_UNPACK(data, start)[0])
            if read is None:
                self.depth -= 1
                append(self.read_object(readers))
                self.depth += 1
                continue
            self.pos = start + 4
            append(read(self))
        self.depth -= 1
        return result

    def read_request(self) -> _t.Any:
        start = self.pos
        constructor_id = self.read_uint()
        return self._read_body(_registry_lookup(constructor_id, start, functions=True)._read, start)

    def read_bare(self, constructor_id: int) -> _t.Any:
        start = self.pos
        read = ANY_OBJECT.get(constructor_id) or ANY_OBJECT.learn(constructor_id, start)
        return self._read_body(read, start)

    def _read_body(self, read: Callable[[Reader], T], start: int) -> T:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise DecodeError(f"objects nested deeper than {MAX_DEPTH} levels", start)
        value = read(self)
        self.depth -= 1
        return value

    def _read_gzip_packed(self, start: int) -> TLObject:
        inner = self._inflate(start)
        try:
            value: TLObject = inner.read_all(read_any_object)
        except DecodeError as error:
            raise DecodeError(f"inside gzip_packed: {error}", start) from None
        self.items_left = inner.items_left
        self.inflate_left = inner.inflate_left
        return value

    def _inflate(self, start: int) -> Reader:
        """A reader over the payload of the gzip_packed whose id is at `start` (already read),
        one level deeper, holding the call's budget less what this payload inflated to."""
        if self.depth + 1 > MAX_DEPTH:
            raise DecodeError(f"objects nested deeper than {MAX_DEPTH} levels", start)
        inflated = inflate(self.read_bytes(), start, self.inflate_left)
        inner = Reader(inflated)
        inner.depth = self.depth + 1
        inner.items_left = self.items_left
        inner.inflate_left = self.inflate_left - len(inflated)
        return inner

    def read_all(self, read: Callable[[Reader], T]) -> T:
        """`read(self)`, which must use the rest of the input: the one place where a primitive
        read past the end (struct.error) becomes DecodeError, and trailing bytes are refused.
        One argument: a call with *args costs more than the rest of a small decode."""
        try:
            value = read(self)
        except struct.error:
            raise self.truncated() from None
        self.expect_end()
        return value

    def truncated(self) -> DecodeError:
        """The error for a read that ran past the end (struct.error from unpack_from)."""
        return DecodeError(f"truncated input: {len(self.data) - self.pos} bytes left", self.pos)

    def expect_end(self) -> None:
        if self.pos != len(self.data):
            raise DecodeError(f"{len(self.data) - self.pos} trailing bytes", self.pos)


def inflate(packed: bytes, offset: int, limit: int = MAX_INFLATED_SIZE) -> bytes:
    """The content of a gzip_packed payload found at `offset`: one complete gzip stream and
    nothing after it, inflating to at most `limit` bytes, and not itself a gzip_packed;
    DecodeError otherwise."""
    import zlib

    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        inflated = inflater.decompress(packed, limit + 1)
    except zlib.error as error:
        raise DecodeError(f"gzip_packed holds invalid gzip data: {error}", offset) from None
    if len(inflated) > limit:
        raise DecodeError(f"gzip_packed data inflates beyond {MAX_INFLATED_SIZE} bytes", offset)
    if not inflater.eof:
        raise DecodeError("gzip_packed holds a truncated gzip stream", offset)
    if inflater.unused_data:
        raise DecodeError(
            f"{len(inflater.unused_data)} bytes after gzip_packed's gzip stream", offset
        )
    if inflated[:4] == _GZIP_PACKED:
        raise DecodeError("gzip_packed directly inside gzip_packed", offset)
    return inflated


# A fixed-size constructor's _read_run reads a run of it with one struct.iter_unpack; its setup
# costs about what reading a few items one by one does, so short vectors go item by item.
_RUN_MIN_COUNT = 8


class Readers(dict[int, "Callable[[Reader], _t.Any]"]):
    """The decoders (bound `_read`) of one TL type's constructors by id, learnt as they are met:
    one lookup both finds the decoder and checks the type. Generated modules hold one per
    type they read, shared through `readers()`. `runs` holds the `_read_run` of the
    fixed-size constructors among them."""

    __slots__ = ("type_name", "runs")

    def __init__(self, type_name: str | None) -> None:
        super().__init__()
        self.type_name = type_name  # None: any constructor
        self.runs: dict[int, Callable[[Reader, int], list[_t.Any]]] = {}

    def learn(self, constructor_id: int, offset: int) -> Callable[[Reader], _t.Any]:
        """The decoder of a constructor not met here before; DecodeError if it is unknown or of
        another type."""
        cls = _registry_lookup(constructor_id, offset)
        self.check(cls, offset)
        read_run = getattr(cls, "_read_run", None)
        if read_run is not None:
            self.runs[constructor_id] = read_run
        read = self[constructor_id] = cls._read
        return read

    def check(self, value: TLObject | type[TLObject], offset: int) -> _t.Any:
        if self.type_name is not None and value._TL_TYPE != self.type_name:
            raise DecodeError(f"expected type {self.type_name}, got {value.TL_NAME}", offset)
        return value


_READERS: dict[str | None, Readers] = {}


def readers(type_name: str | None) -> Readers:
    """The shared decoder table of a TL type (None: any object)."""
    table = _READERS.get(type_name)
    if table is None:
        table = _READERS[type_name] = Readers(type_name)
    return table


ANY_OBJECT = readers(None)


def _registry_lookup(constructor_id: int, offset: int, functions: bool = False) -> type[TLObject]:
    """The class of an id, the MTProto envelope's included; DecodeError if there is none."""
    from . import _registry

    cls = _registry.find(constructor_id, functions)
    if cls is None:
        kind = "function" if functions else "constructor"
        raise DecodeError(f"unknown {kind} id 0x{constructor_id:08x}", offset)
    return cls


def read_any_object(reader: Reader) -> TLObject:
    """One boxed object of any type."""
    value: TLObject = reader.read_object(ANY_OBJECT)
    return value


def bad_bool(value: int, offset: int) -> _t.NoReturn:
    raise DecodeError(f"expected a Bool, got constructor id 0x{value:08x}", offset)


def decode(data: bytes | bytearray | memoryview) -> TLObject:
    """Decode one boxed object that fills `data` exactly. Raises DecodeError."""
    value: TLObject = Reader(data).read_all(read_any_object)
    return value


def decode_request(data: bytes | bytearray | memoryview) -> Request[_t.Any]:
    """Decode one boxed request (a TL function call, found by its id) that fills `data`
    exactly, the requests nested in it (invokeWithLayer(initConnection(query))) included.
    Raises DecodeError."""
    value: Request[_t.Any] = Reader(data).read_all(Reader.read_request)
    return value


def from_dict(data: dict[str, _t.Any]) -> TLObject:
    """The object a ``to_dict()`` dict describes (full or compact), its class found by ``_``:
    a constructor, else a request. Raises FromDictError (a ValueError) naming the path of the
    first problem."""
    from ._json import any_from_json

    return any_from_json(data)


def pretty(obj: object, indent: int = 4, width: int = 88) -> str:
    """``repr(obj)`` indented over several lines where it does not fit in ``width`` columns:
    still valid Python, for logs and the REPL."""
    from ._json import pretty as indented

    return indented(obj, indent, width)


# -- objects -------------------------------------------------------------------------------------


class TLObject:
    """Base of every generated constructor and function class."""

    __slots__ = ()
    CONSTRUCTOR_ID: _t.ClassVar[int]
    TL_NAME: _t.ClassVar[str]
    # The TL type a constructor belongs to ("auth.SentCode"); a function's result type.
    _TL_TYPE: _t.ClassVar[str]
    _FIELDS: _t.ClassVar[FieldTable] = ()

    def _write(self, out: list[bytes]) -> None:
        """Append the boxed encoding: constructor id, then the fields."""
        raise NotImplementedError

    def _write_body(self, out: list[bytes]) -> None:
        """Append the bare encoding (rare: %T fields, vector<bare>): the boxed one less its id."""
        boxed: list[bytes] = []
        self._write(boxed)
        out.append(b"".join(boxed)[4:])

    @classmethod
    def _read(cls: type[ObjectT], reader: Reader) -> ObjectT:
        raise NotImplementedError

    def to_bytes(self) -> bytes:
        """The boxed TL encoding: constructor id, then the fields.

        A field that cannot be encoded (wrong Python type, integer out of range, string over
        16 MiB, flags that must be set together) raises TypeError or ValueError naming the
        class and field; no bytes are returned.
        """
        out: list[bytes] = []
        try:
            self._write(out)
        except (TypeError, ValueError, AttributeError, OverflowError, struct.error) as error:
            from ._explain import find_encoding_problem

            problem = find_encoding_problem(self, type(self).__name__)
            if problem is None:
                raise
            raise problem from error
        return b"".join(out)

    @classmethod
    def from_bytes(cls: type[ObjectT], data: bytes | bytearray | memoryview) -> ObjectT:
        """Decode a boxed object of exactly this class from all of `data`."""
        return Reader(data).read_all(cls._read_boxed)

    @classmethod
    def _read_boxed(cls: type[ObjectT], reader: Reader) -> ObjectT:
        """A boxed object of exactly this class."""
        start = reader.pos
        constructor_id = reader.read_uint()
        if constructor_id != cls.CONSTRUCTOR_ID:
            raise DecodeError(
                f"expected {cls.TL_NAME} (0x{cls.CONSTRUCTOR_ID:08x}), "
                f"got constructor id 0x{constructor_id:08x}",
                start,
            )
        return reader._read_body(cls._read, start)

    def to_dict(self, compact: bool = False) -> dict[str, _t.Any]:
        """A JSON-safe dict: `_` holds the TL name, bytes are base64 text. `compact` omits
        absent optional fields and false `true` flags (from_dict reads both forms)."""
        from ._json import object_to_json

        return object_to_json(self, compact)

    @classmethod
    def from_dict(cls: type[ObjectT], data: dict[str, _t.Any]) -> ObjectT:
        """The inverse of to_dict (full or compact). Strict: a missing required field, an
        unknown key, a wrong `_` or a value of the wrong type raises FromDictError (a
        ValueError) naming its path, such as `Message.entities[2].offset`."""
        from ._json import object_from_json

        return object_from_json(cls, data)

    def to_json(self) -> str:
        """TDLib's JSON of this object (a package generated with `--wire tdjson`): `@type`,
        int64 as decimal strings, bytes as padded base64, absent nullable fields left out.
        Strict: a value TDLib would not read as meant raises TypeError or ValueError naming
        the field."""
        text: str = _tdjson_codec().to_json(self)
        return text

    @classmethod
    def from_json(cls: type[ObjectT], text: str | bytes) -> ObjectT:
        """An object of this class from TDLib's JSON (`--wire tdjson` packages); lenient with
        what a newer or older TDLib sends (see the package's `from_json`)."""
        value: ObjectT = _tdjson_codec().object_from_json(cls, text)
        return value

    def _set_fields(self) -> list[tuple[str, _t.Any]]:
        """(attribute, value) of every field but absent optional ones and false flags."""
        result = []
        for attr, _, spec, flag in self._FIELDS:
            value = getattr(self, attr)
            if flag is None or not (value is None or (value is False and spec == TRUE)):
                result.append((attr, value))
        return result

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, a) == getattr(other, a) for a, _, _, _ in self._FIELDS)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """The constructor call that makes an equal object, with only the fields that are set
        (see the package's `pretty` for an indented form). Names repeat across namespaces, so
        a constructor of a TL namespace is named through its module (`messages.ChatFull(...)`,
        with `from tl.types import messages`) and a request through the functions package
        (`functions.auth.SendCode(...)`, with `from tl import functions`)."""
        fields = ", ".join(f"{a}={v!r}" for a, v in self._set_fields())
        return f"{self._repr_name()}({fields})"

    def _repr_name(self) -> str:
        namespace, dot, _ = self.TL_NAME.rpartition(".")
        name = f"{namespace}{dot}{type(self).__name__}"
        return f"functions.{name}" if isinstance(self, Request) else name


class Request(TLObject, _Generic[R]):
    """A TL function call whose result decodes to R."""

    __slots__ = ()
    # The documented errors, as (code, name) pairs (code 0: not documented), and whether bots
    # may call it (None: not documented); see the package's errors module.
    ERRORS: _t.ClassVar[tuple[tuple[int, str], ...]] = ()
    BOTS_CAN_USE: _t.ClassVar[bool | None] = None

    def read_result(self, data: bytes | bytearray | memoryview) -> R:
        """Decode this request's result (the `result` of its rpc_result); a gzip_packed around
        it, whatever its type (Vector, Bool, an object), is unwrapped."""
        return result_reader(data).read_all(self._read_result)

    def _read_result(self, reader: Reader) -> R:
        raise NotImplementedError


class SynchronousRequest(Request[R]):
    """A TDLib request documented "Can be called synchronously": the only kind that TDLib's
    `td_execute` (the client's `execute()`) accepts."""

    __slots__ = ()


_TDJSON: _t.Any = None  # the _tdjson module, once imported


def _tdjson_codec() -> _t.Any:
    """The TDLib JSON codec module, which only packages generated with `--wire tdjson` have."""
    global _TDJSON
    if _TDJSON is None:
        import importlib

        try:
            _TDJSON = importlib.import_module(f"{__package__}._tdjson")
        except ImportError:
            raise TypeError(
                "TDLib's JSON needs a package generated with --wire tdjson; to_dict() and "
                "from_dict() are this package's JSON"
            ) from None
    return _TDJSON


def result_reader(data: bytes | bytearray | memoryview) -> Reader:
    """A reader over a request's result: over the content of the gzip_packed around it, if
    any, inflated within the budget that the rest of the result then spends (one budget per
    call, whichever path reads the result)."""
    reader = Reader(data)
    if reader.data[:4] != _GZIP_PACKED:
        return reader
    reader.pos = 4
    try:
        inner = reader._inflate(0)
        reader.expect_end()
    except DecodeError as error:
        text = str(error).removesuffix(f" (at byte {error.offset})")
        raise DecodeError(f"in gzip_packed: {text}", error.offset) from None
    return inner


def wrong_object(value: object, expected: object) -> TypeError:
    return TypeError(f"expected a {expected}, got {type(value).__name__}")


# -- dates (packages generated with --dates datetime) --------------------------------------------


def from_timestamp(value: int) -> _dt.datetime:
    """A date field's Unix time as an aware datetime in UTC."""
    import datetime

    return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)


def timestamp(value: _dt.datetime) -> int:
    """A date field's datetime as Unix time (naive datetimes are refused: ambiguous)."""
    if value.tzinfo is None:
        raise ValueError(f"a naive datetime is ambiguous as a TL date: {value!r}")
    return int(value.timestamp())
