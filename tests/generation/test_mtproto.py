"""The MTProto envelope built into every package, decode_request and binary strings, on a tiny
schema (byte vectors written by hand from the wire rules) and on the default package."""

from __future__ import annotations

import gzip
import json
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import REPO
from tests.helpers import generate_from_text
from tlgen.cli import main

SCHEMA = """
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
vector#1cb5c415 {t:Type} # [ t ] = Vector t;
rpc_error#2144ca19 error_code:int error_message:string = RpcError;
resPQ#05162463 nonce:int128 server_nonce:int128 pq:string server_public_key_fingerprints:Vector<long> = ResPQ;
test.blob#12121212 name:string data:string = test.Blob;
test.point#55555555 x:int = test.Point;
// The envelope, declared as the published schema writes it: it maps onto the built-ins.
rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;
message msg_id:long seqno:int bytes:int body:Object = Message;
msg_container#73f1f8dc messages:vector<message> = MessageContainer;
msg_copy#e06046b2 orig_message:Message = MessageCopy;
gzip_packed#3072cfa1 packed_data:string = Object;
---functions---
test.getIds#0a0a0a0a = Vector<long>;
test.getPoints#0b0b0b0b = Vector<test.Point>;
test.check#0c0c0c0c = Bool;
test.getPoint#0d0d0d0d n:int = test.Point;
invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;
"""
RPC_RESULT, MSG_CONTAINER, MSG_COPY, MESSAGE = 0xF35C6D01, 0x73F1F8DC, 0xE06046B2, 0x5BB8E511
GZIP, VECTOR, RPC_ERROR, BOOL_TRUE = 0x3072CFA1, 0x1CB5C415, 0x2144CA19, 0x997275B5


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_from_text(SCHEMA, tmp_path_factory.mktemp("mtp"), "mtp_pkg")


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("mtp_declared")
    return generate_from_text(SCHEMA, out, "mtp_declared", bytes_fields=["test.blob.data"])


def u32(value: int) -> bytes:
    return struct.pack("<I", value)


def i32(value: int) -> bytes:
    return struct.pack("<i", value)


def i64(value: int) -> bytes:
    return struct.pack("<q", value)


def tl_bytes(data: bytes) -> bytes:
    """A TL string, written out by hand (short and long forms)."""
    if len(data) < 254:
        head = bytes([len(data)])
    else:
        head = b"\xfe" + len(data).to_bytes(3, "little")
    return head + data + b"\0" * (-(len(head) + len(data)) % 4)


def rpc_result(req_msg_id: int, result: bytes) -> bytes:
    return u32(RPC_RESULT) + i64(req_msg_id) + result


def rpc_error(code: int, message: str) -> bytes:
    return u32(RPC_ERROR) + i32(code) + tl_bytes(message.encode())


def gzipped(data: bytes) -> bytes:
    return u32(GZIP) + tl_bytes(gzip.compress(data))


def envelope(pkg: ModuleType) -> Any:
    from importlib import import_module

    return import_module(f"{pkg.__name__}.mtproto")


def test_envelope_lines_map_onto_the_builtins(pkg: ModuleType) -> None:
    from mtp_pkg import _registry

    names = set(_registry.names())
    assert {"resPQ", "test.point", "rpc_error"} <= names
    assert names.isdisjoint({"rpc_result", "message", "msg_container", "msg_copy", "gzip_packed"})
    decoded = pkg.decode(rpc_result(7, u32(BOOL_TRUE)))
    assert type(decoded) is envelope(pkg).RpcResult
    assert (decoded.req_msg_id, decoded.result) == (7, u32(BOOL_TRUE))


def test_unwrap_gives_the_typed_result_of_the_request(pkg: ModuleType) -> None:
    from mtp_pkg.functions.test import Check, GetIds, GetPoint, GetPoints
    from mtp_pkg.types.test import Point

    ids = u32(VECTOR) + i32(3) + i64(1) + i64(-2) + i64(2**62)
    points = u32(VECTOR) + i32(2) + u32(0x55555555) + i32(5) + u32(0x55555555) + i32(-6)
    cases = [
        (GetIds(), ids, [1, -2, 2**62]),
        (GetPoints(), points, [Point(x=5), Point(x=-6)]),
        (Check(), u32(BOOL_TRUE), True),
        (GetPoint(n=1), u32(0x55555555) + i32(9), Point(x=9)),
    ]
    for request, body, expected in cases:
        for result in (body, gzipped(body)):
            answer = pkg.decode(rpc_result(1, result))
            assert answer.unwrap(request) == expected
            assert answer.to_bytes() == rpc_result(1, result)


