"""Two schemas -> findings on two axes: what changes on the wire, what changes in the Python API.

Definitions are matched by kind and name, and unmatched ones also by id, so a rename (same id,
new name) is one finding rather than a removal and an addition.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from ..errortables.catalog import ErrorCatalog
from ..schema.model import Combinator, Param, Schema, TypeExpr, TypeRef
from ..codegen.plan import ClassPlan, PlanError, ModuleImports, Planner

Wire = Literal["break", "silent", "safe"]
Python = Literal["break", "type-only", "safe"]
Severity = Literal["error", "dangerous", "info"]
Kind = Literal["type", "constructor", "method", "error", "schema"]
Change = Literal["new", "changed", "removed"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "dangerous": 1, "error": 2}


@dataclass(frozen=True)
class Side:
    """One side of a finding: where the entity stands in that schema."""

    line: int | None = None
    text: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    kind: Kind
    change: Change
    entity: str
    wire: Wire
    python: Python
    severity: Severity
    reason: str
    old: Side = field(default_factory=Side)
    new: Side = field(default_factory=Side)
    detail: str = ""  # the field concerned, when there is one
    signature_old: str | None = None
    signature_new: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable across runs and line moves: rule, entity, field and ids."""
        key = f"{self.rule}|{self.kind}|{self.entity}|{self.detail}|{self.old.id}|{self.new.id}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SchemaSource:
    """A schema to compare, with the text of its files for line excerpts."""

    schema: Schema
    texts: dict[str, str]
    label: str


@dataclass(frozen=True)
class DiffResult:
    old: SchemaSource
    new: SchemaSource
    findings: tuple[Finding, ...]


def diff_schemas(
    old: SchemaSource,
    new: SchemaSource,
    old_errors: ErrorCatalog | None = None,
    new_errors: ErrorCatalog | None = None,
) -> DiffResult:
    differ = _Differ(old, new)
    findings = differ.run()
    if old_errors is not None and new_errors is not None:
        findings.extend(_diff_errors(old_errors, new_errors))
    # A changed id is a wire break, whatever else the change is.
    findings = [
        (
            replace(f, wire="break", severity="error")
            if f.old.id is not None
            and f.new.id is not None
            and f.old.id != f.new.id
            and f.wire == "safe"
            else f
        )
        for f in findings
    ]
    return DiffResult(old, new, tuple(findings))


