"""The package's plan -> the view model of the HTML reference.

Everything Python a page shows is read from the Planner the package is generated with
(codegen/plan/), under the same PlanOptions: the class, import line, signature, field
annotations and defaults, the exception class of each error. The pages show what the package
has, the envelope's built-in classes (tl.mtproto) and `--dates datetime` types included. Every
href is relative to the reference's root; templates prefix it with the way up from their page.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..codegen import ClassPlan, PlanError, Planner, naming
from ..schema import Combinator, NatLiteral, Param, TypeExpr, TypeRef, namespace_of

# The root namespace's key and page (ns/_root.html); a namespace of that name is refused.
ROOT_NAMESPACE = naming.ROOT_MODULE
# Values for the usage example, by the Python annotation of a required argument.
EXAMPLE_VALUES = {"int": "42", "str": '"text"', "bytes": 'b"\\x00"', "bool": "True", "float": "1.5"}


@dataclass(frozen=True)
class Link:
    """A link of the reference: its text and a relative href."""

    text: str
    href: str | None = None  # relative to the reference's root; None: plain text


@dataclass(frozen=True)
class ParamView:
    """One parameter on a definition page: name, type link, flag and description."""

    tl_name: str
    attr: str  # the Python keyword argument
    tl_type: tuple[Link, ...]  # the TL type, its names linked
    annotation: str  # Python, in public names
    condition: str | None  # "flags.0" for an optional field
    description: str
    example: str | None  # a value for the usage example (required arguments only)


@dataclass(frozen=True)
class ErrorRef:
    """An error a method may raise, with its codes, as the method page lists it."""

    code: int  # 0 when only the name is known
    name: str
    description: str
    exception: str  # the class to catch: `tl.errors.FloodWaitError`

    @property
    def href(self) -> str:
        """The link to this error on the errors page."""
        return error_href(self.name)


@dataclass(frozen=True)
class PythonView:
    """How Python code names a definition: its import line and signature."""

    name: str
    import_line: str
    signature: str = ""  # a class's `__init__` keywords: `SendCode(*, phone_number: str, ...)`


@dataclass(frozen=True)
class DefinitionView:
    """A method or constructor page."""

    kind: Literal["method", "constructor"]
    tl_name: str
    href: str
    namespace: Link
    description: str
    definition: str  # the TL line
    id: str
    where: str  # `file:line` of the definition
    python: PythonView | None  # None when the planner cannot turn it into Python
    params: tuple[ParamView, ...]
    type: tuple[Link, ...]  # the result type of a method, the type of a constructor
    result_annotation: str | None
    errors: tuple[ErrorRef, ...]
    bots: bool | None
    # What a TDLib description states: synchronous, before authorization, bots only.
    facts: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The first sentence of the description, for lists."""
        return self.description.split(". ")[0]


@dataclass(frozen=True)
class TypeView:
    """An abstract type page: its constructors and the methods that return or take it."""

    tl_name: str
    href: str
    namespace: Link
    union: PythonView  # the Union alias, for annotations and match
    base_class: PythonView  # the runtime base class, for isinstance
    constructors: tuple[DefinitionView, ...]
    returned_by: tuple[Link, ...]
    taken_by: tuple[Link, ...]


@dataclass(frozen=True)
class NamespaceView:
    """A namespace page: its methods, constructors and types."""

    name: str  # display name: "(root)" for definitions without a namespace
    href: str
    methods: tuple[DefinitionView, ...]
    constructors: tuple[DefinitionView, ...]
    types: tuple[TypeView, ...]


@dataclass(frozen=True)
class ErrorView:
    """One error on the errors page: codes, description, methods raising it."""

    name: str
    codes: tuple[int, ...]
    description: str
    methods: tuple[Link, ...]
    exception: str  # the class to catch: `tl.errors.FloodWaitError`
    pattern: str | None  # a regex for a patterned name's instances (FLOOD_WAIT_42)

    @property
    def anchor(self) -> str:
        """The error's anchor on the errors page (safe for free-text names)."""
        return error_anchor(self.name)


