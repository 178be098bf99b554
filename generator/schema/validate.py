"""Checks on a whole schema. Collects every diagnostic; never stops at the first."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..spans import Diagnostic
from .builtins import GENERIC_BUILTINS, known_builtins, wire_form
from .model import (
    Builtin,
    Combinator,
    NatLiteral,
    Param,
    ParamLike,
    Repetition,
    Schema,
    TypeExpr,
    TypeRef,
    local_name,
)

# Known without a declaration: Telegram's api.tl and mtproto.tl use these but do not declare them.
IMPLICIT_TYPES = frozenset(
    {"#", "int", "long", "double", "string", "bytes", "int128", "int256", "true"}
    | {"Int", "Long", "Double", "String", "Bytes", "Int128", "Int256"}
    | {"Vector", "vector", "Object", "Type"}
)
GENERIC_ARITY = {"Vector": 1, "vector": 1}


@dataclass(frozen=True)
class _Names:
    boxed: frozenset[str]  # type names: results of constructors, builtin types
    bare: frozenset[str]  # constructor and builtin names, usable as bare types
    constructor_count: dict[str, int]


# How to declare Bool, for schemas that leave it out (Pyrogram's: "parsed manually").
BOOL_DECLARATION = "boolFalse#bc799737 = Bool; boolTrue#997275b5 = Bool;"


def validate(schema: Schema) -> list[Diagnostic]:
    """Every semantic problem of a schema, as diagnostics in file order."""
    names = _collect_names(schema)
    diagnostics: list[Diagnostic] = []
    for builtin in schema.builtins:
        diagnostics.extend(_check_builtin(builtin))
    if "Bool" not in names.boxed:
        diagnostics.extend(_undeclared_bool(schema))
        names = dataclasses.replace(names, boxed=names.boxed | {"Bool"})
    for definition in schema.definitions:
        diagnostics.extend(_check_definition(definition, names))
    diagnostics.extend(_check_uniqueness(schema.definitions))
    diagnostics.sort(key=lambda d: (d.span.path, d.span.line, d.span.column))
    return diagnostics


def _collect_names(schema: Schema) -> _Names:
    constructor_count: dict[str, int] = {}
    for constructor in schema.constructors:
        name = constructor.result.name
        constructor_count[name] = constructor_count.get(name, 0) + 1
    boxed = set(constructor_count) | {b.type_name for b in schema.builtins}
    bare = {c.name for c in schema.constructors} | {b.name for b in schema.builtins}
    return _Names(
        frozenset(boxed | IMPLICIT_TYPES), frozenset(bare | IMPLICIT_TYPES), constructor_count
    )


def _check_builtin(builtin: Builtin) -> Iterator[Diagnostic]:
    if builtin.name not in GENERIC_BUILTINS and wire_form(builtin.name) is None:
        yield Diagnostic(
            "unknown-builtin",
            f"builtin type '{builtin.name}' has no known wire form; known builtins: "
            f"{known_builtins()}",
            builtin.span,
        )
    if builtin.explicit_id is not None and builtin.explicit_id != builtin.inferred_id:
        yield Diagnostic(
            "id-mismatch",
            f"{builtin.name} has id #{builtin.explicit_id:08x} but '{builtin.name} ? = "
            f"{builtin.type_name}' hashes to #{builtin.inferred_id:08x}",
            builtin.span,
        )


def _undeclared_bool(schema: Schema) -> Iterator[Diagnostic]:
    """One error for a schema that uses Bool without declaring it, instead of one per use."""
    uses = [ref for d in schema.definitions for ref in _type_refs_of(d) if ref.name == "Bool"]
    if uses:
        yield Diagnostic(
            "bool-undeclared",
            f"type 'Bool' is used {len(uses)} times but not declared (it is not a builtin): "
            f"declare it with `{BOOL_DECLARATION}`",
            uses[0].span,
        )


def _check_definition(definition: Combinator, names: _Names) -> Iterator[Diagnostic]:
    where = f"in {definition.name}"
    type_vars = {tp.name for tp in definition.type_params}
    for type_param in definition.type_params:
        kind = type_param.kind
        if not (isinstance(kind, TypeRef) and kind.name in ("Type", "#") and not kind.args):
            yield Diagnostic(
                "type-param-kind",
                f"type variable {{{type_param.name}:{kind}}} {where}: its kind must be Type or #",
                type_param.span,
            )
    yield from _check_params(definition.params, definition, type_vars, names, set())
    result = definition.result
    local = local_name(result.name)
    if result.name not in type_vars and not local[:1].isupper():
        yield Diagnostic(
            "result-not-boxed",
            f"result type '{result}' {where} must be a boxed type (starting with an uppercase letter)",
            result.span,
        )
    if definition.kind == "function" and not _is_known(result.name, type_vars, names):
        yield Diagnostic(
            "result-no-constructors",
            f"{definition.name} returns '{result.name}', a type with no constructors: its "
            "result is decoded as any boxed object",
            result.span,
        )
    else:
        yield from _check_type(result, definition, type_vars, names)
    used = {ref.name for ref in _type_refs_of(definition)}
    for type_param in definition.type_params:
        if type_param.name not in used:
            yield Diagnostic(
                "type-param-unused",
                f"type variable {type_param.name} {where} is never used",
                type_param.span,
            )


def _check_params(
    params: Sequence[ParamLike],
    definition: Combinator,
    type_vars: set[str],
    names: _Names,
    nat_fields: set[str],
) -> Iterator[Diagnostic]:
    where = f"in {definition.name}"
    seen: set[str] = set()
    previous: ParamLike | None = None
    for param in params:
        if param.name is not None:
            if param.name in seen:
                yield Diagnostic(
                    "duplicate-param", f"param '{param.name}' appears twice {where}", param.span
                )
            seen.add(param.name)
        if isinstance(param, Repetition):
            yield from _check_repetition(param, previous, definition, nat_fields)
            yield from _check_params(param.params, definition, type_vars, names, set(nat_fields))
        else:
            condition = param.condition
            if condition is not None:
                if condition.field not in seen or condition.field == param.name:
                    yield Diagnostic(
                        "flag-field-undeclared",
                        f"'{param.name}' {where} uses flag field '{condition.field}', "
                        "which is not declared before it",
                        condition.span,
                    )
                elif condition.field not in nat_fields:
                    yield Diagnostic(
                        "flag-field-not-nat",
                        f"'{param.name}' {where} uses '{condition.field}' as a flag field, "
                        f"but '{condition.field}' is not of type #",
                        condition.span,
                    )
                if not 0 <= condition.bit <= 31:
                    yield Diagnostic(
                        "flag-bit-range",
                        f"flag bit {condition.bit} of '{param.name}' {where} is outside 0-31",
                        condition.span,
                    )
            if param.excl:
                if not (isinstance(param.type, TypeRef) and param.type.name in type_vars):
                    yield Diagnostic(
                        "excl-unbound",
                        f"'!{param.type}' {where}: '!' needs a type variable declared as "
                        f"{{{param.type}:Type}}",
                        param.span,
                    )
            yield from _check_type(param.type, definition, type_vars, names)
            if param.is_flags_field and param.name is not None:
                nat_fields.add(param.name)
        previous = param


def _check_repetition(
    repetition: Repetition, previous: ParamLike | None, definition: Combinator, nat_fields: set[str]
) -> Iterator[Diagnostic]:
    count = repetition.multiplicity
    if count is None:
        if not (isinstance(previous, Param) and previous.is_flags_field):
            yield Diagnostic(
                "repetition-count",
                f"repetition in {definition.name} has no count: write 'n*[ ... ]' or put a # "
                "param just before it",
                repetition.span,
            )
    elif isinstance(count, str) and count not in nat_fields:
        yield Diagnostic(
            "repetition-count",
            f"repetition count '{count}' in {definition.name} is not a # param declared before it",
            repetition.span,
        )


def _check_type(
    expr: TypeExpr, definition: Combinator, type_vars: set[str], names: _Names
) -> Iterator[Diagnostic]:
    if isinstance(expr, NatLiteral):
        return
    where = f"in {definition.name}"
    known = _is_known(expr.name, type_vars, names)
    if not known:
        yield Diagnostic("unknown-type", f"unknown type '{expr.name}' {where}", expr.span)
    elif expr.bare and expr.name not in type_vars and expr.name not in IMPLICIT_TYPES:
        count = names.constructor_count.get(expr.name, 0)
        if count > 1:
            yield Diagnostic(
                "bare-polymorphic",
                f"'%{expr.name}' {where}: a bare type needs exactly one constructor, "
                f"{expr.name} has {count}",
                expr.span,
            )
    arity = GENERIC_ARITY.get(expr.name, 0)
    if known and expr.name not in type_vars and len(expr.args) != arity:
        takes = "no arguments" if arity == 0 else f"{arity} argument"
        yield Diagnostic(
            "type-arity",
            f"'{expr}' {where}: {expr.name} takes {takes}, got {len(expr.args)}",
            expr.span,
        )
    for arg in expr.args:
        yield from _check_type(arg, definition, type_vars, names)


def _is_known(name: str, type_vars: set[str], names: _Names) -> bool:
    return name in type_vars or name in names.boxed or name in names.bare


def _type_refs_of(definition: Combinator) -> Iterator[TypeRef]:
    def walk(expr: TypeExpr) -> Iterator[TypeRef]:
        if isinstance(expr, TypeRef):
            yield expr
            for arg in expr.args:
                yield from walk(arg)

    def params(items: Sequence[ParamLike]) -> Iterator[TypeRef]:
        for param in items:
            if isinstance(param, Repetition):
                yield from params(param.params)
            else:
                yield from walk(param.type)

    yield from params(definition.params)
    yield from walk(definition.result)


def _check_uniqueness(definitions: Sequence[Combinator]) -> Iterator[Diagnostic]:
    by_name: dict[tuple[str, str], Combinator] = {}
    by_id: dict[tuple[str, int], Combinator] = {}
    for definition in definitions:
        key = (definition.kind, definition.name)
        first = by_name.setdefault(key, definition)
        if first is not definition:
            yield Diagnostic(
                "duplicate-name",
                f"{definition.kind} '{definition.name}' is defined twice (first at {first.span})",
                definition.span,
            )
        first = by_id.setdefault((definition.kind, definition.id), definition)
        if first is not definition and first.name != definition.name:
            yield _duplicate_id(first, definition)
        if not definition.id_matches_text:
            yield Diagnostic(
                "id-mismatch",
                f"{definition.name} has id #{definition.explicit_id or 0:08x} but its definition "
                f"hashes to {_hashes(definition)} (line {definition.span.line})",
                definition.span,
            )
    for (kind, ident), definition in by_id.items():
        other_kind = "function" if kind == "type" else "type"
        other = by_id.get((other_kind, ident))
        if kind == "type" and other is not None:
            yield Diagnostic(
                "shared-id",
                f"constructor {definition.name} and function {other.name} share id #{ident:08x}",
                other.span,
            )


def _hashes(definition: Combinator) -> str:
    if definition.inferred_id == definition.telegram_id:
        return f"#{definition.inferred_id:08x}"
    return (
        f"#{definition.inferred_id:08x} as written, #{definition.telegram_id:08x} by "
        "Telegram's rule"
    )


def _duplicate_id(first: Combinator, second: Combinator) -> Diagnostic:
    message = f"{second.name} has the same id #{second.id:08x} as {first.name} (at {first.span})"
    owners = [d for d in (first, second) if d.id_matches_text]
    if len(owners) == 1:
        owner = owners[0]
        borrower = second if owner is first else first
        # TDLib's pseudo-definitions reuse on purpose the id of the request they stand for and
        # are named after it (invokeWithReCaptchaPrefix for invokeWithReCaptcha). A copied line
        # whose id was not updated has no such link and stays an error.
        if borrower.name.startswith(owner.name):
            return Diagnostic(
                "shared-id",
                message + f"; {borrower.name} is a pseudo-definition borrowing {owner.name}'s id",
                second.span,
            )
    return Diagnostic("duplicate-id", message, second.span)