class _Differ:
    def __init__(self, old: SchemaSource, new: SchemaSource) -> None:
        self.old, self.new = old, new
        self.lines = {
            path: text.split("\n") for source in (old, new) for path, text in source.texts.items()
        }
        self.old_planner = _SignaturePlanner(old.schema)
        self.new_planner = _SignaturePlanner(new.schema)
        self.received = _reachable_types(new.schema, results=True) | _reachable_types(
            old.schema, results=True
        )
        self.sent = _reachable_types(new.schema, results=False) | _reachable_types(
            old.schema, results=False
        )

    def side(self, source: SchemaSource, definition: Combinator | None) -> Side:
        if definition is None:
            return Side()
        lines = self.lines.get(definition.span.path, [])
        line = definition.span.line
        text = lines[line - 1].strip() if 0 < line <= len(lines) else str(definition)
        return Side(line, text, definition.id)

    def finding(
        self,
        rule: str,
        change: Change,
        old: Combinator | None,
        new: Combinator | None,
        wire: Wire,
        python: Python,
        severity: Severity,
        reason: str,
        detail: str = "",
    ) -> Finding:
        subject = new or old
        assert subject is not None
        kind: Kind = "method" if subject.kind == "function" else "constructor"
        return Finding(
            rule, kind, change, subject.name, wire, python, severity, reason,
            self.side(self.old, old), self.side(self.new, new), detail,
            self.old_planner.signature(old), self.new_planner.signature(new),
        )  # fmt: skip

    def run(self) -> list[Finding]:
        findings: list[Finding] = []
        findings.extend(self.layer())
        for kind in ("type", "function"):
            old_defs = {d.name: d for d in self.old.schema.definitions if d.kind == kind}
            new_defs = {d.name: d for d in self.new.schema.definitions if d.kind == kind}
            removed = [old_defs[n] for n in old_defs if n not in new_defs]
            added = [new_defs[n] for n in new_defs if n not in old_defs]
            added_by_id = {d.id: d for d in added}
            renamed: dict[str, str] = {}
            for definition in removed:
                match = added_by_id.get(definition.id)
                if match is not None and match.name not in renamed.values():
                    renamed[definition.name] = match.name
            for definition in removed:
                if definition.name in renamed:
                    findings.extend(self.renamed(definition, new_defs[renamed[definition.name]]))
                else:
                    findings.append(self.removed(definition))
            renamed_to = set(renamed.values())
            for definition in added:
                if definition.name not in renamed_to:
                    findings.append(self.added(definition))
                    if definition.explicit_id not in (None, definition.inferred_id):
                        findings.append(self.id_not_crc(None, definition))
            for name in old_defs.keys() & new_defs.keys():
                findings.extend(self.changed(old_defs[name], new_defs[name]))
        findings.extend(self.types())
        order = {d.name: i for i, d in enumerate(self.new.schema.definitions)}
        findings.sort(key=lambda f: (order.get(f.entity, -1), f.entity, f.rule, f.detail))
        return findings

    # -- whole definitions ---------------------------------------------------------------------

    def added(self, new: Combinator) -> Finding:
        if new.kind == "function":
            return self.finding(
                "method-added", "new", None, new, "safe", "safe", "info", "new request"
            )
        type_name = new.result.name
        if type_name not in {c.result.name for c in self.old.schema.constructors}:
            return self.finding(
                "constructor-added",
                "new",
                None,
                new,
                "safe",
                "safe",
                "info",
                f"new constructor of the new type {type_name}",
            )
        if type_name in self.received:
            return self.finding(
                "constructor-added-to-type", "new", None, new, "safe", "type-only", "dangerous",
                f"{type_name} is received: code that matches its constructors exhaustively must handle {new.name}",
            )  # fmt: skip
        return self.finding(
            "constructor-added-to-type", "new", None, new, "safe", "safe", "info",
            f"{type_name} is only sent: a new way to build it",
        )  # fmt: skip

    def removed(self, old: Combinator) -> Finding:
        what = "request" if old.kind == "function" else "constructor"
        rule = "method-removed" if old.kind == "function" else "constructor-removed"
        return self.finding(
            rule, "removed", old, None, "break", "break", "error",
            f"the {what} is gone: peers of the new layer reject it and its Python class disappears",
        )  # fmt: skip

    def renamed(self, old: Combinator, new: Combinator) -> list[Finding]:
        findings = [
            self.finding(
                "renamed", "changed", old, new, "safe", "break", "dangerous",
                f"same id #{new.id:08x}, new name: the wire is unchanged, the Python class is renamed",
                old.name,
            )  # fmt: skip
        ]
        findings.extend(self.changed(old, new))
        return findings

    # -- changed definitions -------------------------------------------------------------------

    def changed(self, old: Combinator, new: Combinator) -> list[Finding]:
        if old == new:
            return []
        findings: list[Finding] = []
        id_changed = old.id != new.id
        if id_changed:
            why = (
                "its definition changed"
                if _layout(old) != _layout(new)
                else "its explicit id changed"
            )
            findings.append(
                self.finding(
                    "id-changed", "changed", old, new, "break", "safe", "error",
                    f"id #{old.id:08x} -> #{new.id:08x} ({why}): the two layers cannot read each other's bytes",
                )  # fmt: skip
            )
        findings.extend(self.params(old, new, id_changed))
        if old.kind == "function" and str(old.result) != str(new.result):
            python: Python = (
                "type-only"
                if self.old_planner.result(old) != self.new_planner.result(new)
                else "safe"
            )
            findings.append(
                self.finding(
                    "result-changed", "changed", old, new, "break", python, "error",
                    f"result {old.result} -> {new.result}",
                )  # fmt: skip
            )
        if old.kind == "type" and old.result.name != new.result.name:
            findings.append(
                self.finding(
                    "constructor-moved", "changed", old, new, "break", "type-only", "error",
                    f"now a constructor of {new.result.name}, was {old.result.name}",
                )  # fmt: skip
            )
        if (
            new.explicit_id is not None
            and new.explicit_id != new.inferred_id
            and (old.explicit_id is None or old.explicit_id == old.inferred_id)
        ):
            findings.append(self.id_not_crc(old, new))
        return findings

    def id_not_crc(self, old: Combinator | None, new: Combinator) -> Finding:
        return self.finding(
            "id-not-crc", "changed" if old else "new", old, new, "safe", "safe", "dangerous",
            f"explicit id #{new.explicit_id:08x} is not the CRC32 of the definition (#{new.inferred_id:08x})",
        )  # fmt: skip

    def params(self, old: Combinator, new: Combinator, id_changed: bool) -> list[Finding]:
        findings: list[Finding] = []
        old_params = [p for p in old.params if isinstance(p, Param) and p.name]
        new_params = [p for p in new.params if isinstance(p, Param) and p.name]
        old_by_name = _by_name(old_params)
        new_by_name = _by_name(new_params)
        gone = [p for p in old_params if p.name not in new_by_name]
        came = [p for p in new_params if p.name not in old_by_name]
        # A field renamed in place: same position, type and condition, new name.
        renames = {}
        for param in gone:
            index = old_params.index(param)
            if index < len(new_params) and new_params[index] in came:
                candidate = new_params[index]
                if str(candidate.type) == str(param.type) and str(candidate.condition) == str(
                    param.condition
                ):
                    renames[param.name] = candidate
        wire_if_changed: Wire = "break" if id_changed else "safe"

        def add(
            rule: str, wire: Wire, python: Python, severity: Severity, reason: str, detail: str
        ) -> None:
            findings.append(
                self.finding(rule, "changed", old, new, wire, python, severity, reason, detail)
            )

        for param in gone:
            assert param.name is not None
            if param.name in renames:
                target = renames[param.name]
                add(
                    "field-renamed",
                    "break",
                    "break",
                    "error",
                    f"field {param.name} is now {target.name}",
                    param.name,
                )
            elif param.is_true_flag:
                add("true-flag-removed", wire_if_changed, "break", "dangerous",
                    f"flag {param.name} ({param.condition}) removed: callers passing it break", param.name)  # fmt: skip
            elif param.is_flags_field:
                add(
                    "flags-word-removed",
                    "break",
                    "safe",
                    "error",
                    f"flags word {param.name} removed",
                    param.name,
                )
            else:
                add(
                    "field-removed",
                    "break",
                    "break",
                    "error",
                    f"field {param.name}:{param.type} removed",
                    param.name,
                )
        freed_bits = {str(p.condition) for p in gone if p.is_true_flag}
        for param in came:
            assert param.name is not None
            if param.name in {r.name for r in renames.values()}:
                continue
            if param.is_true_flag:
                silent = str(param.condition) in freed_bits and not id_changed
                add("true-flag-added", "silent" if silent else wire_if_changed, "safe", "error" if silent else "info",
                    f"new flag {param.name} ({param.condition})" + (", on a bit that meant something else" if silent else ""),
                    param.name)  # fmt: skip
            elif param.is_flags_field:
                add(
                    "flags-word-added",
                    "break",
                    "safe",
                    "error",
                    f"new flags word {param.name}",
                    param.name,
                )
            elif param.condition is not None:
                add("optional-field-added", "break", "safe", "error",
                    f"new optional field {param.name}:{param.type} ({param.condition})", param.name)  # fmt: skip
            else:
                add("required-field-added", "break", "break", "error",
                    f"new required field {param.name}:{param.type}: every caller must pass it", param.name)  # fmt: skip
        for name in old_by_name.keys() & new_by_name.keys():
            before, after = old_by_name[name], new_by_name[name]
            if (before.condition is None) != (after.condition is None):
                to_optional = after.condition is not None
                add(
                    "required-to-optional" if to_optional else "optional-to-required",
                    "break", "type-only" if to_optional else "break", "error",
                    f"{name} is now {'optional' if to_optional else 'required'} ({after.condition or before.condition})",
                    name,
                )  # fmt: skip
            elif before.condition is not None and str(before.condition) != str(after.condition):
                if before.is_true_flag and after.is_true_flag and not id_changed:
                    add("true-flag-moved", "silent", "safe", "error",
                        f"flag {name} moved from {before.condition} to {after.condition} with the same id: "
                        "old and new peers read each other's bit as something else", name)  # fmt: skip
                else:
                    add("flag-bit-changed", "break", "safe", "error",
                        f"{name} moved from {before.condition} to {after.condition}", name)  # fmt: skip
            if str(before.type) != str(after.type) or before.excl != after.excl:
                same_python = self.old_planner.annotation(old, name) == self.new_planner.annotation(
                    new, name
                )
                add("field-type-changed", "break", "safe" if same_python else "break", "error",
                    f"{name}: {before.type} -> {after.type}"
                    + (" (the same Python type)" if same_python else ""), name)  # fmt: skip
        common_old = [p.name for p in old_params if p.name in new_by_name]
        common_new = [p.name for p in new_params if p.name in old_by_name]
        if common_old != common_new:
            add("field-reordered", "break", "safe", "error",
                "fields reordered (keyword-only Python arguments are unaffected)", "")  # fmt: skip
        return findings

    # -- types and layer -----------------------------------------------------------------------

    def types(self) -> list[Finding]:
        old_types = {c.result.name: c for c in self.old.schema.constructors}
        new_types = {c.result.name: c for c in self.new.schema.constructors}
        findings = []
        for name in sorted(new_types.keys() - old_types.keys()):
            findings.append(
                Finding("type-added", "type", "new", name, "safe", "safe", "info", "new type",
                        new=self.side(self.new, new_types[name]))  # fmt: skip
            )
        for name in sorted(old_types.keys() - new_types.keys()):
            findings.append(
                Finding("type-removed", "type", "removed", name, "break", "break", "error",
                        "type gone: its Union alias and base class disappear",
                        old=self.side(self.old, old_types[name]))  # fmt: skip
            )
        return findings

    def layer(self) -> list[Finding]:
        old_layer, new_layer = self.old.schema.layer, self.new.schema.layer
        if old_layer is None or new_layer is None:
            return []
        changed = self.old.schema.definitions != self.new.schema.definitions
        if new_layer < old_layer:
            return [Finding("layer-decreased", "schema", "changed", f"LAYER {new_layer}", "safe", "safe", "error",
                            f"layer went down from {old_layer} to {new_layer}")]  # fmt: skip
        if new_layer == old_layer and changed:
            return [Finding("layer-unchanged", "schema", "changed", f"LAYER {new_layer}", "safe", "safe", "dangerous",
                            f"the schema changed but the layer is still {new_layer}")]  # fmt: skip
        return []


