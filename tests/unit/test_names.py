"""Python names for TL names (generator/codegen/naming.py): one table per naming role."""

from __future__ import annotations

import ast
import keyword

import pytest

from tlgen.codegen import naming
from tlgen.resources import templates


@pytest.mark.parametrize(
    ("tl_name", "expected"),
    [
        ("auth.sentCode", "SentCode"),
        ("p_q_inner_data_dc", "PQInnerDataDc"),
        ("boolTrue", "BoolTrue"),
        ("help.configSimple", "ConfigSimple"),
        ("inputPeerPhotoFileLocation", "InputPeerPhotoFileLocation"),
        ("none", "None_"),  # a keyword once capitalised
        # TON and TDLib: lower-camel dotted namespaces, builtin-like local names.
        ("liteServer.signatureSet", "SignatureSet"),
        ("liteServer.debug.verbosity", "Verbosity"),
        ("tonNode.blockIdExt", "BlockIdExt"),
        ("adnl.message.query", "Query"),
        ("pub.ed25519", "Ed25519"),
        ("hashable.int32", "Int32"),
        ("true", "True_"),
        ("e2e.chain.groupParticipant", "GroupParticipant"),
    ],
)
def test_class_name(tl_name: str, expected: str) -> None:
    assert naming.class_name(tl_name) == expected
    assert expected.isidentifier() and not keyword.iskeyword(expected)


@pytest.mark.parametrize(
    ("type_name", "base", "union"),
    [
        ("auth.SentCode", "TypeSentCode", "SentCode"),
        ("Bool", "TypeBool", "Bool"),
        ("None", "TypeNone", "None_"),
        ("liteServer.debug.Verbosity", "TypeVerbosity", "Verbosity"),
        ("True", "TypeTrue", "True_"),
        ("e2e.chain.Change", "TypeChange", "Change"),
    ],
)
def test_abstract_type_names(type_name: str, base: str, union: str) -> None:
    assert (naming.base_class_name(type_name), naming.union_name(type_name)) == (base, union)


@pytest.mark.parametrize(
    ("tl_name", "expected"),
    [
        ("phone_number", "phone_number"),
        ("from", "from_"),  # keyword
        ("type", "type_"),  # used in annotations
        ("bytes", "bytes_"),
        ("to_bytes", "to_bytes_"),  # the object API
        ("to_json", "to_json_"),  # TDLib's JSON (TLObject.to_json)
        ("from_json", "from_json_"),
        ("CONSTRUCTOR_ID", "CONSTRUCTOR_ID_"),
        ("_private", "_private_"),
        ("self", "self_"),
        ("function", "function"),  # tonlib's withBlock function:Function
        ("object", "object_"),
    ],
)
def test_attribute_name(tl_name: str, expected: str) -> None:
    assert naming.attribute_name(tl_name) == expected


def test_every_public_name_of_the_runtime_object_api_is_reserved() -> None:
    """A field named like a method or class attribute of the runtime's TLObject or Request
    would shadow it: read their public names from the runtime the packages copy."""
    tree = ast.parse((templates() / "runtime" / "_runtime.py").read_text(encoding="utf-8"))
    api: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in {"TLObject", "Request"}:
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    api.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    api.add(item.target.id)
    public = {name for name in api if not name.startswith("_")}
    assert {"to_json", "from_json", "to_bytes", "read_result", "ERRORS"} <= public
    assert public <= naming.RESERVED_ATTRIBUTES


@pytest.mark.parametrize(
    ("namespace", "expected"),
    [
        (None, "_root"),
        ("auth", "auth"),
        ("global", "global_"),
        # TON's dotted lower-camel namespaces: inner dots become underscores.
        ("liteServer", "liteServer"),
        ("liteServer.debug", "liteServer_debug"),
        ("engine.validator", "engine_validator"),
        ("e2e.chain", "e2e_chain"),
        ("import.x", "import_x"),
        ("TYPE_CHECKING", "TYPE_CHECKING_"),  # a name the namespace packages define
    ],
)
def test_module_name(namespace: str | None, expected: str) -> None:
    assert naming.module_name(namespace) == expected
    assert expected.isidentifier() and not keyword.iskeyword(expected)


def test_namespaces_sharing_a_module_are_refused_by_name() -> None:
    assert naming.check_unique_modules(["liteServer.debug", "tonNode", None]) is None
    message = naming.check_unique_modules(["liteServer_debug", "liteServer.debug"])
    assert message is not None
    assert "'liteServer.debug' and 'liteServer_debug'" in message


def test_unique_names_keep_order_and_suffix_later_clashes() -> None:
    assert naming.unique_names(["A", "B", "A", "A"]) == ["A", "B", "A_", "A__"]


@pytest.mark.parametrize(
    ("code", "member", "class_name"),
    [
        (400, "BAD_REQUEST", "BadRequestError"),
        (420, "FLOOD", "FloodError"),
        (503, "CODE_503", "Code503Error"),
        (-503, "CODE_MINUS_503", "CodeMinus503Error"),
    ],
)
def test_error_code_names(code: int, member: str, class_name: str) -> None:
    assert (naming.code_member_name(code), naming.code_class_name(code)) == (member, class_name)


@pytest.mark.parametrize(
    ("name", "member", "class_name"),
    [
        ("PHONE_NUMBER_INVALID", "PHONE_NUMBER_INVALID", "PhoneNumberInvalidError"),
        ("FLOOD_WAIT_X", "FLOOD_WAIT_X", "FloodWaitError"),
        ("2FA_CONFIRM_WAIT_X", "E2FA_CONFIRM_WAIT_X", "Rpc2faConfirmWaitError"),
        ("TIMEOUT", "TIMEOUT", "RpcTimeoutError"),  # would shadow the builtin TimeoutError
        ("No workers running", "NO_WORKERS_RUNNING", "NoWorkersRunningError"),
    ],
)
def test_error_names(name: str, member: str, class_name: str) -> None:
    assert (naming.error_member_name(name), naming.error_class_name(name)) == (member, class_name)


@pytest.mark.parametrize(
    ("kind", "namespace", "name", "dotted", "line"),
    [
        ("functions", "auth", "ResendCode", "tl.functions.auth.ResendCode",
         "from tl.functions.auth import ResendCode"),
        ("types", None, "User", "tl.types.User", "from tl.types import User"),
        ("base", "auth", "SentCode", "tl.base.auth.SentCode", "from tl.base.auth import SentCode"),
        # A namespace that is a Python keyword is escaped like its module.
        ("types", "import", "Thing", "tl.types.import_.Thing",
         "from tl.types.import_ import Thing"),
    ],
)  # fmt: skip
def test_public_names_and_import_lines(
    kind: str, namespace: str | None, name: str, dotted: str, line: str
) -> None:
    assert f"{naming.public_module('tl', kind, namespace)}.{name}" == dotted
    assert naming.import_line("tl", kind, namespace, name) == line
