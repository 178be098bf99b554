"""generator/ is typed: mypy --strict must pass on it."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_generator_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "generator"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success:")
