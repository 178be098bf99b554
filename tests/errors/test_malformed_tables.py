"""Malformed error tables give file:line messages and exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tlgen.cli import main

PAGE = "# Method: auth.sendCode\n\n### Errors\n\n{table}"
CASES = {
    "non-numeric-code.md": (
        PAGE.format(
            table="| Code | Type | Description |\n|---|---|---|\n|400|A_B|x|\n|4OO|C_D|y|\n"
        ),
        ":8:1: error: error code '4OO' is not a number",
    ),
    "no-header.md": (
        PAGE.format(table="|400|A_B|x|\n|406|C_D|y|\n"),
        ":5:1: error: errors table has no 'Code | Type | Description' header",
    ),
    "truncated.md": (
        PAGE.format(table="| Code | Type | Description |\n|---|---|---|\n|400|A_B|x|\n|406")[:-1],
        ":8:1: error: error row has 1 cell(s): expected Code | Type | Description",
    ),
    "no-title.md": ("some text\n| Code | Type | Description |\n", ":1:1: error: no method title"),
    "bad.csv": (
        "name,codes,description\nA_B,400 x4,desc\n",
        ":2:1: error: error code 'x4' is not a number",
    ),
    "wrong-header.csv": ("a,b\n1,2\n", ":1:1: error: unknown CSV header"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_table(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, expected = CASES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["errors", str(path)]) == 2
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith(f"{path}{expected}")


def test_non_utf8_table_in_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(b"# Method: a.b\n\xff\n")
    result = subprocess.run(
        [sys.executable, "-m", "tlgen", "errors", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}:1:1: error: invalid UTF-8")


def test_a_repeated_row_with_another_description_is_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "dup.csv"
    table.write_text(
        "name,codes,description\nA_ERROR,400,First text.\nB_ERROR,400,b\n"
        "A_ERROR,400,first TEXT\nA_ERROR,400,Another text\n"
    )
    assert main(["errors", str(table)]) == 0
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"conflict: A_ERROR description: {table}: First text.; {table}:5:1: Another text"
    ]
    assert out.out.endswith("2 errors, 0 methods, 1 conflicts from 1 files (4 rows)\n")
