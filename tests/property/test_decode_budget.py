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
from tl._runtime import MAX_INFLATED_SIZE, MAX_ITEMS, pack_bytes  # noqa: E402
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
---functions---
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
