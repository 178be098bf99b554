"""Rules of the error tables: names, normalisation, patterns, conflicts, page matching."""

from __future__ import annotations

import pytest

from tlgen.codegen import naming
from tlgen.errortables.catalog import build_catalog, documented_method
from tlgen.errortables.read import normalise_method, parse_doc_page, snake_case, unescape
from tlgen.schema.parse import merge_files, parse_text


@pytest.mark.parametrize(
    ("title", "method"),
    [
        ("auth.SendCode", "auth.sendCode"),
        ("InitConnection", "initConnection"),
        ("auth.signIn", "auth.signIn"),
    ],
)
def test_normalise_method(title: str, method: str) -> None:
    assert normalise_method(title) == method


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("phoneNumber", "phone_number"),
        ("apiId", "api_id"),
        ("peer", "peer"),
        ("phone_code", "phone_code"),
    ],
)
def test_snake_case(name: str, snake: str) -> None:
    assert snake_case(name) == snake


def test_unescape_markdown() -> None:
    assert unescape(r" PHONE\_NUMBER\_INVALID ") == "PHONE_NUMBER_INVALID"


@pytest.mark.parametrize(
    ("name", "member", "cls"),
    [
        ("PHONE_NUMBER_INVALID", "PHONE_NUMBER_INVALID", "PhoneNumberInvalidError"),
        ("FLOOD_WAIT_X", "FLOOD_WAIT_X", "FloodWaitError"),
        ("2FA_CONFIRM_WAIT_X", "E2FA_CONFIRM_WAIT_X", "Rpc2faConfirmWaitError"),
        ("INTERDC_X_CALL_ERROR", "INTERDC_X_CALL_ERROR", "InterdcCallError"),
        ("Timeout", "TIMEOUT", "RpcTimeoutError"),
        ("No workers running", "NO_WORKERS_RUNNING", "NoWorkersRunningError"),
    ],
)
def test_error_names(name: str, member: str, cls: str) -> None:
    assert naming.error_member_name(name) == member
    assert naming.error_class_name(name) == cls


def test_code_names() -> None:
    assert [naming.code_class_name(c) for c in (400, 406, -503, 599)] == [
        "BadRequestError", "NotAcceptableError", "CodeMinus503Error", "Code599Error",
    ]  # fmt: skip


def page(title: str, params: str, result: str, errors: str = "", text: str = "") -> str:
    return (
        f"# {title}\n\n{text}\n\n## Parameters\n\n| Name | Type | Description |\n|---|---|---|\n"
        f"{params}\n## Result\n\n[{result}](x)\n\n## Possible errors\n\n"
        f"| Code | Type | Description |\n| :--: | ---- | ----------- |\n{errors}"
    )


SCHEMA = merge_files(
    [
        parse_text(
            "boolTrue = Bool;\nsent = auth.SentCode;\n---functions---\n"
            "auth.sendCode phone_number:string api_id:int = auth.SentCode;\n"
            "auth.resendCode flags:# phone_number:string phone_code_hash:string "
            "reason:flags.0?string = auth.SentCode;\n"
            "auth.resetLoginEmail phone_number:string phone_code_hash:string = auth.SentCode;\n"
            "auth.cancelCode phone_number:string phone_code_hash:string = Bool;\n"
        )
    ]
)[0]
PARAMS = "| **phoneNumber** | x | y |\n| **phoneCodeHash** | x | y |\n"


def test_titled_method_wins_when_it_fits() -> None:
    assert (
        documented_method(parse_doc_page(page("auth.cancelCode", PARAMS, "Bool")), SCHEMA)
        == "auth.cancelCode"
    )


def test_result_and_mentions_break_ties() -> None:
    mentioned = page("auth.SendCode", PARAMS, "auth.SentCode", text="See auth.resendCode.")
    assert documented_method(parse_doc_page(mentioned), SCHEMA) == "auth.resendCode"
    silent = page("auth.SendCode", PARAMS, "auth.SentCode")
    assert documented_method(parse_doc_page(silent), SCHEMA) is None  # two fit: no guess


def test_quirks_blank_line_after_header_no_closing_bar_negative_code() -> None:
    text = (
        "---\ntitle: x\n---\n# Method: a.b\n\n### Errors\n\n| Code | Type | Description |\n"
        "|------|----------|---------------|\n\n| 400 | A\\_B | first \n|-503|Timeout|Timeout while fetching data|\n"
        "\n```php\n| 999 | NOT_A_ROW | inside code |\n```\n\t\n### Can bots use this method: **YES**\n"
    )
    parsed = parse_doc_page(text)
    assert [(r.code, r.name, r.description) for r in parsed.errors] == [
        (400, "A_B", "first"), (-503, "Timeout", "Timeout while fetching data"),
    ]  # fmt: skip
    assert [r.span.line for r in parsed.errors] == [11, 12]
    assert parsed.bots is True


def test_empty_table_and_missing_errors_section() -> None:
    assert (
        parse_doc_page(
            "# a.b\n\n## Possible errors\n\n| Code | Type | Description |\n| :--: | -- | -- |\n"
        ).errors
        == ()
    )
    assert parse_doc_page("# a.b\n").errors == ()


def test_bots_conflict_is_reported() -> None:
    yes = parse_doc_page("# a.b\n\n## Can bots use this method?\n\nYes\n", "one.md")
    no = parse_doc_page("# Method: a.b\n### Can bots use this method: **NO**\n", "two.md")
    catalog = build_catalog([yes, no])
    (conflict,) = catalog.conflicts
    assert (conflict.name, conflict.field, conflict.values) == (
        "a.b",
        "bots",
        (("one.md", "yes"), ("two.md", "no")),
    )
    assert catalog.methods[0].bots is None
