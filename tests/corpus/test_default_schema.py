"""The default schema in schema/ is ours, but every id in it must be Telegram's real one."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.conftest import REPO, corpus_tl_files
from tests.helpers import generate_from_files
from tlgen.codegen.plan import Planner, PlanOptions, plan_package
from tlgen.codegen.render import render_package
from tlgen.schema.load import load_schema

SCHEMA_FILES = [REPO / "schema" / "api.tl", REPO / "schema" / "mtproto.tl"]
# In Telegram's published mtproto.tl (the corpus copy) but left out of ours: DC discovery, which
# TDLib's api file declares itself, and TDesktop's TLS obfuscation blocks.
LEFT_OUT = {"ipPort", "ipPortSecret", "accessPointRule", "help.configSimple", "tlsClientHello"}


def test_default_schema_is_valid_without_warnings() -> None:
    loaded = load_schema(SCHEMA_FILES)
    assert [str(d) for d in loaded.diagnostics] == []
    assert loaded.schema.layer == 222


def test_default_schema_matches_the_real_definitions(corpus: Path) -> None:
    # Each of our files against its real counterpart, definition for definition: same id,
    # same params and result, written as published (the key-exchange blobs as `string`).
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
            counterpart = real_by_name[(definition.kind, definition.name)]
            assert definition.id == counterpart.id, definition.name
            assert definition.result == counterpart.result, definition.name
            if ours_name == "mtproto.tl":
                assert str(definition) == str(counterpart)
            compared += 1
    assert compared == len(load_schema(SCHEMA_FILES).schema.definitions)


def test_default_mtproto_schema_is_the_whole_published_one(corpus: Path) -> None:
    ours = {
        (d.kind, d.name) for d in load_schema([REPO / "schema" / "mtproto.tl"]).schema.definitions
    }
    real = load_schema([corpus / "telegram" / "mtproto.tl"]).schema
    published = {
        (d.kind, d.name)
        for d in real.definitions
        if d.name not in LEFT_OUT and not d.name.startswith("tlsBlock")
    }
    assert ours == published


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
        "rpc_error",
        "rpc_answer_unknown",
        "rpc_answer_dropped_running",
        "rpc_answer_dropped",
        "req_pq_multi",
        "req_DH_params",
        "set_client_DH_params",
        "bad_server_salt",
        "future_salts",
        "destroy_session",
        "destroy_auth_key",
        "http_wait",
        "msgs_state_info",
        "msg_detailed_info",
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


API_FILES = [p for p in corpus_tl_files() if p.parent.name == "api" or p.name == "telegram_api.tl"]


@pytest.mark.parametrize("api", API_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_our_mtproto_combines_with_every_corpus_api(api: Path) -> None:
    # Every layer of the corpus (and TDLib's api) with our mtproto.tl: valid, and planned and
    # rendered in full. Packages of layers 222 and 113 are imported module by module below and
    # in test_mtproto_vectors; the templates are the same for every layer.
    loaded = load_schema([api, REPO / "schema" / "mtproto.tl"])
    assert [str(d) for d in loaded.diagnostics if d.severity == "error"] == []
    texts = render_package(
        plan_package(Planner(loaded.schema, PlanOptions(package="combined")), "header")
    )
    assert "mtproto.py" in texts
    (holder,) = [path for path, text in texts.items() if "class ResPQ(" in text]
    assert holder.startswith("types/_")  # a root module


def test_our_mtproto_with_the_oldest_layer_imports(corpus: Path, tmp_path: Path) -> None:
    api = corpus / "telegram" / "api" / "layer-113.tl"
    package = generate_from_files([api, REPO / "schema" / "mtproto.tl"], tmp_path, "old_ours")
    folder = Path(package.__file__ or "").parent
    for module in sorted(folder.rglob("*.py")):
        parts = [p for p in module.relative_to(folder).with_suffix("").parts if p != "__init__"]
        importlib.import_module(".".join([package.__name__, *parts]))
    from old_ours.functions import ReqPqMulti  # type: ignore[import-not-found]

    assert package.decode_request(ReqPqMulti(nonce=5).to_bytes()) == ReqPqMulti(nonce=5)
