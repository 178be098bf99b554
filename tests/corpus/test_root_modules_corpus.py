"""The root namespace's packing (docs/ARCHITECTURE.md §3) on every Telegram layer of the corpus:
a layer bump regroups only the runs (between two names that begin a module) where a type was
added, removed or gained or lost constructors; every other type keeps its module, so a
committed generated package's diff stays with what changed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from tests.root_layout import begins_a_module, in_stem_order
from tlgen.codegen.plan import Planner
from tlgen.schema.load import load_schema

Run = tuple[tuple[str, int], ...]


def runs_of(weights: Counter[str]) -> dict[str, Run]:
    """Each type's run: the types (with their constructor counts) from the last name at or
    before it that begins a module to the next one."""
    runs: list[list[tuple[str, int]]] = []
    for name in in_stem_order(weights):
        if not runs or begins_a_module(name):
            runs.append([])
        runs[-1].append((name, weights[name]))
    return {name: tuple(run) for run in runs for name, _ in run}


def test_a_layer_bump_regroups_only_the_runs_it_changes(corpus: Path) -> None:
    folder = corpus / "telegram" / "api"
    layers = sorted(folder.glob("layer-*.tl"), key=lambda p: int(re.sub(r"\D", "", p.name)))
    assert len(layers) >= 10
    previous: tuple[dict[str, str], dict[str, Run]] | None = None
    kept = moved = 0
    for layer in layers:
        planner = Planner(load_schema([layer]).schema)
        root = [c for c in planner.schema.constructors if c.namespace is None]
        modules = {c.result.name: planner.module_of(c)[1] for c in root}
        runs = runs_of(Counter(c.result.name for c in root))
        if previous is not None:
            old_modules, old_runs = previous
            for name in modules.keys() & old_modules.keys():
                if runs[name] == old_runs[name]:
                    assert modules[name] == old_modules[name], (layer.name, name)
                    kept += 1
                else:
                    moved += modules[name] != old_modules[name]
        previous = modules, runs
    # Not vacuous: most types sit in unchanged runs, and some bumps do move types.
    assert kept > 5 * moved > 0
