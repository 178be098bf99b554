"""Canonical id text and CRC32 inference, checked against ids published in real schemas."""

from __future__ import annotations

import pytest

from generator.schema.ids import canonical_id_text, infer_constructor_id
from generator.schema.parse import parse_text


def only(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text)
    return (parsed.definitions or tuple(b.combinator for b in parsed.builtins))[0]


@pytest.mark.parametrize(
    ("definition", "canonical"),
    [
        (
            "vector#1cb5c415 {t:Type} # [ t ] = Vector t;",
            "vector t:Type # [ t ] = Vector t",
        ),
        (
            "msgs_ack#62d6b459 msg_ids:Vector<long> = MsgsAck;",
            "msgs_ack msg_ids:Vector long = MsgsAck",
        ),
        (
            "a#1 flags:# big:flags.0?true x:flags.1?bytes y:bytes z:Vector<bytes> = A;",
            "a flags:# x:flags.1?string y:string z:Vector bytes = A",
        ),
        (
            "invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;",
            "invokeWithLayer X:Type layer:int query:!X = X",
        ),
        (
            "x#1 v:Vector<Vector<%Foo>>   n:(vector int) = X;",
            "x v:Vector Vector %Foo n:vector int = X",
        ),
        ("int128 4*[ int ] = Int128;", "int128 4*[ int ] = Int128"),
    ],
)
def test_canonical_text(definition: str, canonical: str) -> None:
    assert canonical_id_text(only(definition)) == canonical


@pytest.mark.parametrize(
    ("definition", "expected_id"),
    [
        # Ids as published by Telegram; the definitions are written here without them.
        ("vector {t:Type} # [ t ] = Vector t;", 0x1CB5C415),
        ("boolTrue = Bool;", 0x997275B5),
        ("rpc_error error_code:int error_message:string = RpcError;", 0x2144CA19),
        ("invokeWithLayer {X:Type} layer:int query:!X = X;", 0xDA9B0D0D),
        # `?true` params are not part of the id; `bytes` hashes as `string`.
        (
            "inputMediaUploadedPhoto flags:# spoiler:flags.2?true live_photo:flags.3?true "
            "file:InputFile stickers:flags.0?Vector<InputDocument> ttl_seconds:flags.1?int "
            "video:flags.3?InputDocument = InputMedia;",
            0x7D8375DA,
        ),
        (
            "client_DH_inner_data nonce:int128 server_nonce:int128 retry_id:long g_b:bytes "
            "= Client_DH_Inner_Data;",
            0x6643B654,
        ),
        ("msg_container messages:vector<message> = MessageContainer;", 0x73F1F8DC),
    ],
)
def test_inferred_id_matches_published_id(definition: str, expected_id: int) -> None:
    combinator = only(definition)
    assert combinator.explicit_id is None
    assert combinator.id_source == "inferred"
    assert infer_constructor_id(combinator) == expected_id
    assert combinator.id == expected_id


def test_explicit_id_is_kept_even_when_it_differs() -> None:
    combinator = only("ipPortSecret#37982646 ipv4:int port:int secret:bytes = IpPort;")
    assert combinator.id == 0x37982646
    assert combinator.id_source == "explicit"
    assert combinator.inferred_id != 0x37982646


def test_short_ids_are_zero_extended() -> None:
    combinator = only("inputMediaUploadedDocument#37c9330 = InputMedia;")
    assert combinator.explicit_id == 0x037C9330
    assert str(combinator).startswith("inputMediaUploadedDocument#037c9330 ")
