"""The wire layout of one class: how each value is encoded (Codec), its fields and flags words,
and runs of fixed-size steps packed with one struct (Chunk).

    FieldPlan(attr, tl_name, type: PyType, codec: Codec, flag_local, flag_mask)
      .annotation (PyType, `| None` when optional), .default, .parameter(spell)
    FlagsPlan(local, tl_name, members: FieldPlan..., shared_bits, slot)
    WireStep(constructor_id | flags | field)  in wire order
    chunk_steps(steps) -> Chunk(steps, struct_format, flag_field)...
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ...schema import WIRE_FORMS
from .refs import PyType, optional

# Every builtin by its wire form (int32 -> int, secureBytes -> bytes: see schema.builtins).
# Boxed spellings of the primitives are encoded like the bare ones, as every peer does.
PRIMITIVE_KINDS = {
    spelling: wire
    for name, wire in WIRE_FORMS.items()
    if wire not in ("object", "function")
    for spelling in (name, name[:1].upper() + name[1:])
}
# `object ? = Object;` / `function ? = Function;` (TON): any boxed object, any boxed request.
ANY_OBJECT_TYPES = frozenset({"object", "Object"})
ANY_REQUEST_TYPES = frozenset({"function", "Function"})
# The Python type of each primitive value kind.
ANNOTATIONS = {
    "int": "int",
    "uint": "int",
    "long": "int",
    "int53": "int",
    "int128": "int",
    "int256": "int",
    "int512": "int",
    "double": "float",
    "string": "str",
    "bytes": "bytes",
    "bool": "bool",
    "true": "bool",
}
# Smallest encoding of one item, so a vector count can be checked against the input at once.
MIN_SIZES = {
    "int": 4, "uint": 4, "long": 8, "double": 8, "int128": 16, "int256": 32, "int512": 64,
    "date": 4,
}  # fmt: skip
# Fixed-size values a struct run can hold (a Bool is its 4-byte constructor id).
STRUCT_CODES = {"int": "i", "uint": "I", "long": "q", "double": "d", "bool": "I"}
# Vectors of these are read and written in one struct call, with the kind's struct code.
NUMBER_VECTOR_CODES = {"int": "i", "long": "q", "double": "d"}
# Bool is a boxed type of two constructors, written as their ids.
BOOL_TRUE_ID = 0x997275B5
BOOL_FALSE_ID = 0xBC799737
# Types a schema never declares as constructors but which have no class of their own.
NO_BASE_TYPES = frozenset({"Object", "Function", "Vector", "Type"})

# "int53" only in TDLib JSON packages (a JSON number, where int64 is a string); in TL binary
# it is a long.
CodecKind = Literal[
    "int", "uint", "long", "int53", "double", "int128", "int256", "int512", "string", "bytes", "bool",
    "true",
    "object", "any", "bare", "vector", "request", "date",
]  # fmt: skip


class PlanError(Exception):
    """The schema uses TL that the generator cannot turn into Python (with the reason)."""


@dataclass(frozen=True, kw_only=True)
class Codec:
    """How one value is encoded. `type_name` is the expected TL type of an object, `constructor_id`
    the class of a bare object, `element` the item codec of a vector."""

    kind: CodecKind
    boxed: bool = True
    element: Codec | None = None
    type_name: str | None = None
    constructor_id: int | None = None
    readers: str | None = None  # an object's module-level decoder table (see Reader.read_object)

    @property
    def min_size(self) -> int:
        """The fewest bytes one value takes, to refuse a vector count the input cannot hold."""
        return MIN_SIZES.get(self.kind, 4 if self.kind != "bare" else 0)

    @property
    def number_code(self) -> str | None:
        """For a vector of ints, longs or doubles: the struct code its items are packed with."""
        if self.kind != "vector":
            return None
        assert self.element is not None
        return NUMBER_VECTOR_CODES.get(self.element.kind)


@dataclass(frozen=True, kw_only=True)
class FieldPlan:
    """One field of a class: its Python attribute, TL name, Python type and encoding, and the
    flags word (local variable) and bit it depends on, if any."""

    attr: str
    tl_name: str
    type: PyType
    codec: Codec
    flag_local: str | None = None  # the local variable holding the flags word it depends on
    flag_word: str | None = None  # that flags word's TL name
    flag_mask: int = 0
    # Documented "may be null" / "pass null" (TDLib JSON packages, plan/tdjson.py): absent
    # (None) without any flags word.
    nullable: bool = False

    @property
    def flag_bit(self) -> int:
        """The bit of its flags word (`flags.6?` -> 6), for masks written `1 << 6`."""
        return self.flag_mask.bit_length() - 1

    @property
    def is_true_flag(self) -> bool:
        """A `?true` field: a bit of its flags word, no bytes."""
        return self.codec.kind == "true"

    @property
    def optional(self) -> bool:
        """May be absent (None): a field with a flag condition, other than a true flag, or a
        nullable one."""
        return self.nullable or (self.flag_local is not None and not self.is_true_flag)

    # Cached: the templates spell it twice per field (slot and __init__).
    @cached_property
    def annotation(self) -> PyType:
        """The attribute's type: the value's, or `value | None` when it may be absent. Every
        view spells this one (the package, docstrings, the reference, `tlgen diff`)."""
        return optional(self.type) if self.optional else self.type

    @property
    def default(self) -> str | None:
        """The `__init__` default: true flags are off, optional fields absent; None when the
        argument is required."""
        if self.is_true_flag:
            return "False"
        return "None" if self.optional else None

    def parameter(self, spell: Callable[[PyType], str]) -> str:
        """`attr: annotation = default` as a signature shows it, types spelled by `spell`."""
        default = "" if self.default is None else f" = {self.default}"
        return f"{self.attr}: {spell(self.annotation)}{default}"


@dataclass(frozen=True, kw_only=True)
class FlagsPlan:
    """A `#` param used as a flags word: computed on write, read into `local` on read."""

    local: str
    tl_name: str
    members: tuple[FieldPlan, ...]
    shared_bits: tuple[tuple[FieldPlan, ...], ...]
    # The slot keeping the word as read, for the true flags among the members (None: no true
    # flag). Storing the word once is cheaper on decode than one bool slot per true flag.
    slot: str | None = None

    @cached_property
    def true_mask(self) -> int:
        """The bits of this word that true flags hold."""
        mask = 0
        for member in self.members:
            if member.is_true_flag:
                mask |= member.flag_mask
        return mask

    @cached_property
    def true_bits(self) -> tuple[int, ...]:
        """The bits of true_mask, lowest first (written `1 << 0 | 1 << 4`)."""
        return tuple(bit for bit in range(self.true_mask.bit_length()) if self.true_mask >> bit & 1)

    @cached_property
    def true_members(self) -> tuple[FieldPlan, ...]:
        """The true flags among the members, kept as bits of the word's slot."""
        return tuple(m for m in self.members if m.is_true_flag)

    @cached_property
    def presence_members(self) -> tuple[FieldPlan, ...]:
        """The optional fields whose presence sets a bit on write: one per bit, and none for a
        bit a true flag holds (fields sharing a bit are checked to agree first)."""
        seen = self.true_mask
        members = []
        for member in self.members:
            if not member.is_true_flag and not member.flag_mask & seen:
                seen |= member.flag_mask
                members.append(member)
        return tuple(members)


