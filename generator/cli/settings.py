"""`[tool.tlgen]` in the consuming project's pyproject.toml: the settings a project would
otherwise repeat as flags in its Makefile, its CI and its pre-commit config.

The file is the nearest pyproject.toml with a `[tool.tlgen]` table, looking from the current
directory upward and stopping at the root of the git repository (as black finds its project
root). Paths in it are relative to the file, and so are the defaults of the keys it leaves
out (a project's schema/ and generated/ from any of its folders); a path with `*`, `?` or `[`
is a glob (sorted). Flags override settings; `--schema` on the command line replaces the
settings' whole input group (schema, errors, bytes-fields), which names the definitions of the
settings' schema. Unknown keys and wrong types are refused with the file and the key named.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..codegen import DEFAULT_OPTIONS, parse_wire
from ..review import SEVERITIES
from .silence import parse_silence

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, published before it joined the standard library.
    import tomli as tomllib

PYPROJECT = "pyproject.toml"
DATES = ("int", "datetime")
FAIL_ON = (*SEVERITIES, "never")


class SettingsError(Exception):
    """A pyproject.toml that cannot be read, or a `[tool.tlgen]` key that is not valid."""


@dataclass(frozen=True)
class Settings:
    """The checked `[tool.tlgen]` values by key (paths resolved against the file), and the file
    they came from (None: no file has a `[tool.tlgen]` table)."""

    values: dict[str, object] = field(default_factory=dict)
    path: Path | None = None

    @property
    def folder(self) -> Path:
        """Where relative paths start, the defaults' too: the file's folder, or the current
        directory when there is no file."""
        return Path() if self.path is None else self.path.parent


def find_settings(start: Path) -> Settings:
    """The settings that apply in `start` (the current directory). Raises SettingsError."""
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            table = _tool_table(candidate)
            if table is not None:
                return Settings(_check(table, candidate), candidate)
        if (folder / ".git").exists():
            break
    return Settings()


def _tool_table(path: Path) -> dict[str, object] | None:
    try:
        with path.open("rb") as stream:
            document = tomllib.load(stream)
    except OSError as error:
        raise SettingsError(f"{path}: cannot read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: invalid TOML: {error}") from None
    tool = document.get("tool")
    table = tool.get("tlgen") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise SettingsError(f"{path}: tool.tlgen must be a table ([tool.tlgen])")
    return table


def _check(table: dict[str, object], path: Path) -> dict[str, object]:
    base = path.parent
    checked: dict[str, object] = {}
    for key, value in table.items():
        check = _KEYS.get(key)
        if check is None:
            raise SettingsError(
                f"{path}: [tool.tlgen] {key}: unknown setting (known: {', '.join(sorted(_KEYS))})"
            )
        try:
            checked[key] = check(value, base)
        except ValueError as error:
            raise SettingsError(f"{path}: [tool.tlgen] {key}: {error}") from None
    return checked


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def _texts(value: object) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of strings, got {value!r}")
    return [_text(item) for item in value]


def _choice(choices: tuple[str, ...]) -> Callable[[object, Path], str]:
    def check(value: object, _base: Path) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")
        return str(value)

    return check


def _path(value: object, base: Path) -> str:
    """A path relative to the settings file, as the current directory reaches it."""
    return os.path.relpath(base / _text(value))


def _paths(value: object, base: Path) -> list[str]:
    paths = []
    for entry in _texts(value):
        if any(char in entry for char in "*?["):
            # Path.glob takes relative patterns only: an absolute one is globbed from its root.
            root, pattern = base, entry
            if Path(entry).is_absolute():
                root = Path(Path(entry).anchor)
                pattern = str(Path(entry).relative_to(root))
            matches = sorted(p for p in root.glob(pattern) if p.is_file())
            if not matches:
                raise ValueError(f"{entry!r} matches no file in {root}")
            paths += [os.path.relpath(p) for p in matches]
        else:
            paths.append(_path(entry, base))
    return paths


def _silence(value: object, _base: Path) -> list[str]:
    entries = _texts(value)
    for entry in entries:
        parse_silence(entry)
    return entries


_KEYS: dict[str, Callable[[object, Path], object]] = {
    "schema": _paths,
    "errors": _paths,
    "out": _path,
    "package": lambda value, _base: _text(value),
    "bytes-fields": lambda value, _base: _texts(value),
    "dates": _choice(DATES),
    "wire": lambda value, _base: parse_wire(_text(value)),
    "fail-on": _choice(FAIL_ON),
    "allow": _path,
    "silence": _silence,
}

# The flag each setting stands for: its argparse destination.
DESTINATIONS = {key: key.replace("-", "_") for key in _KEYS} | {"bytes-fields": "bytes_field"}

# What applies when neither a flag nor a setting gives a value (the plan's are the planner's
# own, codegen's DEFAULT_OPTIONS); help texts show these.
DEFAULTS: dict[str, object] = {
    "out": "generated",
    "package": DEFAULT_OPTIONS.package,
    "bytes_field": list(DEFAULT_OPTIONS.bytes_fields),
    "dates": "datetime" if DEFAULT_OPTIONS.dates else "int",
    "wire": DEFAULT_OPTIONS.wire,
    "fail_on": "error",
    "silence": [],
}

# Settings that describe the settings' own schema: a --schema flag replaces them together.
_INPUT_GROUP = ("errors", "bytes-fields")


def settle(args: argparse.Namespace, keys: tuple[str, ...], settings: Settings) -> None:
    """Fill the options of `keys` the command line left unset (None) from the settings, then
    from DEFAULTS (a path relative to the settings' folder, as the settings' own paths); and
    `settings_folder`, where a command's other defaults (cli/inputs.py) are."""
    args.settings_folder = settings.folder
    schema_flag = getattr(args, "schema", None) is not None
    for key in keys:
        destination = DESTINATIONS[key]
        if getattr(args, destination) is not None:
            continue
        if key in settings.values and not (schema_flag and key in _INPUT_GROUP):
            setattr(args, destination, settings.values[key])
        elif destination in DEFAULTS:
            default = DEFAULTS[destination]
            if _KEYS[key] is _path:
                default = _path(default, settings.folder)
            setattr(args, destination, default)
