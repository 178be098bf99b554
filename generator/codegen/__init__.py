"""Checked schema -> generated package: plan (view models), render (Jinja2), format (black), emit.

The public face: what other subsystems and the command line use (tests/unit/test_layers.py
checks that they import nothing else from here).
"""

from . import naming
from .emit import NotOurs, WriteError, check_replaceable, write_tree
from .format import default_cache_dir
from .generate import GENERATE_STEPS, GenerationOptions, generate
from .limits import check_generatable
from .plan import (
    BINARY,
    DEFAULT_OPTIONS,
    ClassPlan,
    PlanError,
    Planner,
    PlanOptions,
    Wire,
    bytes_field_problem,
    declared_field,
    parse_wire,
)

__all__ = [
    "BINARY",
    "Wire",
    "parse_wire",
    "GENERATE_STEPS",
    "ClassPlan",
    "DEFAULT_OPTIONS",
    "GenerationOptions",
    "NotOurs",
    "PlanError",
    "PlanOptions",
    "Planner",
    "WriteError",
    "bytes_field_problem",
    "declared_field",
    "check_generatable",
    "check_replaceable",
    "default_cache_dir",
    "generate",
    "naming",
    "write_tree",
]