def test_unwrap_raises_the_mapped_exception_for_an_rpc_error(pkg: ModuleType) -> None:
    from mtp_pkg import errors
    from mtp_pkg.functions.test import Check

    request = Check()
    for body in (rpc_error(400, "NOT_IN_ANY_TABLE"), gzipped(rpc_error(400, "NOT_IN_ANY_TABLE"))):
        with pytest.raises(errors.BadRequestError) as raised:
            pkg.decode(rpc_result(1, body)).unwrap(request)
        assert (raised.value.code, raised.value.message) == (400, "NOT_IN_ANY_TABLE")
        assert raised.value.request is request


def test_flood_wait_from_the_default_package() -> None:
    sys.path.insert(0, str(REPO / "generated"))
    from tl import decode, errors
    from tl.functions.auth import SendCode
    from tl.mtproto import RpcResult
    from tl.types import CodeSettings

    request = SendCode(phone_number="+1", api_id=1, api_hash="h", settings=CodeSettings())
    answer = decode(rpc_result(99, rpc_error(420, "FLOOD_WAIT_42")))
    assert isinstance(answer, RpcResult)
    with pytest.raises(errors.FloodWaitError) as raised:
        answer.unwrap(request)
    assert (raised.value.value, raised.value.code, raised.value.request) == (42, 420, request)
    assert isinstance(raised.value, errors.FloodError)


def test_only_ascii_digits_of_a_sane_length_make_a_patterned_error() -> None:
    sys.path.insert(0, str(REPO / "generated"))
    from tl import errors

    assert errors.exception_for(420, "FLOOD_WAIT_0042").value == 42  # type: ignore[attr-defined]
    for name in (
        "FLOOD_WAIT_" + "9" * 5000,  # int() refuses over 4300 digits
        "FLOOD_WAIT_" + "9" * 11,
        "FLOOD_WAIT_\u0664\u0662",  # Arabic-Indic digits: \\d matches them
        "FLOOD_WAIT_\uff14\uff12",  # full-width digits
        "FLOOD_WAIT_42\n",  # `$` matches before a final newline
    ):
        error = errors.exception_for(420, name)
        assert not isinstance(error, errors.FloodWaitError) and isinstance(error, errors.FloodError)
        assert error.message == name


def test_malformed_results_raise_decode_error(pkg: ModuleType) -> None:
    from mtp_pkg.functions.test import Check, GetIds

    bad = [
        (Check(), u32(BOOL_TRUE) + b"\0\0\0\0", "trailing"),
        (GetIds(), u32(VECTOR) + i32(5) + i64(1), "does not fit"),
        (Check(), u32(RPC_ERROR) + i32(400), "truncated"),
        (Check(), u32(GZIP) + tl_bytes(b"not gzip"), "gzip"),
        (Check(), u32(GZIP) + b"\x08ab", "gzip_packed"),
    ]
    for request, result, message in bad:
        with pytest.raises(pkg.DecodeError, match=message):
            pkg.decode(rpc_result(1, result)).unwrap(request)
    with pytest.raises(pkg.DecodeError, match="without a result") as info:
        pkg.decode(u32(RPC_RESULT) + i64(1))
    assert info.value.offset == 12


