"""Grammar and transformer: each TL feature gives the model it should."""

from __future__ import annotations

import pytest

from tlgen.schema.model import FlagCondition, NatLiteral, Param, Repetition, TypeRef
from tlgen.schema.parse import SchemaSyntaxError, parse_text


def test_definition_over_several_lines_with_comments() -> None:
    parsed = parse_text(
        "// a comment\n"
        "user#1 /* inline */ flags:#\n"
        "    id:long // the id\n"
        "    name:flags.0?string\n"
        "    = User;\n",
        "f.tl",
    )
    (user,) = parsed.definitions
    assert user.name == "user"
    assert user.explicit_id == 1
    assert [p.name for p in user.params] == ["flags", "id", "name"]
    assert user.span.path == "f.tl" and user.span.line == 2 and user.span.column == 1
    name = user.params[2]
    assert isinstance(name, Param)
    assert name.condition == FlagCondition("flags", 0)
    assert name.span.line == 4 and name.span.column == 5


def test_sections_switch_many_times_and_file_may_start_with_functions() -> None:
    parsed = parse_text(
        "---functions---\nf1 = A;\n---types---\na = A;\n---functions---\nf2 = A;\n"
        "---types---\nb = A;\n"
    )
    kinds = [(d.name, d.kind) for d in parsed.definitions]
    assert kinds == [("f1", "function"), ("a", "type"), ("f2", "function"), ("b", "type")]


@pytest.mark.parametrize(
    "marker", ["--- functions ---", "---functions ---", "---\tfunctions\n---", "---  functions---"]
)
def test_section_markers_may_have_spaces_like_tdlib_e2e_api(marker: str) -> None:
    parsed = parse_text(f"a = A;\n{marker}\nf = A;\n--- types ---\nb = B;\n")
    kinds = [(d.name, d.kind) for d in parsed.definitions]
    assert kinds == [("a", "type"), ("f", "function"), ("b", "type")]


def test_builtin_declarations_with_ids_and_ton_builtins() -> None:
    parsed = parse_text(
        "int#a8509bda ? = Int;\nobject ? = Object;\nfunction ? = Function;\n"
        "bytes data:string = Bytes;\nsecureBytes = SecureBytes;\nok = Ok;\n"
    )
    builtins = [(b.name, b.type_name, b.explicit_id) for b in parsed.builtins]
    assert builtins == [
        ("int", "Int", 0xA8509BDA),
        ("object", "Object", None),
        ("function", "Function", None),
        ("bytes", "Bytes", None),
        ("secureBytes", "SecureBytes", None),
    ]
    assert [d.name for d in parsed.definitions] == ["ok"]


@pytest.mark.parametrize(
    ("text", "layer"),
    [
        ("a = A;\n// LAYER 222\n", 222),
        ("// LAYER 7\na = A;\n", 7),
        ("a = A;\n//LAYER   15   \nb = B;", 15),
        ("a = A;\n// LAYERS 15\n", None),
        ("a = A; // not a LAYER 3 line\n", None),
    ],
)
def test_layer_comment_anywhere(text: str, layer: int | None) -> None:
    assert parse_text(text).layer == layer


def test_conflicting_layer_comments_warn() -> None:
    parsed = parse_text("a = A;\n// LAYER 1\n// LAYER 2\n")
    assert parsed.layer == 1
    assert [d.code for d in parsed.diagnostics] == ["layer-conflict"]
    assert parsed.diagnostics[0].span.line == 3


def test_tdlib_doc_comments_attach_to_the_next_definition() -> None:
    parsed = parse_text(
        "//@class Ok @description An object of this type is returned on success\n"
        "\n"
        "//@description Contains a user @id User identifier\n"
        "//-that continues here @first_name First name\n"
        "user id:int53 first_name:string = User;\n"
        "other = User;\n"
    )
    user, other = parsed.definitions
    assert user.doc == (
        ("description", "Contains a user"),
        ("id", "User identifier that continues here"),
        ("first_name", "First name"),
    )
    assert other.doc == ()


@pytest.mark.parametrize(
    ("text", "name", "type_name", "has_combinator"),
    [
        ("int ? = Int;", "int", "Int", False),
        ("bytes = Bytes;", "bytes", "Bytes", True),
        ("int128 4*[ int ] = Int128;", "int128", "Int128", True),
        ("vector#1cb5c415 {t:Type} # [ t ] = Vector t;", "vector", "Vector", True),
        ("vector {t:Type} # [ t ] = Vector t;", "vector", "Vector", True),
    ],
)
def test_builtins_are_recognised(
    text: str, name: str, type_name: str, has_combinator: bool
) -> None:
    parsed = parse_text(text)
    assert parsed.definitions == ()
    (builtin,) = parsed.builtins
    assert (builtin.name, builtin.type_name) == (name, type_name)
    assert (builtin.combinator is not None) == has_combinator


@pytest.mark.parametrize(
    "text",
    [
        "true#3fedd339 = True;",  # an ordinary constructor named after its type, with its own id
        "tlsClientHello blocks:vector<TlsBlock> = TlsClientHello;",  # named params: not a builtin
        "dummyHttpWait = HttpWait;",
    ],
)
def test_constructors_that_look_like_builtins_are_not(text: str) -> None:
    parsed = parse_text(text)
    assert parsed.builtins == ()
    assert len(parsed.definitions) == 1


