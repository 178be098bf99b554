"""Matching two schemas' definitions (renames proven or possible), the types a client
receives, and the Python signatures the generator would write, for `tlgen diff`."""

from __future__ import annotations

from dataclasses import replace

from ..codegen import (
    ClassPlan,
    PlanError,
    Planner,
    PlanOptions,
    bytes_field_problem,
    declared_field,
)
from ..schema import Combinator, Param, Schema, TypeExpr, TypeRef


def proven_renames(removed: list[Combinator], added: list[Combinator]) -> dict[str, str]:
    """Old name -> new name where the id, or the whole parameter list and result, prove it."""
    renamed: dict[str, str] = {}
    by_id: dict[int, list[Combinator]] = {}
    by_layout: dict[str, list[Combinator]] = {}
    for definition in added:
        by_id.setdefault(definition.id, []).append(definition)
        by_layout.setdefault(definition_layout(definition), []).append(definition)
    removed_layouts = [definition_layout(d) for d in removed]
    for definition in removed:
        candidates = by_id.get(definition.id, [])
        if len(candidates) != 1:
            layout = definition_layout(definition)
            # The same parameter list proves a rename only when it is unique on both sides.
            unique = definition.params and removed_layouts.count(layout) == 1
            candidates = by_layout.get(layout, []) if unique else []
        if len(candidates) == 1 and candidates[0].name not in renamed.values():
            renamed[definition.name] = candidates[0].name
    return renamed


def possible_renames(removed: list[Combinator], added: list[Combinator]) -> dict[str, str]:
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


def field_renames(
    old_params: list[Param], new_params: list[Param], gone: list[Param], came: list[Param]
) -> tuple[dict[str, str], dict[str, str]]:
    """(proven, possible) field renames, old name -> new name.

    Proven: one field gone and one come at the same place, with the same type and condition,
    and every other field unchanged. Never a `?true` flag: a new name on its bit is a new flag. Possible: the same at one place while other fields changed.
    """
    positional: dict[str, str] = {}
    index_of = {id(param): index for index, param in enumerate(old_params)}
    came_ids = {id(param) for param in came}
    for param in gone:
        index = index_of[id(param)]
        if param.is_true_flag:
            continue  # its bit is its meaning: a new name on the same bit is another flag
        if index < len(new_params) and id(new_params[index]) in came_ids:
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


def definition_layout(definition: Combinator) -> str:
    """The definition without its name and id: what decides the wire layout and the fields."""
    return " ".join(str(p) for p in definition.params) + " = " + str(definition.result)


def received_types(schema: Schema) -> set[str]:
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


def side_options(options: PlanOptions, old: Schema, new: Schema) -> tuple[PlanOptions, PlanOptions]:
    """The plan options of each side: `options` with the bytes fields that side's schema can
    encode as bytes (a definition the change adds or removes, a param whose type it changes).
    An entry whose definition neither side has is left out: the settings name the fields of
    every file of a schema, and diff may compare one file. PlanError names an entry that
    neither side can take though one has its definition, as generate would."""
    kept: tuple[list[str], list[str]] = ([], [])
    names = [{d.name for d in schema.definitions} for schema in (old, new)]
    for entry in options.bytes_fields:
        name, _ = declared_field(entry)
        problems = [bytes_field_problem(schema, entry) for schema in (old, new)]
        if None not in problems and (name in names[0] or name in names[1]):
            raise PlanError(problems[1] if name in names[1] else problems[0])
        for side, problem in zip(kept, problems, strict=True):
            if problem is None:
                side.append(entry)
    return (
        replace(options, bytes_fields=tuple(kept[0])),
        replace(options, bytes_fields=tuple(kept[1])),
    )


class SignaturePlanner:
    """The generated Python signature of a class, from the plan the package is generated from
    (the one Planner, with the options the package is generated with)."""

    def __init__(self, schema: Schema, options: PlanOptions) -> None:
        self.planner = Planner(schema, options)
        self.plans: dict[tuple[str, str], ClassPlan | None] = {}
        self.annotations: dict[tuple[str, str], dict[str, str]] = {}

    def _plan(self, definition: Combinator) -> ClassPlan | None:
        key = (definition.kind, definition.name)
        if key not in self.plans:
            try:
                plan: ClassPlan | None = self.planner.public_class_plan(definition)
            except PlanError:  # TL the generator refuses has no Python signature to show
                plan = None
            self.plans[key] = plan
        return self.plans[key]

    def signature(self, definition: Combinator | None) -> str | None:
        """`Name(*, field: type = default, ...)` as the generator would write it, or None."""
        if definition is None:
            return None
        plan = self._plan(definition)
        return None if plan is None else plan.short_signature

    def annotation(self, definition: Combinator, tl_name: str) -> str | None:
        """The annotation of one field as diff shows it, or None."""
        key = (definition.kind, definition.name)
        if key not in self.annotations:
            plan = self._plan(definition)
            fields = plan.fields if plan else ()
            self.annotations[key] = {f.tl_name: f.annotation.short for f in fields}
        return self.annotations[key].get(tl_name)

    def result(self, definition: Combinator) -> str | None:
        """A request's result type as diff shows it, or None."""
        plan = self._plan(definition)
        return None if plan is None or plan.result_type is None else plan.result_type.short
