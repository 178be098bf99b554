"""Hostile command lines: each case directory holds `args` (one argument per line), the input
files, `expected.txt`, the exact stderr, and optionally `stdout.txt`. Every case exits 2 (or 0 when `expected.txt` is
empty), prints no traceback, and leaves the case directory as it was (no file written by a
program the arguments reach, such as git). Each case runs in a copy of its directory made a git
repository of its own, so that `REV:path` arguments meet the same git wherever the suite runs
(a checkout, an unpacked archive)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

CASES = sorted(p for p in (Path(__file__).parent / "hostile_cli").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_command_line(case: Path, tmp_path: Path) -> None:
    where = tmp_path / case.name
    shutil.copytree(case, where)
    subprocess.run(["git", "init", "--quiet", str(where)], check=True, timeout=60)
    before = sorted(p.name for p in where.iterdir())
    args = (case / "args").read_text(encoding="utf-8").splitlines()
    result = subprocess.run(
        [sys.executable, "-m", "tlgen", *args],
        capture_output=True,
        text=True,
        cwd=where,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        timeout=300,  # stops a hang only: these prove messages, on cores shared with other work
    )
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr == expected
    assert result.returncode == (2 if expected else 0), result.stdout
    assert sorted(p.name for p in where.iterdir()) == before
    if (case / "stdout.txt").exists():
        assert result.stdout == (case / "stdout.txt").read_text(encoding="utf-8")
