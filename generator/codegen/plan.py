"""Checked schema -> view models for the templates.

Everything the templates print is decided here: module and class names, annotations, how each
field is read and written (a Codec), which flag bits each optional field uses. Templates only
lay these out.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from . import naming
from .escape import comment_text
from ..errortables.catalog import ErrorCatalog
from ..schema.model import Combinator, NatLiteral, Param, Repetition, Schema, TypeExpr, TypeRef

PRIMITIVE_KINDS = {
    "int": "int",
    "long": "long",
    "double": "double",
    "string": "string",
    "bytes": "bytes",
    "int128": "int128",
    "int256": "int256",
    # Boxed spellings of the primitives are encoded like the bare ones, as every peer does.
    "Int": "int",
    "Long": "long",
    "Double": "double",
    "String": "string",
    "Bytes": "bytes",
    "Int128": "int128",
    "Int256": "int256",
}
ANNOTATIONS = {
    "int": "int",
    "uint": "int",
    "long": "int",
    "int128": "int",
    "int256": "int",
    "double": "float",
    "string": "str",
    "bytes": "bytes",
    "bool": "bool",
    "true": "bool",
}
# Smallest encoding of one item, so a vector count can be checked against the input at once.
MIN_SIZES = {"int": 4, "uint": 4, "long": 8, "double": 8, "int128": 16, "int256": 32}
# Fixed-size values a struct run can hold (a Bool is its 4-byte constructor id).
STRUCT_CODES = {"int": "i", "uint": "I", "long": "q", "double": "d", "bool": "I"}
JSON_KINDS = {"bytes": "b", "object": "o", "any": "o", "bare": "o", "request": "q"}
# Types a schema never declares as constructors but which have no class of their own.
NO_BASE_TYPES = frozenset({"Object", "Vector", "Type"})

CodecKind = Literal[
    "int", "uint", "long", "double", "int128", "int256", "string", "bytes", "bool", "true",
    "object", "any", "bare", "vector", "request",
]  # fmt: skip


class PlanError(Exception):
    """The schema uses TL that the generator cannot turn into Python (with the reason)."""


@dataclass(frozen=True)
class Codec:
    """How one value is encoded. `type_name` is the expected TL type of an object, `constructor_id`
    the class of a bare object, `element` the item codec of a vector."""

    kind: CodecKind
    boxed: bool = True
    element: Codec | None = None
    type_name: str | None = None
    constructor_id: int | None = None
    readers: str | None = None  # an object's module-level decoder table (see Reader.read_object)

    @property
    def min_size(self) -> int:
        return MIN_SIZES.get(self.kind, 4 if self.kind != "bare" else 0)

    @property
    def json_kind(self) -> str:
        if self.kind == "vector":
            assert self.element is not None
            return "[" + self.element.json_kind
        return JSON_KINDS.get(self.kind, "")


@dataclass(frozen=True)
class FieldPlan:
    attr: str
    tl_name: str
    annotation: str
    codec: Codec
    flag_local: str | None = None  # the local variable holding the flags word it depends on
    flag_mask: int = 0

    @property
    def is_true_flag(self) -> bool:
        return self.codec.kind == "true"

    @property
    def optional(self) -> bool:
        return self.flag_local is not None and not self.is_true_flag

    @property
    def default(self) -> str | None:
        if self.is_true_flag:
            return "False"
        return "None" if self.optional else None

    @property
    def full_annotation(self) -> str:
        return f"{self.annotation} | None" if self.optional else self.annotation


@dataclass(frozen=True)
class FlagsPlan:
    """A `#` param used as a flags word: computed on write, read into `local` on read."""

    local: str
    tl_name: str
    members: tuple[FieldPlan, ...]
    shared_bits: tuple[tuple[FieldPlan, ...], ...]
    # The slot keeping the word as read, for the true flags among the members (None: no true
    # flag). Storing the word once is cheaper on decode than one bool slot per true flag.
    slot: str | None = None

    @property
    def true_mask(self) -> int:
        mask = 0
        for member in self.members:
            if member.is_true_flag:
                mask |= member.flag_mask
        return mask

    @property
    def true_members(self) -> tuple[FieldPlan, ...]:
        return tuple(m for m in self.members if m.is_true_flag)

    @property
    def presence_members(self) -> tuple[FieldPlan, ...]:
        """The optional fields whose presence sets a bit on write: one per bit, and none for a
        bit a true flag holds (fields sharing a bit are checked to agree first)."""
        seen = self.true_mask
        members = []
        for member in self.members:
            if not member.is_true_flag and not member.flag_mask & seen:
                seen |= member.flag_mask
                members.append(member)
        return tuple(members)


@dataclass(frozen=True)
class WireStep:
    """One step of the wire layout, in order: the constructor id (writing only), a flags word
    or a field."""

    flags: FlagsPlan | None = None
    field: FieldPlan | None = None
    constructor_id: int | None = None

    @property
    def struct_code(self) -> str | None:
        """The struct format letter when the step is fixed-size (present or not)."""
        if self.flags is not None or self.constructor_id is not None:
            return "I"
        assert self.field is not None
        return STRUCT_CODES.get(self.field.codec.kind)

    @property
    def optional(self) -> bool:
        return self.field is not None and self.field.optional


@dataclass(frozen=True)
class Chunk:
    """A run of fixed-size steps read or written with one precompiled struct, or one step."""

    steps: tuple[WireStep, ...]
    struct_format: str | None = None  # "<Iqi" for a run
    # For a run of optional fields that share one flag bit: the field whose presence (and
    # flag) stands for all of them.
    flag_field: FieldPlan | None = None

    @property
    def struct_name(self) -> str:
        assert self.struct_format is not None
        return "_S_" + self.struct_format[1:]

    @property
    def size(self) -> int:
        assert self.struct_format is not None
        return struct.calcsize(self.struct_format)

    def offset_of(self, index: int) -> int:
        assert self.struct_format is not None
        return struct.calcsize("<" + self.struct_format[1 : index + 1])


def chunk_steps(steps: Sequence[WireStep]) -> tuple[Chunk, ...]:
    """Group runs of fixed-size steps into one precompiled struct each, even a run of one: it
    costs less inline than a call to a runtime function. A run is either always present, or
    optional fields under one flag bit (Telegram's views/forwards), read and written under one
    test of the bit. A lone optional field, a lone constructor id (written as a bytes
    literal) and every variable-size step stay steps of their own."""
    chunks: list[Chunk] = []
    run: list[WireStep] = []

    def flush() -> None:
        lone_constructor_id = len(run) == 1 and run[0].constructor_id is not None
        if len(run) == 1 and (run[0].optional or lone_constructor_id):
            chunks.append(Chunk((run[0],)))
        elif run:
            flag_field = run[0].field if run[0].optional else None
            chunks.append(
                Chunk(tuple(run), "<" + "".join(s.struct_code or "" for s in run), flag_field)
            )
        run.clear()

    for step in steps:
        if step.field is not None and step.field.is_true_flag:
            continue  # no bytes: does not break a run
        if step.struct_code is not None and (not run or _same_condition(run[0], step)):
            run.append(step)
            continue
        flush()
        if step.struct_code is not None:
            run.append(step)
        else:
            chunks.append(Chunk((step,)))
    flush()
    return tuple(chunks)


def _same_condition(first: WireStep, step: WireStep) -> bool:
    """Whether two fixed-size steps can share a struct: both always present, or both under
    the same flag bit."""
    if not (first.optional or step.optional):
        return True
    if not (first.optional and step.optional):
        return False
    assert first.field is not None and step.field is not None
    return (first.field.flag_local, first.field.flag_mask) == (
        step.field.flag_local,
        step.field.flag_mask,
    )


@dataclass(frozen=True)
class ClassPlan:
    name: str
    tl_name: str
    type_name: str  # the TL type of a constructor; the result type of a function
    constructor_id: int
    definition: str
    doc: tuple[str, ...]
    bases: str
    fields: tuple[FieldPlan, ...]
    steps: tuple[WireStep, ...]
    flags: tuple[FlagsPlan, ...]
    result_codec: Codec | None = None
    result_annotation: str | None = None
    generic: bool = False
    errors: tuple[ErrorDoc, ...] = ()
    bots: bool | None = None

    @property
    def slots(self) -> tuple[str, ...]:
        fields = tuple(f.attr for f in self.fields if not f.is_true_flag)
        return fields + tuple(f.slot for f in self.flags if f.slot is not None)

    @property
    def stored_fields(self) -> tuple[FieldPlan, ...]:
        """The fields held in slots of their own (all but the true flags)."""
        return tuple(f for f in self.fields if not f.is_true_flag)

    @property
    def true_flags(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.is_true_flag)

    # Cached: the templates and ModulePlan.structs each ask for the chunks.
    @cached_property
    def read_chunks(self) -> tuple[Chunk, ...]:
        return chunk_steps(self.steps)

    @cached_property
    def run_chunk(self) -> Chunk | None:
        """For a fixed-size constructor (every field always present and fixed-size): the one
        struct it is written with, id included, so that vectors of it are read in one pass."""
        only = self.read_chunks[0] if len(self.read_chunks) == 1 else None
        if only is None or only.struct_format is None or only.flag_field is not None:
            return None
        if self.result_codec is not None or not self.fields:
            return None  # functions, and constructors without fields, do not come in runs
        (boxed,) = self.write_chunks
        return boxed

    @cached_property
    def write_chunks(self) -> tuple[Chunk, ...]:
        return chunk_steps((WireStep(constructor_id=self.constructor_id), *self.steps))

    @property
    def reader_tables(self) -> set[tuple[str, str]]:
        """(name, TL type) of the decoder tables this class reads objects through."""
        tables = set()
        codecs = [f.codec for f in self.fields]
        if self.result_codec is not None:
            codecs.append(self.result_codec)
        while codecs:
            codec = codecs.pop()
            if codec.element is not None:
                codecs.append(codec.element)
            elif codec.readers is not None and codec.type_name is not None:
                tables.add((codec.readers, codec.type_name))
        return tables

    @cached_property
    def struct_formats(self) -> set[str]:
        chunks = (*self.read_chunks, *self.write_chunks)
        return {c.struct_format for c in chunks if c.struct_format is not None}


@dataclass(frozen=True)
class ErrorDoc:
    """An error a request can raise, for its docstring and ERRORS (code 0: code unknown)."""

    code: int
    name: str
    description: str


@dataclass(frozen=True)
class CodeClassPlan:
    code: int
    member: str
    class_name: str


@dataclass(frozen=True)
class ErrorClassPlan:
    name: str
    member: str
    class_name: str
    bases: tuple[str, ...]
    codes: tuple[int, ...]
    description: str
    pattern: str | None


@dataclass(frozen=True)
class ErrorsModulePlan:
    codes: tuple[CodeClassPlan, ...]
    errors: tuple[ErrorClassPlan, ...]
    methods: tuple[tuple[str, tuple[str, ...]], ...]  # TL method -> error class names


@dataclass(frozen=True)
class BasePlan:
    type_name: str
    base_class: str
    union: str
    members: tuple[str, ...]  # annotations of the constructor classes


@dataclass(frozen=True)
class Import:
    module: str  # relative to the package root: "base.auth", "types._root"
    alias: str


@dataclass(frozen=True)
class ModulePlan:
    kind: Literal["types", "functions", "base"]
    namespace: str | None
    module: str  # file stem
    classes: tuple[ClassPlan, ...] = ()
    bases: tuple[BasePlan, ...] = ()
    runtime_imports: tuple[Import, ...] = ()
    typing_imports: tuple[Import, ...] = ()

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.module}.py"

    @cached_property
    def structs(self) -> list[tuple[str, str]]:
        """(name, format) of the precompiled structs the module's classes use."""
        formats = sorted({f for c in self.classes for f in c.struct_formats})
        return [("_S_" + f[1:], f) for f in formats]

    @cached_property
    def reader_tables(self) -> list[tuple[str, str]]:
        """(name, TL type) of the decoder tables the module's classes read objects through."""
        return sorted({table for c in self.classes for table in c.reader_tables})

    @property
    def exported(self) -> tuple[str, ...]:
        names = [c.name for c in self.classes]
        for base in self.bases:
            names.extend((base.base_class, base.union))
        return tuple(names)


@dataclass(frozen=True)
class PackageInitPlan:
    kind: Literal["types", "functions", "base"]
    submodules: tuple[str, ...]
    root_names: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"{self.kind}/__init__.py"


@dataclass(frozen=True)
class RegistryEntry:
    constructor_id: int
    tl_name: str
    type_name: str
    module: str
    class_name: str


@dataclass(frozen=True)
class PackagePlan:
    package: str
    header: str
    layer: int | None
    modules: tuple[ModulePlan, ...]
    inits: tuple[PackageInitPlan, ...]
    constructors: tuple[RegistryEntry, ...]
    functions: tuple[RegistryEntry, ...]
    errors: ErrorsModulePlan
    namespaces: tuple[str, ...] = field(default=())


def schema_header(schema: Schema, sources: Sequence[tuple[str, bytes]]) -> str:
    """`@generated` line: file names (not paths: output must not depend on where inputs live),
    the layer and a digest of the inputs."""
    digest = hashlib.sha256()
    for name, data in sources:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    names = comment_text(", ".join(name for name, _ in sources))
    layer = "no layer" if schema.layer is None else f"layer {schema.layer}"
    return f"@generated by tlgen from {names} ({layer}, sha256 {digest.hexdigest()[:16]})"


class Planner:
    def __init__(self, schema: Schema, catalog: ErrorCatalog | None) -> None:
        self.schema = schema
        self.catalog = catalog
        self.by_type = {
            name: members
            for name, members in schema.constructors_by_type.items()
            if name not in NO_BASE_TYPES
        }
        self.constructors_by_name = {c.name: c for c in schema.constructors}
        self.constructors_by_id: dict[int, Combinator] = {}
        for constructor in schema.constructors:
            self.constructors_by_id.setdefault(constructor.id, constructor)
        self.class_names = self._assign_class_names()
        self.base_names = self._assign_base_names()
        self.reader_names = self._assign_reader_names()

    # -- names -------------------------------------------------------------------------------

    def _assign_class_names(self) -> dict[tuple[str, str], str]:
        names: dict[tuple[str, str], str] = {}
        for kind in ("type", "function"):
            by_module: dict[str, list[Combinator]] = {}
            for definition in self.schema.definitions:
                if definition.kind == kind:
                    by_module.setdefault(naming.module_name(definition.namespace), []).append(
                        definition
                    )
            for members in by_module.values():
                unique = naming.unique_names(naming.class_name(d.name) for d in members)
                names.update(((kind, d.name), n) for d, n in zip(members, unique))
        return names

    def _assign_base_names(self) -> dict[str, tuple[str, str]]:
        by_module: dict[str, list[str]] = {}
        for type_name in self.by_type:
            by_module.setdefault(self._module_of_type(type_name), []).append(type_name)
        names: dict[str, tuple[str, str]] = {}
        for type_names in by_module.values():
            wanted: list[str] = []
            for type_name in type_names:
                wanted.extend((naming.base_class_name(type_name), naming.union_name(type_name)))
            unique = naming.unique_names(wanted)
            for i, type_name in enumerate(type_names):
                names[type_name] = (unique[2 * i], unique[2 * i + 1])
        return names

    def _assign_reader_names(self) -> dict[str, str]:
        """Module-level names of decoder tables: "_T_auth_SentCode" for auth.SentCode."""
        type_names = sorted(self.by_type)
        wanted = ("_T_" + name.replace(".", "_") for name in type_names)
        return dict(zip(type_names, naming.unique_names(wanted)))

    @staticmethod
    def _module_of_type(type_name: str) -> str:
        return naming.module_name(naming.namespace_of(type_name))

    # -- codecs and annotations ---------------------------------------------------------------

    def codec(self, expr: TypeExpr, where: str, excl: bool = False) -> Codec:
        if isinstance(expr, NatLiteral):
            raise PlanError(f"{where}: a number ({expr.value}) is not a type of a value")
        name = expr.name
        if excl:
            return Codec("request")
        if name == "#":
            return Codec("uint")
        if name in PRIMITIVE_KINDS:
            return Codec(PRIMITIVE_KINDS[name])  # type: ignore[arg-type]
        if name == "Bool":
            return Codec("bool")
        if name == "true":
            return Codec("true")
        if name == "Object":
            return Codec("any")
        if name in ("Vector", "vector"):
            (arg,) = expr.args
            return Codec("vector", boxed=name == "Vector", element=self.codec(arg, where))
        if name in self.constructors_by_name and not expr.bare:
            return Codec("bare", constructor_id=self.constructors_by_name[name].id)
        members = self.by_type.get(name)
        if members is None:
            raise PlanError(f"{where}: type '{expr}' cannot be encoded (no constructors)")
        if expr.bare:
            if len(members) != 1:
                raise PlanError(f"{where}: %{name} needs exactly one constructor")
            return Codec("bare", constructor_id=members[0].id)
        return Codec("object", type_name=name, readers=self.reader_names[name])

    def annotation(self, codec: Codec, module: ModuleKey, imports: ModuleImports) -> str:
        if codec.kind in ANNOTATIONS:
            return ANNOTATIONS[codec.kind]
        if codec.kind == "vector":
            assert codec.element is not None
            return f"list[{self.annotation(codec.element, module, imports)}]"
        if codec.kind == "any":
            return "_rt.TLObject"
        if codec.kind == "request":
            return "_rt.Request[_X]"
        if codec.kind == "bare":
            assert codec.constructor_id is not None
            constructor = self.constructors_by_id[codec.constructor_id]
            target: ModuleKey = ("types", naming.module_name(constructor.namespace))
            name = self.class_names[("type", constructor.name)]
        else:
            assert codec.type_name is not None
            target = ("base", self._module_of_type(codec.type_name))
            name = self.base_names[codec.type_name][1]
        if target == module:
            return name
        return f"{imports.alias_for(target)}.{name}"

    # -- classes -----------------------------------------------------------------------------

    def class_plan(
        self, definition: Combinator, module: ModuleKey, imports: ModuleImports
    ) -> ClassPlan:
        fields, steps, flags = self._wire_layout(definition, module, imports)
        doc = tuple(
            f"{key}: {value}" if key != "description" else value for key, value in definition.doc
        )
        result_codec: Codec | None = None
        result_annotation: str | None = None
        generic = bool(definition.type_params)
        if definition.kind == "function":
            type_name = str(definition.result)
            if generic and definition.result.name in {tp.name for tp in definition.type_params}:
                result_codec, result_annotation = Codec("any"), "_X"
            else:
                result_codec = self.codec(definition.result, f"{definition.name} result")
                result_annotation = self.annotation(result_codec, module, imports)
            result_type = "_X" if generic else result_annotation
            bases = f'_rt.Request["{result_type}"]'
        else:
            type_name = definition.result.name
            bases = "_rt.TLObject"
            if type_name in self.base_names:
                alias = imports.alias_for(("base", self._module_of_type(type_name)), runtime=True)
                bases = f"{alias}.{self.base_names[type_name][0]}"
        errors: tuple[ErrorDoc, ...] = ()
        bots = None
        documented = self.catalog.method(definition.name) if self.catalog else None
        if definition.kind == "function" and documented is not None and self.catalog:
            errors = tuple(
                ErrorDoc(code, name, getattr(self.catalog.error(name), "description", ""))
                for code, name in documented.errors
            )
            bots = documented.bots
        return ClassPlan(
            self.class_names[(definition.kind, definition.name)],
            definition.name,
            type_name,
            definition.id,
            str(definition),
            doc,
            bases,
            fields,
            steps,
            flags,
            result_codec,
            result_annotation,
            generic and definition.kind == "function",
            errors,
            bots,
        )

    def _wire_layout(
        self, definition: Combinator, module: ModuleKey, imports: ModuleImports
    ) -> tuple[tuple[FieldPlan, ...], tuple[WireStep, ...], tuple[FlagsPlan, ...]]:
        """The fields, the flags words, and both in wire order."""
        where = definition.name
        if any(isinstance(p, Repetition) for p in definition.params):
            raise PlanError(f"{where}: repetitions ([ ... ]) outside builtins are not supported")
        params = [p for p in definition.params if isinstance(p, Param)]
        type_vars = {tp.name for tp in definition.type_params}
        attrs = naming.unique_names(
            naming.attribute_name(p.name or f"arg{i}") for i, p in enumerate(params)
        )
        # Every named `#` param is a flags word, computed from the fields it governs (0 when
        # none does yet: Telegram declares words ahead of their fields). Repetition counts, the
        # other use of `#`, are refused above.
        locals_by_word = {
            p.name: "_f_" + attr for p, attr in zip(params, attrs) if p.is_flags_field and p.name
        }
        # First pass: a FieldPlan for every param that is not a flags word.
        plans: list[FieldPlan | str] = []  # a str stands for the flags word of that name
        for param, attr in zip(params, attrs):
            name = param.name or attr
            if name in locals_by_word:
                plans.append(name)
                continue
            if isinstance(param.type, TypeRef) and param.type.name in type_vars and not param.excl:
                raise PlanError(f"{where}: a type variable is only supported as '!X'")
            codec = self.codec(param.type, f"{where}.{name}", param.excl)
            condition = param.condition
            if codec.kind == "true" and condition is None:
                raise PlanError(
                    f"{where}.{name}: a 'true' param carries no bytes; it needs a flag condition"
                    " (flags.N?true)"
                )
            plans.append(
                FieldPlan(
                    attr,
                    name,
                    self.annotation(codec, module, imports),
                    codec,
                    None if condition is None else locals_by_word[condition.field],
                    0 if condition is None else 1 << condition.bit,
                )
            )
        fields = tuple(p for p in plans if isinstance(p, FieldPlan))
        # Second pass: each flags word with the fields it governs, and the wire order.
        flags_by_word = {}
        for word, local in locals_by_word.items():
            members = tuple(f for f in fields if f.flag_local == local)
            by_mask: dict[int, list[FieldPlan]] = {}
            for member in members:
                by_mask.setdefault(member.flag_mask, []).append(member)
            shared = tuple(tuple(group) for group in by_mask.values() if len(group) > 1)
            # A true flag is a bit of the word kept as read; TL names start with a letter, so
            # "_<attr>_bits" cannot clash with a field.
            has_true_flags = any(m.is_true_flag for m in members)
            slot = "_" + local.removeprefix("_f_") + "_bits" if has_true_flags else None
            flags_by_word[word] = FlagsPlan(local, word, members, shared, slot)
        steps = tuple(
            WireStep(flags=flags_by_word[p]) if isinstance(p, str) else WireStep(field=p)
            for p in plans
        )
        return fields, steps, tuple(flags_by_word.values())

    # -- modules -----------------------------------------------------------------------------

    def modules(self) -> list[ModulePlan]:
        grouped: dict[ModuleKey, list[Combinator]] = {}
        for definition in self.schema.definitions:
            kind = "types" if definition.kind == "type" else "functions"
            key = (kind, naming.module_name(definition.namespace))
            grouped.setdefault(key, []).append(definition)
        for type_name in self.by_type:
            grouped.setdefault(("base", self._module_of_type(type_name)), [])
        modules = []
        for key in sorted(grouped):
            kind, module = key
            imports = ModuleImports(key)
            namespace = None if module == naming.ROOT_MODULE else module
            if kind == "base":
                bases = tuple(self.base_plan(t, key, imports) for t in self._types_in(module))
                modules.append(ModulePlan("base", namespace, module, (), bases, *imports.finish()))
            else:
                classes = tuple(self.class_plan(d, key, imports) for d in grouped[key])
                modules.append(
                    ModulePlan(kind, namespace, module, classes, (), *imports.finish())  # type: ignore[arg-type]
                )
        return modules

    def _types_in(self, module: str) -> list[str]:
        return [t for t in self.by_type if self._module_of_type(t) == module]

    def base_plan(self, type_name: str, module: ModuleKey, imports: ModuleImports) -> BasePlan:
        base_class, union = self.base_names[type_name]
        members = tuple(
            self.annotation(Codec("bare", constructor_id=c.id), module, imports)
            for c in self.by_type[type_name]
        )
        return BasePlan(type_name, base_class, union, members)

    def registry(self, kind: str) -> tuple[RegistryEntry, ...]:
        """Entries in schema order, except that a definition whose id is its own CRC32 comes
        before any that borrows it: decoding an id finds its first entry, and TDLib lists
        its *Prefix pseudo-definitions before the requests whose ids they borrow."""
        package = "types" if kind == "type" else "functions"
        definitions = [d for d in self.schema.definitions if d.kind == kind]
        definitions.sort(key=lambda d: d.explicit_id not in (None, d.inferred_id))
        return tuple(
            RegistryEntry(
                d.id,
                d.name,
                d.result.name,
                f"{package}.{naming.module_name(d.namespace)}",
                self.class_names[(kind, d.name)],
            )
            for d in definitions
        )


ModuleKey = tuple[str, str]


class ModuleImports:
    """Module aliases one generated module needs, at run time or only for type checking."""

    def __init__(self, module: ModuleKey) -> None:
        self.module = module
        self.runtime: dict[ModuleKey, str] = {}
        self.typing: dict[ModuleKey, str] = {}

    def alias_for(self, target: ModuleKey, runtime: bool = False) -> str:
        alias = naming.module_alias(*target)
        (self.runtime if runtime else self.typing)[target] = alias
        return alias

    def finish(self) -> tuple[tuple[Import, ...], tuple[Import, ...]]:
        runtime = tuple(Import(f"{k}.{m}", a) for (k, m), a in sorted(self.runtime.items()))
        typing_only = tuple(
            Import(f"{k}.{m}", a)
            for (k, m), a in sorted(self.typing.items())
            if (k, m) not in self.runtime
        )
        return runtime, typing_only


def plan_errors(catalog: ErrorCatalog | None, schema: Schema) -> ErrorsModulePlan:
    """The errors module: a class per code (conventional ones always), a class per error."""
    known = catalog.errors if catalog else ()
    codes = sorted(set(naming.CODE_NAMES) | {c for e in known for c in e.codes if c})
    code_classes = naming.unique_names(naming.code_class_name(c) for c in codes)
    error_classes = naming.unique_names(
        [*code_classes, *(naming.error_class_name(e.name) for e in known)]
    )[len(code_classes) :]
    members = naming.unique_names(naming.error_member_name(e.name) for e in known)
    class_of_code = dict(zip(codes, code_classes))
    errors = tuple(
        ErrorClassPlan(
            e.name,
            member,
            class_name,
            tuple(class_of_code[c] for c in e.codes if c) or ("RPCError",),
            e.codes,
            e.description,
            e.pattern,
        )
        for e, member, class_name in zip(known, members, error_classes)
    )
    class_of_error = {e.name: e.class_name for e in errors}
    functions = {f.name for f in schema.functions}
    methods = tuple(
        (m.method, tuple(dict.fromkeys(class_of_error[n] for _, n in m.errors)))
        for m in (catalog.methods if catalog else ())
        if m.method in functions and m.errors
    )
    return ErrorsModulePlan(
        tuple(CodeClassPlan(c, naming.code_member_name(c), n) for c, n in zip(codes, code_classes)),
        errors,
        methods,
    )


def plan_package(
    schema: Schema, package: str, header: str, catalog: ErrorCatalog | None = None
) -> PackagePlan:
    planner = Planner(schema, catalog)
    modules = tuple(planner.modules())
    inits = []
    for kind in ("types", "functions", "base"):
        mine = [m for m in modules if m.kind == kind]
        root = next((m for m in mine if m.module == naming.ROOT_MODULE), None)
        inits.append(
            PackageInitPlan(
                kind,
                tuple(m.module for m in mine if m.module != naming.ROOT_MODULE),
                root.exported if root else (),
            )
        )
    namespaces = tuple(sorted({m.module for m in modules if m.module != naming.ROOT_MODULE}))
    return PackagePlan(
        package,
        header,
        schema.layer,
        modules,
        tuple(inits),
        planner.registry("type"),
        planner.registry("function"),
        plan_errors(catalog, schema),
        namespaces,
    )
