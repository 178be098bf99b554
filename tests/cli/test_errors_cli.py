"""`tlgen errors` as docs/ARCHITECTURE.md §5 specifies it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO
from tlgen.cli import main

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
    assert by_name["FLOOD_WAIT_X"]["pattern"] == r"^FLOOD_WAIT_([0-9]{1,10})$"
    assert data["pages"] == []  # our pages document what their titles say


def test_text_prints_the_merged_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", *TABLES, "--json"]) == 0
    catalog = json.loads(capsys.readouterr().out)
    assert main(["errors", *TABLES]) == 0
    lines = capsys.readouterr().out.splitlines()
    # 8 + 5 + 3 + 7 rows; 14 distinct names; every page agrees on each code set.
    assert lines[-1] == "14 errors, 4 methods, 0 conflicts from 4 files (23 rows)"
    assert lines[0] == f"Errors ({len(catalog['errors'])}):"
    # Every error of the JSON catalog, in its order, with its codes, description and methods.
    expected = []
    for error in catalog["errors"]:
        expected.append(f"  {error['name']}  [{' '.join(map(str, error['codes']))}]")
        expected.append(f"      {error['description']}")
        expected.append(f"      methods: {', '.join(error['methods'])}")
    assert lines[1 : 1 + len(expected)] == expected
    bots = {True: "yes", False: "no", None: "unknown"}
    expected_methods = [f"Methods ({len(catalog['methods'])}):"]
    for method in catalog["methods"]:
        raised = ", ".join(f"{e['code']} {e['name']}" for e in method["errors"])
        expected_methods += [
            f"  {method['method']}  (bots: {bots[method['bots']]})",
            f"      {raised}",
        ]
    assert lines[1 + len(expected) : -1] == expected_methods


def test_text_neutralises_control_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "auth.logOut.md"
    page.write_text(
        "# auth.logOut\n\n## Possible errors\n\n| Code | Type | Description |\n"
        "| --- | --- | --- |\n| 400 | EVIL_ERROR | Bad \x1b]0;pwned\x07 title |\n",
        encoding="utf-8",
    )
    assert main(["errors", str(page)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "      Bad ?]0;pwned? title" in out.splitlines()


def test_json_descriptions_and_their_conflicts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "auth.cancelCode.md"
    other.write_text(
        "# Method: auth.cancelCode\n\nCancel the code.\n\n### Parameters:\n\n"
        "| Name | Type | Description |\n|---|---|---|\n|phone\\_number|string|The phone|\n",
        encoding="utf-8",
    )
    args = ["errors", *TABLES, str(other), "--json"]
    for path in SCHEMA:
        args += ["--schema", path]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    described = {(d["kind"], d["name"]): d for d in data["descriptions"]}
    cancel = described[("function", "auth.cancelCode")]
    # The schema's //@ comment comes first and is the one kept.
    assert cancel["description"] == "Invalidate a login code that was sent."
    assert cancel["params"][0] == {
        "name": "phone_number",
        "description": "Phone number in international format",
    }
    assert cancel["sources"][0].endswith("api.tl")
    conflicts = {(c["name"], c["field"]): c for c in data["conflicts"]}
    doc = conflicts[("auth.cancelCode", "doc")]
    assert [v["value"] for v in doc["values"]] == [
        "Invalidate a login code that was sent.",
        "Invalidate a login code that was sent.",
        "Cancel the code.",
    ]
    assert doc["values"][2]["source"] == f"{other}:3"
    assert ("auth.cancelCode", "doc.phone_number") in conflicts
    # Our own schema comments and pages agree everywhere else.
    assert {name for name, _ in conflicts} == {"auth.cancelCode"}