def test_vector_builtin_structure() -> None:
    (builtin,) = parse_text("vector#1cb5c415 {t:Type} # [ t ] = Vector t;").builtins
    vector = builtin.combinator
    assert vector is not None
    assert [tp.name for tp in vector.type_params] == ["t"]
    hash_param, repetition = vector.params
    assert isinstance(hash_param, Param) and hash_param.name is None and hash_param.is_flags_field
    assert isinstance(repetition, Repetition)
    assert repetition.multiplicity is None
    assert repetition.params == (Param(None, TypeRef("t")),)
    assert vector.result == TypeRef("Vector", (TypeRef("t"),))


def test_generic_request_and_flags_of_any_name() -> None:
    (definition,) = parse_text(
        "initConnection#c1cd5ea9 {X:Type} flags:# mode:# flags2:# "
        "a:flags2.31?true b:mode.0?Vector<Vector<%Foo>> query:!X = X;"
    ).definitions
    assert [tp.name for tp in definition.type_params] == ["X"]
    a, b, query = definition.params[3:]
    assert isinstance(a, Param) and a.is_true_flag and a.condition == FlagCondition("flags2", 31)
    assert isinstance(b, Param) and b.condition == FlagCondition("mode", 0)
    assert b.type == TypeRef("Vector", (TypeRef("Vector", (TypeRef("Foo", bare=True),)),))
    assert str(b.type) == "Vector<Vector<%Foo>>"
    assert isinstance(query, Param) and query.excl and query.type == TypeRef("X")
    assert definition.result == TypeRef("X")


def test_bare_lowercase_vector_and_constructor_reference() -> None:
    (definition,) = parse_text(
        "future_salts#ae500895 req_msg_id:long salts:vector<future_salt> = FutureSalts;"
    ).definitions
    salts = definition.params[1]
    assert isinstance(salts, Param)
    assert salts.type.is_bare if isinstance(salts.type, TypeRef) else False
    assert salts.type == TypeRef("vector", (TypeRef("future_salt"),))


def test_repetitions_named_and_counted() -> None:
    (definition,) = parse_text("m n:# rows:n*[ x:int y:long ] fixed:2*[ int ] = M;").definitions
    _, rows, fixed = definition.params
    assert rows == Repetition(
        "rows", "n", (Param("x", TypeRef("int")), Param("y", TypeRef("long")))
    )
    assert fixed == Repetition("fixed", 2, (Param(None, TypeRef("int")),))


def test_parenthesised_application_and_group_params() -> None:
    (definition,) = parse_text("t (a b : int) ids:(vector long) v:Vector<4> = T;").definitions
    a, b, ids, v = definition.params
    assert (a, b) == (Param("a", TypeRef("int")), Param("b", TypeRef("int")))
    assert ids == Param("ids", TypeRef("vector", (TypeRef("long"),)))
    assert v == Param("v", TypeRef("Vector", (NatLiteral(4),)))


def test_namespaced_names() -> None:
    (definition,) = parse_text(
        "help.configSimple#5a592a6c date:int rules:vector<AccessPointRule> = help.ConfigSimple;"
    ).definitions
    assert definition.name == "help.configSimple"
    assert definition.namespace == "help"
    assert definition.result == TypeRef("help.ConfigSimple")


@pytest.mark.parametrize("digits", ["1", "7efe0e", "1cb5c415"])
def test_ids_of_one_to_eight_hex_digits(digits: str) -> None:
    (definition,) = parse_text(f"a#{digits} = A;").definitions
    assert definition.explicit_id == int(digits, 16)


def test_str_prints_canonical_tl() -> None:
    text = (
        "initConnection#c1cd5ea9 {X:Type} flags:# proxy:flags.0?InputClientProxy "
        "ids:vector<%Foo> rows:n*[ x:int ] query:!X = X;"
    )
    (definition,) = parse_text(text).definitions
    assert str(definition) == text


def test_deep_nesting_is_a_syntax_error_not_a_recursion_error() -> None:
    depth = 200
    text = "a x:" + "Vector<" * depth + "int" + ">" * depth + " = A;"
    with pytest.raises(SchemaSyntaxError, match="nested deeper"):
        parse_text(text)


def test_ok_constructor_named_after_its_type_is_not_a_builtin() -> None:
    parsed = parse_text("ok = Ok;\nint53 = Int53;\n")
    assert [d.name for d in parsed.definitions] == ["ok"]
    assert [b.name for b in parsed.builtins] == ["int53"]


def test_spans_carry_where_their_text_ends() -> None:
    text = "a#1 first:int\n  second:flags.0?Vector<long> = Foo;\n"
    (definition,) = parse_text(text, "t.tl").definitions
    first, second = definition.params
    lines = text.split("\n")

    def covered(span) -> str:  # type: ignore[no-untyped-def]
        assert span.line == span.end_line
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]

    assert covered(first.span) == "first:int"
    assert covered(first.type.span) == "int"
    # A param ends with its type's name; a definition with its result's name.
    assert (second.span.line, second.span.column) == (2, 3)
    assert (second.span.end_line, second.span.end_column) == (2, len("  second:flags.0?Vector") + 1)
    assert (definition.span.line, definition.span.column) == (1, 1)
    assert (definition.span.end_line, definition.span.end_column) == (2, len(lines[1]) - 1 + 1)
