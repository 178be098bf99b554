"""MTProto bytes nobody here wrote, through packages generated from layer 222 with each MTProto
schema file: Telegram's published one (Telethon's copy), TDLib's, and ours.

Sources (each vector below names its own):
- Telegram's "Auth key generation example", core.telegram.org/mtproto/samples-auth_key, as
  archived by MarshalX/telegram-crawler (data/web/core.telegram.org/mtproto/samples-auth_key.html,
  commit 130dde83966a265ebbed6837fae51f34a07069a4): tests/data/samples_auth_key.txt.
- xelaj/mtproto, internal/payload/encryption_test.go (commit
  1a21c526b2568ad9685e33a6aba395529fffffe2), TestMessageKey2 "real life": the plaintext of a
  client message and of the server's answer.
- Zapix/zagram, src/tl/loadMessage.test.js (commit f04fcb19b8450405dcb6e9a998337cd0e5a25418):
  containers, a gzipped help.getConfig result (layer 108), service messages.
- spalt08/mtproto-js, src/tl/tl.test.ts (commit c3b555ac7ea3e8a20712ea1091385ed06b20e76a): the
  older samples-auth_key resPQ, and src/tl/constructor.test.ts (an earlier revision than commit
  76faf6353cb02541ed09191bb06769622f06b6d0, its commented "TLConstructor | parse" case): a
  container with an rpc_error.
"""

from __future__ import annotations

import importlib
import re
import struct
import zlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import REPO, corpus_tl_files
from tlgen.schema.model import Schema

# Layer 222 with each MTProto file: the corpus_package keys of tests/conftest.py.
WITH_LAYER_222 = {
    "telegram/mtproto.tl": "telegram222",
    "tdlib/mtproto_api.tl": "telegram222+tdlib_mtproto",
    "schema/mtproto.tl (ours)": "telegram222+our_mtproto",
}
SAMPLES = REPO / "tests" / "data" / "samples_auth_key.txt"


def test_every_mtproto_file_of_the_corpus_is_covered() -> None:
    found = {
        p.relative_to(p.parents[1]).as_posix() for p in corpus_tl_files() if "mtproto" in p.name
    }
    if not found:
        pytest.skip("no corpus")
    assert found == {k for k in WITH_LAYER_222 if "ours" not in k}


@pytest.fixture(params=list(WITH_LAYER_222), scope="module")
def package(
    request: pytest.FixtureRequest, corpus_package: Callable[[str], tuple[ModuleType, Schema]]
) -> ModuleType:
    return corpus_package(WITH_LAYER_222[request.param])[0]


def function(package: ModuleType, tl_name: str) -> Any:
    registry = importlib.import_module(f"{package.__name__}._registry")
    return registry.find_by_name(tl_name, True)


def mtproto(package: ModuleType) -> Any:
    return importlib.import_module(f"{package.__name__}.mtproto")


def errors(package: ModuleType) -> Any:
    return importlib.import_module(f"{package.__name__}.errors")


def i128(hex_bytes: str) -> int:
    """An int128 as the page writes it: its bytes in wire order."""
    return int.from_bytes(bytes.fromhex(hex_bytes), "little", signed=True)


def i64(hex_bytes: str) -> int:
    return int.from_bytes(bytes.fromhex(hex_bytes), "little", signed=True)


def big(data: bytes) -> int:
    """A key-exchange number: a big-endian byte string."""
    return int.from_bytes(data, "big")


