"""Validation rules: each one fires where it should, with its position, and only there."""

from __future__ import annotations

import zlib

import pytest

from tlgen.schema.parse import merge_files, parse_text
from tlgen.schema.validate import validate
from tlgen.spans import Diagnostic


def check(*texts: str) -> list[Diagnostic]:
    schema, diagnostics = merge_files([parse_text(t, f"f{i}.tl") for i, t in enumerate(texts)])
    return diagnostics + validate(schema)


def codes(*texts: str) -> list[tuple[str, str, int, int]]:
    return [(d.severity, d.code, d.span.line, d.span.column) for d in check(*texts)]


def crc(text: str) -> str:
    return f"{zlib.crc32(text.encode()):08x}"


def test_valid_schema_has_no_diagnostics() -> None:
    text = (
        "boolTrue#997275b5 = Bool;\n"
        "vector#1cb5c415 {t:Type} # [ t ] = Vector t;\n"
        "a flags:# x:flags.0?true y:flags.0?Vector<Bool> z:%Bool = A;\n"
        "---functions---\n"
        "invoke {X:Type} flags2:# q:flags2.31?A query:!X = X;\n"
    )
    assert check(text) == []


def test_all_problems_are_collected_in_position_order() -> None:
    text = "a x:Foo y:flags.0?int = A;\nb z:Bar = B;\n"
    assert codes(text) == [
        ("error", "unknown-type", 1, 5),
        ("error", "flag-field-undeclared", 1, 11),
        ("error", "unknown-type", 2, 5),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a x:flags.0?int flags:# = A;", "flag-field-undeclared"),
        ("a flags:int x:flags.0?int = A;", "flag-field-not-nat"),
        ("a flags:# x:flags.32?int = A;", "flag-bit-range"),
        ("a = A;\nb = A;\nc x:%A = C;", "bare-polymorphic"),
        ("f q:!A = A;\na = A;", "excl-unbound"),
        ("f {X:A} q:!X = X;\na = A;", "type-param-kind"),
        ("a x:int x:int = A;", "duplicate-param"),
        ("a = A;\na = A;", "duplicate-name"),
        ("a = lowercase;", "result-not-boxed"),
        ("a x:Vector = A;", "type-arity"),
        ("a = A;\nb x:A<int> = B;", "type-arity"),
        ("a [ int ] = A;", "repetition-count"),
        ("a n:int r:n*[ int ] = A;", "repetition-count"),
        ("a x:Nope = A;", "unknown-type"),
    ],
)
def test_each_rule_reports_its_code(text: str, expected: str) -> None:
    found = {d.code for d in check(text) if d.severity == "error"}
    assert expected in found


def test_flag_field_with_any_name_and_same_bit_shared() -> None:
    assert check("a mode:# x:mode.3?int y:mode.3?true = A;") == []


def test_unused_type_param_is_a_warning() -> None:
    assert codes("f {X:Type} = Y;\ny = Y;") == [("warning", "type-param-unused", 1, 4)]


def test_id_mismatch_warns_with_every_id_and_line() -> None:
    (diagnostic,) = check("\n\nipPortSecret#12345678 ipv4:int port:int secret:bytes = IpPort;")
    assert diagnostic.severity == "warning" and diagnostic.code == "id-mismatch"
    assert "#12345678" in diagnostic.message
    assert "#37982646 as written, #402d9b47 by Telegram's rule" in diagnostic.message
    assert "line 3" in diagnostic.message and diagnostic.span.line == 3


def test_explicit_id_matching_either_rule_is_silent() -> None:
    assert check("ipPortSecret#37982646 ipv4:int port:int secret:bytes = IpPort;") == []
    assert check("ipPortSecret#402d9b47 ipv4:int port:int secret:bytes = IpPort;") == []


def test_undeclared_bool_is_one_error_saying_how_to_declare_it() -> None:
    found = check("a x:Bool = A;\nb y:Bool z:Vector<Bool> = B;\n---functions---\nf = Bool;")
    assert [(d.severity, d.code, d.span.line) for d in found] == [("error", "bool-undeclared", 1)]
    assert "used 4 times" in found[0].message
    assert "boolFalse#bc799737 = Bool; boolTrue#997275b5 = Bool;" in found[0].message


def test_function_result_without_constructors_is_a_warning() -> None:
    # MTProto's http_wait (ids published in Telegram's mtproto.tl).
    text = "http_wait#9299359f max_delay:int wait_after:int max_wait:int = HttpWait;"
    found = codes("---functions---\n" + text)
    assert found == [("warning", "result-no-constructors", 2, text.index("HttpWait") + 1)]
    assert codes("a x:HttpWait = A;") == [("error", "unknown-type", 1, 5)]


def test_builtins_need_a_known_wire_form() -> None:
    assert check("int32 ? = Int32;\nsecureBytes ? = SecureBytes;\nobject ? = Object;") == []
    (diagnostic,) = check("uint7 ? = Uint7;")
    assert diagnostic.code == "unknown-builtin" and diagnostic.severity == "error"
    assert "'uint7'" in diagnostic.message and "secureString" in diagnostic.message


def test_builtin_with_a_wrong_id_is_a_warning() -> None:
    assert codes("int#a8509bda ? = Int;") == []
    assert codes("int#a8509bdb ? = Int;") == [("warning", "id-mismatch", 1, 1)]


def test_duplicate_ids_in_one_section_are_errors() -> None:
    real = crc("a = A")
    found = codes(f"a#{real} = A;\nb#{real} = B;")
    assert ("error", "duplicate-id", 2, 1) in found


def test_borrowed_id_in_one_section_is_a_warning() -> None:
    # TDLib: `invokeWithReCaptchaPrefix#adbb0f94` borrows the id of invokeWithReCaptcha.
    text = (
        "---functions---\n"
        "invokeWithReCaptchaPrefix#adbb0f94 token:string = Error;\n"
        "invokeWithReCaptcha#adbb0f94 {X:Type} token:string query:!X = X;\n"
        "---types---\nerror#c4b9f9bb code:int text:string = Error;\n"
    )
    found = codes(text)
    assert ("warning", "shared-id", 3, 1) in found
    assert all(severity == "warning" for severity, *_ in found)


def test_id_shared_by_constructor_and_function_is_a_warning() -> None:
    real = crc("a = A")
    found = codes(f"a#{real} = A;\n---functions---\nf#{real} = A;")
    assert sorted(found) == [("warning", "id-mismatch", 3, 1), ("warning", "shared-id", 3, 1)]


def test_same_name_in_types_and_functions_is_allowed() -> None:
    assert [d.code for d in check("ping = Pong;\n---functions---\nping = Pong;")] == ["shared-id"]


def test_several_files_form_one_schema() -> None:
    # A type declared in one file resolves uses in another; identical builtins are kept once.
    schema, _ = merge_files(
        [parse_text("int ? = Int;\na = A;"), parse_text("int ? = Int;\nb x:A = B;")]
    )
    assert validate(schema) == []
    assert [b.name for b in schema.builtins] == ["int"]


def test_different_layers_in_two_files_warn() -> None:
    found = check("a = A;\n// LAYER 1\n", "b = B;\n// LAYER 2\n")
    assert [(d.code, d.span.path) for d in found] == [("layer-conflict", "f1.tl")]
