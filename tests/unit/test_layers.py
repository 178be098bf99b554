"""The generator's layers (docs/ARCHITECTURE.md §1 and §2), checked on the source: every import
of every module under generator/, read with `ast`, goes down the layer order or stays inside
its own subsystem, and an import from another subsystem names only what that subsystem's
`__init__` offers (its `__all__`). Grammers guards its crates' dependencies the same way, by a
test over each crate's declared list (lib/grammers-tl-types/DEPS.md against Cargo.toml).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.conftest import REPO

GENERATOR = REPO / "generator"
# The folder generator/ installs as the import package tlgen (pyproject.toml package-dir).
PACKAGE = "tlgen"
# Lowest first. A unit imports units of earlier layers only (and itself); units of one layer
# do not import each other (docs and review are independent views of the plan).
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"diagnostics", "resources"}),
    frozenset({"spans", "progress", "templating", "ci_output"}),
    frozenset({"schema"}),
    frozenset({"errortables"}),
    frozenset({"codegen"}),
    frozenset({"docs", "review"}),
    frozenset({"inputs"}),
    frozenset({"cli"}),
    frozenset({"__main__", "__init__"}),
)
LAYER_OF = {unit: index for index, layer in enumerate(LAYERS) for unit in layer}
SUBSYSTEMS = frozenset(p.name for p in GENERATOR.iterdir() if (p / "__init__.py").is_file())


def module_name(path: Path) -> str:
    """`tlgen.codegen.plan.wire` for generator/codegen/plan/wire.py."""
    parts = (PACKAGE, *path.relative_to(GENERATOR).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit_of(module: str) -> str:
    """The layer unit of a module: its subsystem, or the top-level module's own name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def generator_imports(
    text: str, module: str, is_package: bool
) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, imported module, names) of every import of generator code in the source `text`
    of `module`, relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                found.append((node.lineno, target, tuple(alias.name for alias in node.names)))
        elif isinstance(node, ast.Import):
            found.extend(
                (node.lineno, a.name, ()) for a in node.names if a.name.split(".")[0] == PACKAGE
            )
    return found


def layer_problems(text: str, module: str, is_package: bool) -> list[str]:
    """Each import of `module` that goes up or sideways, or past a subsystem's public face."""
    importer = unit_of(module)
    problems = []
    for line, target, names in generator_imports(text, module, is_package):
        if target == PACKAGE:  # `from tlgen import cli`: top-level modules
            targets = [(f"{PACKAGE}.{name}", ()) for name in names]
        else:
            targets = [(target, names)]
        for imported, imported_names in targets:
            unit = unit_of(imported)
            where = f"{module}:{line}"
            if unit == importer:
                continue
            if LAYER_OF[unit] >= LAYER_OF[importer]:
                problems.append(f"{where}: {importer} must not import {imported} ({unit})")
            elif unit in SUBSYSTEMS:
                if imported != f"{PACKAGE}.{unit}":
                    problems.append(f"{where}: {imported}: import from tlgen.{unit} itself")
                    continue
                public = set(importlib.import_module(imported).__all__)
                hidden = sorted(set(imported_names) - public)
                if hidden:
                    problems.append(f"{where}: {', '.join(hidden)} not offered by {imported}")
    return problems


SOURCES = sorted(GENERATOR.rglob("*.py"))


def test_the_layer_table_names_every_unit() -> None:
    units = {unit_of(module_name(p)) for p in SOURCES}
    assert units == set(LAYER_OF)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_imports_go_down_the_layers_through_public_faces(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert layer_problems(text, module_name(path), path.name == "__init__.py") == []


@pytest.mark.parametrize("subsystem", sorted(SUBSYSTEMS))
def test_each_public_face_offers_what_it_lists(subsystem: str) -> None:
    face = importlib.import_module(f"{PACKAGE}.{subsystem}")
    assert [name for name in face.__all__ if not hasattr(face, name)] == []


@pytest.mark.parametrize(
    ("module", "line", "problem"),
    [
        # The arrow this test was written against: the parser depending on Python naming.
        ("tlgen.schema.limits", "from ..codegen import naming", "schema must not import"),
        ("tlgen.docs.model", "from ..review import diff_schemas", "docs must not import"),
        ("tlgen.codegen.plan.wire", "from ...schema.model import Param", "itself"),
        ("tlgen.review.diff", "from ..codegen import layout", "not offered"),
        ("tlgen.errortables.read", "import tlgen.cli", "must not import"),
    ],
)
def test_a_wrong_import_is_reported(module: str, line: str, problem: str) -> None:
    (found,) = layer_problems(line + "\n", module, False)
    assert problem in found
