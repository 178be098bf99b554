"""`tlgen parse` as docs/ARCHITECTURE.md §5 specifies it: exit codes, messages and the JSON
shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO
from tlgen.cli import main

SCHEMA = [str(REPO / "schema" / "api.tl"), str(REPO / "schema" / "mtproto.tl")]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_schema_exits_zero_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", *SCHEMA)
    assert code == 0
    assert out.strip() == "127 constructors, 16 functions, 7 builtins, layer 222"
    assert err == ""


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", "--json", *SCHEMA)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"layer", "definitions", "builtins", "diagnostics"}
    assert data["layer"] == 222
    assert data["diagnostics"] == []
    assert data["builtins"] == [
        "vector",
        "int",
        "long",
        "double",
        "string",
        "int128",
        "int256",
    ]
    by_name = {d["name"]: d for d in data["definitions"]}
    resend = by_name["auth.resendCode"]
    assert resend["kind"] == "function"
    assert resend["id"] == "0xcae47523"
    assert resend["id_source"] == "explicit"
    assert resend["result"] == "auth.SentCode"
    assert resend["params"] == [
        {"name": "flags", "type": "#", "flag": None},
        {"name": "phone_number", "type": "string", "flag": None},
        {"name": "phone_code_hash", "type": "string", "flag": None},
        {"name": "reason", "type": "string", "flag": "flags.0"},
    ]
    lines = Path(SCHEMA[0]).read_text().splitlines()
    assert lines[resend["line"] - 1].startswith("auth.resendCode#cae47523 ")
    # Binary key-exchange blobs are planned as bytes, but parse reports the type as written.
    assert {"name": "pq", "type": "string", "flag": None} in by_name["resPQ"]["params"]
    assert by_name["invokeWithLayer"]["params"][-1] == {"name": "query", "type": "!X", "flag": None}
    for definition in data["definitions"]:
        assert set(definition) >= {"kind", "name", "id", "id_source", "params", "result", "line"}
        assert len(definition["id"]) == 10 and definition["id"].startswith("0x")


def test_an_inferred_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.tl"
    path.write_text("message msg_id:long seqno:int bytes:int body:Object = Message;\n")
    code, out, _ = run(capsys, "parse", "--json", str(path))
    assert code == 0
    (message,) = json.loads(out)["definitions"]
    assert message["id_source"] == "inferred" and message["id"] == "0x5bb8e511"


def test_warnings_do_not_fail_and_are_in_the_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.tl"
    path.write_text("a#1 = A;\n", encoding="utf-8")
    code, out, err = run(capsys, "parse", "--json", str(path))
    assert code == 0
    (diagnostic,) = json.loads(out)["diagnostics"]
    assert diagnostic == {
        "severity": "warning",
        "code": "id-mismatch",
        "message": "a has id #00000001 but its definition hashes to #7aae25b9 (line 1)",
        "file": str(path),
        "line": 1,
        "column": 1,
        # The definition's span runs to the end of its result type: `a#1 = A`.
        "end_line": 1,
        "end_column": 8,
    }
    assert err.startswith(f"{path}:1:1: warning: ")


def test_syntax_error_with_json_still_prints_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.tl"
    path.write_text("a = A\n", encoding="utf-8")
    code, out, err = run(capsys, "parse", "--json", str(path))
    assert code == 2
    data = json.loads(out)
    assert data["definitions"] == [] and data["diagnostics"][0]["line"] == 2
    assert err.splitlines()[0] == (
        f"{path}:2:1: error: unexpected end of file: missing ';' at the end of the last definition"
    )


def test_error_in_second_file_names_that_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = tmp_path / "good.tl", tmp_path / "bad.tl"
    good.write_text("a = A;\n", encoding="utf-8")
    bad.write_text("b x:A y:Missing = B;\n", encoding="utf-8")
    code, _, err = run(capsys, "parse", str(good), str(bad))
    assert code == 2
    assert err.splitlines() == [
        f"{bad}:1:9: error: unknown type 'Missing' in b",
        "    b x:A y:Missing = B;",
        "            ^",
    ]


def test_usage_error_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["parse"])
    assert exit_info.value.code == 2
