"""Schemas that are valid TL but that the generated package could not carry: refused with
file:line:col. Loading inputs runs these checks beside the schema's own (generator/inputs.py),
so that what `tlgen parse` accepts generates a package that imports and round-trips."""

from __future__ import annotations

from collections.abc import Iterator

from ..schema import Combinator, Param, Schema, TypeExpr, TypeRef, namespace_of
from ..spans import Diagnostic, SourceSpan
from . import naming
from .plan.mtproto import GZIP_PACKED_ID

# Each vector level of a field is one nested `for` when written, and Python allows 20 nested
# blocks in a function; real schemas nest two levels at most.
MAX_VECTOR_NESTING = 16


# The largest schema tlgen writes a package and a reference for: over fifteen times TDLib's
# td_api.tl (about 3,200 definitions) and two hundred times the namespaces of any real
# schema. Each definition is a class and a page, each namespace a module and a page.
MAX_DEFINITIONS = 50_000
MAX_NAMESPACES = 10_000

# The longest file name common file systems take (NAME_MAX of ext4, XFS, APFS, NTFS: 255),
# less room for the underscores the planner may add to keep two root modules apart.
MAX_FILE_NAME = 255
_MODULE_NAME_MARGIN = 8


def check_generatable(schema: Schema) -> list[Diagnostic]:
    """Diagnostics for what parses but cannot become a Python package."""
    diagnostics: list[Diagnostic] = []
    for definition in schema.definitions:
        diagnostics.extend(_check_definition(definition))
    diagnostics.extend(_check_namespaces(schema))
    diagnostics.extend(_check_file_names(schema))
    diagnostics.extend(_check_size(schema))
    return diagnostics


def _check_size(schema: Schema) -> Iterator[Diagnostic]:
    """A schema over MAX_DEFINITIONS definitions or MAX_NAMESPACES namespaces, refused at the
    first one past the limit."""
    if len(schema.definitions) > MAX_DEFINITIONS:
        yield Diagnostic(
            "schema-too-large",
            f"the schema has {len(schema.definitions):,} definitions; tlgen generates at most "
            f"{MAX_DEFINITIONS:,} (a class and a reference page each)",
            schema.definitions[MAX_DEFINITIONS].span,
        )
    namespaces = _first_uses(schema)
    if len(namespaces) > MAX_NAMESPACES:
        namespace, span = list(namespaces.items())[MAX_NAMESPACES]
        yield Diagnostic(
            "schema-too-large",
            f"{namespace} is namespace {MAX_NAMESPACES + 1:,}; tlgen generates at most "
            f"{MAX_NAMESPACES:,} namespaces (a module and a reference page each)",
            span,
        )


def _first_uses(schema: Schema) -> dict[str, SourceSpan]:
    """Each namespace (of a definition or of a type: each becomes a module), in the order of
    its first use, with the span of the definition that uses it first."""
    first_use: dict[str, SourceSpan] = {}
    for definition in schema.definitions:
        for name in (definition.name, definition.result.name):
            namespace = namespace_of(name)
            if namespace is not None and namespace not in first_use:
                first_use[namespace] = definition.span
    return first_use


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
    by_module: dict[str, str] = {}
    for namespace, span in _first_uses(schema).items():
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


def _check_file_names(schema: Schema) -> Iterator[Diagnostic]:
    """Names become file names: `tlgen generate`'s modules (a namespace's, and the root
    namespace's, named after a type or request) and `tlgen docs`' pages (a definition's, a
    type's, a namespace's); each must fit a file system. One error per name, at its first use."""
    reported: set[str] = set()
    for definition in schema.definitions:
        root = definition.namespace is None
        is_type = definition.kind == "type"
        # A root module may be named after a root request, after the type of root constructors
        # (types/) and after a root abstract type (base/).
        type_names_module = is_type and (root or namespace_of(definition.result.name) is None)
        names = (
            (definition.name, root and not is_type, definition.span),
            (definition.result.name, type_names_module, None),
        )
        for name, names_module, span in names:
            if name in reported:
                continue
            file_name = _longest_file_name(name, names_module)
            if len(file_name.encode()) > MAX_FILE_NAME:
                reported.add(name)
                yield Diagnostic(
                    "name-too-long",
                    f"{name[:40]}... ({len(name)} characters) would need the file name "
                    f"{file_name[:40]}... of {len(file_name.encode())} bytes; file systems "
                    f"allow {MAX_FILE_NAME}",
                    span or definition.result.span,
                )


def _longest_file_name(tl_name: str, names_module: bool) -> str:
    """The longest file name the name gives: its reference page, its namespace's module and
    page, and the root module it may name (plan/root_modules.py, with room for added
    underscores)."""
    names = [naming.page_file_name(tl_name)]
    namespace = namespace_of(tl_name)
    if names_module:
        names.append(naming.root_module_stem(tl_name) + "_" * _MODULE_NAME_MARGIN + ".py")
    if namespace is not None:
        names += [naming.page_file_name(namespace), naming.module_name(namespace) + ".py"]
    return max(names, key=lambda name: len(name.encode()))
