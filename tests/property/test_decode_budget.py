"""One budget per decode()/from_bytes()/read_result() call (depth, inflated bytes, vector items),
strict length forms and gzip streams, gzip_packed around any result, and a registry that is
safe to fill from two threads.

The length rules are the MTProto serialization page (https://core.telegram.org/mtproto/serialize,
"Built-in composite types", string): a length under 254 takes one byte, 254 or more take
byte 254 then three bytes; nothing else is a valid string.
"""

from __future__ import annotations

import gzip
import importlib
import struct
import sys
import threading
import tracemalloc
from types import ModuleType

import pytest

from tests.conftest import REPO
from tests.helpers import generate_from_text

sys.path.insert(0, str(REPO / "generated"))

from tl import DecodeError, decode  # noqa: E402
from tl._runtime import MAX_DEPTH, MAX_INFLATED_SIZE, MAX_ITEMS, pack_bytes  # noqa: E402
from tl.mtproto import Message, MessageContainer  # noqa: E402
from tl.types import MsgsAck, Pong, RpcError  # noqa: E402

GZIP_PACKED = struct.pack("<I", 0x3072CFA1)


def gzip_packed(inner: bytes, compressed: bytes | None = None) -> bytes:
    return GZIP_PACKED + pack_bytes(gzip.compress(inner) if compressed is None else compressed)


PONG = Pong(msg_id=1, ping_id=2)

