"""Runs of fixed-size constructors, for every such constructor of whole schemas.

A vector of 8 or more boxed items whose first item is a fixed-size constructor is read by that
class's `_read_run` (one struct.iter_unpack) until another constructor comes, and item by item
after that. Both paths must give back exactly the items that were encoded, and `to_bytes` of
what comes back must give the same bytes.
"""

from __future__ import annotations

import importlib
import struct
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.helpers import per_class_settings
from tests.property.test_round_trip import every_class
from tlgen.schema.load import load_schema
from tlgen.schema.model import Combinator, Param, Schema, TypeRef

VECTOR_ID = 0x1CB5C415
FIXED_SIZE_TYPES = {"#", "int", "long", "double", "Bool", "Int", "Long", "Double"}


def is_fixed_size(constructor: Combinator) -> bool:
    """Every param always present and of a fixed size (a true flag has no bytes), and at least
    one that is not a flags word: what should get a run decoder, read off the schema."""
    params = [p for p in constructor.params if isinstance(p, Param)]
    if len(params) != len(constructor.params) or all(p.is_flags_field for p in params):
        return False
    return all(
        p.is_true_flag
        or (p.condition is None and isinstance(p.type, TypeRef) and p.type.name in FIXED_SIZE_TYPES)
        for p in params
    )


def encode_vector(items: list[object]) -> bytes:
    head = struct.pack("<Ii", VECTOR_ID, len(items))
    return head + b"".join(item.to_bytes() for item in items)  # type: ignore[attr-defined]


def check_runs(package: ModuleType, examples: int) -> set[str]:
    runtime = importlib.import_module(f"{package.__name__}._runtime")
    strategies = importlib.import_module(f"{package.__name__}.strategies")
    fixed = [cls for cls in every_class(package) if "_read_run" in vars(cls)]
    for cls in fixed:
        check_runs_of(cls, runtime, strategies, examples)
    print(f"\n{package.__name__}: runs of {len(fixed)} fixed-size constructors")
    return {cls.TL_NAME for cls in fixed}


def check_runs_of(cls: Any, runtime: Any, strategies: Any, examples: int) -> None:
    readers = runtime.readers(cls._TL_TYPE)
    readers.learn(cls.CONSTRUCTOR_ID, 0)
    read_run = readers.runs[cls.CONSTRUCTOR_ID]
    taken: list[int] = []

    def counted(reader: object, count: int, read_run: Any = read_run) -> list[object]:
        items: list[object] = read_run(reader, count)
        taken.append(len(items))
        return items

    @per_class_settings(examples)
    @given(
        st.lists(strategies.for_class(cls, 1), min_size=8, max_size=12),
        st.lists(strategies.for_type(cls._TL_TYPE, 1), max_size=2),
        st.lists(strategies.for_class(cls, 1), max_size=9),
    )
    def property_holds(run: list[object], others: list[object], rest: list[object]) -> None:
        items = run + others + rest
        data = encode_vector(items)
        reader = runtime.Reader(data)
        taken.clear()
        decoded = reader.read_objects(True, readers)
        reader.expect_end()
        # The run decoder read at least the leading run (more when `others` were all of
        # this class too); the rest went item by item.
        assert len(taken) == 1 and taken[0] >= len(run)
        assert [type(item) for item in decoded] == [type(item) for item in items]
        assert encode_vector(decoded) == data
        # NaN never equals itself; the bytes above already compare those.
        assert all(a == b or "nan" in repr(b) for a, b in zip(decoded, items, strict=True))

    readers.runs[cls.CONSTRUCTOR_ID] = counted
    try:
        property_holds()
    finally:
        readers.runs[cls.CONSTRUCTOR_ID] = read_run


def expected(schema: Schema) -> set[str]:
    return {c.name for c in schema.constructors if is_fixed_size(c)}


def test_default_package() -> None:
    sys.path.insert(0, str(REPO / "generated"))
    import tl

    schema = load_schema(sorted((REPO / "schema").glob("*.tl"))).schema
    assert check_runs(tl, examples=20) == expected(schema)


@pytest.mark.parametrize("key", ["telegram222", "tdlib"])
def test_corpus_schema(
    key: str, corpus_package: Callable[[str], tuple[ModuleType, Schema]]
) -> None:
    package, schema = corpus_package(key)
    assert check_runs(package, examples=5) == expected(schema)
