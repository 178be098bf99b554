"""The formatting cache: what is read back is verified, and failed writes leave nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tlgen.codegen import format as fmt

TEXT = "x = ( 1,\n 2 )\n"
FORMATTED = "x = (1, 2)\n"


def _entry(cache: Path) -> Path:
    key = fmt._cache_key(TEXT)
    return cache / key[:2] / key


def _format(cache: Path) -> tuple[str, list[str]]:
    warnings: list[str] = []
    result = fmt.format_modules({"m.py": TEXT}, cache, warnings.append)
    return result["m.py"], warnings


def test_an_entry_is_stored_with_its_digest_and_reused(tmp_path: Path) -> None:
    assert _format(tmp_path) == (FORMATTED, [])
    data = _entry(tmp_path).read_bytes()
    digest, body = data.split(b"\n", 1)
    assert body == FORMATTED.encode() and len(digest) == 64
    # A valid entry is used as stored: changing it consistently shows where the text comes from.
    other = b"y = 2\n"
    _entry(tmp_path).write_bytes(fmt.hashlib.sha256(other).hexdigest().encode() + b"\n" + other)
    assert _format(tmp_path) == ("y = 2\n", [])


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-3])


def _append(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"import os; os.system('echo pwned')\n")


def _bad_utf8(path: Path) -> None:
    body = b"x = '\xff'\n"
    path.write_bytes(fmt.hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def _not_python(path: Path) -> None:
    body = b"x = (1,\n"
    path.write_bytes(fmt.hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def _old_format(path: Path) -> None:
    path.write_text(FORMATTED)


def _symlink(path: Path) -> None:
    target = path.parent / "elsewhere.py"
    target.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(target)


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "appended-line": _append,
    "invalid-utf8": _bad_utf8,
    "not-python": _not_python,
    "no-digest": _old_format,
    "symlink": _symlink,
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_damaged_entry_is_ignored_with_a_warning(tmp_path: Path, corruption: str) -> None:
    _format(tmp_path)
    CORRUPTIONS[corruption](_entry(tmp_path))
    result, warnings = _format(tmp_path)
    assert result == FORMATTED
    assert len(warnings) == 1 and warnings[0].startswith(f"ignoring cache entry {_entry(tmp_path)}")
    # The entry was written again, as a regular file with a valid digest.
    assert not _entry(tmp_path).is_symlink()
    assert _format(tmp_path) == (FORMATTED, [])


def test_a_failed_cache_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fmt.os, "replace", full_disk)
    assert _format(tmp_path) == (FORMATTED, [])
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_warnings_reach_stderr_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fmt.format_modules({"m.py": TEXT}, tmp_path)
    _truncate(_entry(tmp_path))
    assert fmt.format_modules({"m.py": TEXT}, tmp_path) == {"m.py": FORMATTED}
    assert capsys.readouterr().err.startswith("tlgen: warning: ignoring cache entry ")
    assert os.path.getsize(_entry(tmp_path)) == 65 + len(FORMATTED)
