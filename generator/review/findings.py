"""What `tlgen diff` reports: the rules (one registry), verdicts, the severity policy, and the
findings grouped by definition.

    RULES: rule id -> Rule(purpose, floor severity)       README "Severity policy" lists them
    Finding(rule=, kind=, change=, entity=, wire=, python=, reason=, old: Side, new: Side, ...)
    DefinitionChange(kind, change, entity, findings)      what text/markdown/github show once
    DiffResult(old, new, findings)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..schema import Schema

Wire = Literal["break", "silent", "safe"]
Python = Literal["break", "type-only", "safe"]
Severity = Literal["error", "dangerous", "info"]
Kind = Literal["type", "constructor", "method", "error", "schema"]
Change = Literal["new", "changed", "removed"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "dangerous": 1, "error": 2}
# The severities, worst first (how reports list them).
SEVERITIES: tuple[str, ...] = tuple(
    sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__, reverse=True)
)
_WIRE_ORDER: dict[str, int] = {"safe": 0, "break": 1, "silent": 2}
_PYTHON_ORDER: dict[str, int] = {"safe": 0, "type-only": 1, "break": 2}


@dataclass(frozen=True)
class Rule:
    """A diff rule: what it reports, and the lowest severity it has whatever its verdicts."""

    purpose: str
    floor: Severity = "info"


RULES: dict[str, Rule] = {
    "method-added": Rule("a new request"),
    "method-removed": Rule("a request is gone"),
    "constructor-added": Rule("a new constructor of a new type"),
    "constructor-added-to-type": Rule("a new constructor of an existing type"),
    "constructor-removed": Rule("a constructor is gone"),
    "constructor-moved": Rule("a constructor now belongs to another type"),
    "renamed": Rule("a definition renamed, proven by its id or its whole parameter list"),
    "id-changed": Rule("a definition's constructor id changed"),
    "id-not-crc": Rule("an explicit id that is not the CRC32 of the definition", "dangerous"),
    "result-changed": Rule("a request's result type changed"),
    "field-renamed": Rule("a field renamed, nothing else changed"),
    "field-removed": Rule("a field is gone"),
    "field-type-changed": Rule("a field's TL type changed"),
    "field-reordered": Rule("fields in another order"),
    "required-field-added": Rule("a new field every caller must pass"),
    "optional-field-added": Rule("a new field under a flag"),
    "required-to-optional": Rule("a required field became optional"),
    "optional-to-required": Rule("an optional field became required"),
    "flags-word-added": Rule("a new flags word"),
    "flags-word-removed": Rule("a flags word is gone"),
    "flag-bit-changed": Rule("an optional field moved to another flag bit"),
    "true-flag-added": Rule("a new `?true` flag"),
    "true-flag-removed": Rule("a `?true` flag is gone"),
    "true-flag-moved": Rule("a `?true` flag on another bit under the same id"),
    "type-added": Rule("a new abstract type"),
    "type-removed": Rule("an abstract type is gone"),
    "error-added": Rule("a newly documented error"),
    "error-removed": Rule("an error no longer documented"),
    "error-code-changed": Rule("an error documented with other codes"),
    "layer-unchanged": Rule("the schema changed without a `// LAYER` bump", "dangerous"),
    "layer-decreased": Rule("the `// LAYER` number went down", "error"),
}


def severity_for(rule: str, wire: Wire, python: Python, layer_bumped: bool) -> Severity:
    """The severity policy; README "Severity policy" shows it as a table."""
    levels: list[Severity] = [RULES[rule].floor]
    if wire == "silent" or (wire == "break" and not layer_bumped):
        levels.append("error")
    elif wire == "break" or python != "safe":
        levels.append("dangerous")
    return max(levels, key=SEVERITY_ORDER.__getitem__)


@dataclass(frozen=True)
class Side:
    """One side of a finding: where the entity stands in that schema."""

    line: int | None = None
    text: str | None = None
    id: int | None = None


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One rule that applies to one definition: the unit of fingerprints and of `--allow`."""

    rule: str
    kind: Kind
    change: Change
    entity: str
    wire: Wire
    python: Python
    reason: str
    old: Side = field(default_factory=Side)
    new: Side = field(default_factory=Side)
    detail: str = ""  # the field concerned, when there is one
    signature_old: str | None = None
    signature_new: str | None = None
    severity: Severity = "info"  # set by `severity_for` in `diff_schemas`

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown diff rule {self.rule!r}: add it to RULES")

    @property
    def fingerprint(self) -> str:
        """Stable across runs and line moves: rule, entity, field and ids."""
        key = f"{self.rule}|{self.kind}|{self.entity}|{self.detail}|{self.old.id}|{self.new.id}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class DefinitionChange:
    """Every finding about one definition (or type, error, the layer): what reports show once."""

    kind: Kind
    change: Change
    entity: str
    findings: tuple[Finding, ...]

    @property
    def severity(self) -> Severity:
        """The worst severity among the definition's findings."""
        return max((f.severity for f in self.findings), key=SEVERITY_ORDER.__getitem__)

    @property
    def wire(self) -> Wire:
        """The worst wire verdict among them."""
        return max((f.wire for f in self.findings), key=_WIRE_ORDER.__getitem__)

    @property
    def python(self) -> Python:
        """The worst Python verdict among them."""
        return max((f.python for f in self.findings), key=_PYTHON_ORDER.__getitem__)

    @property
    def old(self) -> Side:
        """Where the definition stood in the old schema."""
        return next((f.old for f in self.findings if f.old.text), self.findings[0].old)

    @property
    def new(self) -> Side:
        """Where it stands in the new schema."""
        return next((f.new for f in self.findings if f.new.text), self.findings[0].new)

    @property
    def signatures(self) -> tuple[str | None, str | None]:
        """The generated Python signature before and after."""
        first = self.findings[0]
        return first.signature_old, first.signature_new


