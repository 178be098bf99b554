"""What the planner knows about MTProto itself: the definitions whose `string` fields carry
binary data, and the message envelope that every generated package has built in
(docs/ARCHITECTURE.md §3).

Binary strings. Telegram's published mtproto.tl (core.telegram.org/schema/mtproto, copied by
Telethon as telethon_generator/data/mtproto.tl and by TDLib as td/generate/scheme/mtproto_api.tl)
declares the key-exchange blobs as `string`, although they are big-endian numbers, ciphertext
or packed state bytes (core.telegram.org/mtproto/auth_key; "Request for Message Status
Information" in core.telegram.org/mtproto/service_messages). The planner encodes the fields
below as `bytes` (same wire format: TL strings and bytes are written alike) for a definition of
that id, whatever the file says; `tlgen parse` keeps reporting the type as written. Users name
more fields with `tlgen generate --bytes-field NAME.PARAM`.

The envelope. rpc_result, msg_container, message, msg_copy and gzip_packed are read by hand
by every implementation (both published files comment them out: "parsed manually"); each
generated package has them in its runtime module `mtproto.py`, and `decode()` returns them
for their ids. Definitions of them in a schema map onto the built-ins: the planner gives them
no class of their own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ...schema import Combinator, Param, Schema, TypeRef
from .wire import Codec, PlanError

# Constructor id -> (TL name, the params that carry bytes), after core.telegram.org/mtproto/auth_key
# and the published mtproto.tl.
BINARY_STRINGS: dict[int, tuple[str, tuple[str, ...]]] = {
    0x05162463: ("resPQ", ("pq",)),
    0x83C95AEC: ("p_q_inner_data", ("pq", "p", "q")),
    0xA9F55F95: ("p_q_inner_data_dc", ("pq", "p", "q")),
    0x3C6A84D4: ("p_q_inner_data_temp", ("pq", "p", "q")),
    0x56FDDF88: ("p_q_inner_data_temp_dc", ("pq", "p", "q")),
    0xD712E4BE: ("req_DH_params", ("p", "q", "encrypted_data")),
    0xD0E8075C: ("server_DH_params_ok", ("encrypted_answer",)),
    0xB5890DBA: ("server_DH_inner_data", ("dh_prime", "g_a")),
    0x6643B654: ("client_DH_inner_data", ("g_b",)),
    0xF5045F1F: ("set_client_DH_params", ("encrypted_data",)),
    0x04DEB57D: ("msgs_state_info", ("info",)),
    0x8CC0D131: ("msgs_all_info", ("info",)),
    0x7A19CB76: ("rsa_public_key", ("n", "e")),
}

# The envelope, built into every package (templates/runtime/mtproto.py): constructor ids.
RPC_RESULT_ID = 0xF35C6D01
MSG_CONTAINER_ID = 0x73F1F8DC
MSG_COPY_ID = 0xE06046B2
GZIP_PACKED_ID = 0x3072CFA1
# `message msg_id:long seqno:int bytes:int body:Object = Message` has no id of its own (it is
# always bare); this is the CRC32 of that line, as for any definition written without one.
MESSAGE_ID = 0x5BB8E511
ENVELOPE_IDS = frozenset({RPC_RESULT_ID, MSG_CONTAINER_ID, MSG_COPY_ID, GZIP_PACKED_ID, MESSAGE_ID})
# The envelope's classes in templates/runtime/mtproto.py: the class, and its __init__ arguments
# with the codec of the value each holds (RpcResult keeps its result undecoded; Message's
# `bytes` is the body's length, computed). gzip_packed has none: decode() unpacks it.
_MESSAGE = Codec(kind="bare", constructor_id=MESSAGE_ID)
ENVELOPE_CLASSES: dict[int, tuple[str, tuple[tuple[str, Codec], ...]]] = {
    RPC_RESULT_ID: (
        "RpcResult",
        (("req_msg_id", Codec(kind="long")), ("result", Codec(kind="bytes"))),
    ),
    MSG_CONTAINER_ID: (
        "MessageContainer",
        (("messages", Codec(kind="vector", boxed=False, element=_MESSAGE)),),
    ),
    MESSAGE_ID: (
        "Message",
        (("msg_id", Codec(kind="long")), ("seqno", Codec(kind="int")), ("body", Codec(kind="any"))),
    ),
    MSG_COPY_ID: ("MsgCopy", (("orig_message", _MESSAGE),)),
}
# The envelope in every package's registry, after the schema's definitions: (id, TL name);
# the class is ENVELOPE_CLASSES'. `message` is always bare: the registry finds it by its name
# only, as api.tl's own Message type would take its id for one of its constructors.
ENVELOPE_NAMES: tuple[tuple[int, str], ...] = (
    (RPC_RESULT_ID, "rpc_result"),
    (MSG_CONTAINER_ID, "msg_container"),
    (MSG_COPY_ID, "msg_copy"),
    (MESSAGE_ID, "message"),
)
_STRING_TYPES = frozenset({"string", "String"})


def is_envelope(definition: Combinator) -> bool:
    """Whether a schema line declares part of the envelope (api.tl's `message#...` does not:
    its id is its own)."""
    return definition.kind == "type" and definition.id in ENVELOPE_IDS


def without_envelope(schema: Schema) -> Schema:
    """The schema less its envelope definitions, which map onto the built-ins."""
    kept = tuple(d for d in schema.definitions if not is_envelope(d))
    if len(kept) == len(schema.definitions):
        return schema
    return dataclasses.replace(schema, definitions=kept)


def binary_fields(schema: Schema, declared: Iterable[str] = ()) -> frozenset[tuple[str, str, str]]:
    """(kind, definition name, param name) of every `string` param to encode as bytes: the
    known MTProto ones present in the schema, and each `NAME.PARAM` declared by the user.
    PlanError names a declared target that does not exist or is not a string."""
    fields: set[tuple[str, str, str]] = set()
    for definition in schema.definitions:
        known = BINARY_STRINGS.get(definition.id)
        if known is None:
            continue
        for param in definition.params:
            if isinstance(param, Param) and param.name in known[1] and _is_string(param):
                fields.add((definition.kind, definition.name, param.name))
    for target in declared:
        problem = bytes_field_problem(schema, target)
        if problem is not None:
            raise PlanError(problem)
        name, param_name = declared_field(target)
        fields.update((d.kind, d.name, param_name) for d in schema.definitions if d.name == name)
    return frozenset(fields)


def bytes_field_problem(schema: Schema, target: str) -> str | None:
    """Why the declared `NAME.PARAM` cannot be encoded as bytes in `schema` (no such definition
    or param, not a string), or None when it can. PlanError: `target` is not NAME.PARAM."""
    name, param_name = declared_field(target)
    definitions = [d for d in schema.definitions if d.name == name]
    if not definitions:
        return f"--bytes-field {target}: the schema has no definition {name!r}"
    for definition in definitions:
        found = next(
            (p for p in definition.params if isinstance(p, Param) and p.name == param_name),
            None,
        )
        if found is None:
            return f"--bytes-field {target}: {name} has no param {param_name!r}"
        if not _is_string(found):
            return f"--bytes-field {target}: {name}.{param_name} is {found.type}, not string"
    return None


def declared_field(target: str) -> tuple[str, str]:
    """(NAME, PARAM) of a declared `NAME.PARAM`. Raises PlanError for another form."""
    name, dot, param_name = target.rpartition(".")
    if not dot or not name or not param_name:
        raise PlanError(f"--bytes-field {target!r}: expected NAME.PARAM (resPQ.pq)")
    return name, param_name


def _is_string(param: Param) -> bool:
    return isinstance(param.type, TypeRef) and param.type.name in _STRING_TYPES
