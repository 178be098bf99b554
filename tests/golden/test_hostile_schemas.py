"""Hostile but valid schemas: each case directory holds input.tl (and optionally error tables,
*.csv). `tlgen parse` accepts each, so the generated package must import, pass mypy --strict,
carry the ids `tlgen parse --json` reports, and round-trip every class (bytes, then dict)."""

from __future__ import annotations

import builtins
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given

from tests.helpers import per_class_settings
from tlgen.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "hostile_schema").iterdir() if p.is_dir())


def _package_name(case: Path) -> str:
    return "hs_" + case.name.replace("-", "_")


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("hostile_schema")
    for case in CASES:
        tables = [arg for p in sorted(case.glob("*.csv")) for arg in ("--errors", str(p))]
        argv = ["generate", "--schema", str(case / "input.tl"), *tables]
        assert main([*argv, "--out", str(out), "--package", _package_name(case)]) == 0
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


def _load(case: Path) -> ModuleType:
    package = importlib.import_module(_package_name(case))
    for kind in ("types", "functions", "base", "errors"):
        importlib.import_module(f"{package.__name__}.{kind}")
    return package


# Cases whose round trip takes seconds (hypothesis draws 16-deep vectors): `make test` only.
SLOW_CASES = frozenset({"nested-vectors-16"})


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.slow) if c.name in SLOW_CASES else c for c in CASES],
    ids=[c.name for c in CASES],
)
def test_generated_package_round_trips(
    case: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = _load(case)
    registry = importlib.import_module(f"{package.__name__}._registry")
    strategies = importlib.import_module(f"{package.__name__}.strategies")
    assert main(["parse", "--json", str(case / "input.tl")]) == 0
    parsed = json.loads(capsys.readouterr().out)["definitions"]
    assert len(parsed) == len(registry._CONSTRUCTORS) + len(registry._FUNCTIONS)
    for definition in parsed:
        round_trip_class(definition, registry, strategies, package)


def round_trip_class(
    definition: dict[str, Any], registry: Any, strategies: Any, package: Any
) -> None:
    function = definition["kind"] == "function"
    cls = registry.find_by_name(definition["name"], function)
    assert f"0x{cls.CONSTRUCTOR_ID:08x}" == definition["id"]

    @per_class_settings(25)
    @given(strategies.for_class(cls))
    def round_trip(obj: object) -> None:
        data = obj.to_bytes()  # type: ignore[attr-defined]
        again = cls.from_bytes(data) if function else package.decode(data)
        assert again == obj
        assert cls.from_dict(json.loads(json.dumps(obj.to_dict()))) == obj  # type: ignore[attr-defined]

    round_trip()


@pytest.mark.slow
def test_generated_packages_pass_mypy_strict(out_dir: Path) -> None:
    packages = [str(out_dir / _package_name(case)) for case in CASES]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *packages],
        capture_output=True,
        text=True,
        cwd=out_dir,
        env={**os.environ, "MYPYPATH": str(out_dir)},
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_flag_checks_raise_the_builtin_value_error(out_dir: Path) -> None:
    case = next(c for c in CASES if c.name == "constructor-shadowing-builtins")
    types = _load(case).types
    assert types.ValueError_.TL_NAME == "valueError"
    with pytest.raises(builtins.ValueError, match="share one flag bit"):
        types.ValueError_(a=1, b=None).to_bytes()


def test_the_loop_variable_leaves_the_flags_word_alone(out_dir: Path) -> None:
    case = next(c for c in CASES if c.name == "flags-local-vs-loop-variable")
    foo = _load(case).types.Foo(f_x=[False, True], a=7)
    # id, Vector<Bool> of two, then x0 = 1 (bit 0: a is present), then a.
    assert foo.to_bytes()[4:] == bytes.fromhex(
        "15c4b51c 02000000 379779bc b5757299 01000000 07000000"
    )


def test_class_attributes_are_not_replaced_by_params(out_dir: Path) -> None:
    case = next(c for c in CASES if c.name == "class-attribute-params")
    get_foo = _load(case).functions.GetFoo
    assert get_foo.ERRORS == ((400, "FOO_INVALID"),) and get_foo.BOTS_CAN_USE is True
    request = get_foo(ERRORS_=1, BOTS_CAN_USE_=False, to_dict_=2, read_result_=3)
    assert request.to_dict()["ERRORS"] == 1 and get_foo.ERRORS == ((400, "FOO_INVALID"),)
