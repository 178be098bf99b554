"""Checked schema -> view models for the templates (the plan).

Everything the templates print is decided here: module and class names, Python types (as
structured references, never source text), how each field is read and written, which flag
bits each optional field uses. Templates only lay these out.

    package.py  PackagePlan: modules, namespace inits, registry, errors module
    options.py  PlanOptions: how the schema becomes Python, the same for every view
    planner.py    Planner -> ClassPlan: names, codecs, result, documented errors, envelope
    root_modules.py which module holds each item of the root namespace
    fields.py       params -> FieldPlans, flags words, wire steps
    classes.py      ClassPlan: one class, its struct runs, docstring lines, signatures
    wire.py         Codec, FieldPlan, FlagsPlan, WireStep, Chunk: the wire layout
    refs.py         PyType, ModuleImports: types as modules name them, public names
    errors.py     ErrorsModulePlan: exception classes per code and per error
    dates.py      which int fields are dates (--dates datetime)
    mtproto.py    MTProto knowledge: binary `string` fields by id, envelope definitions
"""

from .classes import ClassPlan
from .errors import ErrorDoc, ErrorsModulePlan, plan_errors
from .mtproto import bytes_field_problem, declared_field
from .options import DEFAULT_OPTIONS, PlanOptions
from .package import ModulePlan, PackagePlan, plan_package, schema_header
from .planner import Planner
from .refs import ModuleImports, PyType
from .tdjson import BINARY, Wire, parse_wire
from .wire import Codec, FieldPlan, PlanError

__all__ = [
    "BINARY",
    "Wire",
    "parse_wire",
    "DEFAULT_OPTIONS",
    "ClassPlan",
    "Codec",
    "ErrorDoc",
    "ErrorsModulePlan",
    "FieldPlan",
    "ModuleImports",
    "ModulePlan",
    "PackagePlan",
    "PlanError",
    "PlanOptions",
    "Planner",
    "PyType",
    "bytes_field_problem",
    "declared_field",
    "plan_errors",
    "plan_package",
    "schema_header",
]
