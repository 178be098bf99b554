"""Python names for TL names: classes, attributes, modules. Pure functions, table-tested."""

from __future__ import annotations

import keyword
from collections.abc import Iterable

# Names the generated classes use in annotations or as their object API: a field with one of
# these names gets a trailing underscore in Python (its wire/dict name stays the TL name).
RESERVED_ATTRIBUTES = frozenset(
    {"int", "str", "bytes", "bool", "float", "list", "object", "type", "self", "cls"}
    | {"to_bytes", "from_bytes", "to_dict", "from_dict", "read_result"}
    | {"CONSTRUCTOR_ID", "TL_NAME"}
)
ROOT_MODULE = "_root"


def local_name(tl_name: str) -> str:
    return tl_name.rpartition(".")[2]


def namespace_of(tl_name: str) -> str | None:
    head, dot, _ = tl_name.rpartition(".")
    return head if dot else None


def upper_camel(tl_name: str) -> str:
    """`auth.sentCode` -> `SentCode`, `p_q_inner_data_dc` -> `PQInnerDataDc`."""
    parts = local_name(tl_name).split("_")
    name = "".join(part[:1].upper() + part[1:] for part in parts if part)
    return escape_keyword(name or "_")


def class_name(tl_name: str) -> str:
    """The class of a constructor or function."""
    return upper_camel(tl_name)


def union_name(type_name: str) -> str:
    """The Union alias of an abstract TL type: `auth.SentCode` -> `SentCode`."""
    return upper_camel(type_name)


def base_class_name(type_name: str) -> str:
    """The runtime base class of an abstract TL type: `auth.SentCode` -> `TypeSentCode`."""
    return "Type" + upper_camel(type_name).rstrip("_")


def attribute_name(tl_name: str) -> str:
    if keyword.iskeyword(tl_name):
        return tl_name + "_"
    if tl_name in RESERVED_ATTRIBUTES or tl_name.startswith("_"):
        return tl_name + "_"
    return tl_name


def module_name(namespace: str | None) -> str:
    return ROOT_MODULE if namespace is None else escape_keyword(namespace)


def escape_keyword(name: str) -> str:
    return name + "_" if keyword.iskeyword(name) else name


def unique_names(wanted: Iterable[str]) -> list[str]:
    """Deduplicate in order: a later clash gets underscores until it is free."""
    taken: set[str] = set()
    result = []
    for name in wanted:
        while name in taken:
            name += "_"
        taken.add(name)
        result.append(name)
    return result
