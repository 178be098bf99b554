"""Error catalog -> the plan of the generated errors module, and the errors a request documents.

ErrorsModulePlan
  codes:   CodeClassPlan(code, member, class_name)...      one class per error code
  errors:  ErrorClassPlan(name, member, class_name, codes, description, pattern,
                          value_name)...
  methods: (TL method, error class names)...
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from ...errortables import ErrorCatalog
from ...schema import Schema
from .. import naming


@dataclass(frozen=True, kw_only=True)
class ErrorDoc:
    """An error a request can raise, for its docstring, ERRORS and the reference (code 0: code
    unknown), with the exception class (in errors.py) that catches it."""

    code: int
    name: str
    description: str
    class_name: str


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
    codes: tuple[int, ...]
    description: str
    pattern: str | None
    # The attribute that also holds a patterned error's number: its description's placeholder
    # ("A wait of {seconds} seconds" -> seconds); None when the description names none.
    value_name: str | None

    @property
    def code(self) -> int | None:
        """The one code documented for the error (its CODE), or None."""
        return self.codes[0] if len(self.codes) == 1 else None


# Attributes of RPCError (templates/runtime/_rpcerror.py) and Exception a placeholder name
# must not hide.
_ERROR_ATTRIBUTES = frozenset(
    {"code", "message", "request", "value", "args", "with_traceback", "add_note"}
    | {"CODE", "NAME", "CODES", "DESCRIPTION", "VALUE_NAME", "description"}
)


def value_name(description: str, pattern: str | None) -> str | None:
    """The name a patterned error's description gives its number: its one `{placeholder}`."""
    names: set[str] = set(re.findall(r"\{(\w+)\}", description))
    if pattern is None or len(names) != 1:
        return None
    (name,) = names
    if not name.isidentifier() or keyword.iskeyword(name) or name in _ERROR_ATTRIBUTES:
        return None
    return name


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
    code_classes = [naming.code_class_name(c) for c in codes]
    names = [e.name for e in known]
    error_classes = naming.error_class_names(names, taken=[*code_classes, "RPCError"])
    members = naming.error_member_names(names)
    errors = tuple(
        ErrorClassPlan(
            name=e.name,
            member=members[e.name],
            class_name=error_classes[e.name],
            codes=tuple(c for c in e.codes if c),
            description=e.description,
            pattern=e.pattern,
            value_name=value_name(e.description, e.pattern),
        )
        for e in known
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