def read_samples() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The dumps (TL body only: the plain-message header cut off) and the [values] lines."""
    sections = re.split(r"^\[(.+)\]$", SAMPLES.read_text(), flags=re.M)
    dumps: dict[str, bytes] = {}
    values: dict[str, bytes] = {}
    for title, body in zip(sections[1::2], sections[2::2], strict=True):
        if title == "values":
            for line in body.strip().splitlines():
                key, _, value = line.partition(" = ")
                values[key] = bytes.fromhex(value)
            continue
        data = bytes.fromhex("".join(line.split("|")[1] for line in body.strip().splitlines()))
        name, _, plain = title.partition(" ")
        if plain:
            assert data[:8] == bytes(8)  # auth_key_id 0: an unencrypted message
            data = data[20:]
        dumps[name] = data
    return dumps, values


NONCE = i128("406709F612FADFBEC3F0289D0AA67EEF")
SERVER_NONCE = i128("E11DBC3BC97D91A26154F932AF019943")


def test_a_published_key_exchange_decodes_to_the_documented_values(package: ModuleType) -> None:
    dumps, values = read_samples()
    decode, decode_request = package.decode, package.decode_request

    req_pq = decode_request(dumps["req_pq_multi"])
    assert (req_pq.TL_NAME, req_pq.nonce) == ("req_pq_multi", NONCE)

    res_pq = decode(dumps["resPQ"])  # a server's bytes: pq is not UTF-8 text
    assert res_pq.TL_NAME == "resPQ"
    assert (res_pq.nonce, res_pq.server_nonce) == (NONCE, SERVER_NONCE)
    assert big(res_pq.pq) == 2694724800268887959
    assert res_pq.server_public_key_fingerprints == [
        i64("A5B7F709355FC30B"),
        i64("216BE86C022BB4C3"),
        i64("85FD64DE851D9DD0"),
    ]

    inner = decode(dumps["p_q_inner_data_dc"])
    assert inner.TL_NAME == "p_q_inner_data_dc"
    assert (big(inner.pq), big(inner.p), big(inner.q)) == (
        2694724800268887959,
        1513098571,
        1780931429,
    )
    assert big(inner.p) * big(inner.q) == big(res_pq.pq)
    assert inner.new_nonce == int.from_bytes(
        bytes.fromhex("A8BBC849512DAC6C67B6EFD9157D6CA7377A1776307D84265C6BE9BDCF802AC1"),
        "little",
        signed=True,
    )
    assert (inner.nonce, inner.server_nonce, inner.dc) == (NONCE, SERVER_NONCE, 2)

    req_dh = decode_request(dumps["req_DH_params"])
    assert req_dh.TL_NAME == "req_DH_params"
    assert (req_dh.p, req_dh.q) == (inner.p, inner.q)
    assert req_dh.public_key_fingerprint == i64("85FD64DE851D9DD0")
    assert req_dh.encrypted_data == values["req_DH_params.encrypted_data"]

    params_ok = decode(dumps["server_DH_params_ok"])
    assert params_ok.TL_NAME == "server_DH_params_ok"
    assert params_ok.encrypted_answer == values["encrypted_answer"]

    dh_inner = decode(dumps["server_DH_inner_data"])
    assert (dh_inner.TL_NAME, dh_inner.g, dh_inner.server_time) == (
        "server_DH_inner_data",
        3,
        1707425105,
    )
    assert len(dh_inner.dh_prime) == len(dh_inner.g_a) == 256

    client_inner = decode(dumps["client_DH_inner_data"])
    assert (client_inner.TL_NAME, client_inner.retry_id) == ("client_DH_inner_data", 0)
    assert client_inner.g_b == values["g_b"]
    # The decoded numbers are the page's Diffie-Hellman: g^b and g_a^b modulo dh_prime.
    b, prime = big(values["b"]), big(dh_inner.dh_prime)
    assert pow(dh_inner.g, b, prime) == big(client_inner.g_b)
    assert pow(big(dh_inner.g_a), b, prime) == big(values["auth_key"])

    set_params = decode_request(dumps["set_client_DH_params"])
    assert set_params.encrypted_data == values["set_client_DH_params.encrypted_data"]

    gen_ok = decode(dumps["dh_gen_ok"])
    assert gen_ok.TL_NAME == "dh_gen_ok"
    assert gen_ok.new_nonce_hash1 == i128("1142871352165E59E1124036B48B97D3")

    # Every message re-encodes to the published bytes.
    for name, obj in [
        ("req_pq_multi", req_pq), ("resPQ", res_pq), ("p_q_inner_data_dc", inner),
        ("req_DH_params", req_dh), ("server_DH_params_ok", params_ok),
        ("server_DH_inner_data", dh_inner), ("client_DH_inner_data", client_inner),
        ("set_client_DH_params", set_params), ("dh_gen_ok", gen_ok),
    ]:  # fmt: skip
        assert obj.to_bytes() == dumps[name], name


def test_the_older_published_res_pq(package: ModuleType) -> None:
    # spalt08/mtproto-js src/tl/tl.test.ts @ c3b555ac: the resPQ of the page's earlier edition.
    data = bytes.fromhex(
        "632416053E0549828CCA27E966B301A48FECE2FCA5CF4D33F4A11EA877BA4AA573907330"
        "0817ED48941A08F98100000015C4B51C01000000216BE86C022BB4C3"
    )
    res_pq = package.decode(data)
    assert res_pq.nonce == i128("3E0549828CCA27E966B301A48FECE2FC")
    assert res_pq.server_nonce == i128("A5CF4D33F4A11EA877BA4AA573907330")
    assert res_pq.pq == bytes.fromhex("17ed48941a08f981")  # 0xed 0x48 is not UTF-8
    assert res_pq.server_public_key_fingerprints == [0xC3B42B026CE86B21 - 2**64]
    assert res_pq.to_bytes() == data


# xelaj/mtproto internal/payload/encryption_test.go @ 1a21c526, TestMessageKey2 "real life": the
# plaintext of an encrypted message each way (salt, session_id, then the message, then padding).
XELAJ_CLIENT = bytes.fromhex(
    "c3348dce8560b514048e6fb2b295d286d00fcf0056e0a5650700000024000000"
    "4f2477a60b2b34313233343536373839393000000641424344454600783d25ad"
    "0000000038c06a129b598b30654ed048586439169824a1ff70f7cd28a3145274"
)
XELAJ_SERVER = bytes.fromhex(
    "c3348dce8560b514048e6fb2b295d2860190481f56e0a5650900000024000000"
    "016d5cf3d00fcf0056e0a56519ca4421900100000e4150495f49445f494e5641"
    "4c4944000709c48459dbda36f96a3da5"
)


def test_a_real_request_and_its_rpc_error(package: ModuleType) -> None:
    envelope = mtproto(package)
    sent = envelope.Message.from_bytes(XELAJ_CLIENT[16 : 16 + 16 + 36])
    request = sent.body
    assert (sent.msg_id, sent.seqno) == (0x65A5E05600CF0FD0, 7)
    assert request.TL_NAME == "auth.sendCode"
    assert (request.phone_number, request.api_id, request.api_hash) == (
        "+4123456789",
        12345,
        "ABCDEF",
    )
    assert package.decode_request(XELAJ_CLIENT[32:68]) == request
    assert sent.to_bytes() == XELAJ_CLIENT[16:68]

    answer = envelope.Message.from_bytes(XELAJ_SERVER[16 : 16 + 16 + 36])
    assert (answer.msg_id, answer.seqno) == (0x65A5E0561F489001, 9)
    result = answer.body
    assert isinstance(result, envelope.RpcResult)
    assert result.req_msg_id == sent.msg_id
    with pytest.raises(errors(package).RPCError) as raised:
        result.unwrap(request)
    # No error table was given: the class of the code, with the message and the request.
    assert type(raised.value) is errors(package).BadRequestError
    assert (raised.value.code, raised.value.message) == (400, "API_ID_INVALID")
    assert raised.value.request is request
    assert answer.to_bytes() == XELAJ_SERVER[16:68]


# spalt08/mtproto-js src/tl/constructor.test.ts ("TLConstructor | parse", see the module
# docstring): a server container; the 16 bytes after it are the encrypted payload's padding.
SPALT08_CONTAINER = bytes.fromhex(
    "dcf8f1730200000001183f815fe2c75d010000001c0000000809c29e042111125fe2c75d1364c3c06d6c418b"
    "48cef284637978bd012c3f815fe2c75d030000002c000000016d5cf3042111125fe2c75d19ca44210cfeffff"
    "16496e76616c6964206d7367735f61636b207175657279000bb990795288b1e0e9daf5f4d55b0267"
)


def test_a_container_with_a_new_session_and_an_rpc_error(package: ModuleType) -> None:
    envelope = mtproto(package)
    data = SPALT08_CONTAINER[:-16]
    container = package.decode(data)
    assert isinstance(container, envelope.MessageContainer)
    first, second = container.messages
    assert (first.msg_id, first.seqno) == (i64("01183f815fe2c75d"), 1)
    session = first.body
    assert session.TL_NAME == "new_session_created"
    assert session.first_msg_id == i64("042111125fe2c75d")
    assert session.unique_id == i64("1364c3c06d6c418b")
    assert session.server_salt == i64("48cef284637978bd")
    assert (second.msg_id, second.seqno) == (i64("012c3f815fe2c75d"), 3)
    assert second.body.req_msg_id == session.first_msg_id
    ping = function(package, "ping_delay_disconnect")(ping_id=1, disconnect_delay=75)
    with pytest.raises(errors(package).RPCError) as raised:
        second.body.unwrap(ping)
    assert (raised.value.code, raised.value.message) == (-500, "Invalid msgs_ack query")
    assert container.to_bytes() == data
    with pytest.raises(package.DecodeError, match="trailing"):
        package.decode(SPALT08_CONTAINER)


# Zapix/zagram src/tl/loadMessage.test.js @ f04fcb19: "parse message container" and "load by 108
# schema" (a container whose rpc_result is a gzip_packed help.getConfig answer of layer 108).
ZAGRAM_PONG_CONTAINER = bytes.fromhex(
    "dcf8f1730200000001309989462d075e010000001c0000000809c29e00000000452d075e078cde63a724558f"
    "b73e6267c6ab026b01689989462d075e0200000014000000c573773400000000452d075e7e34abe84fe1ef56"
)
ZAGRAM_GZIP_CONTAINER = bytes.fromhex(
    "dcf8f1730200000001dc3f146e92675e010000001c0000000809c29e100000006d92675ec5a54dc33d21ee03"
    "cca19449f0b2024401489d166e92675e0300000078010000016d5cf3100000006d92675ea1cf7230fe640100"
    "1f8b08000000000000034b77e036f6e06360c89b941ec73e3f3d6e6b69d14c26060606d1235b65b88034efc2"
    "ed122c2c0c0c8c40369f9181b99ea1a9899e9189a19eb931c3790b0606c1bb7f6fa9fa54dcfca5a075d48c7d"
    "5ec70e0e881e0106a81e43134bb01e4373533d43038600a8998c507975230303432b8324230bab3423e314ab"
    "343017085089d4dd8c08739950cc3533d733316080c983dcca44a25bd9c8d0c3087507d4fd66e6c9560626a9"
    "1620f71b11723f3310f3a3848ba139b2fb99c9700b33f6b034c6e516be92c4823263bde292d41cbde4fc5c06"
    "39909b80380588034c98193a8419180c4a19181e4c6601d377581918125e41fc2c09c42d400bffffff5f0fc2"
    "0caf54184e00c5804a18748066b340dda3e0c7c030219e11ac5f401de8d68c929282622b7dfd12bddc547d06"
    "06aee4fcbc92d48a92a4fc1206deb4fcd2a2e2c2d2c4a254109781233337311dc284182800b11b00d131fb71"
    "b0020000"
)


def test_containers_of_service_messages(package: ModuleType) -> None:
    container = package.decode(ZAGRAM_PONG_CONTAINER)
    session, pong = container.messages
    assert (session.msg_id, session.seqno) == (0x5E072D4689993001, 1)
    assert session.body.first_msg_id == 0x5E072D4500000000
    assert session.body.unique_id == 0x8F5524A763DE8C07 - 2**64
    assert session.body.server_salt == 0x6B02ABC667623EB7
    assert (pong.msg_id, pong.seqno) == (0x5E072D4689996801, 2)
    assert (pong.body.TL_NAME, pong.body.msg_id, pong.body.ping_id) == (
        "pong",
        0x5E072D4500000000,
        0x56EFE14FE8AB347E,
    )
    assert container.to_bytes() == ZAGRAM_PONG_CONTAINER

    container = package.decode(ZAGRAM_GZIP_CONTAINER)
    session, answer = container.messages
    assert (session.msg_id, session.seqno) == (6802566763650210817, 1)
    assert (session.body.first_msg_id, session.body.server_salt, session.body.unique_id) == (
        6802566759015514128,
        4900676089628893644,
        283200375724287429,
    )
    assert (answer.msg_id, answer.seqno) == (0x5E67926E169D4801, 3)
    assert answer.body.req_msg_id == 0x5E67926D00000010
    assert container.to_bytes() == ZAGRAM_GZIP_CONTAINER
    # Layer 222 has no config#330b4067 any more: the gzip is opened, the inner id refused.
    with pytest.raises(package.DecodeError, match="0x330b4067"):
        answer.body.unwrap(function(package, "help.getConfig")())


def test_a_gzipped_result_of_its_own_layer(
    corpus_package: Callable[[str], tuple[ModuleType, Schema]],
) -> None:
    # The gzip_packed help.getConfig answer above, read with a layer that still has its config.
    package, _ = corpus_package("telegram113")
    answer = package.decode(ZAGRAM_GZIP_CONTAINER).messages[1].body
    config = answer.unwrap(function(package, "help.getConfig")())
    assert config.TL_NAME == "config"
    assert (config.date, config.dc_txt_domain_name, config.me_url_prefix) == (
        1583845998,
        "tapv3.stel.com",
        "https://t.me/",
    )
    assert len(config.dc_options) == 10
    # The result: gzip_packed's id, then a long TL string (0xfe, a 3-byte length) of gzip data.
    assert answer.result[:5] == bytes.fromhex("a1cf7230fe")
    (length,) = struct.unpack("<I", answer.result[5:8] + b"\0")
    assert config.to_bytes() == zlib.decompress(answer.result[8 : 8 + length], wbits=31)


def test_service_messages_with_binary_strings(package: ModuleType) -> None:
    # Zapix/zagram src/tl/loadMessage.test.js @ f04fcb19: msgs_state_info, msgs_all_info.
    state = bytes.fromhex("7db5de0400000000452d075e040101040c000000")
    info = package.decode(state)
    assert (info.req_msg_id, info.info) == (0x5E072D4500000000, bytes([1, 1, 4, 12]))
    assert info.to_bytes() == state
    every = bytes.fromhex("31d1c08c15c4b51c02000000000000000a700b5e000000000e800b5e020c0d00")
    all_info = package.decode(every)
    assert all_info.msg_ids == [0x5E0B700A00000000, 0x5E0B800E00000000]
    assert all_info.info == bytes([12, 13])
    assert all_info.to_bytes() == every


def test_binary_fields_are_bytes_while_the_schema_says_string(
    corpus_package: Callable[[str], tuple[ModuleType, Schema]],
) -> None:
    package, schema = corpus_package("telegram222")
    by_name = {d.name: d for d in schema.definitions}
    assert "pq:string" in str(by_name["resPQ"])  # the schema as written
    registry = importlib.import_module(f"{package.__name__}._registry")
    fields = {f[1]: f[2] for f in registry.find_by_name("resPQ")._FIELDS}
    assert fields["pq"] == ("bytes",)
    # rpc_error's message is text: strict UTF-8 as ever.
    bad = struct.pack("<Ii", 0x2144CA19, 400) + b"\x02\xff\xfe\x00"
    with pytest.raises(package.DecodeError, match="UTF-8"):
        package.decode(bad)
