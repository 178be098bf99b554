"""The immutable model of a TL schema.

Every node carries a SourceSpan, excluded from equality so that a schema printed and parsed
again compares equal to the original. `str()` of any node prints canonical TL; `id_text()`
prints the text its constructor id is the CRC32 of, by either of the two rules (as written,
or Telegram's: see ids.py).
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ..spans import NO_SPAN, SourceSpan

_FLAGS_WORD = re.compile(r"flags[0-9]*")

DefinitionKind = Literal["type", "function"]


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A type term: `int`, `Vector<long>`, `%Message`, `X`, `#`.

    `bare` is True when written with `%`; a lowercase name (`vector<...>`, `future_salt`) is
    also bare, see `is_bare`.
    """

    name: str
    args: tuple[TypeExpr, ...] = ()
    bare: bool = False
    span: SourceSpan = dataclasses.field(default=NO_SPAN, compare=False, repr=False)

    @property
    def is_bare(self) -> bool:
        """Written with `%`, or named in lower case (a constructor used as a type)."""
        return self.bare or local_name(self.name)[:1].islower()

    def id_text(self) -> str:
        """`Vector<%Foo>` as `Vector %Foo`: type arguments by spaces, without brackets."""
        head = ("%" if self.bare else "") + self.name
        return " ".join([head, *(arg.id_text() for arg in self.args)])

    def __str__(self) -> str:
        text = "%" + self.name if self.bare else self.name
        if self.args:
            text += "<" + ",".join(str(arg) for arg in self.args) + ">"
        return text


@dataclass(frozen=True, slots=True)
class NatLiteral:
    """A natural-number constant inside a type expression."""

    value: int
    span: SourceSpan = dataclasses.field(default=NO_SPAN, compare=False, repr=False)

    def __str__(self) -> str:
        return str(self.value)

    def id_text(self) -> str:
        """The number, as ids hash it."""
        return str(self.value)


TypeExpr = TypeRef | NatLiteral


@dataclass(frozen=True, slots=True)
class FlagCondition:
    """`flags.3?`: the param is present when bit 3 of the `#` param `flags` is set."""

    field: str
    bit: int
    span: SourceSpan = dataclasses.field(default=NO_SPAN, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.field}.{self.bit}?"


@dataclass(frozen=True, slots=True)
class Param:
    """`name:Type`, `name:flags.0?Type`, `query:!X`, or an anonymous `#`/type in a builtin."""

    name: str | None
    type: TypeExpr
    condition: FlagCondition | None = None
    excl: bool = False
    span: SourceSpan = dataclasses.field(default=NO_SPAN, compare=False, repr=False)

    @property
    def is_flags_field(self) -> bool:
        """A `#` param: a flags word (or a count)."""
        return isinstance(self.type, TypeRef) and self.type.name == "#"

    @property
    def is_true_flag(self) -> bool:
        """A `?true` param: one bit of its flags field and no bytes on the wire."""
        return (
            self.condition is not None
            and isinstance(self.type, TypeRef)
            and self.type.name == "true"
            and not self.type.args
        )

    def __str__(self) -> str:
        prefix = "" if self.name is None else self.name + ":"
        condition = "" if self.condition is None else str(self.condition)
        return prefix + condition + ("!" if self.excl else "") + str(self.type)

    def id_text(self, telegram: bool) -> str:
        """The param in the id text: Telegram's rule hashes `bytes` as `string` and keeps the
        `!` of `!X`, which the reference parser leaves out."""
        type_text = self.type.id_text()
        if telegram and type_text == "bytes":
            type_text = "string"  # the same wire encoding
        prefix = "" if self.name is None else self.name + ":"
        condition = "" if self.condition is None else str(self.condition)
        return prefix + condition + ("!" if self.excl and telegram else "") + type_text


@dataclass(frozen=True, slots=True)
class Repetition:
    """`[ t ]`, `4*[ int ]`, `rows:n*[ x:int ]`: a repeated group of params.

    `multiplicity` is a constant, the name of a `#` param, or None for the formal grammar's
    default (the `#` param just before it).
    """

    name: str | None
    multiplicity: int | str | None
    params: tuple[ParamLike, ...]
    span: SourceSpan = dataclasses.field(default=NO_SPAN, compare=False, repr=False)

    def __str__(self) -> str:
        prefix = "" if self.name is None else self.name + ":"
        times = "" if self.multiplicity is None else f"{self.multiplicity}*"
        inner = " ".join(str(param) for param in self.params)
        return f"{prefix}{times}[ {inner} ]"

    def id_text(self, telegram: bool) -> str:
        """The repetition in the id text, its params by the same rule."""
        prefix = "" if self.name is None else self.name + ":"
        times = "" if self.multiplicity is None else f"{self.multiplicity}*"
        inner = " ".join(p.id_text(telegram) for p in _hashed(self.params, telegram))
        return f"{prefix}{times}[ {inner} ]"