@dataclass(frozen=True, kw_only=True)
class WireStep:
    """One step of the wire layout, in order: the constructor id (writing only), a flags word
    or a field."""

    flags: FlagsPlan | None = None
    field: FieldPlan | None = None
    constructor_id: int | None = None

    @property
    def struct_code(self) -> str | None:
        """The struct format letter when the step is fixed-size (present or not)."""
        if self.flags is not None or self.constructor_id is not None:
            return "I"
        assert self.field is not None
        return STRUCT_CODES.get(self.field.codec.kind)

    @property
    def optional(self) -> bool:
        """A field that may be absent."""
        return self.field is not None and self.field.optional


@dataclass(frozen=True, kw_only=True)
class Chunk:
    """A run of fixed-size steps read or written with one precompiled struct, or one step."""

    steps: tuple[WireStep, ...]
    struct_format: str | None = None  # "<Iqi" for a run
    # For a run of optional fields that share one flag bit: the field whose presence (and
    # flag) stands for all of them.
    flag_field: FieldPlan | None = None

    @property
    def struct_name(self) -> str:
        """The module-level name of the precompiled struct (struct_name)."""
        assert self.struct_format is not None
        return struct_name(self.struct_format)

    @property
    def size(self) -> int:
        """The bytes the run takes."""
        assert self.struct_format is not None
        return struct.calcsize(self.struct_format)

    def offset_of(self, index: int) -> int:
        """Where the index-th value of the run starts, for error offsets."""
        assert self.struct_format is not None
        return struct.calcsize("<" + self.struct_format[1 : index + 1])


# Letters of struct formats in struct names: lower case only, so that two names never differ by
# case alone (`<I` and `<i` would be `_S_I` and `_S_i`); `u` for the unsigned int.
_STRUCT_NAME_LETTERS = str.maketrans({"I": "u"})


def struct_name(struct_format: str) -> str:
    """The module-level name of a precompiled struct: `_S_uiq` for `<Iiq`."""
    return "_S_" + struct_format[1:].translate(_STRUCT_NAME_LETTERS)


def chunk_steps(steps: Sequence[WireStep]) -> tuple[Chunk, ...]:
    """Group runs of fixed-size steps into one precompiled struct each, even a run of one: it
    costs less inline than a call to a runtime function. A run is either always present, or
    optional fields under one flag bit (Telegram's views/forwards), read and written under one
    test of the bit. A lone optional field, a lone constructor id (written as a bytes
    literal) and every variable-size step stay steps of their own."""
    chunks: list[Chunk] = []
    run: list[WireStep] = []

    def flush() -> None:
        """Close the current run as a chunk (a lone optional field or id stays a step)."""
        lone_constructor_id = len(run) == 1 and run[0].constructor_id is not None
        if len(run) == 1 and (run[0].optional or lone_constructor_id):
            chunks.append(Chunk(steps=(run[0],)))
        elif run:
            flag_field = run[0].field if run[0].optional else None
            struct_format = "<" + "".join(s.struct_code or "" for s in run)
            chunks.append(
                Chunk(steps=tuple(run), struct_format=struct_format, flag_field=flag_field)
            )
        run.clear()

    for step in steps:
        if step.field is not None and step.field.is_true_flag:
            continue  # no bytes: does not break a run
        if step.struct_code is not None and (not run or _same_condition(run[0], step)):
            run.append(step)
            continue
        flush()
        if step.struct_code is not None:
            run.append(step)
        else:
            chunks.append(Chunk(steps=(step,)))
    flush()
    return tuple(chunks)


def _same_condition(first: WireStep, step: WireStep) -> bool:
    """Whether two fixed-size steps can share a struct: both always present, or both under
    the same flag bit."""
    if not (first.optional or step.optional):
        return True
    if not (first.optional and step.optional):
        return False
    assert first.field is not None and step.field is not None
    return (first.field.flag_local, first.field.flag_mask) == (
        step.field.flag_local,
        step.field.flag_mask,
    )
