"""Every generator module imports on its own, first (model and ids import each other: importing
either first must work). One fresh process imports each module in turn after forgetting every
module of the generator package, which is what a fresh process would have: the standard
library and the dependencies stay loaded, as they cannot take part in our import cycles."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

MODULES = sorted(
    ".".join(p.relative_to(REPO / "generator").with_suffix("").parts)
    for p in (REPO / "generator").rglob("*.py")
    if p.stem != "__main__"
)

_IMPORT_EACH_FIRST = """
import importlib, json, sys, traceback
errors = {}
for module in json.loads(sys.argv[1]):
    for name in [n for n in sys.modules if n == "tlgen" or n.startswith("tlgen.")]:
        del sys.modules[name]
    try:
        importlib.import_module(f"tlgen.{module}")
    except BaseException:
        errors[module] = traceback.format_exc()
print(json.dumps(errors))
"""


@pytest.fixture(scope="module")
def import_errors() -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_FIRST, json.dumps(MODULES)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    errors: dict[str, str] = json.loads(result.stdout)
    return errors


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first(module: str, import_errors: dict[str, str]) -> None:
    assert module not in import_errors, import_errors.get(module)
