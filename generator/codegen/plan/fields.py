"""A definition's params -> its fields, flags words and wire steps (FieldPlan, FlagsPlan,
WireStep: see wire.py), for the Planner's class plans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...schema import Combinator, Param, Repetition, TypeRef, is_flags_word_name
from .. import naming
from .dates import is_date
from .refs import ModuleImports
from .tdjson import nullable_params
from .wire import Codec, FieldPlan, FlagsPlan, PlanError, WireStep

if TYPE_CHECKING:
    from .planner import Planner

# Codecs of TL objects: the values a TDLib description may call null.
_OBJECT_KINDS = frozenset({"object", "bare", "any", "request"})


def wire_layout(
    planner: Planner, definition: Combinator, imports: ModuleImports
) -> tuple[tuple[FieldPlan, ...], tuple[WireStep, ...], tuple[FlagsPlan, ...]]:
    """The fields, the flags words, and both in wire order."""
    where = definition.name
    if any(isinstance(p, Repetition) for p in definition.params):
        raise PlanError(f"{where}: repetitions ([ ... ]) outside builtins are not supported")
    params = [p for p in definition.params if isinstance(p, Param)]
    type_vars = {tp.name for tp in definition.type_params}
    attrs = naming.unique_names(
        naming.attribute_name(p.name or f"arg{i}") for i, p in enumerate(params)
    )
    # A named `#` param is a flags word, computed from the fields it governs, when a field
    # depends on it or it is named flags* (0 when none does yet: Telegram declares words
    # ahead of their fields, and every peer computes them). Any other `#` is a number of
    # its own (TON's `req_count:#`, `mode:#`). Repetition counts, the other use of `#`,
    # are refused above.
    conditions = {p.condition.field for p in params if p.condition is not None}
    # TDLib JSON packages: object fields documented "may be null" / "pass null" (tdjson.py).
    nullable = frozenset() if planner.options.wire.binary else nullable_params(definition)
    locals_by_word = {
        p.name: "_f_" + attr
        for p, attr in zip(params, attrs, strict=True)
        if p.is_flags_field and p.name and (p.name in conditions or is_flags_word_name(p.name))
    }
    # First pass: a FieldPlan for every param that is not a flags word.
    plans: list[FieldPlan | str] = []  # a str stands for the flags word of that name
    for param, attr in zip(params, attrs, strict=True):
        name = param.name or attr
        if name in locals_by_word:
            plans.append(name)
            continue
        if isinstance(param.type, TypeRef) and param.type.name in type_vars and not param.excl:
            raise PlanError(f"{where}: a type variable is only supported as '!X'")
        if (definition.kind, definition.name, name) in planner.binary_fields:
            codec = Codec(kind="bytes")
        else:
            codec = planner.codec(param.type, f"{where}.{name}", param.excl)
        if planner.options.dates and codec.kind == "int" and is_date(name):
            codec = Codec(kind="date")
        condition = param.condition
        if codec.kind == "true" and condition is None:
            raise PlanError(
                f"{where}.{name}: a 'true' param carries no bytes; it needs a flag condition"
                " (flags.N?true)"
            )
        plans.append(
            FieldPlan(
                attr=attr,
                tl_name=name,
                type=planner.python_type(codec, imports),
                codec=codec,
                flag_local=None if condition is None else locals_by_word[condition.field],
                flag_word=None if condition is None else condition.field,
                flag_mask=0 if condition is None else 1 << condition.bit,
                nullable=name in nullable and codec.kind in _OBJECT_KINDS,
            )
        )
    fields = tuple(p for p in plans if isinstance(p, FieldPlan))
    # Second pass: each flags word with the fields it governs, and the wire order.
    flags_by_word = {}
    for word, local in locals_by_word.items():
        members = tuple(f for f in fields if f.flag_local == local)
        by_mask: dict[int, list[FieldPlan]] = {}
        for member in members:
            by_mask.setdefault(member.flag_mask, []).append(member)
        shared = tuple(tuple(group) for group in by_mask.values() if len(group) > 1)
        # A true flag is a bit of the word kept as read; TL names start with a letter, so
        # "_<attr>_bits" cannot clash with a field.
        has_true_flags = any(m.is_true_flag for m in members)
        slot = "_" + local.removeprefix("_f_") + "_bits" if has_true_flags else None
        flags_by_word[word] = FlagsPlan(
            local=local, tl_name=word, members=members, shared_bits=shared, slot=slot
        )
    steps = tuple(
        WireStep(flags=flags_by_word[p]) if isinstance(p, str) else WireStep(field=p) for p in plans
    )
    return fields, steps, tuple(flags_by_word.values())
