"""Definitions -> class plans (planner.py makes ClassPlan, see classes.py): Python names
unique per module, codecs and Python types of fields, the wire layout, and what a request
documents (result, errors, bot usability). Every view plans with it: the package
(package.py), docstrings, `tlgen docs` and `tlgen diff` (public_class_plan).

    Planner(schema, options: PlanOptions, catalog, descriptions)
      .class_plan(definition, module, imports) -> ClassPlan
      .public_class_plan(definition) -> ClassPlan     as users import it (envelope included)
      .codec(type expression) -> Codec      .python_type(codec, imports) -> PyType
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property

from ...errortables import DescriptionCatalog, ErrorCatalog
from ...schema import (
    Combinator,
    NatLiteral,
    Schema,
    TypeExpr,
    namespace_of,
)
from .. import naming
from .classes import ClassPlan
from .errors import ErrorDoc, ErrorsModulePlan, plan_errors
from .fields import wire_layout
from .mtproto import (
    ENVELOPE_CLASSES,
    binary_fields,
    is_envelope,
    without_envelope,
)
from .options import DEFAULT_OPTIONS, PlanOptions
from .refs import ENVELOPE_MODULE, ModuleImports, ModuleKey, PyType, builtin
from .root_modules import pack_root_modules
from .tdjson import facts
from .wire import (
    ANNOTATIONS,
    ANY_OBJECT_TYPES,
    ANY_REQUEST_TYPES,
    NO_BASE_TYPES,
    PRIMITIVE_KINDS,
    Codec,
    FieldPlan,
    PlanError,
    WireStep,
)

# The type variable of generic requests (invokeWithLayer's `!X`).
TYPE_VARIABLE = PyType(name="X", kind="typevar")


class Planner:
    """Names every class and abstract type of a schema once (unique per module), then plans
    classes on demand, as `options` say (options.py). Envelope definitions map onto the
    runtime's built-ins (mtproto.py): `schema` is the schema less them, and they get no class
    of the package's own. `catalog` documents requests' errors and bot usability;
    `descriptions` (merged from `//@` comments and doc pages) feed docstrings."""

    def __init__(
        self,
        schema: Schema,
        options: PlanOptions = DEFAULT_OPTIONS,
        catalog: ErrorCatalog | None = None,
        descriptions: DescriptionCatalog | None = None,
    ) -> None:
        self.declared = schema  # as loaded, the envelope's definitions included
        schema = without_envelope(schema)
        self.schema = schema
        self.options = options
        self.package = options.package
        self.binary_fields = binary_fields(schema, options.bytes_fields)
        self.catalog = catalog
        self.descriptions = descriptions
        self.by_type = {
            name: members
            for name, members in schema.constructors_by_type.items()
            if name not in NO_BASE_TYPES
        }
        self.constructors_by_name = {c.name: c for c in schema.constructors}
        self.constructors_by_id: dict[int, Combinator] = {}
        for constructor in schema.constructors:
            self.constructors_by_id.setdefault(constructor.id, constructor)
        clash = naming.check_unique_modules(
            [d.namespace for d in schema.definitions] + [namespace_of(t) for t in self.by_type]
        )
        if clash is not None:
            raise PlanError(clash)
        self.wire = options.wire
        self.type_modules, self.base_modules, self.function_modules = self._assign_root_modules()
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
                names.update(((kind, d.name), n) for d, n in zip(members, unique, strict=True))
        return names

    def _assign_root_modules(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """The modules of the root namespace (root_modules.py), by item: in types/ by TL type
        (its root constructors), in base/ by abstract type, in functions/ by request. Never
        the name of a namespace's module."""
        namespaces = {naming.module_name(d.namespace) for d in self.schema.definitions}
        namespaces |= {self._namespace_module(t) for t in self.by_type}
        constructed = Counter(
            c.result.name for c in self.schema.constructors if c.namespace is None
        )
        abstract = {t: 1 for t in self.by_type if namespace_of(t) is None}
        requests = {
            d.name: 1
            for d in self.schema.definitions
            if d.kind == "function" and d.namespace is None
        }
        return (
            pack_root_modules(constructed, namespaces),
            pack_root_modules(abstract, namespaces),
            pack_root_modules(requests, namespaces),
        )

    @staticmethod
    def _namespace_module(type_name: str) -> str:
        return naming.module_name(namespace_of(type_name))

    def _assign_base_names(self) -> dict[str, tuple[str, str]]:
        # Unique per namespace: a namespace's names are exported together, whatever module
        # holds them.
        by_namespace: dict[str | None, list[str]] = {}
        for type_name in self.by_type:
            by_namespace.setdefault(namespace_of(type_name), []).append(type_name)
        names: dict[str, tuple[str, str]] = {}
        for type_names in by_namespace.values():
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
        return dict(zip(type_names, naming.unique_names(wanted), strict=True))

    def module_of_type(self, type_name: str) -> str:
        """The module stem in base/ of an abstract TL type: its namespace's module, or for a
        root type the module it is packed in."""
        return self.base_modules.get(type_name) or self._namespace_module(type_name)

    def module_of(self, definition: Combinator) -> ModuleKey:
        """The module of a constructor's or function's class: its namespace's module, or for
        the root namespace the module its request or its TL type is packed in."""
        if definition.kind == "function":
            if definition.namespace is None:
                return ("functions", self.function_modules[definition.name])
            return ("functions", naming.module_name(definition.namespace))
        if definition.namespace is None:
            return ("types", self.type_modules[definition.result.name])
        return ("types", naming.module_name(definition.namespace))

    # -- codecs and types --------------------------------------------------------------------

    def codec(self, expr: TypeExpr, where: str, excl: bool = False, result: bool = False) -> Codec:
        """How a value of this TL type is encoded; PlanError when it cannot be. A function
        `result` whose type has no constructors (MTProto's HttpWait) is read as any boxed
        object."""
        if isinstance(expr, NatLiteral):
            raise PlanError(f"{where}: a number ({expr.value}) is not a type of a value")
        name = expr.name
        if excl:
            return Codec(kind="request")
        if not self.wire.binary and name in ("int53", "Int53"):
            return Codec(kind="int53")  # TDLib JSON: a number, where int64 is a string
        builtin_codec = _builtin_codec(name)
        if builtin_codec is not None:
            return builtin_codec
        if name in ("Vector", "vector"):
            (arg,) = expr.args
            return Codec(kind="vector", boxed=name == "Vector", element=self.codec(arg, where))
        if name in self.constructors_by_name and not expr.bare:
            return Codec(kind="bare", constructor_id=self.constructors_by_name[name].id)
        members = self.by_type.get(name)
        if members is None and result and not expr.bare:
            return Codec(kind="any")
        if members is None:
            raise PlanError(f"{where}: type '{expr}' cannot be encoded (no constructors)")
        if expr.bare:
            if len(members) != 1:
                raise PlanError(f"{where}: %{name} needs exactly one constructor")
            return Codec(kind="bare", constructor_id=members[0].id)
        return Codec(kind="object", type_name=name, readers=self.reader_names[name])

    def python_type(self, codec: Codec, imports: ModuleImports) -> PyType:
        """The Python type of a value with this codec, as the importing module names it."""
        if codec.kind in ANNOTATIONS:
            return builtin(ANNOTATIONS[codec.kind])
        if codec.kind == "date":
            return builtin("datetime.datetime")
        if codec.kind == "vector":
            assert codec.element is not None
            return builtin("list", self.python_type(codec.element, imports))
        if codec.kind == "any":
            return self.runtime_type("TLObject")
        if codec.kind == "request":
            # A `function` field holds any request; `!X` the request of the type variable.
            if codec.type_name:
                return self.runtime_type("Request", builtin("object"))
            return self.runtime_type("Request", TYPE_VARIABLE)
        if codec.kind == "bare" and codec.constructor_id in ENVELOPE_CLASSES:
            name, _ = ENVELOPE_CLASSES[codec.constructor_id]
            return PyType(name=name, kind="mtproto", package=self.package)
        if codec.kind == "bare":
            assert codec.constructor_id is not None
            constructor = self.constructors_by_id[codec.constructor_id]
            target = self.module_of(constructor)
            name = self.class_names[("type", constructor.name)]
            namespace = constructor.namespace
        else:
            assert codec.type_name is not None
            target = ("base", self.module_of_type(codec.type_name))
            name = self.base_names[codec.type_name][1]
            namespace = namespace_of(codec.type_name)
        return imports.reference(target, name, self.package, namespace)

    def runtime_type(self, name: str, *args: PyType) -> PyType:
        """A class of the package's runtime (`_rt.TLObject`), exported by the package."""
        return PyType(name=name, kind="runtime", package=self.package, qualifier="_rt", args=args)

    # -- classes -----------------------------------------------------------------------------

    def class_plan(
        self, definition: Combinator, module: ModuleKey, imports: ModuleImports
    ) -> ClassPlan:
        """The plan of one constructor or function class, in `module`."""
        fields, steps, flags = wire_layout(self, definition, imports)
        described = None
        if self.descriptions is not None:
            described = self.descriptions.of(definition.kind, definition.name)
        result_codec: Codec | None = None
        result_type: PyType | None = None
        generic = bool(definition.type_params)
        stated = facts(definition) if not self.wire.binary else None
        if definition.kind == "function":
            type_name = str(definition.result)
            if generic and definition.result.name in {tp.name for tp in definition.type_params}:
                result_codec, result_type = Codec(kind="any"), TYPE_VARIABLE
            else:
                result_codec = self.codec(
                    definition.result, f"{definition.name} result", result=True
                )
                result_type = self.python_type(result_codec, imports)
            request = "SynchronousRequest" if stated and stated.synchronous else "Request"
            base = self.runtime_type(request, TYPE_VARIABLE if generic else result_type)
        else:
            type_name = definition.result.name
            base = self.runtime_type("TLObject")
            if type_name in self.base_names:
                target = ("base", self.module_of_type(type_name))
                base = imports.reference(
                    target,
                    self.base_names[type_name][0],
                    self.package,
                    namespace_of(type_name),
                    runtime=True,
                )
        errors, bots = self.documented(definition)
        return ClassPlan(
            name=self.class_names[(definition.kind, definition.name)],
            tl_name=definition.name,
            type_name=type_name,
            constructor_id=definition.id,
            definition=str(definition),
            doc=(described.text,) if described and described.text else (),
            base=base,
            fields=fields,
            steps=steps,
            flags=flags,
            result_codec=result_codec,
            result_type=result_type,
            generic=generic and definition.kind == "function",
            errors=errors,
            bots=bots,
            arg_docs=tuple(described.param(f.tl_name) for f in fields) if described else (),
            public_module=naming.public_module(
                self.package,
                "functions" if definition.kind == "function" else "types",
                definition.namespace,
            ),
            binary=self.wire.binary,
            facts=stated.lines if stated and definition.kind == "function" else (),
        )

    @cached_property
    def errors_plan(self) -> ErrorsModulePlan:
        """The errors module: the exception class of every error name (errors.py)."""
        return plan_errors(self.catalog, self.declared)

    @cached_property
    def _error_classes(self) -> dict[str, str]:
        return {e.name: e.class_name for e in self.errors_plan.errors}

    def documented(self, definition: Combinator) -> tuple[tuple[ErrorDoc, ...], bool | None]:
        """What the error tables say of a request: the errors it may raise (with the class
        to catch), and whether bots may use it (None: no table says)."""
        documented = self.catalog.method(definition.name) if self.catalog else None
        if definition.kind != "function" or documented is None or self.catalog is None:
            return (), None
        errors = tuple(
            ErrorDoc(
                code=code,
                name=name,
                description=getattr(self.catalog.error(name), "description", ""),
                class_name=self._error_classes[name],
            )
            for code, name in documented.errors
        )
        return errors, documented.bots

    def public_class_plan(self, definition: Combinator) -> ClassPlan:
        """The plan of a definition's class as users import it (the reference, review output):
        as its own module emits it, or the envelope's built-in class (mtproto.py). PlanError
        when the generator cannot express it (gzip_packed has no class: decode() unpacks it)."""
        if is_envelope(definition):
            return self._envelope_plan(definition)
        module = self.module_of(definition)
        return self.class_plan(definition, module, ModuleImports(module))

    def _envelope_plan(self, definition: Combinator) -> ClassPlan:
        if definition.id not in ENVELOPE_CLASSES:
            raise PlanError(f"{definition.name}: decode() unpacks it; it has no class")
        name, arguments = ENVELOPE_CLASSES[definition.id]
        imports = ModuleImports((ENVELOPE_MODULE, ""))
        fields = tuple(
            FieldPlan(attr=attr, tl_name=attr, type=self.python_type(codec, imports), codec=codec)
            for attr, codec in arguments
        )
        described = self.descriptions.of("type", definition.name) if self.descriptions else None
        return ClassPlan(
            name=name,
            tl_name=definition.name,
            type_name=definition.result.name,
            constructor_id=definition.id,
            definition=str(definition),
            doc=(described.text,) if described and described.text else (),
            base=self.runtime_type("TLObject"),
            fields=fields,
            steps=tuple(WireStep(field=f) for f in fields),
            flags=(),
            public_module=f"{self.package}.{ENVELOPE_MODULE}",
        )


def _builtin_codec(name: str) -> Codec | None:
    """The codec of a type the schema does not define by constructors: `#`, the primitives,
    Bool, `true`, any object, any request."""
    if name == "#":
        return Codec(kind="uint")
    if name in PRIMITIVE_KINDS:
        return Codec(kind=PRIMITIVE_KINDS[name])  # type: ignore[arg-type]
    if name == "Bool":
        return Codec(kind="bool")
    if name == "true":
        return Codec(kind="true")
    if name in ANY_OBJECT_TYPES:
        return Codec(kind="any")
    if name in ANY_REQUEST_TYPES:
        return Codec(kind="request", type_name="Function")
    return None
