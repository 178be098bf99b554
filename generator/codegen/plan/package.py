"""Checked schema -> the plan of the whole package: its modules, their imports, the namespace
packages, the id registry and the errors module.

    PackagePlan(header, layer)
      modules:  ModulePlan(kind: types|functions|base, module stem, classes | bases, imports)...
      inits:    PackageInitPlan(kind, submodules, root names and modules)...  types/ functions/ base/
      constructors, functions, envelope: RegistryEntry(id, TL name, TL type, module, class)...
      bases:    BaseEntry(TL type, module, base class)...          TDLib JSON packages only
      errors:   ErrorsModulePlan                                   (see errors.py)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from ...schema import Combinator, Schema, namespace_of
from ..escape import comment_text
from .classes import ClassPlan
from .errors import ErrorsModulePlan
from .mtproto import ENVELOPE_CLASSES, ENVELOPE_NAMES, MESSAGE_ID
from .planner import Planner
from .refs import ENVELOPE_MODULE, Import, ModuleImports, ModuleKey, PyType
from .tdjson import BINARY, Wire
from .wire import Codec, PlanError, struct_name

# Names every generated module binds besides its classes (see templates/module.py.j2).
MODULE_GLOBALS = frozenset({"struct", "TYPE_CHECKING", "X", "datetime"})

ModuleKind = Literal["types", "functions", "base"]


@dataclass(frozen=True, kw_only=True)
class BasePlan:
    """An abstract TL type: its runtime base class and its Union alias of constructors."""

    type_name: str
    base_class: str
    union: str
    members: tuple[PyType, ...]  # the constructor classes


@dataclass(frozen=True, kw_only=True)
class ModulePlan:
    """One generated module: the classes of one namespace, or its abstract types. The root
    namespace is spread over several modules (see Planner.module_of)."""

    kind: ModuleKind
    namespace: str | None
    module: str  # file stem
    classes: tuple[ClassPlan, ...] = ()
    bases: tuple[BasePlan, ...] = ()
    runtime_imports: tuple[Import, ...] = ()

    @property
    def path(self) -> str:
        """The module's path inside the package."""
        return f"{self.kind}/{self.module}.py"

    @property
    def dates(self) -> bool:
        """Whether a class of the module has a date field (generated as datetime)."""
        return any(f.codec.kind == "date" for c in self.classes for f in c.fields)

    @property
    def generic(self) -> bool:
        """Whether a class of the module needs the type variable."""
        return any(c.generic for c in self.classes)

    @cached_property
    def structs(self) -> list[tuple[str, str]]:
        """(name, format) of the precompiled structs the module's classes use."""
        formats = sorted({f for c in self.classes for f in c.struct_formats})
        return [(struct_name(f), f) for f in formats]

    @cached_property
    def reader_tables(self) -> list[tuple[str, str]]:
        """(name, TL type) of the decoder tables the module's classes read objects through."""
        return sorted({table for c in self.classes for table in c.reader_tables})

    @property
    def exported(self) -> tuple[str, ...]:
        """`__all__`: the classes, then each abstract type's base class and Union alias."""
        names = [c.name for c in self.classes]
        for base in self.bases:
            names.extend((base.base_class, base.union))
        return tuple(names)


@dataclass(frozen=True, kw_only=True)
class PackageInitPlan:
    """`types/__init__.py` (and functions/, base/): the namespace submodules, and the root
    namespace's names (spread over several modules), loaded on first use."""

    kind: ModuleKind
    submodules: tuple[str, ...]
    root_names: tuple[tuple[str, str], ...]  # (name, module stem), sorted by name
    root_modules: tuple[str, ...]

    @property
    def path(self) -> str:
        """The `__init__.py` path of the namespace package."""
        return f"{self.kind}/__init__.py"

    @property
    def exported(self) -> tuple[str, ...]:
        """`__all__`: the root names, then the namespace submodules."""
        return tuple(name for name, _ in self.root_names) + self.submodules


@dataclass(frozen=True, kw_only=True)
class RegistryEntry:
    """Where the decoder finds the class of an id (or of a TL name)."""

    constructor_id: int
    tl_name: str
    module: str
    class_name: str
    boxed: bool = True  # False: found by its TL name only (the envelope's bare `message`)


@dataclass(frozen=True, kw_only=True)
class BaseEntry:
    """Where the runtime base class of an abstract TL type is: a TDLib JSON package makes an
    object of an unknown `@type` an instance of it (_tdjson.UnknownObject)."""

    type_name: str
    module: str
    class_name: str


# The MTProto envelope of the runtime module mtproto.py, in every package's registry.
ENVELOPE_ENTRIES = tuple(
    RegistryEntry(
        constructor_id=constructor_id,
        tl_name=tl_name,
        module=ENVELOPE_MODULE,
        class_name=ENVELOPE_CLASSES[constructor_id][0],
        boxed=constructor_id != MESSAGE_ID,
    )
    for constructor_id, tl_name in ENVELOPE_NAMES
)


@dataclass(frozen=True, kw_only=True)
class PackagePlan:
    """The plan of a whole generated package, as render.py lays it out."""

    package: str  # the import name, which every module binds for its annotations
    header: str
    layer: int | None
    modules: tuple[ModulePlan, ...]
    inits: tuple[PackageInitPlan, ...]
    constructors: tuple[RegistryEntry, ...]
    functions: tuple[RegistryEntry, ...]
    envelope: tuple[RegistryEntry, ...] = ENVELOPE_ENTRIES
    bases: tuple[BaseEntry, ...] = ()  # TDLib JSON packages only
    errors: ErrorsModulePlan
    wire: Wire = BINARY  # TL binary, or TDLib's JSON (tdjson.py)


