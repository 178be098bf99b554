"""Two schemas -> findings on two axes: what changes on the wire, what changes in the Python API.

Definitions are matched by kind and name. An unmatched removal and addition are one rename only
when the id or the whole parameter list and result prove it; a field is renamed only when the
rest of the parameter list is unchanged. Anything less sure is reported as a removal and an
addition, "possibly a rename".

Severity is a policy over the two verdicts (`severity_for`, README "Severity policy"): a silent
change is an error; a wire break is dangerous when a `// LAYER` bump explains it, an error when
it does not; a Python break or a type-only change is at least dangerous.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from ..errortables.catalog import ErrorCatalog
from ..schema.model import Combinator, Param, Schema, TypeExpr, TypeRef
from ..codegen.plan import ClassPlan, PlanError, Planner

Wire = Literal["break", "silent", "safe"]
Python = Literal["break", "type-only", "safe"]
Severity = Literal["error", "dangerous", "info"]
Kind = Literal["type", "constructor", "method", "error", "schema"]
Change = Literal["new", "changed", "removed"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "dangerous": 1, "error": 2}
_WIRE_ORDER: dict[str, int] = {"safe": 0, "break": 1, "silent": 2}
_PYTHON_ORDER: dict[str, int] = {"safe": 0, "type-only": 1, "break": 2}
# Rules whose severity is higher than their two verdicts say.
_RULE_SEVERITY: dict[str, Severity] = {
    "layer-decreased": "error",
    "layer-unchanged": "dangerous",
    "id-not-crc": "dangerous",
}


def severity_for(rule: str, wire: Wire, python: Python, layer_bumped: bool) -> Severity:
    """The severity policy; README "Severity policy" shows it as a table."""
    levels: list[Severity] = [_RULE_SEVERITY.get(rule, "info")]
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


@dataclass(frozen=True)
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
        return max((f.severity for f in self.findings), key=SEVERITY_ORDER.__getitem__)

    @property
    def wire(self) -> Wire:
        return max((f.wire for f in self.findings), key=_WIRE_ORDER.__getitem__)

    @property
    def python(self) -> Python:
        return max((f.python for f in self.findings), key=_PYTHON_ORDER.__getitem__)

    @property
    def old(self) -> Side:
        return next((f.old for f in self.findings if f.old.text), self.findings[0].old)

    @property
    def new(self) -> Side:
        return next((f.new for f in self.findings if f.new.text), self.findings[0].new)

    @property
    def signatures(self) -> tuple[str | None, str | None]:
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
            replace(f, wire="break")
            if f.old.id is not None
            and f.new.id is not None
            and f.old.id != f.new.id
            and f.wire == "safe"
            else f
        )
        for f in findings
    ]
    bumped = DiffResult(old, new, ()).layer_bumped
    return DiffResult(
        old,
        new,
        tuple(
            replace(f, severity=severity_for(f.rule, f.wire, f.python, bumped)) for f in findings
        ),
    )


class _Differ:
    def __init__(self, old: SchemaSource, new: SchemaSource) -> None:
        self.old, self.new = old, new
        self.lines = {
            path: text.split("\n") for source in (old, new) for path, text in source.texts.items()
        }
        self.old_planner = _SignaturePlanner(old.schema)
        self.new_planner = _SignaturePlanner(new.schema)
        self.received = _received_types(new.schema) | _received_types(old.schema)

    def side(self, definition: Combinator | None) -> Side:
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
        reason: str,
        detail: str = "",
    ) -> Finding:
        subject = new or old
        assert subject is not None
        kind: Kind = "method" if subject.kind == "function" else "constructor"
        return Finding(
            rule, kind, change, subject.name, wire, python, reason,
            self.side(old), self.side(new), detail,
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
            renamed = _proven_renames(removed, added)
            maybe = _possible_renames(
                [d for d in removed if d.name not in renamed],
                [d for d in added if d.name not in renamed.values()],
            )
            for definition in removed:
                if definition.name in renamed:
                    findings.extend(self.renamed(definition, new_defs[renamed[definition.name]]))
                else:
                    findings.append(self.removed(definition, maybe.get(definition.name)))
            renamed_to = set(renamed.values())
            maybe_from = {new_name: old_name for old_name, new_name in maybe.items()}
            for definition in added:
                if definition.name not in renamed_to:
                    findings.append(self.added(definition, maybe_from.get(definition.name)))
                    if definition.explicit_id not in (None, definition.inferred_id):
                        findings.append(self.id_not_crc(None, definition))
            for name in old_defs.keys() & new_defs.keys():
                findings.extend(self.changed(old_defs[name], new_defs[name]))
        findings.extend(self.types())
        order = {d.name: i for i, d in enumerate(self.new.schema.definitions)}
        findings.sort(key=lambda f: (order.get(f.entity, -1), f.entity, f.rule, f.detail))
        return findings

    # -- whole definitions ---------------------------------------------------------------------

    def added(self, new: Combinator, maybe_from: str | None) -> Finding:
        hint = "" if maybe_from is None else f" ({maybe_from} removed: possibly a rename)"
        if new.kind == "function":
            return self.finding(
                "method-added", "new", None, new, "safe", "safe", "new request" + hint
            )
        type_name = new.result.name
        if type_name not in {c.result.name for c in self.old.schema.constructors}:
            return self.finding(
                "constructor-added", "new", None, new, "safe", "safe",
                f"new constructor of the new type {type_name}{hint}",
            )  # fmt: skip
        if type_name in self.received:
            return self.finding(
                "constructor-added-to-type", "new", None, new, "safe", "type-only",
                f"{type_name} is received: code that matches its constructors exhaustively must handle {new.name}{hint}",
            )  # fmt: skip
        return self.finding(
            "constructor-added-to-type", "new", None, new, "safe", "safe",
            f"{type_name} is only sent: a new way to build it{hint}",
        )  # fmt: skip

    def removed(self, old: Combinator, maybe_to: str | None) -> Finding:
        what = "request" if old.kind == "function" else "constructor"
        rule = "method-removed" if old.kind == "function" else "constructor-removed"
        hint = "" if maybe_to is None else f" ({maybe_to} added: possibly a rename)"
        return self.finding(
            rule, "removed", old, None, "break", "break",
            f"the {what} is gone: peers of the new layer reject it and its Python class disappears{hint}",
        )  # fmt: skip

    def renamed(self, old: Combinator, new: Combinator) -> list[Finding]:
        proof = (
            f"same id #{new.id:08x}"
            if old.id == new.id
            else "same parameters and result (so a new id)"
        )
        findings = [
            self.finding(
                "renamed", "changed", old, new, "safe", "break",
                f"{proof}, new name: the Python class is renamed", old.name,
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

        def wire(changes_bytes: bool) -> Wire:
            """A changed id breaks; the same id with other bytes is silent."""
            return "break" if id_changed else "silent" if changes_bytes else "safe"

        if id_changed:
            why = (
                "its definition changed"
                if _layout(old) != _layout(new)
                else "its name changed" if old.name != new.name else "its explicit id changed"
            )
            findings.append(
                self.finding(
                    "id-changed", "changed", old, new, "break", "safe",
                    f"id #{old.id:08x} -> #{new.id:08x} ({why}): the two layers cannot read each other's bytes",
                )  # fmt: skip
            )
        findings.extend(self.params(old, new, wire))
        if old.kind == "function" and str(old.result) != str(new.result):
            python: Python = (
                "type-only"
                if self.old_planner.result(old) != self.new_planner.result(new)
                else "safe"
            )
            findings.append(
                self.finding(
                    "result-changed", "changed", old, new, wire(True), python,
                    f"result {old.result} -> {new.result}",
                )  # fmt: skip
            )
        if old.kind == "type" and old.result.name != new.result.name:
            findings.append(
                self.finding(
                    "constructor-moved", "changed", old, new, wire(False), "type-only",
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
            "id-not-crc", "changed" if old else "new", old, new, "safe", "safe",
            f"explicit id #{new.explicit_id:08x} is not the CRC32 of the definition (#{new.inferred_id:08x})",
        )  # fmt: skip

    def params(self, old: Combinator, new: Combinator, wire: _WireOf) -> list[Finding]:
        findings: list[Finding] = []
        old_params = [p for p in old.params if isinstance(p, Param) and p.name]
        new_params = [p for p in new.params if isinstance(p, Param) and p.name]
        old_by_name = _by_name(old_params)
        new_by_name = _by_name(new_params)
        gone = [p for p in old_params if p.name not in new_by_name]
        came = [p for p in new_params if p.name not in old_by_name]
        renamed, maybe = _field_renames(old_params, new_params, gone, came)
        maybe_from = {new_name: old_name for old_name, new_name in maybe.items()}

        def add(rule: str, verdict: Wire, python: Python, reason: str, detail: str) -> None:
            findings.append(
                self.finding(rule, "changed", old, new, verdict, python, reason, detail)
            )

        for param in gone:
            assert param.name is not None
            hint = (
                f" ({maybe[param.name]} added in its place: possibly a rename)"
                if param.name in maybe
                else ""
            )
            if param.name in renamed:
                add(
                    "field-renamed", wire(False), "break",
                    f"field {param.name} is now {renamed[param.name]} (nothing else changed)",
                    param.name,
                )  # fmt: skip
            elif param.is_true_flag:
                add("true-flag-removed", wire(False), "break",
                    f"flag {param.name} ({param.condition}) removed: callers passing it break{hint}", param.name)  # fmt: skip
            elif param.is_flags_field:
                add("flags-word-removed", wire(True), "safe", f"flags word {param.name} removed", param.name)  # fmt: skip
            else:
                add("field-removed", wire(True), "break",
                    f"field {param.name}:{param.type} removed{hint}", param.name)  # fmt: skip
        freed_bits = {str(p.condition) for p in gone if p.is_true_flag}
        for param in came:
            assert param.name is not None
            if param.name in renamed.values():
                continue
            hint = (
                f" ({maybe_from[param.name]} removed from its place: possibly a rename)"
                if param.name in maybe_from
                else ""
            )
            if param.is_true_flag:
                reused = str(param.condition) in freed_bits
                add("true-flag-added", wire(reused), "safe",
                    f"new flag {param.name} ({param.condition})"
                    + (", on a bit that meant something else" if reused else "") + hint,
                    param.name)  # fmt: skip
            elif param.is_flags_field:
                add("flags-word-added", wire(True), "safe", f"new flags word {param.name}", param.name)  # fmt: skip
            elif param.condition is not None:
                add("optional-field-added", wire(True), "safe",
                    f"new optional field {param.name}:{param.type} ({param.condition}){hint}", param.name)  # fmt: skip
            else:
                add("required-field-added", wire(True), "break",
                    f"new required field {param.name}:{param.type}: every caller must pass it{hint}", param.name)  # fmt: skip
        for name in old_by_name.keys() & new_by_name.keys():
            before, after = old_by_name[name], new_by_name[name]
            if (before.condition is None) != (after.condition is None):
                to_optional = after.condition is not None
                add(
                    "required-to-optional" if to_optional else "optional-to-required",
                    wire(True), "type-only" if to_optional else "break",
                    f"{name} is now {'optional' if to_optional else 'required'} ({after.condition or before.condition})",
                    name,
                )  # fmt: skip
            elif before.condition is not None and str(before.condition) != str(after.condition):
                if before.is_true_flag and after.is_true_flag and old.id == new.id:
                    add("true-flag-moved", wire(True), "safe",
                        f"flag {name} moved from {before.condition} to {after.condition} with the same id: "
                        "old and new peers read each other's bit as something else", name)  # fmt: skip
                else:
                    add("flag-bit-changed", wire(True), "safe",
                        f"{name} moved from {before.condition} to {after.condition}", name)  # fmt: skip
            if str(before.type) != str(after.type) or before.excl != after.excl:
                same_python = self.old_planner.annotation(old, name) == self.new_planner.annotation(
                    new, name
                )
                same_bytes = before.excl == after.excl and _wire_type(before) == _wire_type(after)
                add("field-type-changed", wire(not same_bytes), "safe" if same_python else "break",
                    f"{name}: {before.type} -> {after.type}"
                    + (" (the same Python type)" if same_python else ""), name)  # fmt: skip
        common_old = [p.name for p in old_params if p.name in new_by_name]
        common_new = [p.name for p in new_params if p.name in old_by_name]
        if common_old != common_new:
            moved_bytes = [n for n in common_old if not old_by_name[n].is_true_flag] != [
                n for n in common_new if not new_by_name[n].is_true_flag
            ]
            add("field-reordered", wire(moved_bytes), "safe",
                "fields reordered (keyword-only Python arguments are unaffected)", "")  # fmt: skip
        return findings

    # -- types and layer -----------------------------------------------------------------------

    def types(self) -> list[Finding]:
        old_types = {c.result.name: c for c in self.old.schema.constructors}
        new_types = {c.result.name: c for c in self.new.schema.constructors}
        findings = []
        for name in sorted(new_types.keys() - old_types.keys()):
            findings.append(
                Finding("type-added", "type", "new", name, "safe", "safe", "new type",
                        new=self.side(new_types[name]))  # fmt: skip
            )
        for name in sorted(old_types.keys() - new_types.keys()):
            findings.append(
                Finding("type-removed", "type", "removed", name, "break", "break",
                        "type gone: its Union alias and base class disappear",
                        old=self.side(old_types[name]))  # fmt: skip
            )
        return findings

    def layer(self) -> list[Finding]:
        old_layer, new_layer = self.old.schema.layer, self.new.schema.layer
        if old_layer is None or new_layer is None:
            return []
        changed = self.old.schema.definitions != self.new.schema.definitions
        if new_layer < old_layer:
            return [Finding("layer-decreased", "schema", "changed", f"LAYER {new_layer}", "safe", "safe",
                            f"layer went down from {old_layer} to {new_layer}")]  # fmt: skip
        if new_layer == old_layer and changed:
            return [Finding("layer-unchanged", "schema", "changed", f"LAYER {new_layer}", "safe", "safe",
                            f"the schema changed but the layer is still {new_layer}: "
                            "a change on the wire needs a layer bump")]  # fmt: skip
        return []


class _WireOf(Protocol):
    def __call__(self, changes_bytes: bool) -> Wire: ...


def _by_name(params: list[Param]) -> dict[str, Param]:
    return {p.name: p for p in params if p.name is not None}


def _wire_type(param: Param) -> str:
    """The param's type as the bytes see it: `bytes` and `string` are the same on the wire."""
    return re.sub(r"\bbytes\b", "string", str(param.type))


