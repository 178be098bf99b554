"""Error catalog -> the plan of the generated errors module, and the errors a request documents.

ErrorsModulePlan
  codes:   CodeClassPlan(code, member, class_name)...      one class per error code
  errors:  ErrorClassPlan(name, member, class_name, bases, codes, description, pattern)...
  methods: (TL method, error class names)...
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errortables.catalog import ErrorCatalog
from ...schema.model import Schema
from .. import naming


@dataclass(frozen=True, kw_only=True)
class ErrorDoc:
    """An error a request can raise, for its docstring and ERRORS (code 0: code unknown)."""

    code: int
    name: str
    description: str


@dataclass(frozen=True, kw_only=True)
class CodeClassPlan:
    """The exception class and ErrorCode member of one error code."""

    code: int
    member: str
    class_name: str


@dataclass(frozen=True, kw_only=True)
class ErrorClassPlan:
    """The exception class and ErrorName member of one error name."""

    name: str
    member: str
    class_name: str
    bases: tuple[str, ...]
    codes: tuple[int, ...]
    description: str
    pattern: str | None


@dataclass(frozen=True, kw_only=True)
class ErrorsModulePlan:
    """The generated errors module: code classes, error classes, errors per method."""

    codes: tuple[CodeClassPlan, ...]
    errors: tuple[ErrorClassPlan, ...]
    methods: tuple[tuple[str, tuple[str, ...]], ...]  # TL method -> error class names


def plan_errors(catalog: ErrorCatalog | None, schema: Schema) -> ErrorsModulePlan:
    """The errors module: a class per code (conventional ones always), a class per error."""
    known = catalog.errors if catalog else ()
    codes = sorted(set(naming.CODE_NAMES) | {c for e in known for c in e.codes if c})
    code_classes = naming.unique_names(naming.code_class_name(c) for c in codes)
    error_classes = naming.unique_names(
        [*code_classes, *(naming.error_class_name(e.name) for e in known)]
    )[len(code_classes) :]
    members = naming.unique_names(naming.error_member_name(e.name) for e in known)
    class_of_code = dict(zip(codes, code_classes, strict=True))
    errors = tuple(
        ErrorClassPlan(
            name=e.name,
            member=member,
            class_name=class_name,
            bases=tuple(class_of_code[c] for c in e.codes if c) or ("RPCError",),
            codes=e.codes,
            description=e.description,
            pattern=e.pattern,
        )
        for e, member, class_name in zip(known, members, error_classes, strict=True)
    )
    class_of_error = {e.name: e.class_name for e in errors}
    functions = {f.name for f in schema.functions}
    methods = tuple(
        (m.method, tuple(dict.fromkeys(class_of_error[n] for _, n in m.errors)))
        for m in (catalog.methods if catalog else ())
        if m.method in functions and m.errors
    )
    return ErrorsModulePlan(
        codes=tuple(
            CodeClassPlan(code=c, member=naming.code_member_name(c), class_name=n)
            for c, n in zip(codes, code_classes, strict=True)
        ),
        errors=errors,
        methods=methods,
    )
