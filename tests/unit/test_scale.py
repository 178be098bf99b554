"""Planning a package and building the reference stay linear in the number of namespaces: the
steps that used to filter every namespace's items out of all items are counted (never timed)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.codegen.plan import package as package_plan
from generator.codegen.plan.package import plan_package
from generator.docs import model as docs_model
from generator.docs.model import build_reference
from generator.schema.parse import merge_files, parse_text
from generator.schema.validate import validate

NAMESPACES = 300


def many_namespaces() -> Any:
    types = [f"ns{i}.thing x:int = ns{i}.Thing;" for i in range(NAMESPACES)]
    functions = [f"ns{i}.get = ns{i}.Thing;" for i in range(NAMESPACES)]
    text = "\n".join([*types, "---functions---", *functions]) + "\n"
    schema, diagnostics = merge_files([parse_text(text, "many.tl")])
    assert not [d for d in diagnostics + validate(schema) if d.severity == "error"]
    return schema


def test_planning_looks_up_each_types_module_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = package_plan.Planner.module_of_type

    def counted(self: Any, type_name: str) -> str:
        nonlocal calls
        calls += 1
        return real(self, type_name)

    monkeypatch.setattr(package_plan.Planner, "module_of_type", counted)
    plan = plan_package(many_namespaces(), "tl", "header")
    assert sum(len(m.bases) for m in plan.modules) == NAMESPACES
    assert calls <= 4 * NAMESPACES  # a filter per module made it NAMESPACES squared


def test_the_reference_groups_namespaces_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    comparisons = 0
    real = docs_model.Link.__eq__

    def counted(self: Any, other: object) -> bool:
        nonlocal comparisons
        comparisons += 1
        return real(self, other)  # type: ignore[no-any-return]

    monkeypatch.setattr(docs_model.Link, "__eq__", counted)
    reference = build_reference(many_namespaces(), None, None, "tl")
    assert len(reference.namespaces) == NAMESPACES
    assert all(len(n.methods) == len(n.constructors) == 1 for n in reference.namespaces)
    assert comparisons <= 10 * NAMESPACES
