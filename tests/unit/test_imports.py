"""Every generator module imports on its own, in a fresh process (model and ids import each
other: importing either first must work)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

MODULES = sorted(
    ".".join(p.relative_to(REPO / "generator").with_suffix("").parts)
    for p in (REPO / "generator").rglob("*.py")
    if p.stem != "__main__"
)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", f"import generator.{module}"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