def test_encoding_the_envelope(pkg: ModuleType) -> None:
    from mtp_pkg.types.test import Point

    mtproto = envelope(pkg)
    answer = mtproto.RpcResult(req_msg_id=5, result=u32(BOOL_TRUE))
    container = mtproto.MessageContainer(
        messages=[
            mtproto.Message(msg_id=2**62, seqno=1, body=Point(x=3)),
            mtproto.Message(msg_id=-1, seqno=2, body=answer),
        ]
    )
    expected = (
        u32(MSG_CONTAINER)
        + i32(2)
        + i64(2**62) + i32(1) + i32(8) + u32(0x55555555) + i32(3)
        + i64(-1) + i32(2) + i32(16) + rpc_result(5, u32(BOOL_TRUE))
    )  # fmt: skip
    assert container.to_bytes() == expected
    assert pkg.decode(expected) == container
    single = container.messages[0]
    assert single.to_bytes() == expected[8:32]  # a message is bare: no id of its own
    assert mtproto.Message.from_bytes(expected[8:32]) == single
    copy = mtproto.MsgCopy(orig_message=single)
    assert copy.to_bytes() == u32(MSG_COPY) + u32(MESSAGE) + expected[8:32]
    assert pkg.decode(copy.to_bytes()) == copy
    for obj in (container, copy):
        assert type(obj).from_dict(json.loads(json.dumps(obj.to_dict()))) == obj
    with pytest.raises(TypeError):
        mtproto.MessageContainer(messages=[Point(x=1)]).to_bytes()
    with pytest.raises(TypeError):
        mtproto.RpcResult(req_msg_id=1, result="text").to_bytes()
    # What decoding refuses, encoding refuses too.
    for short in (b"", b"\0\0\0"):
        with pytest.raises(pkg.DecodeError, match="without a result"):
            pkg.decode(u32(RPC_RESULT) + i64(1) + short)
        with pytest.raises(ValueError, match="at least 4 bytes"):
            mtproto.RpcResult(req_msg_id=1, result=short).to_bytes()


def test_a_client_container_carries_requests(pkg: ModuleType) -> None:
    from mtp_pkg.functions import InvokeWithLayer
    from mtp_pkg.functions.test import GetPoint

    mtproto = envelope(pkg)
    request = InvokeWithLayer(layer=222, query=GetPoint(n=4))
    container = mtproto.MessageContainer(
        messages=[mtproto.Message(msg_id=4, seqno=1, body=request)]
    )
    decoded = pkg.decode(container.to_bytes())
    assert decoded.messages[0].body == request
    as_json = json.loads(json.dumps(container.to_dict()))
    assert as_json["messages"][0]["body"]["_"] == "invokeWithLayer"
    assert mtproto.MessageContainer.from_dict(as_json) == container


def test_message_lengths_are_checked(pkg: ModuleType) -> None:
    point = u32(0x55555555) + i32(3)
    head = u32(MSG_CONTAINER) + i32(1) + i64(1) + i32(1)
    cases = [
        (head + i32(6) + point + b"\0\0", "does not fit", 8),  # not a multiple of 4
        (head + i32(12) + point, "does not fit", 8),  # longer than the input
        (head + i32(12) + point + b"\0\0\0\0", "trailing", 32),  # more than its object
        (head + i32(4) + point, "in a message body: truncated", 28),  # less than its object
    ]
    for data, message, offset in cases:
        with pytest.raises(pkg.DecodeError, match=message) as info:
            pkg.decode(data)
        assert info.value.offset == offset


def test_decode_request_reads_any_request_by_its_id(pkg: ModuleType) -> None:
    from mtp_pkg.functions import InvokeWithLayer
    from mtp_pkg.functions.test import GetPoint

    request = InvokeWithLayer(layer=222, query=InvokeWithLayer(layer=1, query=GetPoint(n=4)))
    data = request.to_bytes()
    assert data == u32(0xDA9B0D0D) + i32(222) + u32(0xDA9B0D0D) + i32(1) + u32(0x0D0D0D0D) + i32(4)
    assert pkg.decode_request(data) == request
    for bad, message, offset in [
        (u32(0x12345678), "unknown function id 0x12345678", 0),
        (data[:-2], "truncated", 20),
        (data + b"\0\0\0\0", "trailing", 24),
        (u32(0x55555555) + i32(3), "unknown function id", 0),  # a constructor, not a request
    ]:
        with pytest.raises(pkg.DecodeError, match=message) as info:
            pkg.decode_request(bad)
        assert info.value.offset == offset
    with pytest.raises(pkg.DecodeError, match="unknown constructor id 0xda9b0d0d"):
        pkg.decode(data)  # decode() reads objects only