def _by_name(params: list[Param]) -> dict[str, Param]:
    return {p.name: p for p in params if p.name is not None}


def _layout(definition: Combinator) -> str:
    """The definition without its name and id: what decides the wire layout and the fields."""
    return " ".join(str(p) for p in definition.params) + " = " + str(definition.result)


def _reachable_types(schema: Schema, results: bool) -> set[str]:
    """Types reachable from method results (received) or from method params (sent)."""
    by_type = schema.constructors_by_type
    start: list[TypeExpr] = []
    for function in schema.functions:
        if results:
            start.append(function.result)
        else:
            start.extend(p.type for p in function.params if isinstance(p, Param))
    seen: set[str] = set()
    todo = list(start)
    while todo:
        expr = todo.pop()
        if not isinstance(expr, TypeRef):
            continue
        todo.extend(expr.args)
        if expr.name in seen or expr.name not in by_type:
            continue
        seen.add(expr.name)
        for constructor in by_type[expr.name]:
            todo.extend(p.type for p in constructor.params if isinstance(p, Param))
    return seen


class _SignaturePlanner:
    """The generated Python signature of a class, as the generator would write it."""

    def __init__(self, schema: Schema) -> None:
        self.planner = Planner(schema, None)
        self.plans: dict[tuple[str, str], ClassPlan | None] = {}

    def _plan(self, definition: Combinator) -> ClassPlan | None:
        key = (definition.kind, definition.name)
        if key not in self.plans:
            module = ("functions" if definition.kind == "function" else "types", "_diff")
            try:
                plan = self.planner.class_plan(definition, module, ModuleImports(module))
            except (PlanError, KeyError, ValueError):
                plan = None
            self.plans[key] = plan
        return self.plans[key]

    def signature(self, definition: Combinator | None) -> str | None:
        if definition is None:
            return None
        plan = self._plan(definition)
        if plan is None:
            return None
        params = [
            f"{f.attr}: {f.short_annotation}"
            + (" = False" if f.is_true_flag else " = None" if f.optional else "")
            for f in plan.fields
        ]
        return f"{plan.name}(" + ", ".join(["*", *params] if params else []) + ")"

    def annotation(self, definition: Combinator, tl_name: str) -> str | None:
        plan = self._plan(definition)
        field_plan = next((f for f in plan.fields if f.tl_name == tl_name), None) if plan else None
        return None if field_plan is None else field_plan.short_annotation

    def result(self, definition: Combinator) -> str | None:
        plan = self._plan(definition)
        return None if plan is None or plan.result_type is None else plan.result_type.short


