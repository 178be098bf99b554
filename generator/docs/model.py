"""Checked schema + error catalog + descriptions -> the view model of the HTML reference.

Python names come from the package planner (codegen/plan/ and naming.py): the class, import
line, field names and annotations a page shows are those `tlgen generate` writes. Every href is
relative to the reference's root; templates prefix it with the way up from their page.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..codegen import naming
from ..codegen.plan import ClassPlan, PlanError, Planner
from ..errortables.catalog import ErrorCatalog
from ..errortables.descriptions import DescriptionCatalog
from ..schema.model import Combinator, NatLiteral, Param, Schema, TypeExpr, TypeRef

ROOT_NAMESPACE = "_root"  # TL names start with a letter: no namespace is called this
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

    @property
    def href(self) -> str:
        """The link to this error on the errors page."""
        return error_href(self.name)


@dataclass(frozen=True)
class PythonView:
    """How Python code names a definition: its import line and signature."""

    name: str
    import_line: str


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

    def search_index(self) -> str:
        """The search data as a JS statement: [TL name, kind, href, Python name] rows."""
        rows: list[list[str]] = []
        for d in (*self.methods, *self.constructors):
            rows.append([d.tl_name, d.kind, d.href, d.python.name if d.python else ""])
        for t in self.types:
            rows.append([t.tl_name, "type", t.href, t.union.name])
        for n in self.namespaces:
            rows.append([n.name, "namespace", n.href, ""])
        for e in self.errors:
            rows.append([e.name, "error", error_href(e.name), ""])
        return "var TL_INDEX = " + json.dumps(rows, separators=(",", ":")) + ";\n"


def method_href(name: str) -> str:
    """The relative link of a method page."""
    return f"method/{name}.html"


def constructor_href(name: str) -> str:
    """The relative link of a constructor page."""
    return f"constructor/{name}.html"


def type_href(name: str) -> str:
    """The relative link of an abstract type page."""
    return f"type/{name}.html"


def namespace_href(key: str) -> str:
    """The relative link of a namespace page."""
    return f"ns/{key}.html"


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


def build_reference(
    schema: Schema,
    catalog: ErrorCatalog | None,
    descriptions: DescriptionCatalog | None,
    package: str = "tl",
) -> Reference:
    """The view model of the HTML reference, from the checked schema, the error catalog and the
    descriptions."""
    return _Builder(schema, catalog, descriptions, package).build()


class _Builder:
    def __init__(
        self,
        schema: Schema,
        catalog: ErrorCatalog | None,
        descriptions: DescriptionCatalog | None,
        package: str,
    ) -> None:
        self.schema = schema
        self.catalog = catalog
        self.descriptions = descriptions
        self.package = package
        self.planner = Planner(schema, catalog, package, descriptions)
        self.constructor_names = {c.name for c in schema.constructors}
        self.type_names = set(self.planner.by_type)

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
                namespace_link(naming.namespace_of(name) or ROOT_NAMESPACE),
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
        namespace = naming.namespace_of(type_name)
        base_class, union = self.planner.base_names[type_name]
        return (
            PythonView(union, naming.import_line(self.package, "base", namespace, union)),
            PythonView(base_class, naming.import_line(self.package, "base", namespace, base_class)),
        )

    def definition(self, d: Combinator) -> DefinitionView:
        kind: Literal["method", "constructor"] = "method" if d.kind == "function" else "constructor"
        package_kind = "functions" if d.kind == "function" else "types"
        plan = self._class_plan(d)
        described = self.descriptions.of(d.kind, d.name) if self.descriptions else None
        python = None
        if plan is not None:
            python = PythonView(
                plan.name, naming.import_line(self.package, package_kind, d.namespace, plan.name)
            )
        fields = {f.tl_name: f for f in plan.fields} if plan else {}
        params = []
        for param in d.params:
            if not isinstance(param, Param) or param.name is None or param.is_flags_field:
                continue
            field = fields.get(param.name)
            annotation = ""
            if field is not None:
                annotation = field.type.public + (" | None" if field.optional else "")
            optional = param.condition is not None
            params.append(
                ParamView(
                    param.name,
                    field.attr if field else param.name,
                    self.type_links(param.type, "!" if param.excl else ""),
                    annotation,
                    None if param.condition is None else str(param.condition).rstrip("?"),
                    described.param(param.name) if described else "",
                    None if optional else EXAMPLE_VALUES.get(annotation, "..."),
                )
            )
        errors: tuple[ErrorRef, ...] = ()
        bots = None
        if d.kind == "function" and self.catalog is not None:
            documented = self.catalog.method(d.name)
            if documented is not None:
                errors = tuple(
                    ErrorRef(code, name, getattr(self.catalog.error(name), "description", ""))
                    for code, name in documented.errors
                )
                bots = documented.bots
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
        )

    def _class_plan(self, d: Combinator) -> ClassPlan | None:
        try:
            return self.planner.class_plan_in_own_module(d)
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
            )
            for e in self.catalog.errors
        )


def _by_name(view: DefinitionView) -> str:
    return view.tl_name


def _type_names(expr: TypeExpr) -> list[str]:
    if isinstance(expr, NatLiteral):
        return []
    return [expr.name, *(name for arg in expr.args for name in _type_names(arg))]
