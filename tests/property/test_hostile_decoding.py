"""Hostile input: decoding raises nothing but DecodeError and never hangs or allocates for a
claimed size the input cannot hold. Run against the default package (generated/tl)."""

from __future__ import annotations

import gzip
import struct
import sys
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "generated"))

import tl  # noqa: E402
from tl import DecodeError, decode, decode_request  # noqa: E402
from tl._runtime import MAX_DEPTH, pack_bytes  # noqa: E402
from tl.mtproto import Message, MessageContainer, RpcResult  # noqa: E402
from tl.strategies import any_object, any_request  # noqa: E402
from tl.types import CodeSettings, MsgsAck, Pong, RpcError  # noqa: E402
from tl.types.auth import SentCode, SentCodeTypeSms  # noqa: E402

SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def decode_safely(data: bytes) -> object | None:
    """Decode, allowing only DecodeError; anything else fails the test."""
    try:
        return decode(data)
    except DecodeError as error:
        assert 0 <= error.offset <= len(data)
        return None


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    decode_safely(data)


@SETTINGS
@given(any_object(2), st.data())
def test_every_truncation_of_a_valid_encoding(obj: tl.TLObject, data: st.DataObject) -> None:
    encoded = obj.to_bytes()
    for end in (
        range(len(encoded))
        if len(encoded) < 200
        else data.draw(st.lists(st.integers(0, len(encoded) - 1), max_size=20))
    ):
        with pytest.raises(DecodeError):
            decode(encoded[:end])


@SETTINGS
@given(any_object(2), st.data())
def test_bit_flips(obj: tl.TLObject, data: st.DataObject) -> None:
    encoded = bytearray(obj.to_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        bit = data.draw(st.integers(0, len(encoded) * 8 - 1))
        encoded[bit // 8] ^= 1 << (bit % 8)
    decode_safely(bytes(encoded))


@SETTINGS
@given(any_object(2), st.binary(min_size=1, max_size=8))
def test_trailing_bytes_are_refused(obj: tl.TLObject, tail: bytes) -> None:
    with pytest.raises(DecodeError, match="trailing"):
        decode(obj.to_bytes() + tail)
    with pytest.raises(DecodeError, match="trailing"):
        type(obj).from_bytes(obj.to_bytes() + tail)


@SETTINGS
@given(any_request(2))
def test_requests_decode_their_own_bytes_only(request: tl.Request[object]) -> None:
    data = request.to_bytes()
    assert type(request).from_bytes(data).to_bytes() == data
    for end in range(0, len(data), max(1, len(data) // 16)):
        with pytest.raises(DecodeError):
            type(request).from_bytes(data[:end])


def test_unknown_constructor_id() -> None:
    with pytest.raises(DecodeError, match="unknown constructor id 0x12345678") as info:
        decode(struct.pack("<I", 0x12345678))
    assert info.value.offset == 0


def test_wrong_bool_id() -> None:
    # auth.sentCodeTypeSms is not a Bool; CodeSettings.app_sandbox is one.
    good = CodeSettings(token="t", app_sandbox=True).to_bytes()
    bad = good[:-4] + struct.pack("<I", 0xDEADBEEF)
    with pytest.raises(DecodeError, match="expected a Bool") as info:
        decode(bad)
    assert info.value.offset == len(good) - 4


def test_string_length_past_the_end() -> None:
    data = struct.pack("<Iq", RpcError.CONSTRUCTOR_ID, 0)[:8] + b"\xfe\xff\xff\x00" + b"x" * 8
    with pytest.raises(DecodeError, match="truncated"):
        decode(data)


def test_vector_count_of_2_to_the_31_fails_at_once_without_allocating() -> None:
    data = struct.pack("<IIi", MsgsAck.CONSTRUCTOR_ID, 0x1CB5C415, 2**31 - 1)
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError, match="does not fit"):
            decode(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    with pytest.raises(DecodeError, match="does not fit"):
        decode(struct.pack("<IIi", MsgsAck.CONSTRUCTOR_ID, 0x1CB5C415, -1))


def test_invalid_utf8_in_a_string() -> None:
    data = struct.pack("<Ii", RpcError.CONSTRUCTOR_ID, 400) + pack_bytes(b"\xff\xfeBAD")
    with pytest.raises(DecodeError, match="invalid UTF-8") as info:
        decode(data)
    assert info.value.offset == 8


def contained(body: bytes) -> bytes:
    """msg_container holding one message with this body, written by hand."""
    return struct.pack("<Iiqii", MessageContainer.CONSTRUCTOR_ID, 1, 7, 1, len(body)) + body


def test_nesting_deeper_than_the_limit_is_refused_without_recursion_error() -> None:
    # A message body is Object: nest containers far deeper than MAX_DEPTH.
    inner = Pong(msg_id=1, ping_id=2).to_bytes()
    data = inner
    for _ in range(MAX_DEPTH * 20):
        data = contained(data)
    with pytest.raises(DecodeError, match="nested deeper"):
        decode(data)
    shallow = inner
    for _ in range(MAX_DEPTH - 1):
        shallow = contained(shallow)
    assert isinstance(decode(shallow), MessageContainer)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_as_a_request(data: bytes) -> None:
    try:
        decode_request(data)
    except DecodeError as error:
        assert 0 <= error.offset <= len(data)


@SETTINGS
@given(any_request(2), st.data())
def test_every_truncation_of_a_request(request: tl.Request[object], data: st.DataObject) -> None:
    encoded = request.to_bytes()
    assert decode_request(encoded) == request
    for end in data.draw(st.lists(st.integers(0, len(encoded) - 1), max_size=20)):
        with pytest.raises(DecodeError):
            decode_request(encoded[:end])


@SETTINGS
@given(any_object(2), st.integers(-(2**63), 2**63 - 1), st.data())
def test_envelope_truncations_and_flips(obj: tl.TLObject, msg_id: int, data: st.DataObject) -> None:
    body = RpcResult(req_msg_id=msg_id, result=obj.to_bytes())
    encoded = MessageContainer(messages=[Message(msg_id=msg_id, seqno=1, body=body)]).to_bytes()
    assert decode(encoded).to_bytes() == encoded
    for end in data.draw(st.lists(st.integers(0, len(encoded) - 1), max_size=20)):
        with pytest.raises(DecodeError):
            decode(encoded[:end])
    flipped = bytearray(encoded)
    bit = data.draw(st.integers(0, len(encoded) * 8 - 1))
    flipped[bit // 8] ^= 1 << (bit % 8)
    decode_safely(bytes(flipped))


def test_nested_gzip_is_bounded_too() -> None:
    data = Pong(msg_id=1, ping_id=2).to_bytes()
    for _ in range(MAX_DEPTH + 5):
        data = struct.pack("<I", 0x3072CFA1) + pack_bytes(gzip.compress(data))
    with pytest.raises(DecodeError, match="gzip_packed directly inside gzip_packed"):
        decode(data)


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * (80 << 20))
    data = struct.pack("<I", 0x3072CFA1) + pack_bytes(bomb)
    with pytest.raises(DecodeError, match="inflates beyond"):
        decode(data)


def test_an_object_of_the_wrong_type_in_a_typed_field() -> None:
    sent = SentCode(type_=SentCodeTypeSms(length=5), phone_code_hash="h").to_bytes()
    # Replace the auth.SentCodeType by a Pong (a valid object of another type).
    start = 8
    pong = Pong(msg_id=1, ping_id=2).to_bytes()
    data = sent[:start] + pong + sent[start + 8 :]
    with pytest.raises(DecodeError, match="expected type auth.SentCodeType, got pong"):
        decode(data)
