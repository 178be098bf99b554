"""Constructor ids: the canonical definition text and its CRC32.

The id of a TL combinator is the CRC32 of its definition written canonically: no `#id`, no `;`,
single spaces, `{X:Type}` without braces, `Vector<T>` as `Vector T`, `(vector int)` as
`vector int`. Two rules build that text (README, "What the parser accepts"):

- As written, the rule of the reference tl-parser (TDLib, TON), which infers every id their
  schemas leave out: params stay as they are, except that the `!` of `query:!X` is not
  written (the parser keeps it as a flag of the field, outside the text it hashes).
- Telegram's rule, with which Telegram's published ids were made: a param of type `bytes` is
  written as `string` and `name:flags.N?true` params are left out (they occupy a bit but no
  bytes, so they do not change the wire layout); `!` stays.

A missing id is inferred as written; an explicit id is correct when either rule reproduces it.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

# model imports this module; its classes are looked up only when ids are computed.
from . import model as _model

if TYPE_CHECKING:
    from .model import Combinator, ParamLike, TypeExpr


def canonical_id_text(combinator: Combinator) -> str:
    """The text whose CRC32 is the combinator's id, as the reference tl-parser writes it."""
    return _id_text(combinator, telegram=False)


def telegram_id_text(combinator: Combinator) -> str:
    """The text Telegram's published ids are the CRC32 of."""
    return _id_text(combinator, telegram=True)


def builtin_id_text(name: str, type_name: str) -> str:
    """`int ? = Int`: the text of a builtin declaration (`int#a8509bda ? = Int;`)."""
    return f"{name} ? = {type_name}"


def infer_constructor_id(combinator: Combinator) -> int:
    return crc32(canonical_id_text(combinator))


def telegram_constructor_id(combinator: Combinator) -> int:
    return crc32(telegram_id_text(combinator))


def crc32(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _id_text(combinator: Combinator, telegram: bool) -> str:
    parts = [combinator.name]
    for type_param in combinator.type_params:
        excl = "!" if type_param.excl and telegram else ""
        parts.append(f"{type_param.name}:{excl}{_canonical_type(type_param.kind)}")
    parts.extend(
        _canonical_param(param, telegram)
        for param in combinator.params
        if not (telegram and _is_true_flag(param))
    )
    parts.append("=")
    parts.append(_canonical_type(combinator.result))
    return " ".join(parts)


def _is_true_flag(param: ParamLike) -> bool:
    return isinstance(param, _model.Param) and param.is_true_flag


def _canonical_param(param: ParamLike, telegram: bool) -> str:
    if isinstance(param, _model.Repetition):
        prefix = "" if param.name is None else param.name + ":"
        times = "" if param.multiplicity is None else f"{param.multiplicity}*"
        inner = " ".join(
            _canonical_param(p, telegram)
            for p in param.params
            if not (telegram and _is_true_flag(p))
        )
        return f"{prefix}{times}[ {inner} ]"
    type_text = _canonical_type(param.type)
    if telegram and type_text == "bytes":
        # bytes and string share one wire encoding, and Telegram hashes it as string.
        type_text = "string"
    prefix = "" if param.name is None else param.name + ":"
    condition = "" if param.condition is None else str(param.condition)
    return prefix + condition + ("!" if param.excl and telegram else "") + type_text


def _canonical_type(expr: TypeExpr) -> str:
    if isinstance(expr, _model.NatLiteral):
        return str(expr.value)
    head = ("%" if expr.bare else "") + expr.name
    return " ".join([head, *(_canonical_type(arg) for arg in expr.args)])