def _diff_errors(old: ErrorCatalog, new: ErrorCatalog) -> list[Finding]:
    old_errors = {e.name: e for e in old.errors}
    new_errors = {e.name: e for e in new.errors}
    findings = []
    for name in sorted(new_errors.keys() - old_errors.keys()):
        codes = " ".join(map(str, new_errors[name].codes))
        findings.append(
            Finding(
                "error-added", "error", "new", name, "safe", "safe", "info", f"new error ({codes})"
            )
        )
    for name in sorted(old_errors.keys() - new_errors.keys()):
        findings.append(
            Finding("error-removed", "error", "removed", name, "safe", "break", "dangerous",
                    "error no longer documented: its exception class disappears")  # fmt: skip
        )
    for name in sorted(old_errors.keys() & new_errors.keys()):
        before, after = old_errors[name].codes, new_errors[name].codes
        if before != after:
            findings.append(
                Finding("error-code-changed", "error", "changed", name, "safe", "type-only", "dangerous",
                        f"codes {' '.join(map(str, before))} -> {' '.join(map(str, after))}: "
                        "except clauses on code classes catch it differently", detail=" ".join(map(str, after)))  # fmt: skip
            )
    return findings


def gate_fails(findings: Iterable[Finding], fail_on: str, accepted: set[str]) -> bool:
    """Whether any finding not accepted reaches the `fail_on` severity."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_ORDER[fail_on]
    return any(
        SEVERITY_ORDER[f.severity] >= threshold and f.fingerprint not in accepted for f in findings
    )


def parse_allowlist(text: str) -> dict[str, str]:
    """`fingerprint reason...` per line; `#` starts a comment."""
    accepted = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            fingerprint, _, reason = line.partition(" ")
            accepted[fingerprint] = reason.strip()
    return accepted


def by_section(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
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
        members = [f for f in findings if f.kind == kind and f.change == change]
        if members:
            sections.append((title, members))
    return sections