@dataclass(frozen=True)
class SchemaSource:
    """A schema to compare, with the text of its files for line excerpts."""

    schema: Schema
    texts: dict[str, str]
    label: str
    # The file's path in the repository, for annotations (`REV:path` -> `path`).
    repo_path: str | None = None


@dataclass(frozen=True)
class DiffResult:
    """Two schemas and every finding between them."""

    old: SchemaSource
    new: SchemaSource
    findings: tuple[Finding, ...]

    @property
    def layer_bumped(self) -> bool:
        """Whether a `// LAYER` increase explains wire breaks."""
        old, new = self.old.schema.layer, self.new.schema.layer
        return old is not None and new is not None and new > old

    @property
    def definitions(self) -> tuple[DefinitionChange, ...]:
        """Findings grouped by definition, in the order of the findings."""
        groups: dict[tuple[str, str, str], list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault((finding.kind, finding.change, finding.entity), []).append(finding)
        return tuple(
            DefinitionChange(members[0].kind, members[0].change, members[0].entity, tuple(members))
            for members in groups.values()
        )


def by_section(
    definitions: Sequence[DefinitionChange],
) -> list[tuple[str, list[DefinitionChange]]]:
    """Sections in the order of Telegram's layer changelog."""
    titles = [
        ("method", "new", "New methods"), ("method", "changed", "Changed methods"),
        ("method", "removed", "Deleted methods"), ("constructor", "new", "New constructors"),
        ("constructor", "changed", "Changed constructors"), ("constructor", "removed", "Deleted constructors"),
        ("type", "new", "New types"), ("type", "removed", "Deleted types"),
        ("error", "new", "New errors"), ("error", "changed", "Changed errors"),
        ("error", "removed", "Deleted errors"), ("schema", "changed", "Schema"),
    ]  # fmt: skip
    sections = []
    for kind, change, title in titles:
        members = [d for d in definitions if d.kind == kind and d.change == change]
        if members:
            sections.append((title, members))
    return sections
