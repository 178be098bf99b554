"""mypy --strict on the whole TDLib JSON package (td_api.tl: client, codec and every class)
and on code using it (tests/typing/cases/tdjson.py): nullable fields are `X | None`, results
are typed by their request, and execute() accepts only the synchronous requests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import REPO
from tests.typing.test_generated_typing import CASES, check_case


def test_tdjson_package_and_its_use_pass_mypy_strict(td_api: ModuleType) -> None:
    folder = Path(td_api.__file__ or "").parent
    case = CASES / "tdjson.py"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--hide-error-context",
         "--no-pretty", "--cache-dir", str(folder.parent / ".mypy_cache"), str(folder), str(case)],
        cwd=REPO, env=dict(os.environ, MYPYPATH=str(folder.parent)), capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    case_lines = (str(case), str(case.relative_to(REPO)))
    package_errors = [
        line for line in result.stdout.splitlines() if not line.startswith(case_lines)
    ]
    assert [line for line in package_errors if ": error:" in line] == []
    check_case(case, result.stdout)
