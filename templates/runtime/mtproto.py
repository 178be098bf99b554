"""The MTProto message envelope, built into every tlgen-generated package whatever its schema.

Copied verbatim into every generated package by tlgen. Telegram's schema files leave these
definitions out ("parsed manually"); a schema that declares them maps onto these classes:

    rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;     -> RpcResult
    msg_container#73f1f8dc messages:vector<%Message> = MessageContainer; -> MessageContainer
    message msg_id:long seqno:int bytes:int body:Object = Message;     -> Message (always bare)
    msg_copy#e06046b2 orig_message:Message = MessageCopy;              -> MsgCopy
    gzip_packed#3072cfa1 packed_data:bytes = Object;                    transparent: decoding
                                                                       returns what it packs

The package's registry lists these after the schema's definitions (`message` by its name only),
so `decode()` returns them for their ids and `from_dict()` reads them. An rpc_result keeps its result as raw bytes, since
only the request it answers says how to read them: `RpcResult.unwrap(request)`.
"""

from __future__ import annotations

import struct

from ._runtime import (
    DecodeError,
    Reader,
    Request,
    TLObject,
    pack_long,
    pack_uint,
    read_any_object,
    result_reader,
    wrong_object,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing as _t

    T = _t.TypeVar("T")

__all__ = ["Message", "MessageContainer", "MsgCopy", "RpcResult"]

RPC_RESULT_ID = 0xF35C6D01
MSG_CONTAINER_ID = 0x73F1F8DC
MSG_COPY_ID = 0xE06046B2
# `message` is written without an id; this is the CRC32 of its definition, written before it
# only where the schema asks for a boxed Message (msg_copy).
MESSAGE_ID = 0x5BB8E511
RPC_ERROR_ID = 0x2144CA19
_RPC_ERROR = struct.pack("<I", RPC_ERROR_ID)

_MESSAGE_HEAD = struct.Struct("<qii")  # msg_id, seqno, bytes
_LONG = struct.Struct("<q")
_ID = struct.Struct("<I")


def _read_within(reader: Reader, start: int, end: int) -> TLObject:
    """The one boxed object or request that fills data[start:end] (a message body: a client's
    messages carry requests): nothing may be read beyond `end`, and everything up to it must be
    used. Errors give offsets in the whole input."""
    from . import _registry

    # A view, not a copy; one decode() call, one budget: the body spends what the whole input
    # may spend.
    inner = reader.within(start, end)
    try:
        constructor_id = inner.data[:4]
        if len(constructor_id) == 4 and _is_request(_registry, constructor_id):
            value: TLObject = inner.read_all(Reader.read_request)
        else:
            value = inner.read_all(read_any_object)
    except DecodeError as error:
        text = str(error).removesuffix(f" (at byte {error.offset})")
        raise DecodeError(f"in a message body: {text}", start + error.offset) from None
    reader.items_left = inner.items_left
    reader.inflate_left = inner.inflate_left
    return value


def _is_request(registry: _t.Any, constructor_id: bytes | memoryview) -> bool:
    """Whether a boxed id is a request's rather than a constructor's (ids never serve both)."""
    (value,) = _ID.unpack(constructor_id)
    return registry.find(value) is None and registry.find(value, True) is not None


def _read_rpc_error(reader: Reader) -> tuple[int, str]:
    """The fields of an rpc_error: `error_code:int error_message:string`."""
    return reader.read_int(), reader.read_string()


class Message(TLObject):
    """One message of a container: `message msg_id:long seqno:int bytes:int body:Object`.

    Always bare on the wire (no id): `to_bytes()` and `from_bytes()` use that form. `bytes` is
    the length of the body, computed when written and checked when read; `body` is decoded
    like `decode()` does (an rpc_result stays an RpcResult), or like `decode_request()` for
    the request a client sends."""

    __slots__ = ("msg_id", "seqno", "body")
    CONSTRUCTOR_ID = MESSAGE_ID
    TL_NAME = "message"
    _TL_TYPE = "Message"
    _FIELDS = (
        ("msg_id", "msg_id", ("long",), None),
        ("seqno", "seqno", ("int",), None),
        ("body", "body", ("any",), None),
    )

    def __init__(self, *, msg_id: int, seqno: int, body: TLObject) -> None:
        self.msg_id = msg_id
        self.seqno = seqno
        self.body = body

    def _write(self, out: list[bytes]) -> None:
        if not isinstance(self.body, TLObject):
            raise wrong_object(self.body, "TL object")
        body: list[bytes] = []
        self.body._write(body)
        data = b"".join(body)
        out.append(_MESSAGE_HEAD.pack(self.msg_id, self.seqno, len(data)))
        out.append(data)

    _write_body = _write

    @classmethod
    def _read(cls, reader: Reader) -> Message:
        start = reader.pos
        msg_id, seqno, length = _MESSAGE_HEAD.unpack_from(reader.data, start)
        body = start + 16
        end = body + length
        if length < 4 or length & 3 or end > len(reader.data):
            raise DecodeError(f"a message body of {length} bytes does not fit the input", start)
        value = cls(msg_id=msg_id, seqno=seqno, body=_read_within(reader, body, end))
        reader.pos = end
        return value

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview) -> Message:
        """Decode one bare message that fills `data`."""
        return Reader(data).read_all(cls._read_bare)

    @classmethod
    def _read_bare(cls, reader: Reader) -> Message:
        return reader._read_body(cls._read, 0)


