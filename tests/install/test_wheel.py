"""The wheel installed in a clean virtualenv behaves as the checkout: every command run from a
folder outside the checkout on corpus files, and a generated package byte-identical to the one
the editable install writes (docs/ARCHITECTURE.md §5)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.install.conftest import Installed, run, wheel_names
from tlgen import resources

# The import name the wheel installs the folder generator/ under.
NAME = resources.__package__

pytestmark = pytest.mark.slow


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_wheel_holds_the_tool_and_nothing_else(installed: Installed) -> None:
    names = wheel_names(installed.wheel)
    tops = {name.split("/")[0] for name in names}
    # One top-level package, the tool's own name, and its metadata.
    assert tops == {NAME, f"{installed.wheel.name.split('-py3')[0]}.dist-info"}
    for needed in (
        "schema/tl.lark",
        "errortables/errors.lark",
        "templates/module.py.j2",
        "templates/docs/index.html.j2",
        "templates/docs/search.js",
        "templates/runtime/_runtime.py",
        "py.typed",
    ):
        assert f"{NAME}/{needed}" in names
    # Only the source tree's own files: every template and runtime module, no tests or data.
    templates = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*.*"))
    shipped = sorted(n.split("/", 1)[1] for n in names if n.startswith(f"{NAME}/templates/"))
    assert shipped == [t for t in templates if "__pycache__" not in t]
    with tarfile.open(installed.sdist) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    assert "templates/runtime/_runtime.py" in members and "generator/cli/diff.py" in members


def test_no_checkout_on_the_path(installed: Installed, tmp_path: Path) -> None:
    code = f"import {NAME}; print({NAME}.__file__)"
    where = run(installed.python, "-c", code, cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert where.stdout.startswith(str(installed.venv))
    version = run(installed.tlgen, "--version", cwd=tmp_path)
    module = run(installed.python, "-m", NAME, "--version", cwd=tmp_path)
    assert version.stdout == module.stdout == f"tlgen {metadata.version('tlgen')}\n"


def test_the_run_cache_key_reads_the_same_files_installed(
    installed: Installed, tmp_path: Path
) -> None:
    # The cache key hashes the code generation depends on: the same files, once each, whether
    # the templates are a folder beside the tool (checkout) or a subpackage inside it (wheel).
    script = f"from {NAME}.resources import code_files; print([p for p, _ in code_files()])"
    listed = run(installed.python, "-c", script, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    installed_paths = eval(listed.stdout)  # noqa: S307 - our own subprocess's repr of a list
    assert installed_paths == [path for path, _ in resources.code_files()]


def test_every_command_works_installed(installed: Installed, corpus: Path, tmp_path: Path) -> None:
    api = corpus / "telegram" / "api" / "layer-222.tl"
    mtproto = corpus / "telegram" / "mtproto.tl"
    tables = [corpus / "errors" / "telethon-errors.csv", corpus / "errors" / "telethon-methods.csv"]
    inputs: list[str | Path] = ["--schema", api, "--schema", mtproto]
    for table in tables:
        inputs += ["--errors", table]
    work = tmp_path / "work"
    work.mkdir()
    tlgen = installed.tlgen

    generated = run(tlgen, "generate", *inputs, "--out", "out", "--package", "tg", cwd=work)
    assert generated.returncode == 0, generated.stderr
    assert generated.stdout.startswith("out/tg: ") and "files written" in generated.stdout
    check = run(tlgen, "generate", *inputs, "--out", "out", "--package", "tg", "--check", cwd=work)
    assert check.returncode == 0 and "is up to date" in check.stdout
    # The editable install of this checkout writes the same bytes.
    editable = subprocess.run(
        [sys.executable, "-m", NAME, "generate", *map(str, inputs), "--out", str(tmp_path / "ed")]
        + ["--package", "tg", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert editable.returncode == 0, editable.stderr
    assert read_tree(work / "out" / "tg") == read_tree(tmp_path / "ed" / "tg")
    # The installed package imports and decodes (its runtime came from the wheel's templates).
    imported = run(
        installed.python,
        "-c",
        "import tg; print(tg.decode(bytes.fromhex('b5757299')).TL_NAME)",
        cwd=work / "out",
    )
    assert imported.stdout == "boolTrue\n", imported.stderr

    docs = run(tlgen, "docs", *inputs, "--out", "ref", cwd=work)
    assert docs.returncode == 0, docs.stderr
    for page in ("index.html", "errors.html", "style.css", "search.js", "search-index.js"):
        assert (work / "ref" / page).stat().st_size > 100

    summary = work / "summary.md"
    old = corpus / "telegram" / "api" / "layer-221.tl"
    diff = run(tlgen, "diff", old, api, "--format", "json", "--summary", summary, cwd=work)
    assert diff.returncode in (0, 1), diff.stderr
    assert '"findings"' in diff.stdout
    assert summary.read_text(encoding="utf-8").startswith("## TL schema changes: ")

    errors = run(tlgen, "errors", *tables, cwd=work)
    assert errors.returncode == 0, errors.stderr
    assert errors.stdout.startswith("Errors (") and "  FLOOD_WAIT_X  [420]" in errors.stdout

    parsed = run(tlgen, "parse", api, mtproto, "--json", cwd=work)
    assert parsed.returncode == 0 and '"layer": 222' in parsed.stdout
