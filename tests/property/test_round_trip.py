"""Round-trip properties for every constructor and function of whole schemas, with the
generated strategies module: decode(encode(x)) == x (decode_request for requests),
encode(decode(b)) == b, and from_dict(json(to_dict(x))) == x in the full and the compact form
(which has no None and no false flag). NaN compares by bytes.

Every class gets its own property run; the test reports how many classes it covered and
fails if any class was never exercised.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
from collections.abc import Callable
from types import ModuleType

import pytest
from hypothesis import given

from tests.conftest import REPO
from tests.helpers import per_class_settings
from tlgen.codegen.plan.mtproto import is_envelope
from tlgen.schema.model import Schema

GZIP_PACKED_ID = 0x3072CFA1


def same(a: object, b: object) -> bool:
    """Equal, or (when a float is NaN, which never equals itself) the same bytes."""
    if a == b:
        return True
    return "nan" in repr(a) and a.to_bytes() == b.to_bytes()  # type: ignore[attr-defined]


def check(package: ModuleType, obj: object) -> None:
    cls = type(obj)
    data = obj.to_bytes()  # type: ignore[attr-defined]
    back = cls.from_bytes(data)  # type: ignore[attr-defined]
    assert back.to_bytes() == data
    assert same(back, obj)
    is_request = isinstance(obj, package.Request)
    if not is_request and cls.CONSTRUCTOR_ID != GZIP_PACKED_ID:  # type: ignore[attr-defined]
        assert same(package.decode(data), obj)
    registry = importlib.import_module(f"{package.__name__}._registry")
    if is_request and registry.find(cls.CONSTRUCTOR_ID, True) is cls:  # type: ignore[attr-defined]
        # Any request by its id, nested ones included; a borrower of another request's id
        # (TDLib's *Prefix) decodes as that owner.
        assert same(package.decode_request(data), obj)
    for compact in (False, True):
        text = json.dumps(obj.to_dict(compact=compact))  # type: ignore[attr-defined]
        via_json = cls.from_dict(json.loads(text))  # type: ignore[attr-defined]
        # JSON has a single NaN: a NaN's payload bits survive bytes but not JSON.
        assert via_json == obj or without_nan_payload(via_json.to_dict()) == without_nan_payload(obj.to_dict())  # type: ignore[attr-defined]
        if compact:
            assert not compact_leftovers(obj, json.loads(text)), text


def compact_leftovers(obj: object, data: dict[str, object]) -> list[str]:
    """Fields a compact dict still holds though absent (None) or a false `true` flag."""
    found = []
    for attr, tl_name, spec, flag in obj._FIELDS:  # type: ignore[attr-defined]
        value = data.get(tl_name, "omitted")
        if flag is not None and (value is None or (value is False and spec == ("true",))):
            found.append(attr)
        inner = getattr(obj, attr)
        if isinstance(value, dict) and hasattr(inner, "_FIELDS"):
            found += compact_leftovers(inner, value)
    return found


def without_nan_payload(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: without_nan_payload(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nan_payload(v) for v in value]
    return value


def every_class(package: ModuleType) -> list[type]:
    registry = importlib.import_module(f"{package.__name__}._registry")
    classes = [registry.find_by_name(n) for n in registry.names()]
    classes += [registry.find_by_name(n, True) for n in registry.names(True)]
    return classes


def run_round_trips(package: ModuleType, examples: int, max_depth: int) -> int:
    strategies = importlib.import_module(f"{package.__name__}.strategies")
    classes = every_class(package)
    exercised: set[type] = set()
    for cls in classes:

        @per_class_settings(examples)
        @given(strategies.for_class(cls, max_depth))
        def property_holds(obj: object) -> None:
            check(package, obj)
            exercised.add(type(obj))

        property_holds()
    assert exercised == set(classes)
    print(f"\n{package.__name__}: round-tripped {len(classes)} classes, {examples} examples each")
    return len(classes)


def test_default_package() -> None:
    sys.path.insert(0, str(REPO / "generated"))
    import tl

    assert run_round_trips(tl, examples=40, max_depth=3) == 143


@pytest.mark.parametrize("key", ["telegram222", "tdlib"])
def test_corpus_schema(
    key: str, corpus_package: Callable[[str], tuple[ModuleType, Schema]]
) -> None:
    package, schema = corpus_package(key)
    covered = run_round_trips(package, examples=4, max_depth=2)
    # The envelope (TDLib declares gzip_packed) maps onto the built-ins: no class of its own.
    assert covered == len([d for d in schema.definitions if not is_envelope(d)])