@dataclass(frozen=True)
class Reference:
    """The whole reference: every page's view, the counts and the layer."""

    package: str
    layer: int | None
    inputs: tuple[str, ...]  # file names of the schema files
    namespaces: tuple[NamespaceView, ...]
    methods: tuple[DefinitionView, ...]
    constructors: tuple[DefinitionView, ...]
    types: tuple[TypeView, ...]
    errors: tuple[ErrorView, ...]

    @property
    def bots_known(self) -> bool:
        """Whether any source says whether bots may use a method (TDLib's schema has none:
        its pages then say nothing of bots)."""
        return any(m.bots is not None for m in self.methods)

    def search_index(self) -> str:
        """The search data as a JS statement: [TL name, kind, href, Python name] rows; an error
        row also has the regex its instances match (FLOOD_WAIT_42), or ""."""
        rows: list[list[str]] = []
        for d in (*self.methods, *self.constructors):
            rows.append([d.tl_name, d.kind, d.href, d.python.name if d.python else ""])
        for t in self.types:
            rows.append([t.tl_name, "type", t.href, t.union.name])
        for n in self.namespaces:
            rows.append([n.name, "namespace", n.href, ""])
        for e in self.errors:
            exception = e.exception.rpartition(".")[2]
            rows.append([e.name, "error", error_href(e.name), exception, e.pattern or ""])
        return "var TL_INDEX = " + json.dumps(rows, separators=(",", ":")) + ";\n"


def method_href(name: str) -> str:
    """The relative link of a method page."""
    return f"method/{naming.page_file_name(name)}"


def constructor_href(name: str) -> str:
    """The relative link of a constructor page."""
    return f"constructor/{naming.page_file_name(name)}"


def type_href(name: str) -> str:
    """The relative link of an abstract type page."""
    return f"type/{naming.page_file_name(name)}"


def namespace_href(key: str) -> str:
    """The relative link of a namespace page."""
    return f"ns/{naming.page_file_name(key)}"


def namespace_link(key: str) -> Link:
    """A link to a namespace page, titled by the namespace."""
    return Link("(root)" if key == ROOT_NAMESPACE else key, namespace_href(key))


def error_anchor(name: str) -> str:
    """A fragment for an error's row, unique per name: an identifier as is; a free-text name
    (`No workers running`, `FOO-BAR`) gets dashes and a digest of the name, so that names
    alike after the dashes (`FOO BAR`, `FOO.BAR`) keep their own rows."""
    if re.fullmatch(r"[A-Za-z0-9_]+", name):
        return name
    readable = re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-") or "error"
    return f"{readable}-{hashlib.sha256(name.encode()).hexdigest()[:12]}"


def error_href(name: str) -> str:
    """The relative link of an error on the errors page."""
    return f"errors.html#{error_anchor(name)}"


def build_reference(planner: Planner) -> Reference:
    """The view model of the HTML reference, from the planner of the package: its schema (as
    declared, envelope included), error catalog, descriptions and options."""
    return _Builder(planner).build()


