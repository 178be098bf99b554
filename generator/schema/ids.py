"""Constructor ids: the canonical definition text and its CRC32.

The id of a TL combinator is the CRC32 of its definition written canonically: no `#id`, no `;`,
single spaces, `{X:Type}` without braces, `Vector<T>` as `Vector T`, a param of type `bytes`
written as `string`, and no `name:flags.N?true` params (they occupy a bit but no bytes, so they
do not change the wire layout and Telegram leaves them out of the id).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

# model imports this module; its classes are looked up only when ids are computed.
from . import model as _model

if TYPE_CHECKING:
    from .model import Combinator, ParamLike, TypeExpr


def canonical_id_text(combinator: Combinator) -> str:
    """The text whose CRC32 is the combinator's id."""
    parts = [combinator.name]
    for type_param in combinator.type_params:
        excl = "!" if type_param.excl else ""
        parts.append(f"{type_param.name}:{excl}{_canonical_type(type_param.kind)}")
    parts.extend(_canonical_param(param) for param in combinator.params if not _is_true_flag(param))
    parts.append("=")
    parts.append(_canonical_type(combinator.result))
    return " ".join(parts)


def infer_constructor_id(combinator: Combinator) -> int:
    return zlib.crc32(canonical_id_text(combinator).encode("utf-8"))


def _is_true_flag(param: ParamLike) -> bool:
    return isinstance(param, _model.Param) and param.is_true_flag


def _canonical_param(param: ParamLike) -> str:
    if isinstance(param, _model.Repetition):
        prefix = "" if param.name is None else param.name + ":"
        times = "" if param.multiplicity is None else f"{param.multiplicity}*"
        inner = " ".join(_canonical_param(p) for p in param.params if not _is_true_flag(p))
        return f"{prefix}{times}[ {inner} ]"
    type_text = _canonical_type(param.type)
    if type_text == "bytes":
        # bytes and string share one wire encoding, and ids are computed as if it were string.
        type_text = "string"
    prefix = "" if param.name is None else param.name + ":"
    condition = "" if param.condition is None else str(param.condition)
    return prefix + condition + ("!" if param.excl else "") + type_text


def _canonical_type(expr: TypeExpr) -> str:
    if isinstance(expr, _model.NatLiteral):
        return str(expr.value)
    head = ("%" if expr.bare else "") + expr.name
    return " ".join([head, *(_canonical_type(arg) for arg in expr.args)])