def _hashed(params: tuple[ParamLike, ...], telegram: bool) -> list[ParamLike]:
    """The params an id text includes: Telegram's rule leaves `?true` flags out (a bit, no
    bytes: they do not change the wire layout)."""
    return [p for p in params if not (telegram and isinstance(p, Param) and p.is_true_flag)]


ParamLike = Param | Repetition


@dataclass(frozen=True, slots=True)
class TypeParam:
    """`{X:Type}`: a type variable bound for the whole combinator."""

    name: str
    kind: TypeExpr
    excl: bool = False
    span: SourceSpan = dataclasses.field(default=NO_SPAN, compare=False, repr=False)

    def __str__(self) -> str:
        return "{" + self.name + ":" + ("!" if self.excl else "") + str(self.kind) + "}"


@dataclass(frozen=True)
class Combinator:
    """A constructor (kind "type") or a function (kind "function")."""

    kind: DefinitionKind
    name: str
    explicit_id: int | None
    type_params: tuple[TypeParam, ...]
    params: tuple[ParamLike, ...]
    result: TypeRef
    doc: tuple[tuple[str, str], ...] = ()
    span: SourceSpan = dataclasses.field(default=NO_SPAN, compare=False, repr=False)
    # From a file in the reference tl-parser's dialect (TDLib's builtins int32/int53/int64):
    # a missing id is inferred as written, whatever syntax the definition uses (TDLib's
    # e2e_api.tl writes `flags.N?true` without ids).
    reference_dialect: bool = dataclasses.field(default=False, compare=False, repr=False)

    def id_text(self, telegram: bool) -> str:
        """The text whose CRC32 is the id: no `#id`, no `;`, single spaces, no braces."""
        parts = [self.name]
        for type_param in self.type_params:
            excl = "!" if type_param.excl and telegram else ""
            parts.append(f"{type_param.name}:{excl}{type_param.kind.id_text()}")
        parts.extend(p.id_text(telegram) for p in _hashed(self.params, telegram))
        parts.extend(("=", self.result.id_text()))
        return " ".join(parts)

    @cached_property
    def inferred_id(self) -> int:
        """The CRC32 id computed from the definition text as written (the reference tl-parser's
        rule; `id` uses it for a missing id outside Telegram's syntax)."""
        return crc32(self.id_text(telegram=False))

    @cached_property
    def telegram_id(self) -> int:
        """The CRC32 id by Telegram's rule (`bytes` as `string`, no `?true` params)."""
        return crc32(self.id_text(telegram=True))

    @property
    def id_matches_text(self) -> bool:
        """Whether the id is the CRC32 of the definition by either rule (see ids)."""
        return self.explicit_id in (None, self.inferred_id, self.telegram_id)

    @property
    def written_in_telegram_syntax(self) -> bool:
        """Whether the definition uses what only Telegram's schemas write: a field under a
        flags word named `flags`/`flagsN` (TON's conditional fields use `mode`), or a type
        variable (`{X:Type}`, `!X`). Telegram's peers (Telethon's generator, mtcute) give
        such a definition without an id the id of Telegram's rule. Never in a file of the
        reference parser's dialect (reference_dialect)."""
        if self.reference_dialect:
            return False
        if self.type_params:
            return True
        return any(
            isinstance(p, Param)
            and (p.excl or p.condition is not None and is_flags_word_name(p.condition.field))
            for p in self.params
        )

    @property
    def id(self) -> int:
        """The constructor id on the wire: the explicit one, else the one inferred from the
        text: by Telegram's rule where the definition is written in Telegram's syntax, as
        written (the reference tl-parser's rule) otherwise."""
        if self.explicit_id is not None:
            return self.explicit_id
        return self.telegram_id if self.written_in_telegram_syntax else self.inferred_id

    @property
    def id_source(self) -> Literal["explicit", "inferred"]:
        """Whether the id was written in the schema or inferred."""
        return "inferred" if self.explicit_id is None else "explicit"

    @property
    def namespace(self) -> str | None:
        """`auth` for `auth.sendCode`; None in the root namespace."""
        return namespace_of(self.name)

    def __str__(self) -> str:
        parts = [self.name if self.explicit_id is None else f"{self.name}#{self.explicit_id:08x}"]
        parts.extend(str(type_param) for type_param in self.type_params)
        parts.extend(str(param) for param in self.params)
        parts.extend(("=", str(self.result)))
        return " ".join(parts) + ";"


