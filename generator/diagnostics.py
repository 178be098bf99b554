"""The registry of diagnostic codes: every problem tlgen reports about an input has one code,
with its severity and a one-line purpose. README "Diagnostics" lists them; the tests check
that each code is produced by an example input with that severity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class DiagnosticCode:
    """What a code means and how serious it is."""

    severity: Severity
    purpose: str


DIAGNOSTICS: dict[str, DiagnosticCode] = {
    # Reading inputs: the file is not TL, or not an error table.
    "syntax": DiagnosticCode("error", "the text is not TL (or not UTF-8)"),
    "error-table": DiagnosticCode("error", "an error table (doc page or CSV) cannot be read"),
    # Checking the schema.
    "unknown-type": DiagnosticCode("error", "a type that no constructor or builtin declares"),
    "duplicate-name": DiagnosticCode("error", "two definitions of one kind with one name"),
    "duplicate-id": DiagnosticCode("error", "two definitions of one kind with one id"),
    "duplicate-param": DiagnosticCode("error", "a param name used twice in a definition"),
    "shared-id": DiagnosticCode(
        "warning", "a constructor and a function, or a pseudo-definition, share an id"
    ),
    "id-mismatch": DiagnosticCode(
        "warning", "an explicit id that is the definition's CRC32 by neither rule"
    ),
    "bool-undeclared": DiagnosticCode("error", "Bool used but not declared (said once)"),
    "unknown-builtin": DiagnosticCode("error", "a builtin declaration with no known wire form"),
    "result-no-constructors": DiagnosticCode(
        "warning", "a function result type with no constructors (read as any object)"
    ),
    "flag-field-undeclared": DiagnosticCode("error", "`x:f.N?T` where no param f comes first"),
    "flag-field-not-nat": DiagnosticCode("error", "`x:f.N?T` where f is not of type #"),
    "flag-bit-range": DiagnosticCode("error", "a flag bit outside 0-31"),
    "excl-unbound": DiagnosticCode("error", "`!X` without `{X:Type}`"),
    "bare-polymorphic": DiagnosticCode("error", "`%T` where T has several constructors"),
    "type-arity": DiagnosticCode("error", "a type applied to the wrong number of arguments"),
    "type-param-kind": DiagnosticCode("error", "`{X:K}` where K is not Type or #"),
    "type-param-unused": DiagnosticCode("warning", "`{X:Type}` that no param uses"),
    "result-not-boxed": DiagnosticCode("error", "a result type written in lower case"),
    "repetition-count": DiagnosticCode("error", "a repetition `[ ... ]` without a # count"),
    "layer-conflict": DiagnosticCode("warning", "`// LAYER` comments that disagree"),
    # Valid TL that the generated package could not carry (schema/limits.py).
    "id-reserved": DiagnosticCode("error", "a definition other than gzip_packed with its id"),
    "param-name-reserved": DiagnosticCode("error", "a param named `_` (to_dict()'s TL name key)"),
    "vector-too-deep": DiagnosticCode("error", "vectors nested more than 16 levels"),
    "namespace-name": DiagnosticCode(
        "error", "a namespace that cannot be a module, or two that would be one"
    ),
    "schema-too-large": DiagnosticCode(
        "error", "over 50,000 definitions or 10,000 namespaces (schema/limits.py)"
    ),
    "name-too-long": DiagnosticCode(
        "error", "a name whose module or reference page file name is over 255 bytes"
    ),
}
