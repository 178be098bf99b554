"""The plan of one generated class (ClassPlan): everything the templates need to emit a
constructor or request class, and what follows from it (slots, struct runs, docstring lines).

    ClassPlan
      name, tl_name, type_name, constructor_id, definition (TL line), doc (description)
      public_module, import_line, public_signature, short_signature   how users name it
      arg_docs                          each field's description, for "Args:"
      base: PyType                      TLObject, TypeX of its TL type, or Request[result]
      fields: FieldPlan...  steps: WireStep...  flags: FlagsPlan...   (see wire.py)
      result_codec, result_type         for functions
      errors: ErrorDoc..., bots         for documented methods
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from .errors import ErrorDoc
from .refs import PyType
from .wire import (
    Chunk,
    Codec,
    FieldPlan,
    FlagsPlan,
    WireStep,
    chunk_steps,
)


@dataclass(frozen=True, kw_only=True)
class ClassPlan:
    """Everything the templates need to emit one constructor or request class."""

    name: str
    tl_name: str
    type_name: str  # the TL type of a constructor; the result type of a function
    constructor_id: int
    definition: str
    doc: tuple[str, ...]
    base: PyType
    fields: tuple[FieldPlan, ...]
    steps: tuple[WireStep, ...]
    flags: tuple[FlagsPlan, ...]
    result_codec: Codec | None = None
    result_type: PyType | None = None
    generic: bool = False
    errors: tuple[ErrorDoc, ...] = ()
    bots: bool | None = None
    arg_docs: tuple[str, ...] = ()  # the description of each of `fields` ("" if none)
    public_module: str  # where users import it from: `tl.functions.auth`, `tl.mtproto`
    binary: bool = True  # TL binary methods; False: a TDLib JSON package (plan/tdjson.py)
    facts: tuple[str, ...] = ()  # where a TDLib function can be called, as sentences

    @property
    def import_line(self) -> str:
        """`from tl.functions.auth import SendCode`."""
        return f"from {self.public_module} import {self.name}"

    @cached_property
    def public_signature(self) -> str:
        """`SendCode(*, phone_number: str, ...)` in public names, as the reference shows it."""
        return self._signature(lambda t: t.public)

    @cached_property
    def short_signature(self) -> str:
        """The signature in short names (`auth.SentCode`), as `tlgen diff` shows it."""
        return self._signature(lambda t: t.short)

    def _signature(self, spell: Callable[[PyType], str]) -> str:
        parameters = [f.parameter(spell) for f in self.fields]
        return f"{self.name}(" + ", ".join(["*", *parameters] if parameters else []) + ")"

    # Cached: the class and __init__ docstrings both use these lines, and templates ask more
    # than once; wrapping descriptions is a measurable part of rendering the full API.
    @cached_property
    def args_lines(self) -> tuple[str, ...]:
        """Google-style "Args:": each field, its type in public names, its description."""
        if not self.fields:
            return ()
        lines = ["Args:"]
        descriptions = self.arg_docs or ("",) * len(self.fields)
        for f, description in zip(self.fields, descriptions, strict=True):
            entry = f"{f.attr} ({f.annotation.public})" + (
                f": {description}" if description else ""
            )
            lines.extend(textwrap.wrap(entry, 92, initial_indent="    ", subsequent_indent=" " * 8))
        return tuple(lines)

    @cached_property
    def docstring_lines(self) -> tuple[str, ...]:
        """The class docstring: description, TL line, arguments, result (public name), bot
        usability and documented errors, in paragraphs."""
        paragraphs: list[list[str]] = [textwrap.wrap(line, 96) for line in self.doc]
        paragraphs.append([f"TL: ``{self.definition}``"])
        if self.args_lines:
            paragraphs.append(list(self.args_lines))
        if self.result_type is not None:
            paragraphs.append([f"Result: ``{self.result_type.public}``"])
        if self.facts:
            paragraphs.append(list(self.facts))
        if self.bots is not None:
            paragraphs.append([f"Bots {'can' if self.bots else 'cannot'} use this method."])
        if self.errors:
            paragraphs.append(["Possible errors:"])
            paragraphs.append(
                [
                    f"- {e.code or '?'} ``{e.name}``"
                    + (f": {e.description}" if e.description else "")
                    for e in self.errors
                ]
            )
        lines: list[str] = []
        for paragraph in paragraphs:
            lines.extend(["", *paragraph] if lines else paragraph)
        return tuple(lines)

    @cached_property
    def init_docstring_lines(self) -> tuple[str, ...]:
        """The `__init__` docstring: what it builds, and the arguments."""
        what = "request" if self.result_codec is not None else "object"
        head = f"Build the {what} ``{self.tl_name}``."
        return (head, "", *self.args_lines) if self.args_lines else (head,)

    @cached_property
    def slots(self) -> tuple[str, ...]:
        """`__slots__`: the stored fields, then the slots keeping flags words with true flags;
        in a TDLib JSON package, `_extra`: the fields a newer TDLib sent (runtime _tdjson)."""
        fields = tuple(f.attr for f in self.fields if not f.is_true_flag)
        extra = () if self.binary else ("_extra",)
        return fields + tuple(f.slot for f in self.flags if f.slot is not None) + extra

    @property
    def slot_annotations(self) -> bool:
        """Whether the class annotates slots: its stored fields and flags words."""
        return bool(self.stored_fields) or any(f.slot is not None for f in self.flags)

    @cached_property
    def stored_fields(self) -> tuple[FieldPlan, ...]:
        """The fields held in slots of their own (all but the true flags)."""
        return tuple(f for f in self.fields if not f.is_true_flag)

    @cached_property
    def true_flags(self) -> tuple[FieldPlan, ...]:
        """The `?true` fields, properties over their flags word."""
        return tuple(f for f in self.fields if f.is_true_flag)

    # Cached: the templates and ModulePlan.structs each ask for the chunks.
    @cached_property
    def read_chunks(self) -> tuple[Chunk, ...]:
        """The fields in wire order, grouped into struct runs for reading."""
        return chunk_steps(self.steps)

    @cached_property
    def run_chunk(self) -> Chunk | None:
        """For a fixed-size constructor (every field always present and fixed-size): the one
        struct it is written with, id included, so that vectors of it are read in one pass."""
        only = self.read_chunks[0] if len(self.read_chunks) == 1 else None
        if only is None or only.struct_format is None or only.flag_field is not None:
            return None
        if self.result_codec is not None or not self.fields:
            return None  # functions, and constructors without fields, do not come in runs
        (boxed,) = self.write_chunks
        return boxed

    @cached_property
    def write_chunks(self) -> tuple[Chunk, ...]:
        """The constructor id and the fields, grouped into struct runs for writing."""
        return chunk_steps((WireStep(constructor_id=self.constructor_id), *self.steps))

    @property
    def reader_tables(self) -> set[tuple[str, str]]:
        """(name, TL type) of the decoder tables this class reads objects through."""
        tables: set[tuple[str, str]] = set()
        if not self.binary:
            return tables
        codecs = [f.codec for f in self.fields]
        if self.result_codec is not None:
            codecs.append(self.result_codec)
        while codecs:
            codec = codecs.pop()
            if codec.element is not None:
                codecs.append(codec.element)
            elif codec.readers is not None and codec.type_name is not None:
                tables.add((codec.readers, codec.type_name))
        return tables

    @cached_property
    def struct_formats(self) -> set[str]:
        """Every struct format the class reads or writes with (none without binary methods)."""
        if not self.binary:
            return set()
        chunks = (*self.read_chunks, *self.write_chunks)
        return {c.struct_format for c in chunks if c.struct_format is not None}
