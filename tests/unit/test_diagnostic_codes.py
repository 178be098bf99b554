"""Every registered diagnostic code (generator/diagnostics.py) is produced by an example input
(loaded as every command loads a schema: with codegen's limits), and an error code makes the
schema unusable; the README lists exactly the registered codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tlgen.diagnostics import DIAGNOSTICS
from tlgen.errortables.read import read_error_source
from tlgen.inputs import load_checked_schema_bytes
from tlgen.schema.parse import SchemaSyntaxError
from tlgen.spans import Diagnostic, InputError, SourceSpan

BOOL = "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n"
# One small schema per schema code; each must produce that code.
SCHEMA_EXAMPLES = {
    "syntax": "a#1 x:int = A",
    "unknown-type": "a#1 x:Foo = A;",
    "duplicate-name": "a x:int = A;\na y:int = A;",
    "duplicate-id": "a#1 = A;\nb#1 = A;",
    "duplicate-param": "a x:int x:int = A;",
    "shared-id": "ping = Pong;\n---functions---\nping = Pong;",
    "id-mismatch": "a#1 = A;",
    "flag-field-undeclared": "a x:f.0?int = A;",
    "flag-field-not-nat": "a f:int x:f.0?int = A;",
    "flag-bit-range": "a f:# x:f.32?int = A;",
    "excl-unbound": "a q:!X = A;",
    "bare-polymorphic": "a = A;\nb = A;\nc x:%A = C;",
    "type-arity": "a x:Vector<int,int> = A;",
    "type-param-kind": "a {X:int} q:!X = A;",
    "type-param-unused": "f {X:Type} = Y;\ny = Y;",
    "result-not-boxed": "a = lowercase;",
    "repetition-count": "a [ int ] = A;",
    "layer-conflict": "// LAYER 1\na = A;\n// LAYER 2",
    "bool-undeclared": "a x:Bool = A;",
    "unknown-builtin": "uint7 ? = Uint7;",
    "result-no-constructors": "---functions---\nhttp_wait max_delay:int = HttpWait;",
    "id-reserved": "foo#3072cfa1 x:int = Foo;",
    "param-name-reserved": "foo _:int = Foo;",
    "vector-too-deep": "foo x:" + "Vector<" * 17 + "int" + ">" * 17 + " = Foo;",
    "namespace-name": "__init__.foo x:int = __init__.Foo;",
    "name-too-long": "foo x:int = " + "Long" * 60 + ";",
    "schema-too-large": "".join(f"n{i}.a = n{i}.A;\n" for i in range(10_001)),
}
# Examples that must not start with the Bool declaration.
WITHOUT_BOOL = frozenset({"bool-undeclared"})


def diagnostics_of(text: str, with_bool: bool = True) -> tuple[list[Diagnostic], bool]:
    """The diagnostics of a schema text, and whether the schema is usable."""
    source = ("t.tl", ((BOOL if with_bool else "") + text).encode())
    try:
        loaded = load_checked_schema_bytes([source])
    except SchemaSyntaxError as error:
        return [error.diagnostic], False
    return list(loaded.diagnostics), loaded.ok


@pytest.mark.parametrize("code", sorted(SCHEMA_EXAMPLES))
def test_schema_code_is_produced_and_its_severity_decides(code: str) -> None:
    found, usable = diagnostics_of(SCHEMA_EXAMPLES[code], code not in WITHOUT_BOOL)
    assert code in {d.code for d in found}
    if DIAGNOSTICS[code].severity == "error":
        assert not usable
    assert {d.severity for d in found if d.code == code} == {DIAGNOSTICS[code].severity}


def test_error_table_code(tmp_path: Path) -> None:
    page = tmp_path / "auth.sendCode.md"
    page.write_text(
        "# auth.sendCode\n\n## Possible errors\n\n| Code | Type | Description |\n|---|---|---|\n| abc | X | y |\n"
    )
    with pytest.raises(InputError) as raised:
        read_error_source(page)
    assert raised.value.diagnostic.code == "error-table"
    assert DIAGNOSTICS["error-table"].severity == "error"


def test_every_registered_code_has_an_example() -> None:
    assert set(SCHEMA_EXAMPLES) | {"error-table"} == set(DIAGNOSTICS)


def test_an_unregistered_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown diagnostic code"):
        Diagnostic("no-such-code", "message", SourceSpan("f", 1, 1))


def test_the_readme_lists_exactly_the_registered_codes() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Diagnostics") :]
    table = section[: section.index("\n\n", section.index("| Code |"))]
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", table, re.M)
    assert dict(rows) == {code: d.severity for code, d in DIAGNOSTICS.items()}
