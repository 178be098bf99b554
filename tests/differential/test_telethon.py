"""Byte-for-byte agreement with an independent implementation: Telethon 1.42.0 (layer 216).

For hypothesis objects of every constructor and function of our package generated from
layer-216.tl + mtproto.tl, the equivalent Telethon object must encode to identical bytes, and
each side must decode the other's bytes to an equal object.

Deliberate differences (none on the wire): Telethon has no classes for the core definitions
boolFalse, boolTrue and true (it maps them to Python bools, as we do in fields) nor for error
and null; Telethon names the field `self` `is_self` and a field named after a keyword (`from`) with a
trailing underscore, decodes `date` fields to datetime, and reads the `string` fields of
mtproto.tl as bytes, except msgs_state_info.info and msgs_all_info.info, which it reads as text
(replacing bytes that are not UTF-8). The wire encoding is the same; the generator plans the
binary MTProto fields, those two included, as bytes (generator/codegen/plan/mtproto.py).
Telethon's client-level Message.__init__ rewrites chat and channel ids outside its "marked id"
range (mutating the objects given to it): bytes are compared with Telethon objects built
without running __init__, and Telethon's decoding of our bytes is compared with objects built
through __init__, so that both sides go through the same rewriting.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import keyword
import math
import struct
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given

from tests.helpers import per_class_settings
from tlgen.schema.model import Schema

telethon = pytest.importorskip("telethon", reason="telethon==1.42.0 (test extra) is required")
from telethon.extensions import BinaryReader  # noqa: E402
from telethon.tl.alltlobjects import LAYER, tlobjects  # noqa: E402

CORE_WITHOUT_TELETHON_CLASS = {"boolFalse", "boolTrue", "true", "error", "null"}
# Where Telethon 1.42.0 itself cannot encode valid values; other examples are still compared.
TELETHON_LIMITS = {
    "channels.getMessageAuthor": "packs id:int as unsigned (struct '<I'): a negative id fails",
}
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
# Binary fields that Telethon decodes as text, with U+FFFD for bytes that are not UTF-8.
TELETHON_READS_AS_TEXT = {"msgs_state_info": "info", "msgs_all_info": "info"}


def test_telethon_is_exactly_layer_216(
    corpus_package: Callable[[str], tuple[ModuleType, Schema]],
) -> None:
    assert telethon.__version__ == "1.42.0"
    assert LAYER == 216
    _, schema = corpus_package("telegram216")
    ours = {d.id for d in schema.definitions if d.name not in CORE_WITHOUT_TELETHON_CLASS}
    assert ours == set(tlobjects)


@cache
def telethon_arguments(constructor_id: int) -> dict[str, str]:
    """TL field name -> Telethon's __init__ argument name."""
    names = list(inspect.signature(tlobjects[constructor_id].__init__).parameters)[1:]
    mapping = {}
    for name in names:
        if name == "is_self":
            mapping["self"] = name
        elif name.endswith("_") and keyword.iskeyword(name[:-1]):
            mapping[name[:-1]] = name
        else:
            mapping[name] = name
    return mapping


def to_telethon(value: Any, run_init: bool) -> Any:
    if isinstance(value, list):
        return [to_telethon(v, run_init) for v in value]
    if hasattr(value, "CONSTRUCTOR_ID") and hasattr(value, "_FIELDS"):
        arguments = telethon_arguments(value.CONSTRUCTOR_ID)
        cls = tlobjects[value.CONSTRUCTOR_ID]
        values = {
            arguments[tl]: to_telethon(getattr(value, a), run_init) for a, tl, _, _ in value._FIELDS
        }
        if run_init:
            return cls(**values)
        built = cls.__new__(cls)
        for name, field_value in values.items():
            setattr(built, name, field_value)
        return built
    return value


def comparable(value: Any) -> Any:
    """Telethon's to_dict with datetimes back to Unix time and NaN made comparable."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, datetime.datetime):
        return int((value - EPOCH).total_seconds())
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, str):
        # Telethon reads MTProto `string` fields (pq, encrypted_data...) as bytes.
        return value.encode("utf-8")
    return value


def telethon_can_encode(obj: Any) -> bool:
    try:
        bytes(to_telethon(obj, run_init=False))
    except struct.error:
        return False
    return True


def test_the_telethon_limit_is_telethons(
    corpus_package: Callable[[str], tuple[ModuleType, Schema]],
) -> None:
    package, _ = corpus_package("telegram216")
    registry = importlib.import_module(f"{package.__name__}._registry")
    cls = registry.find_by_name("channels.getMessageAuthor", True)
    channel = registry.find_by_name("inputChannelEmpty")()
    request = cls(channel=channel, id=-5)
    assert cls.from_bytes(request.to_bytes()) == request  # a valid TL int for us
    assert not telethon_can_encode(request)
    assert telethon_can_encode(cls(channel=channel, id=5))


def test_every_class_agrees_with_telethon(
    corpus_package: Callable[[str], tuple[ModuleType, Schema]],
) -> None:
    package, schema = corpus_package("telegram216")
    strategies = importlib.import_module(f"{package.__name__}.strategies")
    registry = importlib.import_module(f"{package.__name__}._registry")
    compared: set[str] = set()
    disagreements: list[str] = []
    definitions = [d for d in schema.definitions if d.name not in CORE_WITHOUT_TELETHON_CLASS]
    for definition in definitions:
        agree_on(definition, registry, strategies, compared, disagreements)
    print(
        f"\ncompared {len(compared)} classes with Telethon {telethon.__version__}: "
        f"{len(disagreements)} disagreements"
    )
    assert disagreements == []
    assert compared == {d.name for d in definitions}


def agree_on(
    definition: Any, registry: Any, strategies: Any, compared: set[str], disagreements: list[str]
) -> None:
    cls = registry.find_by_name(definition.name, definition.kind == "function")

    @per_class_settings(3)
    @given(
        strategies.for_class(cls, 2).filter(telethon_can_encode)
        if definition.name in TELETHON_LIMITS
        else strategies.for_class(cls, 2)
    )
    def agrees(obj: Any) -> None:
        ours = obj.to_bytes()
        theirs_obj = to_telethon(obj, run_init=False)
        theirs = bytes(theirs_obj)
        if ours != theirs:
            disagreements.append(definition.name)
        assert ours == theirs
        # Each side decodes the other's bytes to an equal object.
        back = type(obj).from_bytes(theirs)
        assert back == obj or back.to_bytes() == ours
        decoded = BinaryReader(ours).tgread_object()
        assert type(decoded) is type(theirs_obj)
        expected = to_telethon(obj, run_init=True)
        if definition.name in TELETHON_READS_AS_TEXT:
            field = TELETHON_READS_AS_TEXT[definition.name]
            setattr(expected, field, getattr(expected, field).decode("utf-8", "replace"))
        assert comparable(decoded.to_dict()) == comparable(expected.to_dict())
        compared.add(definition.name)

    agrees()
