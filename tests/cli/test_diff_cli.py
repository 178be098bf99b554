"""`tlgen diff`: formats, gate and exit codes, REV:path, the allowlist, annotation limits."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tlgen.cli import main
from tlgen.review.report import ANNOTATIONS_PER_LEVEL

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
        # A wire break with a layer bump: clients regenerate, the default gate passes.
        ("field-removed", "error", 0),
        ("field-removed", "dangerous", 1),
        ("field-removed", "never", 0),
        # The same break without a layer bump: someone edited the schema by hand.
        ("wire-break-without-layer-bump", "error", 1),
        # Same id, other meaning: always an error, layer bump or not.
        ("true-flag-moved", "error", 1),
        ("true-flag-reused-bit", "error", 1),
        ("silent-field-added", "error", 1),
        # Same bytes (bytes -> string), another Python type: dangerous, not an error.
        ("field-type-same-wire", "error", 0),
        ("field-type-same-wire", "dangerous", 1),
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


def test_text_shows_each_definition_once_with_its_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, *pair("optional-field-added"))[1]
    lines = out.splitlines()
    assert lines[0].endswith(": 1 changed definition (1 dangerous), 3 findings")
    # The TL lines and the signatures once, then one item per rule.
    assert sum(line.lstrip().startswith("- ") for line in lines) == 2
    assert sum(line.lstrip().startswith("+ ") for line in lines) == 2
    rules = [line.split()[2].rstrip(":") for line in lines if line.lstrip().startswith("* ")]
    assert rules == ["flags-word-added", "id-changed", "optional-field-added"]


def test_json_groups_rules_under_definitions_with_stable_fingerprints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = json.loads(run(capsys, *pair("true-flag-moved"), "--format", "json")[1])
    second = json.loads(run(capsys, *pair("true-flag-moved"), "--format", "json")[1])
    assert first == second
    (finding,) = first["findings"]
    assert finding["rule"] == "true-flag-moved" and finding["wire"] == "silent"
    assert finding["severity"] == "error"
    assert finding["old"]["id"] == finding["new"]["id"]
    assert finding["old"]["line"] == 2 and finding["new"]["text"].startswith("user#")
    # The fingerprint tlgen gave this finding before findings were grouped (commit 66ef933).
    assert finding["fingerprint"] == "cd87631073b901ca"
    assert finding["signature"]["new"] == "User(*, bot: bool = False, id: int, name: str)"
    grouped = json.loads(run(capsys, *pair("optional-field-added"), "--format", "json")[1])
    (definition,) = grouped["definitions"]
    assert definition["entity"] == "user" and definition["severity"] == "dangerous"
    assert [f["rule"] for f in definition["findings"]] == [f["rule"] for f in grouped["findings"]]
    assert grouped["layer_bumped"] is True


def test_markdown_counts_definitions_as_its_headings_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, *pair("constructor-moved"), "--format", "markdown")[1]
    lines = out.splitlines()
    table = lines.index(
        "| Section | Definitions | error | dangerous | info | wire break | wire silent |"
    )
    assert lines[table + 2] == "| Changed constructors | 1 | 0 | 1 | 0 | 1 | 0 |"
    assert lines[table + 3] == "| Deleted types | 1 | 0 | 1 | 0 | 1 | 0 |"
    assert "### Changed constructors (1)" in lines and "### Deleted types (1)" in lines
    assert out.index("### Changed constructors") < out.index("### Deleted types")
    assert out.count("**peerUser**") == 1


def test_possible_renames_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, *pair("field-possibly-renamed"))[1]
    assert "field volume_id:long removed (photo_id added in its place: possibly a rename)" in out
    assert not re.search(r"\* \w+ (field-)?renamed", out)
    out = run(capsys, *pair("constructor-possibly-renamed"))[1]
    assert "(userDeleted added: possibly a rename)" in out
    assert not re.search(r"\* \w+ (field-)?renamed", out)


def test_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The files in a repository of their own, wherever the suite runs (a checkout or not).
    init_repository(tmp_path)
    shutil.copytree(CASES / "renamed", tmp_path / "schemas" / "renamed")
    old, new = (str(tmp_path / "schemas" / "renamed" / name) for name in ("old.tl", "new.tl"))
    out = run(capsys, old, new, "--format", "github", "--fail-on", "never")[1]
    (line,) = out.splitlines()  # one definition, one annotation, on the path in the repository
    assert line.startswith(
        "::warning file=schemas/renamed/new.tl,line=3,title=id-not-crc%2C renamed::"
        "userNone (wire safe, python break)%0Adangerous id-not-crc: "
    )
    assert line.endswith("the Python class is renamed (1b299b686b47b421)")


def test_github_annotations_stay_within_the_limits_per_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.tl", tmp_path / "new.tl"
    many = "".join(f"thing{i} id:long n{i}:int = Thing;\n" for i in range(25))
    old.write_text(f"{many}// LAYER 1\n")
    new.write_text("thing0 id:long n0:int = Thing;\n// LAYER 1\n")
    code, out, _ = run(capsys, str(old), str(new), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == ANNOTATIONS_PER_LEVEL  # 24 removals without a layer bump
    assert "15 more error definitions" in errors[-1] and "thing24" in errors[-1]
    assert all(line.startswith(f"::error file={new},") for line in errors)


def test_markdown_out_writes_the_full_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = tmp_path / "full.md"
    code, out, _ = run(capsys, *pair("field-removed"), "--format", "markdown", "--out", str(full))
    assert code == 0 and full.read_text(encoding="utf-8") == out


def test_allowlist_accepts_a_break(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [*pair("field-removed"), "--fail-on", "dangerous"]
    findings = json.loads(run(capsys, *args, "--format", "json")[1])["findings"]
    allow = tmp_path / "allow.txt"
    allow.write_text(
        "".join(f"{f['fingerprint']} dropped on purpose  # reviewed\n" for f in findings)
    )
    code, out, err = run(capsys, *args, "--allow", str(allow))
    assert code == 0 and err == ""
    assert "[accepted: dropped on purpose]" in out
    allow.write_text(findings[0]["fingerprint"] + " only one\n")
    assert run(capsys, *args, "--allow", str(allow))[0] == 1
    # As schema files may: a byte order mark first, a tab after the fingerprint.
    allow.write_bytes(
        "\ufeff".encode() + "".join(f"{f['fingerprint']}\tby tab\n" for f in findings).encode()
    )
    code, out, err = run(capsys, *args, "--allow", str(allow))
    assert code == 0 and err == "" and "[accepted: by tab]" in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not-a-fingerprint some reason", "'not-a-fingerprint' is not a fingerprint"),
        ("b56eac6d8e08fe9f", "b56eac6d8e08fe9f: no reason given"),
        ("b56eac6d8e08fe9f   # a comment is no reason", "b56eac6d8e08fe9f: no reason given"),
    ],
)
def test_malformed_allowlist_exits_two_with_file_and_line(
    line: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    allow = tmp_path / "allow.txt"
    allow.write_text(f"# accepted changes\n{line}\n")
    code, out, err = run(capsys, *pair("field-removed"), "--allow", str(allow))
    assert code == 2 and out == ""
    assert err.startswith(f"{allow}:2: {message}")


def test_stale_allowlist_entry_is_a_warning_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    allow = tmp_path / "allow.txt"
    allow.write_text("b56eac6d8e08fe9f name dropped\n0123456789abcdef gone since layer 1\n")
    code, _, err = run(capsys, *pair("field-removed"), "--allow", str(allow))
    assert code == 0
    assert err.splitlines() == [
        f"{allow}:2: warning: stale entry 0123456789abcdef (gone since layer 1): "
        "it matches no finding, remove it"
    ]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def init_repository(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "config", "user.email", "t@example.invalid")
    git(root, "config", "user.name", "t")


def test_revisions_read_from_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    init_repository(tmp_path)
    schema = tmp_path / "api.tl"
    schema.write_text((CASES / "method-added" / "old.tl").read_text())
    git(tmp_path, "add", "api.tl")
    git(tmp_path, "commit", "-qm", "old")
    schema.write_text((CASES / "method-added" / "new.tl").read_text())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "HEAD:api.tl", "api.tl", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["old"]["source"] == "HEAD:api.tl"
    assert [f["rule"] for f in data["findings"]] == ["method-added"]
    assert run(capsys, "NOPE:api.tl", "api.tl")[0] == 2


def test_a_committed_file_has_the_size_limit_of_a_file_on_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tlgen import spans

    init_repository(tmp_path)
    schema = tmp_path / "api.tl"
    schema.write_text("a = A;\n" + "// padding\n" * 300)  # 3,307 bytes
    git(tmp_path, "add", "api.tl")
    git(tmp_path, "commit", "-qm", "big")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(spans, "MAX_INPUT_BYTES", 3000)
    code, _, err = run(capsys, "HEAD:api.tl", "HEAD:api.tl")
    assert code == 2 and "HEAD:api.tl" in err and "larger than 3000 bytes" in err
    code, _, err = run(capsys, "api.tl", "api.tl")
    assert code == 2 and "larger than 3000 bytes" in err
    monkeypatch.setattr(spans, "MAX_INPUT_BYTES", 4000)
    assert run(capsys, "HEAD:api.tl", "api.tl")[0] == 0


def test_annotations_name_repository_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether run from the top, from a subfolder, with `./` or an absolute path, and for a
    removal (which has no line in the new file), the path is the one in the repository."""
    init_repository(tmp_path)
    schema = tmp_path / "schema" / "api.tl"
    schema.parent.mkdir()
    schema.write_text((CASES / "layer-unchanged" / "old.tl").read_text())
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "old")
    schema.write_text((CASES / "layer-unchanged" / "new.tl").read_text())
    new_length = len(schema.read_text().splitlines())
    for cwd, old, new in [
        (tmp_path, "HEAD:schema/api.tl", "schema/api.tl"),
        (tmp_path / "schema", "HEAD:./api.tl", "api.tl"),
        (tmp_path / "schema", "HEAD:schema/api.tl", str(schema)),
    ]:
        monkeypatch.chdir(cwd)
        code, out, _ = run(capsys, old, new, "--format", "github")
        assert code == 1  # the userEmpty removal without a layer bump
        files = re.findall(r"^::\w+ file=([^,:]+)(?:,line=(\d+))?", out, re.M)
        assert [f for f, _ in files] == ["schema/api.tl"] * 2, out
        assert all(line == "" or int(line) <= new_length for _, line in files)
        removal = next(line for line in out.splitlines() if "constructor-removed" in line)
        assert ",line=3," in removal  # userEmpty's line in the old file


def test_a_definition_with_many_changed_fields_gives_a_report_linear_in_its_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every field of one definition changes type: one finding per field. Each finding repeats
    # its definition's line and signatures, so without a bound the reports grow with the
    # square of the number of fields.
    sizes: dict[str, list[int]] = {}
    for fields in (300, 1200):
        old, new = tmp_path / f"old{fields}.tl", tmp_path / f"new{fields}.tl"
        old.write_text(f"big#1 {' '.join(f'f{i}:int' for i in range(fields))} = Big;\n")
        new.write_text(f"big#2 {' '.join(f'f{i}:long' for i in range(fields))} = Big;\n")
        for form in ("text", "markdown", "json", "github"):
            code, out, _ = run(capsys, str(old), str(new), "--format", form)
            assert code == 1
            sizes.setdefault(form, []).append(len(out))
            if form == "json":
                findings = json.loads(out)["findings"]
                assert len(findings) == fields + 1
                assert {f["rule"] for f in findings} == {"id-changed", "field-type-changed"}
    for form, (small, large) in sizes.items():
        assert large < 4.5 * small, (form, small, large)  # four times the fields
