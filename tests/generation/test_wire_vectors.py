"""Byte vectors written by hand from the TL serialization rules
(core.telegram.org/mtproto/serialize), against generated code (docs/ARCHITECTURE.md §3)."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import generate_from_files

SCHEMA = Path(__file__).with_name("wire_schema.tl")


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_from_files([SCHEMA], tmp_path_factory.mktemp("wire"), "wire_pkg")


def u32(value: int) -> bytes:
    return struct.pack("<I", value)


def i32(value: int) -> bytes:
    return struct.pack("<i", value)


def roundtrip(obj: object, expected: bytes) -> None:
    data = obj.to_bytes()  # type: ignore[attr-defined]
    assert data.hex() == expected.hex()
    assert type(obj).from_bytes(data) == obj


def test_string_of_253_bytes_has_a_one_byte_length(wire: ModuleType) -> None:
    from wire_pkg.types.test import Strings

    text = "a" * 253
    # 1 length byte + 253 = 254, padded to 256; bytes field: empty = length 0 + 3 padding.
    expected = u32(0x11111111) + bytes([253]) + b"a" * 253 + b"\0\0" + b"\0\0\0\0"
    roundtrip(Strings(s=text, b=b""), expected)


def test_string_of_254_bytes_has_a_four_byte_header(wire: ModuleType) -> None:
    from wire_pkg.types.test import Strings

    data = bytes(range(254))
    expected = (
        u32(0x11111111)
        + b"\x03abc"  # s = "abc": 1 + 3 = 4, no padding
        + b"\xfe\xfe\x00\x00"
        + data
        + b"\0\0"  # 4 + 254 = 258, padded to 260
    )
    roundtrip(Strings(s="abc", b=data), expected)


def test_non_ascii_string_counts_utf8_bytes(wire: ModuleType) -> None:
    from wire_pkg.types.test import Strings

    expected = u32(0x11111111) + b"\x02\xc3\xa9\x00" + b"\x00\x00\x00\x00"
    roundtrip(Strings(s="é", b=b""), expected)


def test_numbers_including_int128_and_int256(wire: ModuleType) -> None:
    from wire_pkg.types.test import Numbers

    expected = (
        u32(0x22222222)
        + b"\xff\xff\xff\xff"  # int -1
        + b"\x01\x00\x00\x00\x00\x00\x00\x80"  # long -2**63 + 1
        + b"\x00\x00\x00\x00\x00\x00\xf0\x3f"  # double 1.0
        + b"\x01"
        + b"\x00" * 14
        + b"\x80"  # int128 -2**127 + 1, little-endian two's complement
        + b"\xff" * 32  # int256 -1
    )
    roundtrip(Numbers(i=-1, l=-(2**63) + 1, d=1.0, m=-(2**127) + 1, h=-1), expected)


def test_true_flag_and_flags2_with_a_shared_bit(wire: ModuleType) -> None:
    from wire_pkg.types.test import Flags

    # a: bit 0 of flags (no bytes); b absent; c and d share bit 3 of flags2.
    expected = u32(0x33333333) + u32(0b1) + u32(0b1000) + b"\x02hi\x00"
    roundtrip(Flags(a=True, c="hi", d=True), expected)
    # b sits before flags2 on the wire.
    assert Flags(b=7).to_bytes() == u32(0x33333333) + u32(0b10) + i32(7) + u32(0)
    with pytest.raises(ValueError, match="share one flag bit"):
        Flags(c="hi").to_bytes()


def test_true_flags_are_bits_of_the_flags_word(wire: ModuleType) -> None:
    from wire_pkg.types.test import Flags

    flags = Flags(a=True, b=7)
    assert (flags.a, flags.d) == (True, False)
    flags.a = False
    flags.d = True
    flags.c = "hi"
    assert flags == Flags(b=7, c="hi", d=True)
    assert repr(flags) == "test.Flags(b=7, c='hi', d=True)"  # a false flag is not shown
    # Decoding keeps the word as read; encoding takes the true flags from it and the optional
    # fields' bits from their presence, so clearing b clears its bit.
    decoded = Flags.from_bytes(Flags(a=True, b=7).to_bytes())
    decoded.b = None
    assert decoded.to_bytes() == Flags(a=True).to_bytes() == u32(0x33333333) + u32(1) + u32(0)


def test_optional_fixed_size_fields_under_one_bit(wire: ModuleType) -> None:
    from wire_pkg.types.test import Counts

    group = i32(-1) + struct.pack("<q", 2**40) + u32(0x997275B5)
    roundtrip(Counts(a=-1, b=2**40, c=True), u32(0xFFFFFFFF) + u32(1) + group)
    roundtrip(Counts(d=5), u32(0xFFFFFFFF) + u32(2) + i32(5))
    roundtrip(Counts(), u32(0xFFFFFFFF) + u32(0))
    with pytest.raises(ValueError, match="share one flag bit"):
        Counts(a=1, b=2).to_bytes()
    bad = u32(0xFFFFFFFF) + u32(1) + group[:-4] + u32(7)
    with pytest.raises(wire.DecodeError, match="expected a Bool") as info:
        Counts.from_bytes(bad)
    assert info.value.offset == 20


def test_long_vectors_of_fixed_size_items_mixed_with_others(wire: ModuleType) -> None:
    from wire_pkg.types.test import Items, Mark, Named, Pair

    def pair(i: int) -> bytes:
        return u32(0xBBBBBBBB) + struct.pack("<q", -i) + u32(0x997275B5 if i % 2 else 0xBC799737)

    def mark(i: int) -> bytes:
        return u32(0xCCCCCCCC) + u32(i % 2) + i32(i)

    # A run of pairs broken by a variable-size item, a run of marks (flags word inside the
    # struct), then pairs again: each run ends where another constructor comes.
    items: list[Pair | Mark | Named] = [Pair(a=-i, ok=i % 2 == 1) for i in range(10)]
    items += [Named(name="x")] + [Mark(seen=i % 2 == 1, n=i) for i in range(9)]
    items += [Pair(a=-i, ok=i % 2 == 1) for i in range(3)]
    expected = u32(0xEEEEEEEE) + u32(0x1CB5C415) + i32(len(items))
    expected += b"".join(pair(i) for i in range(10)) + u32(0xDDDDDDDD) + b"\x01x\0\0"
    expected += b"".join(mark(i) for i in range(9)) + b"".join(pair(i) for i in range(3))
    roundtrip(Items(items=items), expected)
    only_marks = Items(items=[Mark(seen=True, n=i) for i in range(12)])
    assert Items.from_bytes(only_marks.to_bytes()) == only_marks


def test_errors_inside_a_run_of_fixed_size_items(wire: ModuleType) -> None:
    from wire_pkg.types.test import Items, Pair

    good = Items(items=[Pair(a=i, ok=True) for i in range(10)]).to_bytes()
    bad_bool_at = 12 + 16 * 4 + 12  # the fifth pair's Bool
    data = good[:bad_bool_at] + u32(0x12345678) + good[bad_bool_at + 4 :]
    with pytest.raises(wire.DecodeError, match="expected a Bool") as info:
        Items.from_bytes(data)
    assert info.value.offset == bad_bool_at
    with pytest.raises(wire.DecodeError, match="truncated") as info:
        Items.from_bytes(good[:-4])
    assert info.value.offset == len(good) - 12  # the last pair's body, 8 of its 12 bytes there
    points = u32(0xEEEEEEEE) + u32(0x1CB5C415) + i32(9) + (u32(0x55555555) + i32(1)) * 9
    with pytest.raises(wire.DecodeError, match="expected type test.Item, got test.point"):
        Items.from_bytes(points)


def test_empty_nested_bare_and_bool_vectors(wire: ModuleType) -> None:
    from wire_pkg.types.test import Point, Vectors

    vector = u32(0x1CB5C415)
    expected = (
        u32(0x44444444)
        + vector
        + i32(0)  # e = []
        + vector
        + i32(2)  # n = [[1], []]
        + vector
        + i32(1)
        + struct.pack("<q", 1)
        + vector
        + i32(0)
        + vector
        + i32(1)
        + u32(0x55555555)
        + i32(9)  # o: boxed items carry their id
        + i32(1)
        + i32(8)  # bare = vector<%test.Point>: no vector id, no item id
        + vector
        + i32(2)
        + u32(0x997275B5)
        + u32(0xBC799737)  # bools = [True, False]
    )
    obj = Vectors(e=[], n=[[1], []], o=[Point(x=9)], bare=[Point(x=8)], bools=[True, False])
    roundtrip(obj, expected)


def test_bare_field_object_and_bool(wire: ModuleType) -> None:
    from wire_pkg.types.test import Holder, Point

    expected = u32(0x66666666) + i32(3) + u32(0x55555555) + i32(4) + u32(0xBC799737)
    roundtrip(Holder(p=Point(x=3), any=Point(x=4), flag=False), expected)


def test_gzip_packed_is_decoded_transparently(wire: ModuleType) -> None:
    from wire_pkg.types.test import Holder, Point

    inner = Point(x=5).to_bytes()
    packed = gzip.compress(inner)
    from wire_pkg import _runtime

    gzip_bytes = u32(0x3072CFA1) + _runtime.pack_bytes(packed)
    assert wire.decode(gzip_bytes) == Point(x=5)
    # And inside an Object field.
    holder = u32(0x66666666) + i32(1) + gzip_bytes + u32(0x997275B5)
    assert wire.decode(holder) == Holder(p=Point(x=1), any=Point(x=5), flag=True)


def test_generic_request_and_typed_results(wire: ModuleType) -> None:
    from wire_pkg.functions.test import Echo, GetNumbers, GetPoint, Ping
    from wire_pkg.types.test import Point

    request = Echo(query=GetPoint(n=2))
    expected = u32(0x77777777) + u32(0x88888888) + i32(2)
    roundtrip(request, expected)
    assert request.read_result(Point(x=1).to_bytes()) == Point(x=1)
    numbers = u32(0x1CB5C415) + i32(2) + struct.pack("<2q", 5, -5)
    assert GetNumbers().read_result(numbers) == [5, -5]
    assert Ping().read_result(u32(0x997275B5)) is True


def test_decode_error_carries_the_offset(wire: ModuleType) -> None:
    from wire_pkg.types.test import Point

    with pytest.raises(wire.DecodeError) as info:
        wire.decode(u32(0x55555555) + b"\x01\x02")
    assert info.value.offset == 4
    with pytest.raises(wire.DecodeError, match="trailing"):
        Point.from_bytes(Point(x=1).to_bytes() + b"\0")
    with pytest.raises(wire.DecodeError, match="expected a Bool"):
        wire.decode(u32(0x66666666) + i32(1) + Point(x=1).to_bytes() + u32(0x12345678))
    with pytest.raises(wire.DecodeError, match="expected type test.Point, got test.strings"):
        wire.decode(
            u32(0x44444444)
            + u32(0x1CB5C415)
            + i32(0)
            + u32(0x1CB5C415)
            + i32(0)
            + u32(0x1CB5C415)
            + i32(1)
            + u32(0x11111111)
            + b"\0\0\0\0" * 2
        )
    with pytest.raises(wire.DecodeError, match="does not fit"):
        wire.decode(u32(0x44444444) + u32(0x1CB5C415) + i32(2**31 - 1))