def schema_header(schema: Schema, sources: Sequence[tuple[str, bytes]]) -> str:
    """`@generated` line: file names (not paths: output must not depend on where inputs live),
    the layer and a digest of the inputs."""
    digest = hashlib.sha256()
    for name, data in sources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    names = comment_text(", ".join(name for name, _ in sources))
    layer = "no layer" if schema.layer is None else f"layer {schema.layer}"
    return f"@generated by tlgen from {names} ({layer}, sha256 {digest.hexdigest()[:16]})"


def plan_modules(planner: Planner) -> list[ModulePlan]:
    """Every module of types/, functions/ and base/, sorted by (kind, stem)."""
    grouped: dict[ModuleKey, list[Combinator]] = {}
    namespaces: dict[ModuleKey, str | None] = {}
    for definition in planner.schema.definitions:
        key = planner.module_of(definition)
        grouped.setdefault(key, []).append(definition)
        namespaces[key] = definition.namespace
    # The abstract types of each base module, grouped in one pass (thousands of namespaces
    # must not cost their square).
    types_in: dict[str, list[str]] = {}
    for type_name in planner.by_type:
        module = planner.module_of_type(type_name)
        types_in.setdefault(module, []).append(type_name)
        key = ("base", module)
        grouped.setdefault(key, [])
        namespaces[key] = namespace_of(type_name)
    modules = []
    for key in sorted(grouped):
        kind, module = key
        imports = ModuleImports(key)
        classes: tuple[ClassPlan, ...] = ()
        bases: tuple[BasePlan, ...] = ()
        if kind == "base":
            bases = tuple(plan_base(planner, t, imports) for t in types_in[module])
        else:
            classes = tuple(planner.class_plan(d, key, imports) for d in grouped[key])
        runtime_imports = imports.finish()
        modules.append(
            ModulePlan(
                kind=kind,  # type: ignore[arg-type]
                namespace=namespaces[key],
                module=module,
                classes=classes,
                bases=bases,
                runtime_imports=runtime_imports,
            )
        )
    return modules


def plan_base(planner: Planner, type_name: str, imports: ModuleImports) -> BasePlan:
    """The base class and Union alias of one abstract TL type, in its base/ module."""
    base_class, union = planner.base_names[type_name]
    members = tuple(
        planner.python_type(Codec(kind="bare", constructor_id=c.id), imports)
        for c in planner.by_type[type_name]
    )
    return BasePlan(type_name=type_name, base_class=base_class, union=union, members=members)


def plan_registry(planner: Planner, kind: str) -> tuple[RegistryEntry, ...]:
    """Entries in schema order, except that a definition whose id is its own CRC32 comes
    before any that borrows it: decoding an id finds its first entry, and TDLib lists
    its *Prefix pseudo-definitions before the requests whose ids they borrow."""
    definitions = [d for d in planner.schema.definitions if d.kind == kind]
    definitions.sort(key=lambda d: not d.id_matches_text)
    return tuple(
        RegistryEntry(
            constructor_id=d.id,
            tl_name=d.name,
            module=".".join(planner.module_of(d)),
            class_name=planner.class_names[(kind, d.name)],
        )
        for d in definitions
    )


def plan_bases(planner: Planner) -> tuple[BaseEntry, ...]:
    """Each abstract type's base class, sorted by TL type name."""
    return tuple(
        BaseEntry(
            type_name=type_name,
            module=f"base.{planner.module_of_type(type_name)}",
            class_name=planner.base_names[type_name][0],
        )
        for type_name in sorted(planner.by_type)
    )


def plan_package(planner: Planner, header: str) -> PackagePlan:
    """The whole package's plan, from the planner every view shares (its options name the
    package). Envelope definitions map onto the runtime's built-ins (mtproto.py) and get no
    class."""
    package = planner.package
    modules = tuple(plan_modules(planner))
    check_package_name(package, modules)
    inits = []
    kinds: tuple[ModuleKind, ...] = ("types", "functions", "base")
    for kind in kinds:
        mine = [m for m in modules if m.kind == kind]
        root = [m for m in mine if m.namespace is None]
        inits.append(
            PackageInitPlan(
                kind=kind,
                submodules=tuple(m.module for m in mine if m.namespace is not None),
                root_names=tuple(sorted((n, m.module) for m in root for n in m.exported)),
                root_modules=tuple(m.module for m in root),
            )
        )
    return PackagePlan(
        package=package,
        header=header,
        layer=planner.schema.layer,
        modules=modules,
        inits=tuple(inits),
        constructors=plan_registry(planner, "type"),
        functions=plan_registry(planner, "function"),
        # A TDLib package has no MTProto envelope (no mtproto.py): none in its registry.
        envelope=ENVELOPE_ENTRIES if planner.options.wire.binary else (),
        # Only TDLib's JSON decodes an unknown type (as an instance of its base class).
        bases=() if planner.options.wire.binary else plan_bases(planner),
        errors=planner.errors_plan,
        wire=planner.options.wire,
    )


def check_package_name(package: str, modules: Sequence[ModulePlan]) -> None:
    """Modules bind the package's name for their annotations (plan/refs.py): it must not be a
    name a module binds otherwise, nor a field's (a class's own names would hide it from
    typing.get_type_hints)."""
    for module in modules:
        for cls in module.classes:
            if package == cls.name or any(f.attr == package for f in cls.fields):
                raise PlanError(
                    f"package name {package!r} is also a name in {cls.tl_name}: "
                    "annotations could not name the package; choose another --package"
                )
    if package in MODULE_GLOBALS:
        raise PlanError(f"package name {package!r} is reserved in generated modules")
