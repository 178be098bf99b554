"""Generated code as a reader meets it, on the committed package (generated/tl): flag masks
written as the TL writes their bit (`flags.6?` -> `1 << 6`), folded by Python into the same
constants as before (no shift or inversion runs in a codec method), lone ids with their hex,
struct names that differ by more than case."""

from __future__ import annotations

import dis
import json
import re
import struct
import subprocess
import sys

import pytest

from bench.bytecode_diff import codec_classes, codec_functions
from tests.conftest import REPO

PACKAGE = REPO / "generated" / "tl"
MODULES = sorted(
    p
    for kind in ("types", "functions")
    for p in (PACKAGE / kind).glob("*.py")
    if p.stem != "__init__"
)


@pytest.fixture(scope="module")
def classes() -> list[type]:
    sys.path.insert(0, str(REPO / "generated"))
    try:
        return [cls for _, cls in codec_classes("tl")]
    finally:
        sys.path.remove(str(REPO / "generated"))


def test_flag_masks_are_the_bits_the_schema_names(classes: list[type]) -> None:
    """Each optional field's mask is 1 << N for its `flags.N?` in the TL text (read by
    `tlgen parse --json`, not by the planner)."""
    parsed = subprocess.run(
        [sys.executable, "-m", "tlgen", "parse", "--json", str(REPO / "schema" / "api.tl")],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    conditions = {
        (d["name"], p["name"]): p["flag"]
        for d in json.loads(parsed.stdout)["definitions"]
        for p in d["params"]
        if p["flag"]
    }
    checked = 0
    for cls in classes:
        for _, tl_name, _, flag in cls._FIELDS:  # type: ignore[attr-defined]
            condition = conditions.get((cls.TL_NAME, tl_name))  # type: ignore[attr-defined]
            if condition is None:
                assert flag is None
                continue
            word, bit = condition.split(".")
            assert flag == (word, 1 << int(bit))
            checked += 1
    assert checked > 50


def test_masks_fold_into_constants(classes: list[type]) -> None:
    """`1 << n` and `~(1 << n)` are folded when the module compiles: no codec method shifts
    or inverts at run time, so its bytecode is the one decimal masks gave."""
    functions = [(cls, name, f) for cls in classes for name, f in codec_functions(cls) if f]
    assert len(functions) > 200
    for cls, name, function in functions:
        for instruction in dis.get_instructions(function):
            assert instruction.opname not in ("UNARY_INVERT", "BINARY_LSHIFT"), (cls, name)
            assert instruction.argrepr not in ("<<", "<<="), (cls, name)


def test_masks_are_written_as_bits() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in MODULES)
    assert "1 << 10" in source and "_flags_bits & (" in source
    # A mask is never a bare decimal: `& 691`, `|= 64`, `("flags", 64)`.
    assert not re.search(r"(?:& |\|= |~)\(?[0-9]{2,}\b", source)
    assert not re.search(r'\("flags[0-9]*", [0-9]+\)', source)


def test_lone_ids_carry_their_hex() -> None:
    written = 0
    for path in MODULES:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.fullmatch(r' +out\.append\((b".*")\)(?:  # (0x[0-9A-F]{8}))?', line)
            if match is None:
                continue
            data = eval(match.group(1))  # noqa: S307 - a bytes literal of our own output
            assert match.group(2) == f"0x{struct.unpack('<I', data)[0]:08X}", line
            written += 1
    assert written > 20


def test_struct_names_differ_by_more_than_case() -> None:
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        structs = dict(re.findall(r'^(_S_\w+) = struct\.Struct\("(<\w+)"\)$', text, re.MULTILINE))
        lowered = {name.lower() for name in structs}
        assert len(lowered) == len(structs), path
        for name, fmt in structs.items():
            assert name == "_S_" + fmt[1:].replace("I", "u"), (path, name)
        assert set(re.findall(r"\b_S_\w+\b", text)) == set(structs), path
