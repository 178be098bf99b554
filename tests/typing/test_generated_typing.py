"""mypy --strict on the generated default package and on code using it (mypy-protobuf style).

In the case files, `# R: T` says what `reveal_type` on that line must print and `# E: text`
says which error that line must raise; any other error fails the test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO
from tlgen.schema.model import Schema

CASES = Path(__file__).with_name("cases")
MYPY_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<kind>error|note): (?P<message>.*)$")


def run_mypy(*targets: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MYPYPATH=str(REPO / "generated"))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--hide-error-context",
         "--no-pretty", *targets],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_generated_package_passes_mypy_strict() -> None:
    result = run_mypy(str(REPO / "generated" / "tl"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", ["telegram222", "tdlib"])
def test_whole_api_packages_pass_mypy_strict(
    key: str, corpus_package: Callable[[str], tuple[ModuleType, Schema]]
) -> None:
    # Thousands of classes: every template path (true-flag properties, run decoders, decoder
    # tables, generic requests) meets names and shapes the default schema lacks.
    package, _ = corpus_package(key)
    result = run_mypy(str(Path(package.__file__).parent))
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


@pytest.mark.parametrize("case", ["usage.py", "wrong_types.py", "mtproto.py"])
def test_case_file_reveals_and_errors(case: str) -> None:
    path = CASES / case
    check_case(path, run_mypy(str(path)).stdout)


def check_case(path: Path, mypy_output: str) -> None:
    """Every `# R:` / `# E:` line of a case file as mypy said, and no other error."""
    expected: dict[int, tuple[str, str]] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        for marker in ("# R: ", "# E: "):
            if marker in line:
                expected[number] = (marker[2], line.split(marker, 1)[1].strip())
    assert expected, "a case file without expectations tests nothing"
    seen: dict[int, list[tuple[str, str]]] = {}
    for line in mypy_output.splitlines():
        match = MYPY_LINE.match(line)
        if match and Path(match["file"]).name == path.name:
            seen.setdefault(int(match["line"]), []).append((match["kind"], match["message"]))
    for number, (kind, text) in expected.items():
        messages = seen.pop(number, [])
        if kind == "R":
            assert ("note", f'Revealed type is "{text}"') in messages, (number, messages)
        else:
            assert any(k == "error" and text in m for k, m in messages), (number, messages)
    unexpected = {n: m for n, m in seen.items() if any(k == "error" for k, _ in m)}
    assert unexpected == {}