def _proven_renames(removed: list[Combinator], added: list[Combinator]) -> dict[str, str]:
    """Old name -> new name where the id, or the whole parameter list and result, prove it."""
    renamed: dict[str, str] = {}
    by_id: dict[int, list[Combinator]] = {}
    by_layout: dict[str, list[Combinator]] = {}
    for definition in added:
        by_id.setdefault(definition.id, []).append(definition)
        by_layout.setdefault(_layout(definition), []).append(definition)
    removed_layouts = [_layout(d) for d in removed]
    for definition in removed:
        candidates = by_id.get(definition.id, [])
        if len(candidates) != 1:
            layout = _layout(definition)
            # The same parameter list proves a rename only when it is unique on both sides.
            unique = definition.params and removed_layouts.count(layout) == 1
            candidates = by_layout.get(layout, []) if unique else []
        if len(candidates) == 1 and candidates[0].name not in renamed.values():
            renamed[definition.name] = candidates[0].name
    return renamed


def _possible_renames(removed: list[Combinator], added: list[Combinator]) -> dict[str, str]:
    """Old name -> new name for a lone removal and a lone addition of the same type (or result)."""
    old_by_type: dict[str, list[str]] = {}
    new_by_type: dict[str, list[str]] = {}
    for definitions, by_type in ((removed, old_by_type), (added, new_by_type)):
        for definition in definitions:
            by_type.setdefault(str(definition.result), []).append(definition.name)
    return {
        old[0]: new_by_type[result][0]
        for result, old in old_by_type.items()
        if len(old) == 1 and len(new_by_type.get(result, [])) == 1
    }


