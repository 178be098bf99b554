"""Schemas that are valid TL but that the generated package could not carry: refused with
file:line:col. Loading inputs runs these checks beside the schema's own (generator/inputs.py),
so that what `tlgen parse` accepts generates a package that imports and round-trips."""

from __future__ import annotations

from collections.abc import Iterator

from ..schema import Combinator, Param, Schema, TypeExpr, TypeRef, namespace_of
from ..spans import Diagnostic, SourceSpan
from . import naming

GZIP_PACKED_ID = 0x3072CFA1
# Each vector level of a field is one nested `for` when written, and Python allows 20 nested
# blocks in a function; real schemas nest two levels at most.
MAX_VECTOR_NESTING = 16


def check_generatable(schema: Schema) -> list[Diagnostic]:
    """Diagnostics for what parses but cannot become a Python package."""
    diagnostics: list[Diagnostic] = []
    for definition in schema.definitions:
        diagnostics.extend(_check_definition(definition))
    diagnostics.extend(_check_namespaces(schema))
    return diagnostics


def _check_definition(definition: Combinator) -> Iterator[Diagnostic]:
    if definition.id == GZIP_PACKED_ID and definition.name != "gzip_packed":
        yield Diagnostic(
            "id-reserved",
            f"{definition.name} has gzip_packed's id #3072cfa1: a decoder could never read it",
            definition.span,
        )
    for param in definition.params:
        if not isinstance(param, Param):
            continue
        if param.name == "_":
            yield Diagnostic(
                "param-name-reserved",
                f"a param named '_' in {definition.name} would clash with the '_' key "
                "(the TL name) of to_dict()",
                param.span,
            )
        if _vector_nesting(param.type) > MAX_VECTOR_NESTING:
            yield Diagnostic(
                "vector-too-deep",
                f"{param.name} in {definition.name} nests vectors more than "
                f"{MAX_VECTOR_NESTING} levels deep",
                param.span,
            )
    if _vector_nesting(definition.result) > MAX_VECTOR_NESTING:
        yield Diagnostic(
            "vector-too-deep",
            f"the result of {definition.name} nests vectors more than "
            f"{MAX_VECTOR_NESTING} levels deep",
            definition.result.span,
        )


def _vector_nesting(expr: TypeExpr) -> int:
    depth = 0
    while isinstance(expr, TypeRef) and expr.name in ("Vector", "vector") and expr.args:
        depth += 1
        expr = expr.args[0]
    return depth


def _check_namespaces(schema: Schema) -> Iterator[Diagnostic]:
    """Each namespace (of a definition or of a type) becomes a module; two namespaces must not
    become the same module, nor one a module name tlgen or Python uses."""
    first_use: dict[str, SourceSpan] = {}
    for definition in schema.definitions:
        for name in (definition.name, definition.result.name):
            namespace = namespace_of(name)
            if namespace is not None and namespace not in first_use:
                first_use[namespace] = definition.span
    by_module: dict[str, str] = {}
    for namespace, span in first_use.items():
        problem = naming.module_name_problem(namespace)
        if problem is not None:
            yield Diagnostic("namespace-name", problem, span)
            continue
        module = naming.module_name(namespace)
        other = by_module.setdefault(module, namespace)
        if other != namespace:
            yield Diagnostic(
                "namespace-name",
                f"namespaces '{other}' and '{namespace}' would both be the module {module}.py",
                span,
            )
