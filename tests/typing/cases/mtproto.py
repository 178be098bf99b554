"""Typed use of the MTProto envelope and decode_request; checked by mypy --strict in
test_generated_typing."""

# fmt: off
from __future__ import annotations

from tl import Request, TLObject, decode, decode_request
from tl.functions import InvokeWithLayer, Ping
from tl.functions.auth import SendCode
from tl.mtproto import Message, MessageContainer, RpcResult
from tl.types import CodeSettings

answer = RpcResult(req_msg_id=1, result=b"")
reveal_type(answer.unwrap(Ping(ping_id=1)))  # R: tl.types._msgs_state_req.Pong
send = SendCode(phone_number="+1", api_id=1, api_hash="h", settings=CodeSettings())
reveal_type(answer.unwrap(InvokeWithLayer(layer=222, query=send)))  # R: tl.types.auth.SentCode | tl.types.auth.SentCodeSuccess | tl.types.auth.SentCodePaymentRequired
reveal_type(decode_request(send.to_bytes()))  # R: tl._runtime.Request[Any]
answer.unwrap(CodeSettings())  # E: Argument 1 to "unwrap" of "RpcResult" has incompatible type
container = MessageContainer(messages=[Message(msg_id=1, seqno=1, body=send)])
reveal_type(container.messages[0].body)  # R: tl._runtime.TLObject
MessageContainer(messages=[send])  # E: List item 0 has incompatible type
decoded = decode(container.to_bytes())
if isinstance(decoded, RpcResult):
    reveal_type(decoded.req_msg_id)  # R: int


def send_any(request: Request[object]) -> TLObject:
    return Message(msg_id=2, seqno=3, body=request)
