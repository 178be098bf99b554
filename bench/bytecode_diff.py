"""Compare the bytecode of the codec methods of two generated packages: the check that a change
of the generated text (spelling, names) costs nothing at run time.

    python bench/bytecode_diff.py OLD_DIR NEW_DIR PACKAGE [--rename PATTERN=REPLACEMENT ...]

Each DIR holds the package PACKAGE (`tlgen generate --out DIR --package PACKAGE`). For every
class of types/ and functions/, the instructions of `_read`, `_write`, `_read_run`,
`_read_result`, `__init__` and the true flags' properties are listed (names and argument
values, not line numbers), in a subprocess per package. `--rename` rewrites the old package's
lines (re.sub, repeated until nothing changes) where names were renamed: `--rename
'(_S_[a-z]*)I=\\1u'` for the struct names of `<I` formats. Prints the number of classes and
methods compared and each method that differs; exit 1 if any does.
"""

from __future__ import annotations

import argparse
import difflib
import dis
import importlib
import pkgutil
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any


def codec_classes(package: str) -> Iterator[tuple[str, type]]:
    """(`types._module.Class`, class) for every class of types/ and functions/ of the
    importable package `package`."""
    for kind in ("types", "functions"):
        namespace = importlib.import_module(f"{package}.{kind}")
        for info in pkgutil.walk_packages(namespace.__path__, f"{package}.{kind}."):
            module = importlib.import_module(info.name)
            for name, cls in sorted(vars(module).items()):
                if isinstance(cls, type) and cls.__module__ == module.__name__:
                    if "CONSTRUCTOR_ID" in vars(cls):
                        yield f"{info.name.partition('.')[2]}.{name}", cls


def codec_functions(cls: type) -> Iterator[tuple[str, Callable[..., Any]]]:
    """The methods that read, write or hold flags: the classmethods (readers), _write,
    __init__, _read_result and the true flags' properties."""
    for name, value in sorted(vars(cls).items()):
        if isinstance(value, property):
            yield from ((f"{name}.fget", value.fget), (f"{name}.fset", value.fset))
        elif isinstance(value, classmethod):
            yield name, value.__func__
        elif name in ("_write", "__init__", "_read_result"):
            yield name, value


def dump_lines(folder: str, package: str) -> Iterator[str]:
    """One line per instruction, "## class" and "# method" headers. Code objects (lambdas)
    are named without their address or file."""
    sys.path.insert(0, folder)
    for label, cls in codec_classes(package):
        yield f"## {label} {cls._FIELDS!r}"  # type: ignore[attr-defined]
        for name, function in codec_functions(cls):
            if function is None:  # a property without a setter
                continue
            yield f"# {name}"
            for ins in dis.get_instructions(function):
                yield ins.opname + " " + re.sub(
                    r" at 0x[0-9a-f]+, file .*, line \d+", "", ins.argrepr
                )


def dump(folder: str, package: str) -> list[str]:
    """dump_lines, run in a fresh interpreter per package (both are named `package`)."""
    result = subprocess.run(
        [sys.executable, __file__, "--dump", folder, package],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def _fixed_point(pattern: str, replacement: str, line: str) -> str:
    while True:
        changed = re.sub(pattern, replacement, line)
        if changed == line:
            return line
        line = changed


def main() -> int:
    if sys.argv[1:2] == ["--dump"]:
        print("\n".join(dump_lines(sys.argv[2], sys.argv[3])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("package")
    parser.add_argument("--rename", action="append", default=[], metavar="PATTERN=REPLACEMENT")
    args = parser.parse_args()
    old, new = dump(args.old, args.package), dump(args.new, args.package)
    for rename in args.rename:
        pattern, _, replacement = rename.partition("=")
        old = [_fixed_point(pattern, replacement, line) for line in old]
    classes = sum(line.startswith("## ") for line in new)
    methods = sum(line.startswith("# ") for line in new)
    print(f"{classes} classes, {methods} methods compared")
    differences = list(difflib.unified_diff(old, new, "old", "new", lineterm="", n=1))
    print("\n".join(differences[:200]) if differences else "identical bytecode")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
