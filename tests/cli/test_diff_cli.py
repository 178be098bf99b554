"""`tlgen diff`: formats, gate and exit codes, REV:path, the allowlist."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.cli import main

CASES = Path(__file__).resolve().parent.parent / "golden" / "diff"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def pair(case: str) -> list[str]:
    return [str(CASES / case / "old.tl"), str(CASES / case / "new.tl")]


@pytest.mark.parametrize(
    ("case", "fail_on", "expected"),
    [
        ("true-flag-added", "error", 0),  # info only
        ("true-flag-added", "info", 1),
        ("constructor-added-to-received-type", "error", 0),  # dangerous
        ("constructor-added-to-received-type", "dangerous", 1),
        ("field-removed", "error", 1),
        ("field-removed", "never", 0),
    ],
)
def test_gate_exit_codes(
    case: str, fail_on: str, expected: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *pair(case), "--fail-on", fail_on)[0] == expected


def test_unreadable_input_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.tl"
    bad.write_text("a = A\n")
    code, _, err = run(capsys, pair("field-removed")[0], str(bad))
    assert code == 2 and f"{bad}:2:1: error:" in err
    code, _, err = run(capsys, pair("field-removed")[0], str(tmp_path / "missing.tl"))
    assert code == 2 and "cannot read" in err


def test_json_has_stable_fingerprints_and_sides(capsys: pytest.CaptureFixture[str]) -> None:
    first = json.loads(run(capsys, *pair("true-flag-moved"), "--format", "json")[1])
    second = json.loads(run(capsys, *pair("true-flag-moved"), "--format", "json")[1])
    assert first == second
    (finding,) = first["findings"]
    assert finding["rule"] == "true-flag-moved" and finding["wire"] == "silent"
    assert finding["old"]["id"] == finding["new"]["id"]
    assert finding["old"]["line"] == 2 and finding["new"]["text"].startswith("user#")
    assert len(finding["fingerprint"]) == 16
    assert finding["signature"]["new"] == "User(*, bot: bool = False, id: int, name: str)"


def test_markdown_has_counts_then_sections_in_changelog_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, *pair("constructor-moved"), "--format", "markdown")[1]
    lines = out.splitlines()
    table = lines.index(
        "| Section | Findings | error | dangerous | info | wire break | wire silent |"
    )
    assert lines[table + 2] == "| Changed constructors | 2 | 2 | 0 | 0 | 2 | 0 |"
    assert lines[table + 3] == "| Deleted types | 1 | 1 | 0 | 0 | 1 | 0 |"
    assert out.index("### Changed constructors") < out.index("### Deleted types")


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, *pair("renamed"), "--format", "github", "--fail-on", "never")[1]
    lines = out.splitlines()
    assert lines[0].startswith(
        f"::warning file={pair('renamed')[1]},line=3,title=id-not-crc::userNone: "
    )
    assert lines[1].startswith(
        f"::warning file={pair('renamed')[1]},line=3,title=renamed::userNone: same id"
    )


def test_allowlist_accepts_a_break(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    findings = json.loads(run(capsys, *pair("field-removed"), "--format", "json")[1])["findings"]
    allow = tmp_path / "allow.txt"
    allow.write_text(
        "".join(f"{f['fingerprint']} dropped on purpose  # reviewed\n" for f in findings)
    )
    code, out, _ = run(capsys, *pair("field-removed"), "--allow", str(allow))
    assert code == 0
    assert "[accepted: dropped on purpose]" in out
    allow.write_text(findings[0]["fingerprint"] + " only one\n")
    assert run(capsys, *pair("field-removed"), "--allow", str(allow))[0] == 1


def test_revisions_read_from_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.invalid")
    git("config", "user.name", "t")
    schema = tmp_path / "api.tl"
    schema.write_text((CASES / "method-added" / "old.tl").read_text())
    git("add", "api.tl")
    git("commit", "-qm", "old")
    schema.write_text((CASES / "method-added" / "new.tl").read_text())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "HEAD:api.tl", "api.tl", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["old"]["source"] == "HEAD:api.tl"
    assert [f["rule"] for f in data["findings"]] == ["method-added"]
    assert run(capsys, "NOPE:api.tl", "api.tl")[0] == 2