class MessageContainer(TLObject):
    """`msg_container#73f1f8dc messages:vector<%Message> = MessageContainer`: several messages
    sent as one."""

    __slots__ = ("messages",)
    CONSTRUCTOR_ID = MSG_CONTAINER_ID
    TL_NAME = "msg_container"
    _TL_TYPE = "MessageContainer"
    _FIELDS = (("messages", "messages", ("bv", ("b", MESSAGE_ID)), None),)

    def __init__(self, *, messages: list[Message]) -> None:
        self.messages = messages

    def _write(self, out: list[bytes]) -> None:
        out.append(pack_uint(MSG_CONTAINER_ID) + pack_uint(len(self.messages)))
        for message in self.messages:
            if not isinstance(message, Message):
                raise wrong_object(message, "Message")
            message._write(out)

    @classmethod
    def _read(cls, reader: Reader) -> MessageContainer:
        count = reader.read_vector_head(False, 20)  # a message is at least 16 + 4 bytes
        return cls(messages=[Message._read(reader) for _ in range(count)])


class MsgCopy(TLObject):
    """`msg_copy#e06046b2 orig_message:Message = MessageCopy`: a copy of an earlier message
    (Telegram documents it as unused). Its message is boxed, so prefixed with MESSAGE_ID."""

    __slots__ = ("orig_message",)
    CONSTRUCTOR_ID = MSG_COPY_ID
    TL_NAME = "msg_copy"
    _TL_TYPE = "MessageCopy"
    _FIELDS = (("orig_message", "orig_message", ("o", "Message"), None),)

    def __init__(self, *, orig_message: Message) -> None:
        self.orig_message = orig_message

    def _write(self, out: list[bytes]) -> None:
        if not isinstance(self.orig_message, Message):
            raise wrong_object(self.orig_message, "Message")
        out.append(pack_uint(MSG_COPY_ID) + pack_uint(MESSAGE_ID))
        self.orig_message._write(out)

    @classmethod
    def _read(cls, reader: Reader) -> MsgCopy:
        start = reader.pos
        constructor_id = reader.read_uint()
        if constructor_id != MESSAGE_ID:
            raise DecodeError(
                f"expected a Message, got constructor id 0x{constructor_id:08x}", start
            )
        return cls(orig_message=reader._read_body(Message._read, start))


class RpcResult(TLObject):
    """`rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult`: the answer to the
    request sent as message `req_msg_id`. `result` is kept as the raw bytes that follow (an
    rpc_result fills its message body), as only the request says how to read them."""

    __slots__ = ("req_msg_id", "result")
    CONSTRUCTOR_ID = RPC_RESULT_ID
    TL_NAME = "rpc_result"
    _TL_TYPE = "RpcResult"
    _FIELDS = (
        ("req_msg_id", "req_msg_id", ("long",), None),
        ("result", "result", ("bytes",), None),
    )

    def __init__(self, *, req_msg_id: int, result: bytes) -> None:
        self.req_msg_id = req_msg_id
        self.result = result

    def _write(self, out: list[bytes]) -> None:
        if not isinstance(self.result, bytes):
            raise wrong_object(self.result, "bytes")
        if len(self.result) < 4:  # what decoding refuses: a result is at least its id
            raise ValueError(f"an rpc_result's result is at least 4 bytes, got {len(self.result)}")
        out.append(pack_uint(RPC_RESULT_ID) + pack_long(self.req_msg_id))
        out.append(self.result)

    @classmethod
    def _read(cls, reader: Reader) -> RpcResult:
        start = reader.pos
        req_msg_id: int = _LONG.unpack_from(reader.data, start)[0]
        result = bytes(reader.data[start + 8 :])
        if len(result) < 4:
            raise DecodeError("rpc_result without a result", start + 8)
        reader.pos = len(reader.data)
        return cls(req_msg_id=req_msg_id, result=result)

    def unwrap(self, request: Request[T]) -> T:
        """The typed result of `request` (the one sent as message `req_msg_id`), through
        gzip_packed; for an rpc_error, raises the exception that the package's errors module
        maps it to (`errors.exception_for`). DecodeError when the bytes are not that result."""
        reader = result_reader(self.result)
        if reader.data[:4] == _RPC_ERROR:
            from .errors import exception_for

            reader.pos = 4
            code, message = reader.read_all(_read_rpc_error)
            raise exception_for(code, message, request)
        return reader.read_all(request._read_result)
