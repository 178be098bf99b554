"""`tlgen diff` in CI and hooks: the GitHub job summary (`$GITHUB_STEP_SUMMARY`, `--summary`)
within GitHub's documented 1 MiB per step, and `--against REV FILE...` (the pre-commit hook)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_diff_cli import CASES, git, init_repository, pair
from tlgen.cli import main
from tlgen.review.summary import STEP_SUMMARY_LIMIT

# github/docs content/actions/reference/workflows-and-actions/workflow-commands.md, "Step
# isolation and limits": "each step is restricted to a maximum size of 1MiB"; runners refuse
# more with "supports content up to a size of 1024k".
GITHUB_STEP_LIMIT = 1024 * 1024


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_limit_is_githubs() -> None:
    assert STEP_SUMMARY_LIMIT == GITHUB_STEP_LIMIT


def test_the_environment_names_the_summary_and_the_report_is_appended(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "step_summary"
    summary.write_text("# Tests\n\nall passed\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, annotations, _ = run(capsys, *pair("wire-break-without-layer-bump"), "--format", "github")
    assert code == 1
    assert annotations.startswith("::error ")  # the annotations still go to stdout
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    _, markdown, _ = run(capsys, *pair("wire-break-without-layer-bump"), "--format", "markdown")
    assert summary.read_text(encoding="utf-8") == "# Tests\n\nall passed\n" + markdown
    # An explicit --summary wins over the environment.
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    other = tmp_path / "other.md"
    run(capsys, *pair("wire-break-without-layer-bump"), "--summary", str(other))
    assert other.read_text(encoding="utf-8") == markdown
    assert summary.read_text(encoding="utf-8") == "# Tests\n\nall passed\n" + markdown


def test_the_largest_corpus_pair_keeps_within_the_step_limit(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = corpus / "telegram" / "api" / "layer-113.tl"
    new = corpus / "telegram" / "api" / "layer-223.tl"
    full = tmp_path / "full.md"
    args = [str(old), str(new), "--fail-on", "never", "--format", "markdown"]
    run(capsys, *args, "--out", str(full))
    report = full.read_bytes()
    # Alone in the step, the whole report fits (it is just under 1 MiB): it is written whole.
    alone = tmp_path / "alone.md"
    run(capsys, *args, "--summary", str(alone))
    assert alone.read_bytes() == report
    assert len(report) <= GITHUB_STEP_LIMIT
    # After an earlier step command wrote 300 kB, the report is cut to the room left.
    crowded = tmp_path / "crowded.md"
    earlier = b"x" * 300_000 + b"\n"
    crowded.write_bytes(earlier)
    assert run(capsys, *args, "--summary", str(crowded))[0] == 0
    data = crowded.read_bytes()
    assert len(data) <= GITHUB_STEP_LIMIT < len(earlier) + len(report)
    appended = data[len(earlier) :].decode("utf-8")
    assert appended.startswith("## TL schema changes: ")
    assert "**Cut to fit the job summary (1,048,576 bytes per step)**" in appended
    # A summary with no room left gets nothing, and a warning says so.
    full_already = tmp_path / "full_already.md"
    full_already.write_bytes(b"x" * (GITHUB_STEP_LIMIT - 100))
    code, _, err = run(capsys, *args, "--summary", str(full_already))
    assert code == 0 and full_already.stat().st_size == GITHUB_STEP_LIMIT - 100
    assert err == f"{full_already}: warning: step summary full, report left out\n"


def test_against_compares_each_file_with_its_committed_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    init_repository(tmp_path)
    (tmp_path / "api.tl").write_text((CASES / "true-flag-moved" / "old.tl").read_text())
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "old")
    (tmp_path / "api.tl").write_text((CASES / "true-flag-moved" / "new.tl").read_text())
    (tmp_path / "extra.tl").write_text((CASES / "method-added" / "old.tl").read_text())
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--against", "HEAD", "api.tl", "extra.tl")
    assert code == 1  # the silent change fails the default gate
    assert "true-flag-moved" in out and out.startswith("tlgen diff HEAD:./api.tl -> api.tl:")
    assert err == "extra.tl: not in HEAD: a new schema, nothing to compare\n"
    assert run(capsys, "--against", "HEAD", "extra.tl")[0] == 0
    code, out, _ = run(capsys, "--against", "HEAD", "api.tl", "--format", "json")
    assert code == 1 and json.loads(out)["old"]["source"] == "HEAD:./api.tl"
    code, _, err = run(capsys, "--against", "HEAD", "api.tl", "extra.tl", "--format", "json")
    assert code == 2 and "--format json reports one pair" in err
    code, _, err = run(capsys, "api.tl")
    assert code == 2 and "expected OLD NEW" in err
