"""Generating a schema into a temporary folder and importing the result, for tests."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from hypothesis import HealthCheck, settings

from tlgen.codegen.emit import write_tree
from tlgen.codegen.generate import GenerationOptions, build_package
from tlgen.codegen.plan import PlanOptions
from tlgen.schema.load import load_schema
from tlgen.schema.parse import merge_files, parse_text
from tlgen.schema.validate import validate


def generate_from_files(
    paths: Sequence[Path], out_dir: Path, package: str, format_code: bool = False
) -> ModuleType:
    """Generate and import a package. Formatting is off by default: black changes layout
    only (it is AST-safe), and the formatted default package is tested on its own."""
    loaded = load_schema(paths)
    assert loaded.ok, [str(d) for d in loaded.diagnostics if d.severity == "error"]
    sources = [(p.name, p.read_bytes()) for p in paths]
    options = GenerationOptions(plan=PlanOptions(package=package), format_code=format_code)
    files = build_package(loaded.schema, sources, options)
    return _write_and_import(files, out_dir, package)


def generate_from_text(
    text: str, out_dir: Path, package: str, bytes_fields: Sequence[str] = ()
) -> ModuleType:
    schema, diagnostics = merge_files([parse_text(text, "test.tl")])
    errors = [str(d) for d in diagnostics + validate(schema) if d.severity == "error"]
    assert errors == []
    sources = [("test.tl", text.encode())]
    options = GenerationOptions(
        plan=PlanOptions(package=package, bytes_fields=tuple(bytes_fields)), format_code=False
    )
    files = build_package(schema, sources, options)
    return _write_and_import(files, out_dir, package)


def _write_and_import(files: dict[str, bytes], out_dir: Path, package: str) -> ModuleType:
    write_tree(files, out_dir / package)
    if str(out_dir) not in sys.path:
        sys.path.insert(0, str(out_dir))
    importlib.invalidate_caches()
    return importlib.import_module(package)


def per_class_settings(examples: int) -> settings:
    """hypothesis settings for the property runs made once per class of a whole schema: few
    examples each, no deadline or example database, and nested objects large by design."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.large_base_example,
            HealthCheck.data_too_large,
        ],
    )


def run_tlgen(
    *args: str, cwd: Path, clean_env: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m tlgen ARGS` in a new process, as a user runs it from `cwd` (where it finds its
    pyproject.toml); `clean_env`: with nothing of this environment but a PATH."""
    return subprocess.run(
        [sys.executable, "-m", "tlgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PATH": "/usr/bin:/bin"} if clean_env else None,
    )
