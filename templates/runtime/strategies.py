"""Hypothesis strategies for every class of this package: property-test code that uses it.

Optional: importing this module imports hypothesis (nothing else in the package does).

    from <package>.strategies import for_class, for_type
    @given(for_class(SentCode))
    def test_round_trip(sent): assert SentCode.from_bytes(sent.to_bytes()) == sent

Objects come with optional fields absent and present (lists empty or not), fields sharing a
flag bit set together, integers at their extremes, floats including NaN, infinities and -0.0
(finite only in a TDLib JSON package),
strings and bytes around the 253/254-byte length boundary and large ones, non-ASCII text, and
Object / !X fields filled with other objects and requests. Nesting is bounded by `max_depth`:
beyond it, objects are built from their type's cheapest constructor.
"""

from __future__ import annotations

import importlib.util
import math
from functools import cache

from hypothesis import strategies as st

from . import _registry
from ._runtime import GZIP_PACKED_ID, INT_RANGES, Request, TLObject, from_timestamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing as _t

    from ._runtime import FieldTable, Spec

    ObjectT = _t.TypeVar("ObjectT", bound=TLObject)

__all__ = ["for_class", "for_type", "any_object", "any_request", "DEFAULT_MAX_DEPTH"]

DEFAULT_MAX_DEPTH = 3
# A package speaking TDLib's JSON (generated with --wire tdjson) rather than TL binary.
_JSON_ONLY = importlib.util.find_spec(f"{__package__}._tdjson") is not None


def for_class(cls: type[ObjectT], max_depth: int = DEFAULT_MAX_DEPTH) -> st.SearchStrategy[ObjectT]:
    """Valid instances of one generated class (constructor or request)."""
    return _class(cls.TL_NAME, issubclass(cls, Request), 0, max_depth)  # type: ignore[return-value]


def for_type(type_name: str, max_depth: int = DEFAULT_MAX_DEPTH) -> st.SearchStrategy[TLObject]:
    """Instances of any constructor of a TL type (`"auth.SentCode"`)."""
    return _object(type_name, 0, max_depth)


def any_object(max_depth: int = DEFAULT_MAX_DEPTH) -> st.SearchStrategy[TLObject]:
    """Instances of any constructor (gzip_packed aside: decoding unwraps it)."""
    return _any(False, 0, max_depth)


def any_request(max_depth: int = DEFAULT_MAX_DEPTH) -> st.SearchStrategy[Request[object]]:
    return _any(True, 0, max_depth)  # type: ignore[return-value]


@cache
def _class(tl_name: str, function: bool, depth: int, max_depth: int) -> st.SearchStrategy[TLObject]:
    cls = _class_named(tl_name, function)
    deep = depth >= max_depth

    @st.composite
    def build(draw: st.DrawFn) -> TLObject:
        present: dict[tuple[str, int], bool] = {}
        values: dict[str, object] = {}
        for attr, _, spec, flag in cls._FIELDS:
            if flag is not None:
                if not flag[1]:
                    flag = (attr, 0)  # a nullable field (TDLib): present on its own
                if flag not in present:
                    present[flag] = False if deep else draw(st.booleans())
                if spec[0] == "true":
                    values[attr] = present[flag]
                    continue
                if not present[flag]:
                    values[attr] = None
                    continue
            values[attr] = draw(_value(spec, depth + 1, max_depth))
        return cls(**values)

    return build()