@dataclass(frozen=True, slots=True)
class Builtin:
    """A builtin type declaration: `int ? = Int;`, `bytes = Bytes;`, `int128 4*[ int ] = Int128;`.

    `combinator` keeps the full declaration when it is written as a combinator (`vector#1cb5c415
    {t:Type} # [ t ] = Vector t;`) and is None for the `?` form.
    """

    name: str
    type_name: str
    combinator: Combinator | None = None
    span: SourceSpan = dataclasses.field(default=NO_SPAN, compare=False, repr=False)
    # The id of the `?` form when written with one (`int#a8509bda ? = Int;`).
    explicit_id: int | None = None

    def id_text(self) -> str:
        """`int ? = Int`: the text of a builtin declaration (`int#a8509bda ? = Int;`)."""
        return f"{self.name} ? = {self.type_name}"

    @property
    def inferred_id(self) -> int:
        """The CRC32 of the `?` form's text."""
        return crc32(self.id_text())

    def __str__(self) -> str:
        if self.combinator is None:
            name = self.name if self.explicit_id is None else f"{self.name}#{self.explicit_id:08x}"
            return f"{name} ? = {self.type_name};"
        return str(self.combinator)


@dataclass(frozen=True)
class Schema:
    """One schema, possibly read from several files (api.tl + mtproto.tl)."""

    definitions: tuple[Combinator, ...]
    builtins: tuple[Builtin, ...] = ()
    layer: int | None = None
    paths: tuple[str, ...] = dataclasses.field(default=(), compare=False)

    @cached_property
    def constructors(self) -> tuple[Combinator, ...]:
        """The constructors (kind type), in schema order."""
        return tuple(d for d in self.definitions if d.kind == "type")

    @cached_property
    def functions(self) -> tuple[Combinator, ...]:
        """The functions, in schema order."""
        return tuple(d for d in self.definitions if d.kind == "function")

    @cached_property
    def constructors_by_type(self) -> dict[str, tuple[Combinator, ...]]:
        """Constructors grouped by the TL type they build, in schema order."""
        grouped: dict[str, list[Combinator]] = {}
        for constructor in self.constructors:
            grouped.setdefault(constructor.result.name, []).append(constructor)
        return {name: tuple(members) for name, members in grouped.items()}

    def __str__(self) -> str:
        lines = [str(builtin) for builtin in self.builtins]
        section: DefinitionKind = "type"
        for definition in self.definitions:
            if definition.kind != section:
                section = definition.kind
                lines.append("---functions---" if section == "function" else "---types---")
            lines.extend(f"//@{key} {value}".rstrip() for key, value in definition.doc)
            lines.append(str(definition))
        if self.layer is not None:
            lines.append(f"// LAYER {self.layer}")
        return "\n".join(lines) + "\n"


def doc_field(key: str) -> str:
    """The param a `//@key text` comment describes, "" for the definition itself: TDLib writes
    `@param_description` for a param named `description` (whose own key is the definition's)."""
    if key == "description":
        return ""
    return "description" if key == "param_description" else key


def is_flags_word_name(name: str) -> bool:
    """Whether a `#` param has the name Telegram gives its flags words (`flags`, `flags2`)."""
    return _FLAGS_WORD.fullmatch(name) is not None


def namespace_of(name: str) -> str | None:
    """`auth` for `auth.sentCode`; None in the root namespace. (The one place TL names are
    split.)"""
    head, dot, _ = name.rpartition(".")
    return head if dot else None


def local_name(name: str) -> str:
    """`sentCode` for `auth.sentCode`: the name without its namespace."""
    return name.rpartition(".")[2]


def crc32(text: str) -> int:
    """A constructor id: the CRC32 of a definition's id text."""
    return zlib.crc32(text.encode("utf-8"))