SCHEMA = """
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
e = E;
holder xs:vector<%E> = Holder;
blob text:string = Blob;
---functions---
getBlobs = Vector<Blob>;
getIds = Vector<int>;
ping = Bool;
getHolder = Holder;
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    package = generate_from_text(SCHEMA, tmp_path_factory.mktemp("budget"), "tl_budget")
    importlib.import_module("tl_budget.types")
    importlib.import_module("tl_budget.functions")
    return package


# -- gzip ----------------------------------------------------------------------------------------


def test_gzip_packed_directly_inside_gzip_packed_is_refused_after_one_inflation() -> None:
    data = PONG.to_bytes()
    for _ in range(63):
        data = gzip_packed(data)
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError, match="gzip_packed directly inside gzip_packed"):
            decode(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * len(data) + 1_000_000
    assert decode(gzip_packed(PONG.to_bytes())) == PONG


def test_all_gzip_packed_of_one_call_share_the_inflation_budget() -> None:
    # Five messages, each a gzip_packed rpc_error with a 15 MiB message: 75 MiB in all, while
    # each alone is under the limit that used to apply per gzip_packed.
    big = RpcError(error_code=400, error_message="\0" * (15 << 20)).to_bytes()
    body = gzip_packed(big)
    messages = b"".join(struct.pack("<qii", i, 0, len(body)) + body for i in range(5))
    data = struct.pack("<Ii", MessageContainer.CONSTRUCTOR_ID, 5) + messages
    assert len(big) * 5 > MAX_INFLATED_SIZE > len(big) * 4
    with pytest.raises(DecodeError, match=f"inflates beyond {MAX_INFLATED_SIZE} bytes"):
        decode(data)
    four = (
        struct.pack("<Ii", MessageContainer.CONSTRUCTOR_ID, 4) + messages[: 4 * len(messages) // 5]
    )
    container = decode(four)
    assert isinstance(container, MessageContainer) and len(container.messages) == 4
    assert isinstance(container.messages[3], Message)
    assert container.messages[3].body.error_message == "\0" * (15 << 20)  # type: ignore[union-attr]


def test_gzip_through_other_objects_is_bounded_by_depth() -> None:
    # Each level a container whose one message body is the gzip_packed of the level below.
    data = PONG.to_bytes()
    for level in range(100):
        head = struct.pack("<Ii", MessageContainer.CONSTRUCTOR_ID, 1)
        data = gzip_packed(head + struct.pack("<qii", level, 0, len(data)) + data)
    with pytest.raises(DecodeError, match="nested deeper than 64 levels"):
        decode(data)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda z: z[:-8], "truncated gzip stream"),
        (lambda z: z[:-1], "truncated gzip stream"),
        (lambda z: z + b"garbage", "7 bytes after gzip_packed's gzip stream"),
        (lambda z: z + gzip.compress(b""), "20 bytes after gzip_packed's gzip stream"),
    ],
    ids=["no-trailer", "short-trailer", "garbage-after", "second-member"],
)
def test_gzip_stream_must_be_exactly_one_complete_stream(damage: object, message: str) -> None:
    compressed = damage(gzip.compress(PONG.to_bytes()))  # type: ignore[operator]
    with pytest.raises(DecodeError, match=message):
        decode(gzip_packed(b"", compressed))


def test_a_wrong_gzip_checksum_is_refused() -> None:
    compressed = bytearray(gzip.compress(PONG.to_bytes()))
    compressed[-8] ^= 1  # CRC32 of the trailer
    with pytest.raises(DecodeError, match="invalid gzip data"):
        decode(gzip_packed(b"", bytes(compressed)))


# -- lengths -------------------------------------------------------------------------------------


def _rpc_error_with(raw_string: bytes) -> bytes:
    return struct.pack("<Ii", RpcError.CONSTRUCTOR_ID, 400) + raw_string


def test_length_byte_0xff_is_refused() -> None:
    with pytest.raises(DecodeError, match="invalid string length byte 0xff") as info:
        decode(_rpc_error_with(b"\xff\x04\x00\x00ABCD"))
    assert info.value.offset == 8


@pytest.mark.parametrize("length", [0, 3, 253])
def test_the_long_form_under_254_bytes_is_refused(length: int) -> None:
    body = b"A" * length
    raw = b"\xfe" + length.to_bytes(3, "little") + body + b"\0" * (-length % 4)
    with pytest.raises(DecodeError, match=f"string of {length} bytes in the 4-byte length form"):
        decode(_rpc_error_with(raw))
    assert decode(_rpc_error_with(pack_bytes(body))) == RpcError(
        error_code=400, error_message=body.decode()
    )


def test_the_long_form_from_254_bytes_is_read() -> None:
    body = b"B" * 254
    raw = b"\xfe" + (254).to_bytes(3, "little") + body + b"\0\0"
    assert raw == pack_bytes(body)
    assert decode(_rpc_error_with(raw)).error_message == "B" * 254  # type: ignore[attr-defined]


# -- items ---------------------------------------------------------------------------------------


def test_vector_items_of_one_call_are_bounded() -> None:
    ids = list(range(MAX_ITEMS))
    assert decode(MsgsAck(msg_ids=ids).to_bytes()) == MsgsAck(msg_ids=ids)
    with pytest.raises(DecodeError, match=f"more than {MAX_ITEMS} vector items in one call"):
        decode(MsgsAck(msg_ids=ids + [1]).to_bytes())


def test_the_item_budget_spans_gzip_packed() -> None:
    half = MsgsAck(msg_ids=list(range(MAX_ITEMS // 2 + 1))).to_bytes()
    body = gzip_packed(half)
    messages = b"".join(struct.pack("<qii", i, 0, len(body)) + body for i in range(2))
    data = struct.pack("<Ii", MessageContainer.CONSTRUCTOR_ID, 2) + messages
    with pytest.raises(DecodeError, match="vector items in one call"):
        decode(data)


def test_bare_empty_constructors_at_the_end_of_a_vector_round_trip(tiny: ModuleType) -> None:
    holder = tiny.types.Holder(xs=[tiny.types.E() for _ in range(5)])
    data = holder.to_bytes()
    assert data.endswith(struct.pack("<i", 5))
    assert tiny.decode(data) == holder
    assert tiny.types.Holder.from_bytes(data) == holder


def test_a_huge_count_of_empty_items_is_refused_at_once(tiny: ModuleType) -> None:
    data = struct.pack("<Ii", tiny.types.Holder.CONSTRUCTOR_ID, 2**31 - 1)
    with pytest.raises(tiny.DecodeError, match="vector items in one call"):
        tiny.decode(data)


# -- read_result ---------------------------------------------------------------------------------


def test_read_result_unwraps_gzip_around_vector_bool_and_objects(tiny: ModuleType) -> None:
    functions = tiny.functions
    ids = struct.pack("<Iiiii", 0x1CB5C415, 3, 7, 8, 9)
    assert functions.GetIds().read_result(ids) == [7, 8, 9]
    assert functions.GetIds().read_result(gzip_packed(ids)) == [7, 8, 9]
    true = struct.pack("<I", 0x997275B5)
    assert functions.Ping().read_result(gzip_packed(true)) is True
    holder = tiny.types.Holder(xs=[tiny.types.E()])
    assert functions.GetHolder().read_result(gzip_packed(holder.to_bytes())) == holder
    with pytest.raises(tiny.DecodeError, match="trailing bytes"):
        functions.Ping().read_result(gzip_packed(true) + b"\0\0\0\0")
    with pytest.raises(tiny.DecodeError, match="directly inside gzip_packed"):
        functions.Ping().read_result(gzip_packed(gzip_packed(true)))


def test_unwrap_spends_the_same_budget_as_read_result(tiny: ModuleType) -> None:
    # The result is a gzip_packed whose vector holds three plain 15 MiB blobs and two gzip_packed
    # ones: each inflation is under the limit, all of them together are over it.
    blob = tiny.types.Blob(text="\0" * (15 << 20)).to_bytes()
    vector = struct.pack("<Ii", 0x1CB5C415, 5) + blob * 3 + gzip_packed(blob) * 2
    result = gzip_packed(vector)
    request = tiny.functions.GetBlobs()
    message = f"inflates beyond {MAX_INFLATED_SIZE} bytes"
    with pytest.raises(tiny.DecodeError, match=message):
        request.read_result(result)
    answer = importlib.import_module("tl_budget.mtproto").RpcResult(req_msg_id=1, result=result)
    with pytest.raises(tiny.DecodeError, match=message):
        answer.unwrap(request)
    small = tiny.types.Blob(text="x").to_bytes()
    fits = gzip_packed(struct.pack("<Ii", 0x1CB5C415, 2) + small + gzip_packed(small))
    answer.result = fits
    assert answer.unwrap(request) == request.read_result(fits) == [tiny.types.Blob(text="x")] * 2


# -- from_dict -----------------------------------------------------------------------------------


def _nested_arrays(levels: int) -> object:
    from tl.types import JsonArray, JsonNumber

    value: object = JsonNumber(value=1.0)
    for _ in range(levels):
        value = JsonArray(value=[value])
    return value


def test_from_dict_refuses_the_depth_that_decode_refuses() -> None:
    from tl import FromDictError
    from tl.types import JsonArray

    outcomes = set()
    for levels in range(MAX_DEPTH - 4, MAX_DEPTH + 3):
        value = _nested_arrays(levels)
        try:
            decode(value.to_bytes())  # type: ignore[attr-defined]
            decoded = True
        except DecodeError:
            decoded = False
        outcomes.add(decoded)
        data = value.to_dict()  # type: ignore[attr-defined]
        if decoded:
            assert JsonArray.from_dict(data) == value
        else:
            with pytest.raises(FromDictError, match=f"nested deeper than {MAX_DEPTH} levels"):
                JsonArray.from_dict(data)
    assert outcomes == {True, False}  # the limit lies inside the range tried
    # Far past it: refused at the limit, not by Python's recursion limit.
    deep: dict[str, object] = {"_": "jsonNumber", "value": 1.0}
    for _ in range(2000):
        deep = {"_": "jsonArray", "value": [deep]}
    with pytest.raises(FromDictError, match="nested deeper"):
        JsonArray.from_dict(deep)


def test_from_dict_refuses_a_double_beyond_float() -> None:
    from tl import FromDictError
    from tl.types import JsonNumber

    with pytest.raises(FromDictError, match="value: out of range for a TL double"):
        JsonNumber.from_dict({"_": "jsonNumber", "value": 10**400})
    assert JsonNumber.from_dict({"_": "jsonNumber", "value": 10**300}).value == 1e300


# -- registry ------------------------------------------------------------------------------------


def test_a_second_thread_never_sees_a_half_filled_registry() -> None:
    tables = importlib.import_module("tl._registry")
    entries = tables._CONSTRUCTORS
    last_id, _, _, last_class = entries[-1]
    seen: list[object] = []

    class SlowEntries(tuple):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            for index, entry in enumerate(entries):
                if index == len(entries) // 2 and not seen:
                    seen.append(None)
                    other = threading.Thread(target=lambda: seen.append(registry.find(last_id)))
                    other.start()
                    other.join()
                yield entry

    # A registry over the package's tables, not yet indexed, whose constructors are listed
    # slowly: a second thread asks for the last one while the first is half-way through.
    lookup = importlib.import_module("tl._lookup")
    registry = lookup.Registry(SlowEntries(), tables._FUNCTIONS, tables._ENVELOPE)
    assert registry.find(entries[0][0]) is not None
    assert len(seen) == 2 and getattr(seen[1], "__name__", None) == last_class


# -- memory --------------------------------------------------------------------------------------

# Run in a fresh interpreter so that tracemalloc sees only this decode: containers nested through
# message bodies, 60 levels deep, all inside one gzip_packed; the innermost body is an rpc_result
# carrying SIZE bytes. Prints the tracemalloc peak of decode() and the inflated size.
_NESTED_CONTAINERS = """
import gzip, struct, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from tl import decode
from tl._runtime import pack_bytes
from tl.mtproto import MessageContainer, RpcResult