class _Builder:
    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        self.schema = planner.declared
        self.catalog = planner.catalog
        self.descriptions = planner.descriptions
        self.package = planner.package
        self.constructor_names = {c.name for c in self.schema.constructors}
        self.type_names = set(self.planner.by_type)
        self.exceptions = {
            e.name: f"{self.package}.errors.{e.class_name}" for e in planner.errors_plan.errors
        }

    def build(self) -> Reference:
        views = [self.definition(d) for d in self.schema.definitions]
        methods = tuple(v for v in views if v.kind == "method")
        constructors = tuple(v for v in views if v.kind == "constructor")
        by_name = {c.tl_name: c for c in constructors}
        returned: dict[str, list[Link]] = {}
        taken: dict[str, dict[str, Link]] = {}
        for definition, view in zip(self.schema.definitions, views, strict=True):
            link = Link(view.tl_name, view.href)
            if definition.kind == "function":
                returned.setdefault(definition.result.name, []).append(link)
            for param in definition.params:
                if isinstance(param, Param):
                    for name in _type_names(param.type):
                        taken.setdefault(name, {})[view.href] = link
        types = tuple(
            TypeView(
                name,
                type_href(name),
                namespace_link(namespace_of(name) or ROOT_NAMESPACE),
                *self.python_of_type(name),
                tuple(by_name[c.name] for c in members),
                tuple(returned.get(name, ())),
                tuple(taken.get(name, {}).values()),
            )
            for name, members in sorted(self.planner.by_type.items())
        )
        return Reference(
            self.package,
            self.schema.layer,
            tuple(Path(p).name for p in self.schema.paths),
            self.namespaces(methods, constructors, types),
            tuple(sorted(methods, key=lambda d: d.tl_name)),
            tuple(sorted(constructors, key=lambda d: d.tl_name)),
            types,
            self.errors(),
        )

    def python_of_type(self, type_name: str) -> tuple[PythonView, PythonView]:
        """The Union alias and the runtime base class of an abstract type."""
        namespace = namespace_of(type_name)
        base_class, union = self.planner.base_names[type_name]
        return (
            PythonView(union, naming.import_line(self.package, "base", namespace, union)),
            PythonView(base_class, naming.import_line(self.package, "base", namespace, base_class)),
        )

    def definition(self, d: Combinator) -> DefinitionView:
        kind: Literal["method", "constructor"] = "method" if d.kind == "function" else "constructor"
        plan = self._class_plan(d)
        described = self.descriptions.of(d.kind, d.name) if self.descriptions else None
        python = None
        if plan is not None:
            python = PythonView(plan.name, plan.import_line, plan.public_signature)
        fields = {f.tl_name: f for f in plan.fields} if plan else {}
        params = []
        for param in d.params:
            if not isinstance(param, Param) or param.name is None or param.is_flags_field:
                continue
            field = fields.get(param.name)
            if plan is not None and field is None:
                continue  # computed by the class (the envelope's Message.bytes)
            annotation = field.annotation.public if field else ""
            params.append(
                ParamView(
                    param.name,
                    field.attr if field else param.name,
                    self.type_links(param.type, "!" if param.excl else ""),
                    annotation,
                    None if param.condition is None else str(param.condition).rstrip("?"),
                    described.param(param.name) if described else "",
                    None if field and field.default else EXAMPLE_VALUES.get(annotation, "..."),
                )
            )
        documented, bots = self.planner.documented(d)
        errors = tuple(
            ErrorRef(e.code, e.name, e.description, self.exceptions[e.name]) for e in documented
        )
        type_ref = d.result if d.kind == "function" else TypeRef(d.result.name)
        return DefinitionView(
            kind,
            d.name,
            method_href(d.name) if kind == "method" else constructor_href(d.name),
            namespace_link(d.namespace or ROOT_NAMESPACE),
            described.text if described else "",
            str(d),
            f"0x{d.id:08x}",
            f"{Path(d.span.path).name}:{d.span.line}",
            python,
            tuple(params),
            self.type_links(type_ref),
            plan.result_type.public if plan and plan.result_type else None,
            errors,
            bots,
            plan.facts if plan else (),
        )

    def _class_plan(self, d: Combinator) -> ClassPlan | None:
        try:
            return self.planner.public_class_plan(d)
        except PlanError:
            return None

    def type_links(self, expr: TypeExpr, prefix: str = "") -> tuple[Link, ...]:
        """The TL text of a type with each name linked: `Vector<` `MessageEntity` `>`."""
        if isinstance(expr, NatLiteral):
            return (Link(prefix + str(expr)),)
        links = [Link(prefix + ("%" if expr.bare else "") + expr.name, self._href_of(expr.name))]
        if expr.args:
            links.append(Link("<"))
            for index, arg in enumerate(expr.args):
                if index:
                    links.append(Link(","))
                links.extend(self.type_links(arg))
            links.append(Link(">"))
        return tuple(links)

    def _href_of(self, name: str) -> str | None:
        if name in self.type_names:
            return type_href(name)
        if name in self.constructor_names:
            return constructor_href(name)
        return None

    def namespaces(
        self,
        methods: Sequence[DefinitionView],
        constructors: Sequence[DefinitionView],
        types: Sequence[TypeView],
    ) -> tuple[NamespaceView, ...]:
        # Grouped in one pass each: thousands of namespaces must not cost their square.
        methods_in: dict[Link, list[DefinitionView]] = {}
        constructors_in: dict[Link, list[DefinitionView]] = {}
        types_in: dict[Link, list[TypeView]] = {}
        for view in methods:
            methods_in.setdefault(view.namespace, []).append(view)
        for view in constructors:
            constructors_in.setdefault(view.namespace, []).append(view)
        for type_view in types:
            types_in.setdefault(type_view.namespace, []).append(type_view)
        links = methods_in.keys() | constructors_in.keys() | types_in.keys()
        return tuple(
            NamespaceView(
                link.text,
                link.href or "",
                tuple(sorted(methods_in.get(link, ()), key=_by_name)),
                tuple(sorted(constructors_in.get(link, ()), key=_by_name)),
                tuple(types_in.get(link, ())),
            )
            for link in sorted(links, key=lambda link: link.href or "")
        )

    def errors(self) -> tuple[ErrorView, ...]:
        if self.catalog is None:
            return ()
        functions = {f.name for f in self.schema.functions}
        return tuple(
            ErrorView(
                e.name,
                e.codes,
                e.description,
                tuple(Link(m, method_href(m)) if m in functions else Link(m) for m in e.methods),
                self.exceptions[e.name],
                e.pattern,
            )
            for e in self.catalog.errors
        )


def _by_name(view: DefinitionView) -> str:
    return view.tl_name


def _type_names(expr: TypeExpr) -> list[str]:
    if isinstance(expr, NatLiteral):
        return []
    return [expr.name, *(name for arg in expr.args for name in _type_names(arg))]