def test_binary_strings_known_and_declared(pkg: ModuleType, declared: ModuleType) -> None:
    not_utf8 = b"\x95\xff\x00"
    res_pq = u32(0x05162463) + bytes(32) + tl_bytes(not_utf8) + u32(VECTOR) + i32(0)
    assert pkg.decode(res_pq).pq == not_utf8  # known by its id: bytes
    blob = u32(0x12121212) + tl_bytes(b"name") + tl_bytes(not_utf8)
    with pytest.raises(pkg.DecodeError, match="invalid UTF-8"):
        pkg.decode(blob)  # any other string stays strict UTF-8
    decoded = declared.decode(blob)
    assert (decoded.name, decoded.data) == ("name", not_utf8)
    assert decoded.to_bytes() == blob
    from mtp_declared.types.test import Blob

    specs = {tl_name: spec for _, tl_name, spec, _ in Blob._FIELDS}
    assert specs == {"name": ("string",), "data": ("bytes",)}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("test.blob.nope", "--bytes-field test.blob.nope: test.blob has no param 'nope'"),
        ("nothing.x", "--bytes-field nothing.x: the schema has no definition 'nothing'"),
        ("test.point.x", "--bytes-field test.point.x: test.point.x is int, not string"),
        ("pq", "--bytes-field 'pq': expected NAME.PARAM (resPQ.pq)"),
    ],
)
def test_an_unknown_bytes_field_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, message: str
) -> None:
    schema = tmp_path / "s.tl"
    schema.write_text(SCHEMA)
    code = main(
        ["generate", "--schema", str(schema), "--out", str(tmp_path), "--bytes-field", target]
    )
    assert code == 2
    # (The arbitrary test ids print id-mismatch warnings first.)
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"tlgen: error: {message}"
    assert not (tmp_path / "tl").exists()


def test_a_declared_bytes_field_from_the_command_line(tmp_path: Path) -> None:
    schema = tmp_path / "s.tl"
    schema.write_text(SCHEMA)
    args = ["generate", "--schema", str(schema), "--out", str(tmp_path), "--no-cache"]
    assert main([*args, "--bytes-field", "test.blob.data"]) == 0
    module = (tmp_path / "tl" / "types" / "test.py").read_text()
    assert "data: bytes" in module and "name: str" in module


# api.tl's own `message` (a constructor of the API's Message type) beside the envelope's.
API_MESSAGE_SCHEMA = """
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
vector#1cb5c415 {t:Type} # [ t ] = Vector t;
message#38116ee0 id:int text:string = Message;
test.point#55555555 x:int = test.Point;
test.holder#66666666 message:Message = test.Holder;
"""


@pytest.fixture(scope="module")
def api_message(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_from_text(API_MESSAGE_SCHEMA, tmp_path_factory.mktemp("mtp_api"), "mtp_api")


def test_the_envelope_reads_back_from_dicts_beside_an_api_message(api_message: ModuleType) -> None:
    """Every object to_dict writes reads back, the envelope's `message` included, although the
    schema's own `message` has the same TL name (it keeps it at the top level and in its
    fields)."""
    from mtp_api.types import Message as ApiMessage
    from mtp_api.types.test import Holder, Point

    mtproto = envelope(api_message)
    api = ApiMessage(id=7, text="hi")
    single = mtproto.Message(msg_id=4, seqno=1, body=api)
    objects = [
        api,
        Holder(message=api),
        single,
        mtproto.MessageContainer(
            messages=[single, mtproto.Message(msg_id=5, seqno=3, body=Point(x=2))]
        ),
        mtproto.MsgCopy(orig_message=single),
        mtproto.RpcResult(req_msg_id=1, result=u32(BOOL_TRUE)),
    ]
    for obj in objects:
        data = json.loads(json.dumps(obj.to_dict()))
        assert type(api_message.from_dict(data)) is type(obj)
        assert api_message.from_dict(data) == obj
        assert type(obj).from_dict(data) == obj
        assert api_message.from_dict(obj.to_dict(compact=True)) == obj
    assert api_message.decode(objects[3].to_bytes()) == objects[3]
    # Neither message is taken for the other where only one fits.
    with pytest.raises(api_message.FromDictError, match=r"^MessageContainer\.messages\[0\]"):
        mtproto.MessageContainer.from_dict({"_": "msg_container", "messages": [api.to_dict()]})
    with pytest.raises(api_message.FromDictError, match="unknown key 'id' for message"):
        mtproto.MsgCopy.from_dict({"_": "msg_copy", "orig_message": api.to_dict()})
    with pytest.raises(api_message.FromDictError, match="unknown key 'body' for message"):
        api_message.from_dict({"_": "message", "id": 1, "text": "", "body": {}})
