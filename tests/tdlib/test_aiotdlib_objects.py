"""Decoding checked from outside: every object class of the corpus td_api.tl (TDLib 1.8.66) that
aiotdlib 0.27.6 (pydantic models its authors generated from an older td_api.tl) has with the
same fields, drawn by the package's own strategies, goes both ways between the two codecs:

(a) aiotdlib parses our `to_json()` and writes back (`model_dump_json(by_alias=True)`) the same
    values, field by field;
(b) our `from_json` reads aiotdlib's JSON of it back to an object equal to the drawn one.

Only aiotdlib's documented differences (test_aiotdlib.py's docstring) are allowed for: the drawn
values are first moved into what aiotdlib accepts (strings without surrounding whitespace, int32
above -2**31, int53 below 2**52 in size, int64 above -2**63, doubles below 2**63 in size, and
the lengths its models take from TDLib's comments, such as "1-64 characters", on 21 string
fields), and its url-safe base64 is read in the standard alphabet. What it writes in its own
TDLib-compatible way stays for our decoder to read: int64 as JSON numbers, null for an absent
object, an empty `@extra` in every object.

Version skew is counted, never passed over: a class aiotdlib lacks, or has with other field
names, kinds or nullability, is left out with its reason, and so is a class none of whose drawn
objects could be compared (each held a left-out class somewhere). With the corpus of 1.8.66,
of 2161 object classes: 498 not in aiotdlib, 129 with other field names, 13 with a field of
another kind, 7 requiring a field that may be null, about 53 always holding one of those; about
1460 compared (the test prints the tally: `pytest -rA`).
"""

from __future__ import annotations

import json
import math
import typing
from collections import Counter
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given

from tests.tdlib.conftest import each_class
from tests.tdlib.test_aiotdlib import aiotdlib  # noqa: F401 (the fixture: skips or fails loudly)

EXAMPLES = 4
MAX_DEPTH = 1
# Of the 2161 object classes of the 1.8.66 corpus; fewer means a broken comparison or a new skew.
AT_LEAST_COMPARED = 1400

# aiotdlib's integer kinds by their exclusive upper bound (aiotdlib/api/types/base.py).
_INT_KINDS = {2**31: "int", 2**52: "int53", 2**63: "long"}


def _their_kind(annotation: Any, metadata: list[Any]) -> tuple[Any, bool]:
    """aiotdlib's annotation (and its field's constraints: pydantic moves an outer Annotated's
    there) as (kind like our specs', nullable): kind is "int", ("v", kind), a frozenset of the
    @type names an object may have, and so on."""
    metadata = list(metadata)
    nullable = False
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Union and type(None) in args:
        nullable = True
        rest = [a for a in args if a is not type(None)]
        if len(rest) > 1:
            return frozenset(m.model_fields["ID"].default for m in rest), nullable
        annotation = rest[0]
        args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = args
        for item in extra:
            metadata.extend(getattr(item, "metadata", [item]))
    if typing.get_args(annotation) == (str, bytes):
        return "bytes", nullable
    if typing.get_origin(annotation) is list:
        return ("v", _their_kind(typing.get_args(annotation)[0], [])[0]), nullable
    if annotation is int:
        bounds = [m.lt for m in metadata if hasattr(m, "lt")]
        return _INT_KINDS.get(bounds[0] if bounds else 0, "int?"), nullable
    plain = {float: "double", str: "string", bool: "bool"}
    if annotation in plain:
        return plain[annotation], nullable
    members = typing.get_args(annotation) or (annotation,)
    return frozenset(m.model_fields["ID"].default for m in members), nullable


def _our_kind(spec: Any) -> Any:
    from td_api import _registry

    kind = spec[0]
    if kind in ("v", "bv"):
        return ("v", _our_kind(spec[1]))
    if kind == "o":
        return frozenset(n for n in _registry.names() if _class(n)._TL_TYPE == spec[1])
    if kind == "b":
        return frozenset({_registry.find(spec[1]).TL_NAME})
    return kind


def _class(name: str) -> Any:
    from td_api import _registry

    return _registry.find_by_name(name)


def _agrees(ours: Any, theirs: Any) -> bool:
    """Whether aiotdlib's kind fits ours: its objects a subset of our constructors (its schema
    is older: a type gained constructors since)."""
    if isinstance(ours, frozenset) and isinstance(theirs, frozenset):
        return theirs <= ours
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        return _agrees(ours[1], theirs[1])
    return bool(ours == theirs)


def skew(name: str, peer: Any) -> str | None:
    """Why aiotdlib's class of a TL name cannot be compared with ours; None when it can."""
    model = peer.api.TDLibObjects.get(name)
    if model is None:
        return "not in aiotdlib (newer than its schema)"
    theirs = their_fields(model)
    ours = {key: (spec, flag) for _, key, spec, flag in _class(name)._FIELDS}
    if set(theirs) != set(ours):
        return "other field names"
    for key, (spec, flag) in ours.items():
        kind, nullable = _their_kind(theirs[key].annotation, theirs[key].metadata)
        if not _agrees(_our_kind(spec), kind):
            return "a field of another kind"
        if flag is not None and not nullable:
            return "a field that may be null required"
    return None


def classes_used(value: Any) -> set[str]:
    """The TL names of an object (or of the objects of a list, of lists) and of every object
    inside it."""
    if isinstance(value, list):
        return set().union(*map(classes_used, value))
    if not hasattr(value, "_FIELDS"):
        return set()
    names = {value.TL_NAME}
    for attr, _, _, _ in value._FIELDS:
        names |= classes_used(getattr(value, attr))
    return names


