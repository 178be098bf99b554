"""Planning a package and building the reference stay linear in the number of namespaces: the
steps that used to filter every namespace's items out of all items are counted (never timed)."""

from __future__ import annotations

from typing import Any

import pytest

from tlgen.codegen.plan import Planner
from tlgen.codegen.plan import package as package_plan
from tlgen.codegen.plan.package import plan_package
from tlgen.docs import model as docs_model
from tlgen.docs.model import build_reference
from tlgen.schema.parse import merge_files, parse_text
from tlgen.schema.validate import validate

NAMESPACES = 150


def many_namespaces() -> Any:
    types = [f"ns{i}.thing x:int = ns{i}.Thing;" for i in range(NAMESPACES)]
    functions = [f"ns{i}.get = ns{i}.Thing;" for i in range(NAMESPACES)]
    text = "\n".join([*types, "---functions---", *functions]) + "\n"
    schema, diagnostics = merge_files([parse_text(text, "many.tl")])
    assert not [d for d in diagnostics + validate(schema) if d.severity == "error"]
    return schema


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[int]:
    """Replace owner.name with a wrapper that counts its calls; the count is [0] of the list."""
    count = [0]
    real = getattr(owner, name)

    def counted(*args: Any) -> Any:
        count[0] += 1
        return real(*args)

    monkeypatch.setattr(owner, name, counted)
    return count


def test_planning_looks_up_each_types_module_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_calls(monkeypatch, package_plan.Planner, "module_of_type")
    plan = plan_package(Planner(many_namespaces()), "header")
    assert sum(len(m.bases) for m in plan.modules) == NAMESPACES
    assert calls[0] <= 4 * NAMESPACES  # a filter per module made it NAMESPACES squared


def test_the_reference_groups_namespaces_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    comparisons = count_calls(monkeypatch, docs_model.Link, "__eq__")
    reference = build_reference(Planner(many_namespaces()))
    assert len(reference.namespaces) == NAMESPACES
    assert all(len(n.methods) == len(n.constructors) == 1 for n in reference.namespaces)
    assert comparisons[0] <= 10 * NAMESPACES


def test_past_the_stated_size_the_schema_is_refused_where_it_goes_over() -> None:
    from tlgen.codegen import limits
    from tlgen.inputs import load_checked_schema_bytes as load_schema_bytes

    text = "".join(f"n{i}.a = n{i}.A;\n" for i in range(limits.MAX_NAMESPACES + 1))
    loaded = load_schema_bytes([("big.tl", text.encode())])
    (error,) = [d for d in loaded.diagnostics if d.severity == "error"]
    assert (error.code, error.span.line, error.span.column) == ("schema-too-large", 10_001, 1)
    assert error.message == (
        "n10000 is namespace 10,001; tlgen generates at most 10,000 namespaces "
        "(a module and a reference page each)"
    )
    fits = load_schema_bytes([("fits.tl", text.rpartition("n10000.a")[0].encode())])
    assert fits.ok
