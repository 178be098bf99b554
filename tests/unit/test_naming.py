"""Python names for TL names: the documented rules, table-tested on every dialect's shapes."""

from __future__ import annotations

import keyword

import pytest

from generator.codegen import naming


@pytest.mark.parametrize(
    ("namespace", "module"),
    [
        (None, "_root"),
        ("auth", "auth"),
        ("liteServer", "liteServer"),
        ("tonNode", "tonNode"),
        ("liteServer.debug", "liteServer_debug"),
        ("engine.validator", "engine_validator"),
        ("e2e.chain", "e2e_chain"),
        ("adnl.id", "adnl_id"),
        ("from", "from_"),
        ("import.x", "import_x"),
        ("TYPE_CHECKING", "TYPE_CHECKING_"),
    ],
)
def test_module_names(namespace: str | None, module: str) -> None:
    assert naming.module_name(namespace) == module
    assert module.isidentifier() and not keyword.iskeyword(module)


@pytest.mark.parametrize(
    ("tl_name", "class_name"),
    [
        ("liteServer.signatureSet", "SignatureSet"),
        ("liteServer.debug.verbosity", "Verbosity"),
        ("tonNode.blockIdExt", "BlockIdExt"),
        ("adnl.message.query", "Query"),
        ("pub.ed25519", "Ed25519"),
        ("true", "True_"),
        ("none", "None_"),
        ("p_q_inner_data_dc", "PQInnerDataDc"),
        ("e2e.chain.groupParticipant", "GroupParticipant"),
        ("secureBytes", "SecureBytes"),
    ],
)
def test_class_names(tl_name: str, class_name: str) -> None:
    assert naming.class_name(tl_name) == class_name
    assert class_name.isidentifier() and not keyword.iskeyword(class_name)


@pytest.mark.parametrize(
    ("type_name", "base", "union"),
    [
        ("liteServer.debug.Verbosity", "TypeVerbosity", "Verbosity"),
        ("tonNode.BlockIdExt", "TypeBlockIdExt", "BlockIdExt"),
        ("True", "TypeTrue", "True_"),
        ("e2e.chain.Change", "TypeChange", "Change"),
    ],
)
def test_abstract_type_names(type_name: str, base: str, union: str) -> None:
    assert (naming.base_class_name(type_name), naming.union_name(type_name)) == (base, union)


@pytest.mark.parametrize(
    ("tl_name", "attribute"),
    [("function", "function"), ("object", "object_"), ("from", "from_"), ("_", "__")],
)
def test_attribute_names(tl_name: str, attribute: str) -> None:
    assert naming.attribute_name(tl_name) == attribute


def test_namespaces_sharing_a_module_are_refused_by_name() -> None:
    assert naming.check_unique_modules(["liteServer.debug", "tonNode", None]) is None
    message = naming.check_unique_modules(["liteServer_debug", "liteServer.debug"])
    assert message is not None
    assert "'liteServer.debug' and 'liteServer_debug'" in message
    assert "'liteServer_debug'" in message