@cache
def _value(spec: Spec, depth: int, max_depth: int) -> st.SearchStrategy[object]:
    kind = spec[0]
    deep = depth > max_depth
    if kind in INT_RANGES:
        low, high = INT_RANGES[kind]
        return st.one_of(st.sampled_from([low, high, 0, -1 if low else 1]), st.integers(low, high))
    if kind == "date":
        low, high = INT_RANGES["int"]
        return st.one_of(st.sampled_from([low, high, 0]), st.integers(low, high)).map(
            from_timestamp
        )
    if kind == "double":
        # JSON has no NaN or infinities: TDLib's packages draw finite numbers only.
        return st.floats(allow_nan=not _JSON_ONLY, allow_infinity=not _JSON_ONLY)
    if kind in ("bool", "true"):
        return st.booleans()
    if kind == "string":
        return st.one_of(
            st.text(max_size=12),
            st.integers(250, 258).map(lambda n: "s" * n),
            st.integers(124, 130).map(lambda n: "é" * n),  # two bytes each: around 254
            st.text(min_size=250, max_size=260),
            st.integers(1000, 70000).map(lambda n: "L" * n),
        )
    if kind == "bytes":
        return st.one_of(
            st.binary(max_size=12),
            st.integers(250, 258).map(bytes),
            st.integers(1000, 70000).map(lambda n: b"\xff" * n),
        )
    if kind in ("v", "bv"):
        if deep:
            return st.just([])
        return st.lists(_value(spec[1], depth, max_depth), max_size=3)
    if kind == "o":
        return _object(spec[1], depth, max_depth)
    if kind == "b":
        cls = _registry.find(spec[1])
        assert cls is not None
        return _class(cls.TL_NAME, False, depth, max_depth)
    return _any(kind == "req", depth, max_depth)


@cache
def _object(type_name: str, depth: int, max_depth: int) -> st.SearchStrategy[TLObject]:
    if depth > max_depth:
        return _class(_cheapest()[type_name], False, depth, max_depth)
    return st.one_of([_class(name, False, depth, max_depth) for name in _types()[type_name]])


@cache
def _any(function: bool, depth: int, max_depth: int) -> st.SearchStrategy[TLObject]:
    names = sorted(name for name in _registry.names(function) if _decodes_as_itself(name, function))
    if depth > max_depth:
        cost = _costs(function)
        return _class(min(names, key=lambda n: (cost[n], n)), function, depth, max_depth)
    return st.sampled_from(names).flatmap(lambda n: _class(n, function, depth, max_depth))


def _decodes_as_itself(tl_name: str, function: bool) -> bool:
    """False for gzip_packed (a wrapper, never a value) and for a definition that borrows
    another's id (TDLib's *Prefix pseudo-definitions): bytes with its id decode as the owner."""
    cls = _registry.find_by_name(tl_name, function)
    if cls is None or cls.CONSTRUCTOR_ID == GZIP_PACKED_ID:
        return False
    return _registry.find(cls.CONSTRUCTOR_ID, function) is cls


@cache
def _costs(function: bool) -> dict[str, float]:
    """How many objects the smallest instance of each class needs (fixed point)."""
    table = _field_tables(function)
    cost = {name: math.inf for name in table}
    constructor_cost = _constructor_costs() if function else cost
    changed = True
    while changed:
        changed = False
        for name, fields in table.items():
            total = 1.0 + sum(
                _requirement(spec, constructor_cost) for _, _, spec, flag in fields if flag is None
            )
            if total < cost[name]:
                cost[name], changed = total, True
    return cost


@cache
def _constructor_costs() -> dict[str, float]:
    return _costs(False)


def _requirement(spec: Spec, cost: dict[str, float]) -> float:
    kind = spec[0]
    if kind == "o":
        return min(cost[name] for name in _types()[spec[1]])
    if kind == "b":
        cls = _registry.find(spec[1])
        return cost[cls.TL_NAME] if cls is not None else math.inf
    if kind in ("any", "req"):
        return 1.0
    return 0.0


@cache
def _cheapest() -> dict[str, str]:
    cost = _costs(False)
    return {
        type_name: min(names, key=lambda n: (cost[n], n)) for type_name, names in _types().items()
    }


def _class_named(tl_name: str, function: bool) -> type[TLObject]:
    cls = _registry.find_by_name(tl_name, function)
    assert cls is not None, tl_name
    return cls


@cache
def _field_tables(function: bool) -> dict[str, FieldTable]:
    """The field table of every constructor (or function) class, by TL name."""
    return {name: _class_named(name, function)._FIELDS for name in _registry.names(function)}


@cache
def _types() -> dict[str, list[str]]:
    """TL type -> the TL names of its constructors, in registry order."""
    types: dict[str, list[str]] = {}
    for name in _registry.names():
        types.setdefault(_class_named(name, False)._TL_TYPE, []).append(name)
    return types
