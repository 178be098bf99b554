"""Property tests of the parser: generated schemas round-trip, mutated real lines fail cleanly."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import corpus_dir
from tlgen.schema.model import (
    Combinator,
    FlagCondition,
    Param,
    ParamLike,
    Repetition,
    Schema,
    TypeExpr,
    TypeParam,
    TypeRef,
)
from tlgen.schema.parse import PRIMITIVE_NAMES, SchemaSyntaxError, merge_files, parse_text
from tlgen.schema.validate import validate

identifier_tail = st.from_regex(r"[a-zA-Z0-9_]{0,8}", fullmatch=True)
lower_name = st.builds(
    lambda h, t: h + t, st.sampled_from("abcdefghijklmnopqrstuvwxyz"), identifier_tail
)
upper_name = st.builds(
    lambda h, t: h + t, st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), identifier_tail
)
namespace = st.one_of(st.none(), lower_name)


def qualified(names: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda ns, n: n if ns is None else f"{ns}.{n}", namespace, names)


primitive = st.sampled_from(
    ["int", "long", "double", "string", "bytes", "int128", "int256", "Bool"]
)


def type_exprs(depth: int = 3) -> st.SearchStrategy[TypeExpr]:
    leaf = st.one_of(
        primitive.map(TypeRef),
        qualified(upper_name).map(TypeRef),
        qualified(upper_name).map(lambda n: TypeRef(n, bare=True)),
        qualified(lower_name).map(TypeRef),  # a bare constructor reference
    )
    if depth == 0:
        return leaf
    inner = type_exprs(depth - 1)
    return st.one_of(
        leaf,
        st.builds(lambda a: TypeRef("Vector", (a,)), inner),
        st.builds(lambda a: TypeRef("vector", (a,)), inner),
    )


TYPE_EXPRS = type_exprs(3)
SHALLOW_TYPE_EXPRS = type_exprs(1)


@st.composite
def param_lists(draw: st.DrawFn) -> tuple[ParamLike, ...]:
    params: list[ParamLike] = []
    names: set[str] = set()
    flag_fields: list[str] = []
    for _ in range(draw(st.integers(0, 7))):
        name = draw(lower_name.filter(lambda n: n not in names))
        names.add(name)
        kind = draw(st.sampled_from(["plain", "flags", "conditional", "true", "repetition"]))
        if kind == "flags":
            params.append(Param(name, TypeRef("#")))
            flag_fields.append(name)
        elif kind in ("conditional", "true") and flag_fields:
            condition = FlagCondition(draw(st.sampled_from(flag_fields)), draw(st.integers(0, 31)))
            type_ = TypeRef("true") if kind == "true" else draw(TYPE_EXPRS)
            params.append(Param(name, type_, condition))
        elif kind == "repetition" and flag_fields:
            inner = draw(st.lists(SHALLOW_TYPE_EXPRS, min_size=1, max_size=3))
            params.append(
                Repetition(
                    name,
                    draw(st.sampled_from(flag_fields)),
                    tuple(Param(f"{name}_{i}", t) for i, t in enumerate(inner)),
                )
            )
        else:
            params.append(Param(name, draw(TYPE_EXPRS)))
    return tuple(params)


doc_values = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC,.()0123456789", max_size=30).map(
    lambda s: " ".join(s.split())
)
docs = st.lists(st.tuples(lower_name, doc_values), max_size=3).map(tuple)


@st.composite
def combinators(draw: st.DrawFn) -> Combinator:
    kind = draw(st.sampled_from(["type", "function"]))
    name = draw(qualified(lower_name).filter(lambda n: n not in PRIMITIVE_NAMES))
    explicit_id = draw(st.one_of(st.none(), st.integers(0, 2**32 - 1)))
    params = draw(param_lists())
    if kind == "function" and draw(st.booleans()):
        type_params = (TypeParam("X", TypeRef("Type")),)
        params = (*params, Param("query_", TypeRef("X"), None, True))
        result = TypeRef("X")
    else:
        type_params = ()
        result = TypeRef(draw(qualified(upper_name)))
    return Combinator(kind, name, explicit_id, type_params, params, result, draw(docs))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(combinators(), min_size=1, max_size=6), st.one_of(st.none(), st.integers(0, 999)))
def test_generated_definitions_parse_back_to_the_same_model(
    definitions: list[Combinator], layer: int | None
) -> None:
    schema = Schema(tuple(definitions), (), layer)
    parsed = parse_text(str(schema), "generated.tl")
    assert parsed.definitions == schema.definitions
    assert parsed.layer == layer
    # Ids: explicit ones are kept, missing ones inferred the same way both times.
    assert [d.id for d in parsed.definitions] == [d.id for d in definitions]


def real_lines() -> list[str]:
    root = corpus_dir()
    if root is None:
        # Without the corpus, mutate our own default schema (still real definitions).
        path = Path(__file__).resolve().parents[2] / "schema" / "api.tl"
    else:
        path = root / "telegram" / "api" / "layer-222.tl"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if "=" in line]


LINES = real_lines()
NOISE = st.sampled_from(
    list("#:;=?!%{}[]()<>.,*/ \n\t-_0129afAZ") + ["\x00", "é", "\u202e", "//", "/*"]
)


@st.composite
def mutated_lines(draw: st.DrawFn) -> str:
    line = draw(st.sampled_from(LINES))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(line)))
        operation = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "truncate"]))
        if operation == "delete":
            line = line[:position] + line[position + draw(st.integers(1, 5)) :]
        elif operation == "insert":
            line = line[:position] + draw(NOISE) + line[position:]
        elif operation == "replace":
            line = line[:position] + draw(NOISE) + line[position + 1 :]
        elif operation == "duplicate":
            line = line[:position] + line[position : position + 8] + line[position:]
        else:
            line = line[:position]
    return line


@settings(max_examples=1500, deadline=None)
@given(mutated_lines())
def test_mutated_real_lines_raise_only_the_syntax_error(text: str) -> None:
    try:
        parsed = parse_text(text, "mutated.tl")
    except SchemaSyntaxError as error:
        span = error.diagnostic.span
        assert span.path == "mutated.tl"
        assert 1 <= span.line <= text.count("\n") + 1
        assert 1 <= span.column <= len(text) + 1
        assert error.diagnostic.message
        return
    # What parses must also validate without crashing.
    schema, diagnostics = merge_files([parsed])
    diagnostics.extend(validate(schema))
    assert all(d.span.path == "mutated.tl" for d in diagnostics)
