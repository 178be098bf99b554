"""No user text that tlgen prints can act as a GitHub Actions workflow command.

The runner's rules, as actions/runner implements them (src/Runner.Common/ActionCommand.cs at
commit 079cdb1d05fe0ec50f8c51de5a4fa51d0eb189b0: TryParseV2 and TryParse;
src/Runner.Worker/ActionCommandManager.cs at commit 02523b9a60a24fe13364739abefe2255c5a6b758:
TryProcessCommand tries both on every line): a line is a command when, after TrimStart, it
starts with `::`, holds a second `::`, and the text between names a registered command up to
a space; or when `##[` appears anywhere in it with a `]` after it and a registered command
name between. Lines end at `\\n` or `\\r` (the runner reads the step's output line by line).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tlgen.ci_output import NeutralisingStream, neutralise
from tlgen.cli import main

# The commands the runner registers (its IActionCommandExtension classes) and stop-commands.
REGISTERED = {
    "add-mask", "add-matcher", "add-path", "debug", "echo", "endgroup", "error", "group",
    "notice", "remove-matcher", "save-state", "set-env", "set-output", "stop-commands",
    "warning",
}  # fmt: skip


def runner_command(line: str) -> str | None:
    """The command the runner would run for this line, or None (both parsers, as written)."""
    trimmed = line.lstrip()
    if trimmed.startswith("::"):
        end = trimmed.find("::", 2)
        if end >= 0:
            name = trimmed[2:end].split(" ", 1)[0]
            if name.lower() in REGISTERED:
                return name
    start = line.find("##[")
    if start >= 0:
        close = line.find("]", start)
        if close >= 0:
            name = line[start + 3 : close].split(" ", 1)[0]
            if name.lower() in REGISTERED:
                return name
    return None


def commands_in(output: str) -> list[str]:
    return [line for line in re.split(r"[\r\n]", output) if runner_command(line)]


HOSTILE_LINE = "::error title=pwned::injected"
HOSTILE_OLD = "x ##[set-output name=token]stolen"


def test_the_reader_recognises_both_syntaxes() -> None:
    assert runner_command(HOSTILE_LINE) == "error"
    assert runner_command("   ::warning file=a::b") == "warning"
    assert runner_command(HOSTILE_OLD) == "set-output"
    assert runner_command("::nonsense::x") is None
    assert runner_command("text :: error::x") is None


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + "\n" + captured.err


def test_schema_lines_echoed_in_diagnostics_are_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.tl"
    bad.write_text(f"a = A;\n{HOSTILE_LINE}\n")
    code, output = run(capsys, "parse", str(bad))
    assert code == 2 and "bad.tl:2:1" in output
    assert commands_in(output) == []
    assert "::error title=pwned::injected" not in output and "\\u003a:error" in output
    # A warning on a valid schema echoes its line too (here: an id that is not the CRC).
    warned = tmp_path / "warned.tl"
    warned.write_text(f"a#12345678 = A; // {HOSTILE_OLD}\n")
    for command in (["parse"], ["generate", "--out", str(tmp_path / "out"), "--schema"]):
        code, output = run(capsys, *command, str(warned))
        assert code == 0 and "warning" in output
        assert commands_in(output) == [], command
    code, output = run(capsys, "docs", "--schema", str(warned), "--out", str(tmp_path / "docs"))
    assert code == 0 and commands_in(output) == []


def test_json_stays_the_same_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "a.tl"
    schema.write_text(f"a#12345678 = A; // {HOSTILE_OLD}\n")
    code = main(["parse", "--json", str(schema)])
    out = capsys.readouterr().out
    assert code == 0 and commands_in(out) == []
    (warning,) = json.loads(out)["diagnostics"]
    assert warning["code"] and "id" in warning["message"]


def test_error_names_in_text_output_are_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "errors.csv"
    csv.write_text(
        f'name,codes,description\n"{HOSTILE_LINE}",400,"a"\n"{HOSTILE_LINE}",401,"b"\n'
        f'"{HOSTILE_OLD}",400,"c"\n'
    )
    code, output = run(capsys, "errors", str(csv))
    assert code == 0 and commands_in(output) == []
    code, output = run(capsys, "errors", "--json", str(csv))
    assert code == 0 and commands_in(output) == []
    data, _ = json.JSONDecoder().raw_decode(output[output.index("{") :])
    assert HOSTILE_OLD in {e["name"] for e in data["errors"]}  # the same value, escaped


def test_github_format_keeps_its_own_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.tl", tmp_path / "new.tl"
    old.write_text("// LAYER 1\na#1 x:int = A;\n")
    new.write_text(f"// LAYER 1\na#2 x:long = A; // {HOSTILE_OLD}\n")
    code, output = run(capsys, "diff", str(old), str(new), "--format", "github")
    assert code == 1
    ours = [runner_command(line) for line in commands_in(output)]
    assert ours and set(ours) <= {"error", "warning", "notice"}
    assert all(line.startswith("::") for line in commands_in(output))
    code, output = run(capsys, "diff", str(old), str(new), "--format", "text")
    assert commands_in(output) == []


def test_a_stream_holds_back_what_the_next_write_could_complete() -> None:
    import io

    target = io.StringIO()
    stream = NeutralisingStream(target)  # type: ignore[arg-type]
    for piece in [" ", ":", ":error", "::x ab#", "#[set-output", " name=a]b\r", ":", ":debug::x\n"]:
        stream.write(piece)
        stream.flush()
    assert commands_in(target.getvalue()) == []
    assert target.getvalue().count("\\u") == 3
    assert neutralise("text\n") == "text\n"
    stream.write("ends with #")
    stream.flush()
    assert not target.getvalue().endswith("#")  # held back: "#[" could follow
    stream.drain()
    assert target.getvalue().endswith("ends with #")  # nothing is lost at the end
