"""Checks on a whole schema. Collects every diagnostic; never stops at the first."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .model import Combinator, NatLiteral, Param, ParamLike, Repetition, Schema, TypeExpr, TypeRef
from ..spans import Diagnostic, SourceSpan
from .limits import check_generatable

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


def validate(schema: Schema) -> list[Diagnostic]:
    names = _collect_names(schema)
    diagnostics: list[Diagnostic] = []
    for definition in schema.definitions:
        diagnostics.extend(_check_definition(definition, names))
    diagnostics.extend(_check_uniqueness(schema.definitions))
    diagnostics.extend(check_generatable(schema))
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


def _error(code: str, message: str, span: SourceSpan) -> Diagnostic:
    return Diagnostic("error", code, message, span)


def _check_definition(definition: Combinator, names: _Names) -> Iterator[Diagnostic]:
    where = f"in {definition.name}"
    type_vars = {tp.name for tp in definition.type_params}
    for type_param in definition.type_params:
        kind = type_param.kind
        if not (isinstance(kind, TypeRef) and kind.name in ("Type", "#") and not kind.args):
            yield _error(
                "type-param-kind",
                f"type variable {{{type_param.name}:{kind}}} {where}: its kind must be Type or #",
                type_param.span,
            )
    yield from _check_params(definition.params, definition, type_vars, names, set())
    result = definition.result
    local = result.name.rpartition(".")[2]
    if result.name not in type_vars and not local[:1].isupper():
        yield _error(
            "result-not-boxed",
            f"result type '{result}' {where} must be a boxed type (starting with an uppercase letter)",
            result.span,
        )
    yield from _check_type(result, definition, type_vars, names)
    used = {ref.name for ref in _type_refs_of(definition)}
    for type_param in definition.type_params:
        if type_param.name not in used:
            yield Diagnostic(
                "warning",
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
                yield _error(
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
                    yield _error(
                        "flag-field-undeclared",
                        f"'{param.name}' {where} uses flag field '{condition.field}', "
                        "which is not declared before it",
                        condition.span,
                    )
                elif condition.field not in nat_fields:
                    yield _error(
                        "flag-field-not-nat",
                        f"'{param.name}' {where} uses '{condition.field}' as a flag field, "
                        f"but '{condition.field}' is not of type #",
                        condition.span,
                    )
                if not 0 <= condition.bit <= 31:
                    yield _error(
                        "flag-bit-range",
                        f"flag bit {condition.bit} of '{param.name}' {where} is outside 0-31",
                        condition.span,
                    )
            if param.excl:
                if not (isinstance(param.type, TypeRef) and param.type.name in type_vars):
                    yield _error(
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
            yield _error(
                "repetition-count",
                f"repetition in {definition.name} has no count: write 'n*[ ... ]' or put a # "
                "param just before it",
                repetition.span,
            )
    elif isinstance(count, str) and count not in nat_fields:
        yield _error(
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
    known = expr.name in type_vars or expr.name in names.boxed or expr.name in names.bare
    if not known:
        yield _error("unknown-type", f"unknown type '{expr.name}' {where}", expr.span)
    elif expr.bare and expr.name not in type_vars and expr.name not in IMPLICIT_TYPES:
        count = names.constructor_count.get(expr.name, 0)
        if count > 1:
            yield _error(
                "bare-polymorphic",
                f"'%{expr.name}' {where}: a bare type needs exactly one constructor, "
                f"{expr.name} has {count}",
                expr.span,
            )
    arity = GENERIC_ARITY.get(expr.name, 0)
    if known and expr.name not in type_vars and len(expr.args) != arity:
        takes = "no arguments" if arity == 0 else f"{arity} argument"
        yield _error(
            "type-arity",
            f"'{expr}' {where}: {expr.name} takes {takes}, got {len(expr.args)}",
            expr.span,
        )
    for arg in expr.args:
        yield from _check_type(arg, definition, type_vars, names)


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
            yield _error(
                "duplicate-name",
                f"{definition.kind} '{definition.name}' is defined twice (first at {first.span})",
                definition.span,
            )
        first = by_id.setdefault((definition.kind, definition.id), definition)
        if first is not definition and first.name != definition.name:
            yield _duplicate_id(first, definition)
        if definition.explicit_id is not None and definition.explicit_id != definition.inferred_id:
            yield Diagnostic(
                "warning",
                "id-mismatch",
                f"{definition.name} has id #{definition.explicit_id:08x} but its definition "
                f"hashes to #{definition.inferred_id:08x} (line {definition.span.line})",
                definition.span,
            )
    for (kind, ident), definition in by_id.items():
        other_kind = "function" if kind == "type" else "type"
        other = by_id.get((other_kind, ident))
        if kind == "type" and other is not None:
            yield Diagnostic(
                "warning",
                "shared-id",
                f"constructor {definition.name} and function {other.name} share id #{ident:08x}",
                other.span,
            )


def _duplicate_id(first: Combinator, second: Combinator) -> Diagnostic:
    message = f"{second.name} has the same id #{second.id:08x} as {first.name} (at {first.span})"
    owners = [d for d in (first, second) if d.explicit_id in (None, d.inferred_id)]
    if len(owners) == 1:
        owner = owners[0]
        borrower = second if owner is first else first
        # TDLib's pseudo-definitions reuse on purpose the id of the request they stand for and
        # are named after it (invokeWithReCaptchaPrefix for invokeWithReCaptcha). A copied line
        # whose id was not updated has no such link and stays an error.
        if borrower.name.startswith(owner.name):
            return Diagnostic(
                "warning",
                "shared-id",
                message + f"; {borrower.name} is a pseudo-definition borrowing {owner.name}'s id",
                second.span,
            )
    return _error("duplicate-id", message, second.span)
