"""The default schema in schema/ is ours, but every id in it must be Telegram's real one."""

from __future__ import annotations

from pathlib import Path

from generator.schema.load import load_schema
from tests.conftest import REPO

SCHEMA_FILES = [REPO / "schema" / "api.tl", REPO / "schema" / "mtproto.tl"]
# Service messages that real schema files carry only as comments ("parsed manually").
NOT_IN_CORPUS_FILES = {
    "rpc_result": 0xF35C6D01,
    "message": None,
    "msg_container": 0x73F1F8DC,
    "msg_copy": 0xE06046B2,
    "gzip_packed": 0x3072CFA1,
}


def test_default_schema_is_valid_without_warnings() -> None:
    loaded = load_schema(SCHEMA_FILES)
    assert [str(d) for d in loaded.diagnostics] == []
    assert loaded.schema.layer == 222


def test_default_schema_matches_the_real_definitions(corpus: Path) -> None:
    # Each of our files against its real counterpart: the MTProto `message` (inside a
    # container) is not the API's chat `message`, so the two are never mixed.
    pairs = [
        ("api.tl", corpus / "telegram" / "api" / "layer-222.tl"),
        ("mtproto.tl", corpus / "telegram" / "mtproto.tl"),
    ]
    compared = 0
    for ours_name, real_path in pairs:
        ours = load_schema([REPO / "schema" / ours_name]).schema
        real = load_schema([real_path]).schema
        real_by_name = {(d.kind, d.name): d for d in real.definitions}
        for definition in ours.definitions:
            counterpart = real_by_name.get((definition.kind, definition.name))
            if counterpart is None:
                assert definition.name in NOT_IN_CORPUS_FILES, definition.name
                expected = NOT_IN_CORPUS_FILES[definition.name]
                if expected is not None:
                    assert definition.id == definition.telegram_id == expected
                continue
            assert definition.id == counterpart.id, definition.name
            assert definition.result == counterpart.result, definition.name
            compared += 1
    total = len(load_schema(SCHEMA_FILES).schema.definitions)
    assert compared == total - len(NOT_IN_CORPUS_FILES)


def test_default_schema_covers_the_login_flow_and_service_messages() -> None:
    schema = load_schema(SCHEMA_FILES).schema
    names = {d.name for d in schema.definitions}
    required = {
        "auth.sendCode",
        "auth.resendCode",
        "auth.cancelCode",
        "auth.signIn",
        "codeSettings",
        "auth.sentCode",
        "auth.authorization",
        "rpc_result",
        "rpc_error",
        "rpc_answer_unknown",
        "rpc_answer_dropped_running",
        "rpc_answer_dropped",
        "msg_container",
        "message",
        "gzip_packed",
        "msgs_ack",
        "bad_msg_notification",
        "new_session_created",
        "pong",
        "ping",
        "invokeWithLayer",
        "initConnection",
    }
    assert required <= names
    resend = next(d for d in schema.definitions if d.name == "auth.resendCode")
    assert "reason" in {getattr(p, "name", None) for p in resend.params}
