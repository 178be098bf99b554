"""Inputs that are not regular files, or too large, are refused with exit 2, never read forever."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import run_tlgen
from tlgen import spans
from tlgen.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    # A blocking read never returns: two minutes tells it from a slow start on busy cores.
    return run_tlgen(*args, cwd=REPO, timeout=120)


@pytest.mark.parametrize("command", ["parse", "errors"])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe.tl"
    os.mkfifo(fifo)
    result = run_cli(command, str(fifo))
    assert result.returncode == 2
    assert result.stderr == f"{fifo}: error: cannot read file: not a regular file\n"


def test_dev_zero_is_refused_without_reading_it() -> None:
    result = run_cli("parse", "/dev/zero")
    assert (result.returncode, result.stderr) == (
        2,
        "/dev/zero: error: cannot read file: not a regular file\n",
    )


def test_a_file_over_the_size_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(spans, "MAX_INPUT_BYTES", 10)
    path = tmp_path / "a.tl"
    path.write_text("a = A;\nb = B;\n")
    assert main(["parse", str(path)]) == 2
    assert capsys.readouterr().err == f"{path}: error: cannot read file: larger than 10 bytes\n"


def test_a_csv_field_over_the_csv_limit_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "errors.csv"
    path.write_text("name,codes,description\nA,400,ok\nB,400," + "x" * 131_073 + "\n")
    result = run_cli("errors", str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        f"{path}:3:1: error: field longer than 131072 characters"
    )
