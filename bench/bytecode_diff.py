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
import re
import subprocess
import sys

# Run inside each package's own interpreter: one line per instruction, "## class" and
# "# method" headers. Code objects (lambdas) are named without their address or file.
_DUMP = r"""
import dis, importlib, pkgutil, re, sys
sys.path.insert(0, sys.argv[1])
name = sys.argv[2]
for kind in ("types", "functions"):
    package = importlib.import_module(f"{name}.{kind}")
    for info in pkgutil.walk_packages(package.__path__, f"{name}.{kind}."):
        module = importlib.import_module(info.name)
        for cls_name, cls in sorted(vars(module).items()):
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            if "CONSTRUCTOR_ID" not in vars(cls):
                continue
            print(f"## {info.name.partition('.')[2]}.{cls_name} {cls._FIELDS!r}")
            for attr, value in sorted(vars(cls).items()):
                if isinstance(value, property):
                    functions = [(attr + ".get", value.fget), (attr + ".set", value.fset)]
                elif isinstance(value, classmethod):
                    functions = [(attr, value.__func__)]
                elif attr in ("_write", "__init__", "_read_result"):
                    functions = [(attr, value)]
                else:
                    continue
                for label, function in functions:
                    print(f"# {label}")
                    for ins in dis.get_instructions(function):
                        arg = re.sub(r" at 0x[0-9a-f]+, file .*, line \d+", "", ins.argrepr)
                        print(ins.opname, arg)
"""


def dump(folder: str, package: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _DUMP, folder, package],
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
