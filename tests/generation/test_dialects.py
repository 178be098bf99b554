"""Schemas in the shapes of TON's (ton_api, lite_api, tonlib_api) and TDLib's (secret_api,
e2e_api) dialects, hand-written small: golden directories under dialects/.

Each case holds `schema.tl` and `expected.txt`: the diagnostics, then every definition with its
id and the Python module and class it becomes, then every abstract type with its base class and
Union alias. The packages generated from them must import, pass mypy --strict, and round-trip
every constructor and function through the package's own strategies.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import generate_from_files, generate_from_text
from tests.property.test_round_trip import run_round_trips
from tlgen.codegen.plan import Planner, PlanOptions, plan_package
from tlgen.schema.load import load_schema

CASES_DIR = Path(__file__).with_name("dialects")
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())


def describe(case: str) -> list[str]:
    """The golden text of a case: diagnostics, definitions, abstract types."""
    path = CASES_DIR / case / "schema.tl"
    loaded = load_schema([path])
    lines = [
        f"{d.severity} {d.code} {d.span.line}:{d.span.column}: {d.message}"
        for d in loaded.diagnostics
    ]
    plan = plan_package(Planner(loaded.schema, PlanOptions(package=case)), "header")
    kinds = {"type": "constructor", "function": "function"}
    by_name = {(d.kind, d.name): d for d in loaded.schema.definitions}
    for module in plan.modules:
        for cls in module.classes:
            kind = "type" if module.kind == "types" else "function"
            definition = by_name[(kind, cls.tl_name)]
            lines.append(
                f"{kinds[kind]} {cls.tl_name} #{cls.constructor_id:08x} ({definition.id_source})"
                f" -> {module.kind}.{module.module}.{cls.name}"
            )
        for base in module.bases:
            lines.append(
                f"type {base.type_name} -> {module.kind}.{module.module}.{base.base_class}"
                f" / {base.union}"
            )
    return lines


@pytest.mark.parametrize("case", CASES)
def test_golden_names_ids_and_diagnostics(case: str) -> None:
    expected = (CASES_DIR / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert describe(case) == expected


def test_every_dialect_shape_has_a_case() -> None:
    assert CASES == ["e2e_api", "lite_api", "secret_api", "ton_api", "tonlib_api"]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, ModuleType]]:
    out = tmp_path_factory.mktemp("dialects")
    built = {
        case: generate_from_files([CASES_DIR / case / "schema.tl"], out, f"dialect_{case}")
        for case in CASES
    }
    return out, built


@pytest.mark.parametrize("case", CASES)
def test_every_class_round_trips(case: str, packages: tuple[Path, dict[str, ModuleType]]) -> None:
    package = packages[1][case]
    schema = load_schema([CASES_DIR / case / "schema.tl"]).schema
    assert run_round_trips(package, examples=15, max_depth=3) == len(schema.definitions)


def test_packages_pass_mypy_strict(packages: tuple[Path, dict[str, ModuleType]]) -> None:
    out, built = packages
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *(m.__name__ for m in built.values())],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_object_and_function_fields_hold_any_object_and_any_request(
    packages: tuple[Path, dict[str, ModuleType]],
) -> None:
    ton = packages[1]["ton_api"]
    from dialect_ton_api.functions import tcp  # type: ignore[import-not-found]
    from dialect_ton_api.types import TestObject, TestString, tonNode  # type: ignore[import-not-found]

    inner = TestString(value="x")
    ping = tcp.Ping(random_id=7)
    value = TestObject(value=1, o=inner, f=ping)
    data = value.to_bytes()
    # Both fields are boxed: the constructor id of each value precedes its body.
    assert data[8:12] == inner.to_bytes()[:4] and ping.to_bytes() in data
    assert ton.decode(data) == value
    with pytest.raises(TypeError):
        TestObject(value=1, o=inner, f=tonNode.Success()).to_bytes()


def test_builtin_aliases_use_their_wire_form(
    packages: tuple[Path, dict[str, ModuleType]],
) -> None:
    from dialect_tonlib_api.functions import smc  # type: ignore[import-not-found]
    from dialect_tonlib_api.types import Key  # type: ignore[import-not-found]

    key = Key(public_key="pk", secret=b"\x01\x02")
    # string "pk", then secureBytes exactly as bytes: one length byte, data, padding.
    assert key.to_bytes()[4:] == b"\x02pk\x00" + b"\x02\x01\x02\x00"
    # int53 is a long on the wire, int32 an int.
    request = smc.RunGetMethod(id=1 << 40, method=-1, stack=[])
    body = request.to_bytes()[4:]
    assert body[:8] == (1 << 40).to_bytes(8, "little") and body[8:12] == b"\xff" * 4


def test_lower_camel_dotted_namespaces_become_modules(
    packages: tuple[Path, dict[str, ModuleType]],
) -> None:
    from dialect_lite_api.types import liteServer, liteServer_debug  # type: ignore[import-not-found]

    assert liteServer_debug.Verbosity(value=3).TL_NAME == "liteServer.debug.verbosity"
    # A `#` param that no field depends on is a number of its own, not a flags word.
    header = liteServer.BlockTransactions
    assert "req_count" in header.__init__.__annotations__


def test_function_result_without_constructors_reads_any_object(tmp_path: Path) -> None:
    generate_from_text(
        "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n---functions---\n"
        "http_wait#9299359f max_delay:int wait_after:int max_wait:int = HttpWait;\n",
        tmp_path,
        "http_wait_pkg",
    )
    from http_wait_pkg.functions import HttpWait  # type: ignore[import-not-found]
    from http_wait_pkg.types import BoolTrue  # type: ignore[import-not-found]

    request = HttpWait(max_delay=0, wait_after=0, max_wait=25000)
    assert request.to_bytes()[:4] == (0x9299359F).to_bytes(4, "little")
    assert request.read_result(BoolTrue().to_bytes()) == BoolTrue()


def test_int512_is_64_little_endian_bytes(packages: tuple[Path, dict[str, ModuleType]]) -> None:
    from dialect_e2e_api.types import e2e_chain  # type: ignore[import-not-found]

    block = e2e_chain.Block(signature=-2, prev_block_hash=0, changes=[], height=1)
    body = block.to_bytes()[4:]
    assert body[:64] == b"\xfe" + b"\xff" * 63
    assert e2e_chain.Block.from_bytes(block.to_bytes()) == block
    with pytest.raises((OverflowError, ValueError)):
        e2e_chain.Block(signature=1 << 511, prev_block_hash=0, changes=[], height=1).to_bytes()
