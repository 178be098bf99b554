"""Structured references to Python types, and the imports a generated module needs for them.

The planner never writes annotation source: it hands templates a `PyType` (what is named, from
which module, with which arguments), and the templates spell it. Annotations spell a class of
another module by its public name, through the package name that every generated module binds
(the package for type checkers via `_package.py`, a lazy proxy of it at run time): hovers,
`inspect.signature` and `typing.get_type_hints` all see `tl.base.auth.SentCode`, and no private
module alias reaches a user. Only base classes need a module at import time (`runtime`).

    PyType(name="SentCode", kind="base", package="tl", namespace="auth", qualifier="tl")
      in annotations: tl.base.auth.SentCode
      public:         tl.base.auth.SentCode
      short (diff):   auth.SentCode
    optional(t): `t | None`, the annotation of a field that may be absent
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import naming

# The runtime module of the envelope's classes in a binary package (templates/runtime/).
ENVELOPE_MODULE = "mtproto"
# (package part, module stem): ("types", "auth"), ("types", "_message"), ("functions", "_invoke_after_msg").
ModuleKey = tuple[str, str]
# "mtproto": a class of the envelope, built into every package (plan/mtproto.py);
# "optional": `args[0] | None`.
PyTypeKind = Literal["builtin", "types", "base", "runtime", "typevar", "mtproto", "optional"]


@dataclass(frozen=True, kw_only=True)
class PyType:
    """A type as one generated module refers to it.

    `qualifier` is how the referring module reaches it: the alias of a module imported at run
    time (a base class), the package name (an annotation), or None for builtins, type
    variables and names defined in the referring module itself; `namespace` is the TL
    namespace of a package class (None: the root namespace)."""

    name: str
    kind: PyTypeKind
    package: str = ""
    namespace: str | None = None
    qualifier: str | None = None
    args: tuple[PyType, ...] = ()

    @property
    def path(self) -> str:
        """The dotted public name, without arguments: `tl.base.auth.SentCode`, `tl.Request`."""
        if self.kind == "runtime":
            return f"{self.package}.{self.name}"
        if self.kind == "mtproto":  # a class of the envelope's module (ENVELOPE_MODULE)
            return f"{self.package}.{ENVELOPE_MODULE}.{self.name}"
        return f"{naming.public_module(self.package, self.kind, self.namespace)}.{self.name}"

    @property
    def public(self) -> str:
        """The name a user imports or reads it by: `tl.base.auth.SentCode`, `list[int]`."""
        if self.kind == "optional":
            return f"{self.args[0].public} | None"
        if self.kind == "builtin":
            head = self.name
        elif self.kind == "typevar":
            head = self.name
        else:
            head = self.path
        return head + self._arguments(lambda t: t.public)

    @property
    def short(self) -> str:
        """The namespace-qualified name, without package: `auth.SentCode`, `User`."""
        if self.kind == "optional":
            return f"{self.args[0].short} | None"
        head = f"{self.namespace}.{self.name}" if self.namespace else self.name
        return head + self._arguments(lambda t: t.short)

    def _arguments(self, show: object) -> str:
        if not self.args:
            return ""
        assert callable(show)
        return "[" + ", ".join(show(arg) for arg in self.args) + "]"


def builtin(name: str, *args: PyType) -> PyType:
    """`int`, `list[...]`: names every module has."""
    return PyType(name=name, kind="builtin", args=args)


def optional(inner: PyType) -> PyType:
    """`inner | None`."""
    return PyType(name="", kind="optional", args=(inner,))


@dataclass(frozen=True, kw_only=True)
class Import:
    """`from <package>.<kind> import <stem> as <alias>`."""

    module: str  # relative to the package root: "base.auth", "types._message"
    alias: str


class ModuleImports:
    """The module aliases one generated module imports at run time (for base classes)."""

    def __init__(self, module: ModuleKey) -> None:
        self.module = module
        self.runtime: dict[ModuleKey, str] = {}

    def reference(
        self,
        target: ModuleKey,
        name: str,
        package: str,
        namespace: str | None,
        runtime: bool = False,
    ) -> PyType:
        """A class of the package (of TL namespace `namespace`) as this module names it:
        through a module imported at run time (`runtime`, for a base class) or through the
        package name (annotations)."""
        kind: PyTypeKind = "types" if target[0] == "types" else "base"
        qualifier: str | None = package
        if target == self.module:
            qualifier = None
        elif runtime:
            qualifier = self.runtime[target] = naming.module_alias(*target)
        return PyType(
            name=name, kind=kind, package=package, namespace=namespace, qualifier=qualifier
        )

    def finish(self) -> tuple[Import, ...]:
        """The run-time imports, sorted."""
        return tuple(
            Import(module=f"{k}.{m}", alias=a) for (k, m), a in sorted(self.runtime.items())
        )