size, levels = int(sys.argv[2]), int(sys.argv[3])
data = struct.pack("<Iq", RpcResult.CONSTRUCTOR_ID, 1) + bytes(size)
for level in range(levels):
    data = struct.pack("<Iiqii", MessageContainer.CONSTRUCTOR_ID, 1, level, 0, len(data)) + data
inflated = len(data)
packed = struct.pack("<I", 0x3072CFA1) + pack_bytes(gzip.compress(data))
del data
tracemalloc.start()
value = decode(packed)
peak = tracemalloc.get_traced_memory()[1]
for _ in range(levels):
    value = value.messages[0].body
assert value.result == bytes(size)
print(peak, inflated)
"""


def test_nested_message_bodies_are_read_in_place_not_copied_per_level() -> None:
    import subprocess

    size, levels = 8 << 20, 60
    done = subprocess.run(
        [sys.executable, "-c", _NESTED_CONTAINERS, str(REPO / "generated"), str(size), str(levels)],
        capture_output=True,
        text=True,
        check=True,
    )
    peak, inflated = map(int, done.stdout.split())
    # The inflated input, the rpc_result's own copy of its result, and zlib's working buffers:
    # proportional to the input, whatever the nesting (a copy per level made it 60 times that).
    assert peak < 3 * inflated, (peak, inflated)
