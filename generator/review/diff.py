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

from collections import Counter
from dataclasses import replace

from ..codegen import DEFAULT_OPTIONS, PlanOptions
from ..errortables import ErrorCatalog
from ..schema import Combinator, Param
from .errors import error_findings
from .fields import WireOf, added_fields, by_name, changed_field, removed_fields
from .findings import (
    Change,
    DiffResult,
    Finding,
    Kind,
    Python,
    SchemaSource,
    Side,
    Wire,
    severity_for,
)
from .matching import (
    SignaturePlanner,
    definition_layout,
    field_renames,
    possible_renames,
    proven_renames,
    received_types,
    side_options,
)


def diff_schemas(
    old: SchemaSource,
    new: SchemaSource,
    old_errors: ErrorCatalog | None = None,
    new_errors: ErrorCatalog | None = None,
    options: PlanOptions = DEFAULT_OPTIONS,
) -> DiffResult:
    """Every finding between two schemas (and their error catalogs), with severities by the
    policy; the Python signatures are planned with `options`, as the package is generated.
    Raises PlanError for options neither schema can be planned with."""
    differ = _Differ(old, new, options)
    findings = differ.run()
    if old_errors is not None and new_errors is not None:
        findings.extend(error_findings(old_errors, new_errors))
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
    def __init__(self, old: SchemaSource, new: SchemaSource, options: PlanOptions) -> None:
        self.old, self.new = old, new
        self.lines = {
            path: text.split("\n") for source in (old, new) for path, text in source.texts.items()
        }
        old_options, new_options = side_options(options, old.schema, new.schema)
        self.old_planner = SignaturePlanner(old.schema, old_options)
        self.new_planner = SignaturePlanner(new.schema, new_options)
        self.received = received_types(new.schema) | received_types(old.schema)
        # By id() of a definition of either schema (both are alive as long as self).
        self.sides: dict[int, Side] = {}
        self.signatures: dict[int, str | None] = {}

    def side(self, definition: Combinator | None) -> Side:
        if definition is None:
            return Side()
        known = self.sides.get(id(definition))
        if known is None:
            lines = self.lines.get(definition.span.path, [])
            line = definition.span.line
            text = lines[line - 1].strip() if 0 < line <= len(lines) else str(definition)
            known = self.sides[id(definition)] = Side(line, text, definition.id)
        return known

    def signature(self, planner: SignaturePlanner, definition: Combinator | None) -> str | None:
        """The definition's Python signature, made once however many findings show it."""
        if definition is None:
            return None
        if id(definition) not in self.signatures:
            self.signatures[id(definition)] = planner.signature(definition)
        return self.signatures[id(definition)]

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
            rule=rule,
            kind=kind,
            change=change,
            entity=subject.name,
            wire=wire,
            python=python,
            reason=reason,
            old=self.side(old),
            new=self.side(new),
            detail=detail,
            signature_old=self.signature(self.old_planner, old),
            signature_new=self.signature(self.new_planner, new),
        )

    def run(self) -> list[Finding]:
        findings: list[Finding] = []
        findings.extend(self.layer())
        for kind in ("type", "function"):
            old_defs = {d.name: d for d in self.old.schema.definitions if d.kind == kind}
            new_defs = {d.name: d for d in self.new.schema.definitions if d.kind == kind}
            removed = [old_defs[n] for n in old_defs if n not in new_defs]
            added = [new_defs[n] for n in new_defs if n not in old_defs]
            renamed = proven_renames(removed, added)
            maybe = possible_renames(
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
                    if not definition.id_matches_text:
                        findings.append(self.id_not_crc(None, definition))
            for name in old_defs.keys() & new_defs.keys():
                findings.extend(self.changed(old_defs[name], new_defs[name]))
        findings.extend(self.types())
        order = {d.name: i for i, d in enumerate(self.new.schema.definitions)}
        findings.sort(key=lambda f: (order.get(f.entity, -1), f.entity, f.rule, f.detail))
        return _bound_excerpts(findings)

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
                "constructor-added",
                "new",
                None,
                new,
                "safe",
                "safe",
                f"new constructor of the new type {type_name}{hint}",
            )
        # A new constructor of a received type breaks exhaustive matches; of a type only
        # sent, it is a new way to build it.
        received = type_name in self.received
        reason = (
            f"{type_name} is received: code that matches its constructors exhaustively "
            f"must handle {new.name}{hint}"
            if received
            else f"{type_name} is only sent: a new way to build it{hint}"
        )
        python: Python = "type-only" if received else "safe"
        return self.finding("constructor-added-to-type", "new", None, new, "safe", python, reason)

    def removed(self, old: Combinator, maybe_to: str | None) -> Finding:
        what = "request" if old.kind == "function" else "constructor"
        rule = "method-removed" if old.kind == "function" else "constructor-removed"
        hint = "" if maybe_to is None else f" ({maybe_to} added: possibly a rename)"
        return self.finding(
            rule,
            "removed",
            old,
            None,
            "break",
            "break",
            f"the {what} is gone: peers of the new layer reject it and its Python class disappears{hint}",
        )

    def renamed(self, old: Combinator, new: Combinator) -> list[Finding]:
        proof = (
            f"same id #{new.id:08x}"
            if old.id == new.id
            else "same parameters and result (so a new id)"
        )
        findings = [
            self.finding(
                "renamed",
                "changed",
                old,
                new,
                "safe",
                "break",
                f"{proof}, new name: the Python class is renamed",
                old.name,
            )
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
                if definition_layout(old) != definition_layout(new)
                else "its name changed" if old.name != new.name else "its explicit id changed"
            )
            findings.append(
                self.finding(
                    "id-changed",
                    "changed",
                    old,
                    new,
                    "break",
                    "safe",
                    f"id #{old.id:08x} -> #{new.id:08x} ({why}): the two layers cannot read each other's bytes",
                )
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
                    "result-changed",
                    "changed",
                    old,
                    new,
                    wire(True),
                    python,
                    f"result {old.result} -> {new.result}",
                )
            )
        if old.kind == "type" and old.result.name != new.result.name:
            findings.append(
                self.finding(
                    "constructor-moved",
                    "changed",
                    old,
                    new,
                    wire(False),
                    "type-only",
                    f"now a constructor of {new.result.name}, was {old.result.name}",
                )
            )
        if not new.id_matches_text and old.id_matches_text:
            findings.append(self.id_not_crc(old, new))
        return findings

    def id_not_crc(self, old: Combinator | None, new: Combinator) -> Finding:
        return self.finding(
            "id-not-crc",
            "changed" if old else "new",
            old,
            new,
            "safe",
            "safe",
            f"explicit id #{new.explicit_id:08x} is not the CRC32 of the definition (#{new.inferred_id:08x})",
        )

    def params(self, old: Combinator, new: Combinator, wire: WireOf) -> list[Finding]:
        """Findings about the fields of a definition present on both sides."""
        findings: list[Finding] = []
        old_params = [p for p in old.params if isinstance(p, Param) and p.name]
        new_params = [p for p in new.params if isinstance(p, Param) and p.name]
        oldby_name = by_name(old_params)
        newby_name = by_name(new_params)
        gone = [p for p in old_params if p.name not in newby_name]
        came = [p for p in new_params if p.name not in oldby_name]
        renamed, maybe = field_renames(old_params, new_params, gone, came)

        def add(rule: str, verdict: Wire, python: Python, reason: str, detail: str) -> None:
            findings.append(
                self.finding(rule, "changed", old, new, verdict, python, reason, detail)
            )

        removed_fields(gone, renamed, maybe, wire, add)
        freed_bits = {str(p.condition) for p in gone if p.is_true_flag}
        added = [p for p in came if p.name not in renamed.values()]
        maybe_from = {new_name: old_name for old_name, new_name in maybe.items()}
        added_fields(added, maybe_from, freed_bits, wire, add)
        same_id = old.id == new.id
        for name in oldby_name.keys() & newby_name.keys():
            before, after = oldby_name[name], newby_name[name]
            same_python = self.old_planner.annotation(old, name) == self.new_planner.annotation(
                new, name
            )
            changed_field(before, after, same_id, same_python, wire, add)
        common_old = [p.name for p in old_params if p.name in newby_name]
        common_new = [p.name for p in new_params if p.name in oldby_name]
        if common_old != common_new:
            moved_bytes = [n for n in common_old if not oldby_name[n].is_true_flag] != [
                n for n in common_new if not newby_name[n].is_true_flag
            ]
            reason = "fields reordered (keyword-only Python arguments are unaffected)"
            add("field-reordered", wire(moved_bytes), "safe", reason, "")
        return findings

    # -- types and layer -----------------------------------------------------------------------

    def types(self) -> list[Finding]:
        old_types = {c.result.name: c for c in self.old.schema.constructors}
        new_types = {c.result.name: c for c in self.new.schema.constructors}
        findings = []
        for name in sorted(new_types.keys() - old_types.keys()):
            findings.append(
                Finding(
                    rule="type-added",
                    kind="type",
                    change="new",
                    entity=name,
                    wire="safe",
                    python="safe",
                    reason="new type",
                    new=self.side(new_types[name]),
                )
            )
        for name in sorted(old_types.keys() - new_types.keys()):
            findings.append(
                Finding(
                    rule="type-removed",
                    kind="type",
                    change="removed",
                    entity=name,
                    wire="break",
                    python="break",
                    reason="type gone: its Union alias and base class disappear",
                    old=self.side(old_types[name]),
                )
            )
        return findings

    def layer(self) -> list[Finding]:
        old_layer, new_layer = self.old.schema.layer, self.new.schema.layer
        if old_layer is None or new_layer is None:
            return []
        changed = self.old.schema.definitions != self.new.schema.definitions
        if new_layer < old_layer:
            return [
                Finding(
                    rule="layer-decreased",
                    kind="schema",
                    change="changed",
                    entity=f"LAYER {new_layer}",
                    wire="safe",
                    python="safe",
                    reason=f"layer went down from {old_layer} to {new_layer}",
                )
            ]
        if new_layer == old_layer and changed:
            return [
                Finding(
                    rule="layer-unchanged",
                    kind="schema",
                    change="changed",
                    entity=f"LAYER {new_layer}",
                    wire="safe",
                    python="safe",
                    reason=f"the schema changed but the layer is still {new_layer}: "
                    "a change on the wire needs a layer bump",
                )
            ]
        return []


