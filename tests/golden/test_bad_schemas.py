"""Malformed schemas: each case directory holds input.tl and the exact diagnostics expected.

Every case must exit 2 with specific `file:line:col` messages and never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tlgen.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "bad_schema").iterdir() if p.is_dir())


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_schema_reports_specific_positions(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(case)
    exit_code = main(["parse", "input.tl"])
    err = capsys.readouterr().err
    reported = [line for line in err.splitlines() if line.startswith("input.tl:")]
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert exit_code == 2
    assert reported == expected
    assert any(": error: " in line for line in reported)
    # Each error shows the offending line and a caret under its column.
    first_error = next(i for i, line in enumerate(err.splitlines()) if ": error: " in line)
    following = err.splitlines()[first_error + 1 : first_error + 3]
    if following:
        column = int(err.splitlines()[first_error].split(":")[2])
        caret_line = following[1] if len(following) > 1 else ""
        assert caret_line.strip() == "^"
        shown = following[0][4:]
        assert len(caret_line) - 4 - 1 == min(column - 1, len(shown))


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    # These tests prove messages, not speed: the timeout only stops a hang, and stays generous
    # for two cores shared with other work.
    return subprocess.run(
        [sys.executable, "-m", "tlgen", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.mark.parametrize("name", ["binary-garbage", "non-utf8", "unterminated-block-comment"])
def test_no_traceback_in_a_real_process(name: str) -> None:
    result = run_cli("parse", str(Path(__file__).parent / "bad_schema" / name / "input.tl"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert ": error: " in result.stderr


@pytest.mark.slow
def test_five_megabyte_line(tmp_path: Path) -> None:
    # One 5 MB definition line with an unknown character near its end.
    params = " ".join(f"p{i}:int" for i in range(600_000))
    line = f"big {params} q:in$t = Big;"
    assert len(line) > 5_000_000
    path = tmp_path / "big.tl"
    path.write_text("a = A;\n" + line + "\n", encoding="utf-8")
    result = run_cli("parse", str(path), timeout=900)  # about 13 s alone, 28 s on busy cores
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first == f"{path}:2:{line.index('$') + 1}: error: unexpected character '$'"
    # The snippet is a window around the column, not the whole 5 MB line.
    assert len(result.stderr) < 1000


def test_unreadable_file_is_reported_without_traceback(tmp_path: Path) -> None:
    result = run_cli("parse", str(tmp_path / "missing.tl"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{tmp_path / 'missing.tl'}: error: cannot read file")
    assert "Traceback" not in result.stderr