def their_fields(model: Any) -> dict[str, Any]:
    """An aiotdlib model's fields by JSON key, `@type` and `@extra` aside."""
    return {
        (info.alias or attr): info
        for attr, info in model.model_fields.items()
        if info.alias not in ("@type", "@extra")
    }


def within_aiotdlib(value: Any, spec: Any, peer: Any, limits: Any = ()) -> Any:
    """A drawn value moved into what aiotdlib accepts: its documented narrower ranges and
    whitespace stripping, and the lengths some of its string fields are held to (`limits`: its
    field's constraints, taken from TDLib's comments such as "1-64 characters")."""
    kind = spec[0]
    if value is None:
        return None
    if kind == "string":
        low = max([getattr(m, "min_length", 0) or 0 for m in limits], default=0)
        high = min([getattr(m, "max_length", None) or len(value) for m in limits], default=None)
        text = value.strip()[:high].rstrip()
        return text + "x" * (low - len(text))
    if kind == "int":
        return max(value, -(2**31) + 1)
    if kind == "int53":
        return max(min(value, 2**52 - 1), -(2**52) + 1)
    if kind == "long":
        return max(value, -(2**63) + 1)
    if kind == "double":
        return value if abs(value) < 2.0**62 else math.copysign(2.0**62, value)
    if kind in ("v", "bv"):
        return [within_aiotdlib(item, spec[1], peer) for item in value]
    if kind in ("o", "b"):
        model = peer.api.TDLibObjects.get(value.TL_NAME)
        fields = their_fields(model) if model is not None else {}
        return type(value)(
            **{
                attr: within_aiotdlib(
                    getattr(value, attr), s, peer, fields[key].metadata if key in fields else ()
                )
                for attr, key, s, _ in value._FIELDS
            }
        )
    return value


def their_json_read(data: Any, spec: Any, *, canonical: bool) -> Any:
    """aiotdlib's JSON with its url-safe base64 in the standard alphabet; when `canonical`, also
    written as our encoder writes it (no `@extra`, no null field, int64 as a decimal string)."""
    kind = spec[0]
    if data is None:
        return None
    if kind == "bytes":
        return data.replace("-", "+").replace("_", "/")
    if kind == "long" and canonical:
        return str(data)
    if kind in ("v", "bv"):
        return [their_json_read(item, spec[1], canonical=canonical) for item in data]
    if kind in ("o", "b"):
        fields = {key: s for _, key, s, _ in _class(data["@type"])._FIELDS}
        out = {}
        for key, value in data.items():
            if canonical and (key == "@extra" or value is None):
                continue
            out[key] = (
                their_json_read(value, fields[key], canonical=canonical) if key in fields else value
            )
        return out
    return data


@pytest.mark.slow
def test_every_shared_object_class_goes_both_ways(
    td_api: ModuleType, aiotdlib: Any, record_property: Any  # noqa: F811
) -> None:
    from td_api import _registry
    from td_api.strategies import for_class

    names = list(_registry.names())
    reasons = {name: skew(name, aiotdlib) for name in names}
    shared = {name for name, reason in reasons.items() if reason is None}
    problems: dict[str, str] = {}
    compared: set[str] = set()

    def checker(name: str) -> Any:
        @each_class(EXAMPLES)
        @given(for_class(_class(name), max_depth=MAX_DEPTH))
        def check(drawn: Any) -> None:
            original = within_aiotdlib(drawn, ("b", type(drawn).CONSTRUCTOR_ID), aiotdlib)
            if not classes_used(original) <= shared:
                return  # counted below: a class none of whose examples ran is left out
            ours = json.loads(original.to_json())
            model = aiotdlib.utils.parse_tdlib_object(ours)
            theirs = json.loads(model.model_dump_json(by_alias=True))
            spec = ("b", type(original).CONSTRUCTOR_ID)
            canonical = their_json_read(theirs, spec, canonical=True)
            if canonical != ours:
                keys = sorted(
                    k for k in ours.keys() | canonical.keys() if ours.get(k) != canonical.get(k)
                )
                problems.setdefault(name, f"(a) fields {keys} differ: ours {ours}, theirs {theirs}")
            back = td_api.from_json(their_json_read(theirs, spec, canonical=False))
            if back != original:
                problems.setdefault(name, f"(b) read back as {back!r}, theirs {theirs}")
            compared.add(name)

        return check

    for name in sorted(shared):
        checker(name)()
    tally = Counter(reason for reason in reasons.values() if reason is not None)
    tally["every drawn object held a left-out class"] = len(shared - compared)
    record_property("compared", len(compared))
    record_property("left_out", dict(tally))
    print(f"compared {len(compared)} of {len(names)} object classes; left out: {dict(tally)}")
    assert problems == {}
    assert len(compared) >= AT_LEAST_COMPARED
    assert len(compared) + sum(tally.values()) == len(names)


def test_skew_is_recognised(td_api: ModuleType, aiotdlib: Any) -> None:  # noqa: F811
    # A class the older schema lacks, one whose fields were renamed since, one that kept them.
    assert skew("boolTrue", aiotdlib) == "not in aiotdlib (newer than its schema)"
    assert skew("messageReplyToStory", aiotdlib) == "other field names"
    assert skew("textEntity", aiotdlib) is None
