"""Python names for TL names (generator/codegen/naming.py): one table per naming role."""

from __future__ import annotations

import pytest

from generator.codegen import naming


@pytest.mark.parametrize(
    ("tl_name", "expected"),
    [
        ("auth.sentCode", "SentCode"),
        ("p_q_inner_data_dc", "PQInnerDataDc"),
        ("boolTrue", "BoolTrue"),
        ("help.configSimple", "ConfigSimple"),
        ("inputPeerPhotoFileLocation", "InputPeerPhotoFileLocation"),
        ("none", "None_"),  # a keyword once capitalised
    ],
)
def test_class_name(tl_name: str, expected: str) -> None:
    assert naming.class_name(tl_name) == expected


@pytest.mark.parametrize(
    ("type_name", "base", "union"),
    [
        ("auth.SentCode", "TypeSentCode", "SentCode"),
        ("Bool", "TypeBool", "Bool"),
        ("None", "TypeNone", "None_"),
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
        ("CONSTRUCTOR_ID", "CONSTRUCTOR_ID_"),
        ("_private", "_private_"),
        ("self", "self_"),
    ],
)
def test_attribute_name(tl_name: str, expected: str) -> None:
    assert naming.attribute_name(tl_name) == expected


@pytest.mark.parametrize(
    ("namespace", "expected"),
    [(None, "_root"), ("auth", "auth"), ("global", "global_")],
)
def test_module_name(namespace: str | None, expected: str) -> None:
    assert naming.module_name(namespace) == expected


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