# The TL lines and signatures that the findings of one definition repeat (each finding carries
# them) share this many characters; a definition with few findings shows every real line whole
# (the longest in the corpus has about 2,100 characters), one with thousands of changed fields
# gets short excerpts instead of a report that grows with the square of its size.
EXCERPTS_PER_DEFINITION = 40_000
EXCERPT_MIN = 120


def _bound_excerpts(findings: list[Finding]) -> list[Finding]:
    """The findings, their line texts and signatures cut to the share of their definition."""
    counts = Counter((f.kind, f.change, f.entity) for f in findings)
    bounded = []
    for f in findings:
        limit = max(EXCERPT_MIN, EXCERPTS_PER_DEFINITION // counts[f.kind, f.change, f.entity])
        texts = (f.old.text, f.new.text, f.signature_old, f.signature_new)
        if all(text is None or len(text) <= limit for text in texts):
            bounded.append(f)
            continue
        bounded.append(
            replace(
                f,
                old=replace(f.old, text=_excerpt(f.old.text, limit)),
                new=replace(f.new, text=_excerpt(f.new.text, limit)),
                signature_old=_excerpt(f.signature_old, limit),
                signature_new=_excerpt(f.signature_new, limit),
            )
        )
    return bounded


def _excerpt(text: str | None, limit: int) -> str | None:
    """text, or its first `limit` characters and an ellipsis."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 2] + " …"
