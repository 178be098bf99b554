"""`tlgen errors` as DESIGN.md §7 specifies it."""

from __future__ import annotations

import json

import pytest

from generator.cli import main
from tests.conftest import REPO

TABLES = sorted(str(p) for p in (REPO / "schema" / "errors").glob("*.md"))
SCHEMA = [str(REPO / "schema" / "api.tl"), str(REPO / "schema" / "mtproto.tl")]


def test_json_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["errors", *TABLES, "--json"]
    for path in SCHEMA:
        args += ["--schema", path]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"errors", "conflicts"}
    by_name = {e["name"]: e for e in data["errors"]}
    invalid = by_name["PHONE_NUMBER_INVALID"]
    assert invalid["codes"] == [400, 406]
    assert invalid["methods"] == [
        "auth.cancelCode",
        "auth.resendCode",
        "auth.sendCode",
        "auth.signIn",
    ]
    assert len(invalid["sources"]) == 4
    assert set(invalid) == {"name", "codes", "description", "methods", "sources", "pattern"}
    assert by_name["FLOOD_WAIT_X"]["pattern"] == r"^FLOOD_WAIT_(\d+)$"
    assert data["pages"] == []  # our pages document what their titles say


def test_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", *TABLES]) == 0
    out = capsys.readouterr().out.strip()
    # 8 + 5 + 3 + 7 rows; 14 distinct names; every page agrees on each code set.
    assert out == "14 errors, 4 methods, 0 conflicts from 4 files (23 rows)"