def _field_renames(
    old_params: list[Param], new_params: list[Param], gone: list[Param], came: list[Param]
) -> tuple[dict[str, str], dict[str, str]]:
    """(proven, possible) field renames, old name -> new name.

    Proven: one field gone and one come at the same place, with the same type and condition,
    and every other field unchanged. Never a `?true` flag: a new name on its bit is a new flag. Possible: the same at one place while other fields changed.
    """
    positional: dict[str, str] = {}
    for param in gone:
        index = old_params.index(param)
        if param.is_true_flag:
            continue  # its bit is its meaning: a new name on the same bit is another flag
        if index < len(new_params) and new_params[index] in came:
            candidate = new_params[index]
            if str(candidate.type) == str(param.type) and str(candidate.condition) == str(
                param.condition
            ):
                assert param.name is not None and candidate.name is not None
                positional[param.name] = candidate.name
    if len(gone) == len(came) == 1 and len(positional) == 1 and len(old_params) == len(new_params):
        rest_old = [str(p) for p in old_params if p is not gone[0]]
        rest_new = [str(p) for p in new_params if p is not came[0]]
        if rest_old == rest_new:
            return positional, {}
    return {}, positional


def _layout(definition: Combinator) -> str:
    """The definition without its name and id: what decides the wire layout and the fields."""
    return " ".join(str(p) for p in definition.params) + " = " + str(definition.result)


