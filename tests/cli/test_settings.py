"""`[tool.tlgen]` in a consuming project's pyproject.toml (docs/ARCHITECTURE.md §5): a project
that needs no flags, flags that override, bad settings refused with the file and key named, and
`--silence` for acknowledged warnings."""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import run_tlgen
from tlgen import cli
from tlgen.cli import settings
from tlgen.cli.inputs import plan_options
from tlgen.codegen import DEFAULT_OPTIONS, parse_wire

TINY = """boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
true#3fedd339 = True;
user#a1b2c3d4 flags:# bot:flags.0?true id:long name:flags.1?string = User;
---functions---
getUser#5e6f7a8b id:long = User;
// LAYER 1
"""

SETTINGS = """[project]
name = "consumer"

[tool.tlgen]
schema = ["tl/*.tl"]
out = "src"
package = "tg"
silence = ["id-mismatch:user", "id-mismatch:getUser"]
"""


def tlgen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in `cwd` (so that it finds cwd's pyproject.toml)."""
    return run_tlgen(*args, cwd=cwd, clean_env=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A consumer project: a schema, settings, and a .git so the search stops at its root."""
    root = tmp_path / "consumer"
    (root / "tl").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "tl" / "tiny.tl").write_text(TINY, encoding="utf-8")
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    return root


def test_a_project_with_settings_generates_checks_and_sees_a_stale_package(project: Path) -> None:
    first = tlgen(project, "generate")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "src/tg: 19 files written\n"
    assert first.stderr == ""  # both id-mismatch warnings silenced by the settings
    # Bool, True and User share one root module, named after the first (docs/ARCHITECTURE.md §3).
    assert "class User(" in (project / "src" / "tg" / "types" / "_bool.py").read_text()
    # From a subfolder: the settings are found upward and their paths stay relative to them.
    (project / "deep" / "er").mkdir(parents=True)
    check = tlgen(project / "deep" / "er", "generate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout == "../../src/tg is up to date (19 files)\n"
    schema = project / "tl" / "tiny.tl"
    schema.write_text(TINY.replace("name:flags.1?string", "name:flags.1?string about:string"))
    stale = tlgen(project, "generate", "--check")
    assert stale.returncode == 1
    assert stale.stdout.startswith("src/tg is out of date (")
    assert "  ~ types/_bool.py" in stale.stdout.splitlines()


def test_flags_override_settings(project: Path) -> None:
    done = tlgen(project, "generate", "--package", "other", "--out", "elsewhere")
    assert done.returncode == 0, done.stderr
    assert (project / "elsewhere" / "other" / "__init__.py").is_file()
    assert not (project / "src").exists()
    # --schema replaces the settings' input group; --silence replaces the settings' list.
    loud = tlgen(project, "parse", "tl/tiny.tl", "--silence", "id-mismatch:user")
    assert loud.returncode == 0
    assert [line.split(": ")[1] for line in loud.stderr.splitlines() if "warning" in line] == [
        "warning"
    ]
    assert "getUser has id #5e6f7a8b" in loud.stderr and "user has id" not in loud.stderr


DATED = """boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
event#1 date:int title:string blob:string = Event;
"""


def test_docs_reads_the_plan_settings_generate_reads(project: Path) -> None:
    # The reference shows the package's types: dates and bytes-fields apply to both commands.
    (project / "tl" / "tiny.tl").write_text(DATED, encoding="utf-8")
    with (project / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write('dates = "datetime"\nbytes-fields = ["event.blob"]\n')
    done = tlgen(project, "docs", "--out", "ref")
    assert done.returncode == 0, done.stderr
    page = (project / "ref" / "constructor" / "event.html").read_text(encoding="utf-8")
    assert "date: datetime.datetime, title: str, blob: bytes" in page
    generated = tlgen(project, "generate")
    assert generated.returncode == 0, generated.stderr
    (module,) = [
        text
        for path in (project / "src" / "tg" / "types").glob("_*.py")
        if "class Event(" in (text := path.read_text(encoding="utf-8"))
    ]
    assert "date: datetime.datetime" in module and "blob: bytes" in module
    # A flag overrides the setting for docs too.
    plain = tlgen(project, "docs", "--out", "ref", "--dates", "int")
    assert plain.returncode == 0, plain.stderr
    page = (project / "ref" / "constructor" / "event.html").read_text(encoding="utf-8")
    assert "date: int, title: str, blob: bytes" in page


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('colour = "red"', "[tool.tlgen] colour: unknown setting (known: allow, bytes-fields,"),
        (
            'schema = "tl/tiny.tl"',
            "[tool.tlgen] schema: expected a list of strings, got 'tl/tiny.tl'",
        ),
        ("package = 3", "[tool.tlgen] package: expected a non-empty string, got 3"),
        ('dates = "unix"', "[tool.tlgen] dates: expected one of int, datetime, got 'unix'"),
        ('wire = "json"', "[tool.tlgen] wire: "),
        ('fail-on = "warn"', "[tool.tlgen] fail-on: expected one of error, dangerous, info, never"),
        ('schema = ["nothing/*.tl"]', "[tool.tlgen] schema: 'nothing/*.tl' matches no file in"),
        (
            'silence = ["unknown-type:user"]',
            "[tool.tlgen] silence: 'unknown-type:user': unknown-type is an error; only warnings",
        ),
        ('silence = ["user"]', "[tool.tlgen] silence: 'user' is not CODE:NAME"),
        ("schema = [", "invalid TOML: "),
    ],
)
def test_bad_settings_are_refused_with_file_and_key(
    project: Path, table: str, message: str
) -> None:
    (project / "pyproject.toml").write_text(f"[tool.tlgen]\n{table}\n", encoding="utf-8")
    for command in (["generate"], ["parse", "tl/tiny.tl"], ["diff", "tl/tiny.tl", "tl/tiny.tl"]):
        done = tlgen(project, *command)
        assert done.returncode == 2
        assert done.stderr.startswith(f"tlgen: error: {project / 'pyproject.toml'}: ")
        assert message in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


def test_the_search_stops_at_the_repository_root(project: Path) -> None:
    """Settings above the project's git root belong to another project."""
    inner = project / "vendor" / "lib"
    (inner / ".git").mkdir(parents=True)
    done = tlgen(inner, "generate", "--check")
    assert done.returncode == 2
    assert "no schema files" in done.stderr


def test_silence_refuses_errors_and_unknown_codes(project: Path) -> None:
    for entry, problem in [
        ("duplicate-name:user", "duplicate-name is an error; only warnings can be silenced"),
        ("no-such-code:user", "unknown diagnostic code 'no-such-code'"),
        ("id-mismatch", "is not CODE:NAME"),
    ]:
        done = tlgen(project, "parse", "tl/tiny.tl", "--silence", entry)
        assert done.returncode == 2
        assert problem in done.stderr and "Traceback" not in done.stderr


def test_telegrams_published_mtproto_warnings_can_be_acknowledged(corpus: Path) -> None:
    mtproto = str(corpus / "telegram" / "mtproto.tl")
    loud = tlgen(REPO, "parse", mtproto)
    warned = [line for line in loud.stderr.splitlines() if ": warning: " in line]
    # Telegram's file: two ids by another rule (DESIGN: deliberate exceptions).
    assert [line.split(": warning: ")[1].split()[0] for line in warned] == [
        "accessPointRule",
        "help.configSimple",
    ]
    quiet = tlgen(
        REPO,
        "parse",
        mtproto,
        "--silence",
        "id-mismatch:accessPointRule",
        "--silence",
        "id-mismatch:help.configSimple",
    )
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert quiet.stdout == loud.stdout


def test_the_wire_setting_chooses_tdlibs_json_and_a_flag_overrides_it(project: Path) -> None:
    (project / "tl" / "tiny.tl").write_text(DATED, encoding="utf-8")
    with (project / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write('wire = "tdjson"\n')
    done = tlgen(project, "generate")
    assert done.returncode == 0, done.stderr
    package = project / "src" / "tg"
    # A TDLib JSON package: its JSON codec and client, no MTProto envelope.
    assert (package / "_tdjson.py").is_file() and (package / "client.py").is_file()
    assert not (package / "mtproto.py").exists()
    binary = tlgen(project, "generate", "--wire", "binary")
    assert binary.returncode == 0, binary.stderr
    assert (package / "mtproto.py").is_file() and not (package / "_tdjson.py").exists()


def test_diff_shows_the_signatures_the_plan_settings_generate(project: Path) -> None:
    # diff shows the Python API the package has: dates, bytes-fields and wire apply to it too.
    (project / "tl" / "old.tl").write_text(DATED, encoding="utf-8")
    grown = DATED.replace(
        "blob:string = Event;", "blob:string = Event;\nnote#2 data:string = Note;"
    )
    (project / "tl" / "tiny.tl").write_text(grown.replace("title:string", "title:long"))
    with (project / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write('dates = "datetime"\nbytes-fields = ["event.blob", "note.data"]\n')
    done = tlgen(project, "diff", "tl/old.tl", "tl/tiny.tl", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    assert "Event(*, date: datetime.datetime, title: str, blob: bytes)" in done.stdout
    assert "Event(*, date: datetime.datetime, title: int, blob: bytes)" in done.stdout
    # note.data exists on the new side only: bytes there, and the old side is not refused.
    assert "Note(*, data: bytes)" in done.stdout
    # A flag overrides the setting, as for generate and docs.
    plain = tlgen(
        project, "diff", "tl/old.tl", "tl/tiny.tl", "--fail-on", "never", "--dates", "int"
    )
    assert plain.returncode == 0, plain.stderr
    assert "Event(*, date: int, title: int, blob: bytes)" in plain.stdout


def test_diff_takes_the_bytes_fields_each_side_has_and_refuses_wrong_ones(project: Path) -> None:
    (project / "tl" / "old.tl").write_text(DATED.replace("blob:string", "blob:bytes"))
    (project / "tl" / "tiny.tl").write_text(DATED, encoding="utf-8")
    # event.blob is bytes on the old side already (no string to declare) and declared on the
    # new: the same Python type. A definition neither side has belongs to another file of the
    # settings' schema (diff --against compares one file at a time): left out.
    fits = tlgen(
        project, "diff", "tl/old.tl", "tl/tiny.tl", "--bytes-field", "event.blob",
        "--bytes-field", "otherFile.data", "--format", "json",
    )  # fmt: skip
    assert fits.returncode == 0, fits.stderr
    (changed,) = json.loads(fits.stdout)["definitions"]
    assert [finding["rule"] for finding in changed["findings"]] == ["field-type-changed"]
    assert changed["python"] == "safe"  # bytes -> string, the generated type stays bytes
    assert changed["signature"] == {
        "old": "Event(*, date: int, title: str, blob: bytes)",
        "new": "Event(*, date: int, title: str, blob: bytes)",
    }
    for entry, problem in [
        ("event.date", "--bytes-field event.date: event.date is int, not string"),
        ("event.body", "--bytes-field event.body: event has no param 'body'"),
        ("eventblob", "--bytes-field 'eventblob': expected NAME.PARAM (resPQ.pq)"),
    ]:
        done = tlgen(project, "diff", "tl/old.tl", "tl/tiny.tl", "--bytes-field", entry)
        assert done.returncode == 2
        assert done.stderr == f"tlgen: error: {problem}\n" and done.stdout == ""


def test_defaults_are_relative_to_the_settings_file_not_the_current_folder(tmp_path: Path) -> None:
    # Settings without schema or out: the fallbacks (schema/*.tl, schema/errors/*, generated/)
    # are the project's, found from a subfolder as the settings are.
    root = tmp_path / "consumer"
    (root / "schema" / "errors").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "schema" / "tiny.tl").write_text(TINY, encoding="utf-8")
    (root / "schema" / "errors" / "errors.csv").write_text(
        "name,codes,description\nUSER_GONE,400,The user left\n", encoding="utf-8"
    )
    (root / "pyproject.toml").write_text('[tool.tlgen]\npackage = "tg"\n', encoding="utf-8")
    sub = root / "sub"
    sub.mkdir()
    done = tlgen(sub, "generate")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "../generated/tg: 19 files written\n"
    assert not (sub / "generated").exists()
    assert "USER_GONE" in (root / "generated" / "tg" / "errors.py").read_text(encoding="utf-8")
    # Without a settings file the current folder is the base, as before.
    (root / "pyproject.toml").unlink()
    alone = tlgen(sub, "generate")
    assert alone.returncode == 2 and "no schema files" in alone.stderr


def test_an_absolute_glob_in_settings_is_a_glob(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared" / "tl"
    elsewhere.mkdir(parents=True)
    (project / "tl" / "tiny.tl").rename(elsewhere / "tiny.tl")
    settings = SETTINGS.replace('["tl/*.tl"]', f'["{elsewhere}/*.tl"]')
    (project / "pyproject.toml").write_text(settings, encoding="utf-8")
    done = tlgen(project / "tl", "generate")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "../src/tg: 19 files written\n"
    # One that matches nothing is refused like a relative one, naming the pattern.
    missing = settings.replace("/*.tl", "/*.nothing")
    (project / "pyproject.toml").write_text(missing, encoding="utf-8")
    refused = tlgen(project, "generate")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert f"[tool.tlgen] schema: '{elsewhere}/*.nothing' matches no file" in refused.stderr


def test_defaults_have_one_source_that_help_and_the_plan_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With nothing given, the settled options are the planner's own defaults.
    parser = cli._argument_parser()
    args = parser.parse_args(["generate"])
    settings.settle(args, args.settings, settings.Settings())
    assert plan_options(args) == DEFAULT_OPTIONS
    assert args.out == settings.DEFAULTS["out"]
    # A wire shows as --wire reads it.
    for text in ("binary", "tdjson", "tdjson:1.8.66"):
        assert str(parse_wire(text)) == text
    # Help shows the table's values, not a copy of them: another default shows everywhere.
    for key, value in [("out", "elsewhere"), ("package", "pkg"), ("fail_on", "info")]:
        monkeypatch.setitem(settings.DEFAULTS, key, value)
    monkeypatch.setitem(settings.DEFAULTS, "dates", "datetime")
    monkeypatch.setitem(settings.DEFAULTS, "wire", parse_wire("tdjson"))
    parser = cli._argument_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {name: " ".join(sub.format_help().split()) for name, sub in commands.choices.items()}
    assert "into OUT/PACKAGE (default elsewhere/pkg)" in helps["generate"]
    assert "--out DIR default: elsewhere" in helps["generate"]
    assert "--package NAME default: pkg" in helps["generate"]
    assert "package name in import lines; default: pkg" in helps["docs"]
    assert "lowest severity that fails (exit 1); default: info" in helps["diff"]
    for command in ("generate", "docs", "diff"):
        assert "timezone-aware datetimes; default: datetime" in helps[command]
        assert (
            "VERSION is the TDLib release of the schema (the client warns on another); default: tdjson"
            in helps[command]
        )