def _received_types(schema: Schema) -> set[str]:
    """Types reachable from method results: what a client receives."""
    by_type = schema.constructors_by_type
    seen: set[str] = set()
    todo: list[TypeExpr] = [function.result for function in schema.functions]
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
            try:
                plan: ClassPlan | None = self.planner.class_plan_in_own_module(definition)
            except PlanError:  # TL the generator refuses has no Python signature to show
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
            Finding("error-added", "error", "new", name, "safe", "safe", f"new error ({codes})")
        )
    for name in sorted(old_errors.keys() - new_errors.keys()):
        findings.append(
            Finding("error-removed", "error", "removed", name, "safe", "break",
                    "error no longer documented: its exception class disappears")  # fmt: skip
        )
    for name in sorted(old_errors.keys() & new_errors.keys()):
        before, after = old_errors[name].codes, new_errors[name].codes
        if before != after:
            findings.append(
                Finding("error-code-changed", "error", "changed", name, "safe", "type-only",
                        f"codes {' '.join(map(str, before))} -> {' '.join(map(str, after))}: "
                        "except clauses on code classes catch it differently", detail=" ".join(map(str, after)))  # fmt: skip
            )
    return findings


def gate_fails(findings: Iterable[Finding], fail_on: str, accepted: Iterable[str]) -> bool:
    """Whether any finding not accepted reaches the `fail_on` severity."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_ORDER[fail_on]
    allowed = set(accepted)
    return any(
        SEVERITY_ORDER[f.severity] >= threshold and f.fingerprint not in allowed for f in findings
    )


_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


class AllowListError(ValueError):
    """A line of an `--allow` file that is not `FINGERPRINT reason`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class AllowEntry:
    fingerprint: str
    reason: str
    line: int


def parse_allowlist(text: str, path: str) -> dict[str, AllowEntry]:
    """`FINGERPRINT reason...` per line; `#` starts a comment. Raises AllowListError."""
    entries: dict[str, AllowEntry] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fingerprint, _, reason = line.partition(" ")
        if not _FINGERPRINT.fullmatch(fingerprint):
            raise AllowListError(
                path,
                number,
                f"{fingerprint!r} is not a fingerprint (16 hex digits, see --format json)",
            )
        if not reason.strip():
            raise AllowListError(path, number, f"{fingerprint}: no reason given")
        if fingerprint in entries:
            raise AllowListError(
                path, number, f"{fingerprint} already listed on line {entries[fingerprint].line}"
            )
        entries[fingerprint] = AllowEntry(fingerprint, reason.strip(), number)
    return entries


def stale_entries(entries: dict[str, AllowEntry], findings: Iterable[Finding]) -> list[AllowEntry]:
    """Allow-list entries that match no finding: the change they accepted is gone."""
    seen = {f.fingerprint for f in findings}
    return [entry for entry in entries.values() if entry.fingerprint not in seen]


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
