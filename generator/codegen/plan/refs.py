"""Structured references to Python types, and the imports a generated module needs for them.

The planner never writes annotation source: it hands templates a `PyType` (what is named, from
which module, with which arguments), and the templates spell it. The same value gives the
public name that docstrings and `tlgen diff` show, so no private module alias reaches a user.

    PyType(name="SentCode", kind="base", namespace="auth", qualifier="_base_auth")
      in code:        _base_auth.SentCode
      public:         tl.base.auth.SentCode
      short (diff):   auth.SentCode
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import naming

# (package part, module stem): ("types", "auth"), ("types", "_message"), ("functions", "_root").
ModuleKey = tuple[str, str]
PyTypeKind = Literal["builtin", "types", "base", "runtime", "typevar"]


@dataclass(frozen=True, kw_only=True)
class PyType:
    """A type as one generated module refers to it.

    `qualifier` is the module alias the referring module imports it under (None for builtins,
    type variables and names defined in the referring module itself); `namespace` is the TL
    namespace of a package class (None: the root namespace)."""

    name: str
    kind: PyTypeKind
    package: str = ""
    namespace: str | None = None
    qualifier: str | None = None
    args: tuple[PyType, ...] = ()

    @property
    def public(self) -> str:
        """The name a user imports or reads it by: `tl.base.auth.SentCode`, `list[int]`."""
        if self.kind == "builtin":
            head = self.name
        elif self.kind == "typevar":
            head = self.name.lstrip("_")  # generated code keeps its type variable private
        elif self.kind == "runtime":
            head = f"{self.package}.{self.name}"
        else:
            where = [self.package, self.kind, *([self.namespace] if self.namespace else [])]
            head = ".".join([*where, self.name])
        return head + self._arguments(lambda t: t.public)

    @property
    def short(self) -> str:
        """The namespace-qualified name, without package: `auth.SentCode`, `User`."""
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


@dataclass(frozen=True, kw_only=True)
class Import:
    """`from <package>.<kind> import <stem> as <alias>`."""

    module: str  # relative to the package root: "base.auth", "types._message"
    alias: str


class ModuleImports:
    """The module aliases one generated module needs, at run time or only for type checking."""

    def __init__(self, module: ModuleKey) -> None:
        self.module = module
        self.runtime: dict[ModuleKey, str] = {}
        self.typing: dict[ModuleKey, str] = {}

    def alias_for(self, target: ModuleKey, runtime: bool = False) -> str:
        """The alias `target` is imported under (recorded as needed at run time or not)."""
        alias = naming.module_alias(*target)
        (self.runtime if runtime else self.typing)[target] = alias
        return alias

    def reference(
        self,
        target: ModuleKey,
        name: str,
        package: str,
        namespace: str | None,
        runtime: bool = False,
    ) -> PyType:
        """A class of the package (of TL namespace `namespace`) as this module names it."""
        kind: PyTypeKind = "types" if target[0] == "types" else "base"
        qualifier = None if target == self.module else self.alias_for(target, runtime)
        return PyType(
            name=name, kind=kind, package=package, namespace=namespace, qualifier=qualifier
        )

    def finish(self) -> tuple[tuple[Import, ...], tuple[Import, ...]]:
        """(run-time imports, typing-only imports), sorted."""
        runtime = tuple(
            Import(module=f"{k}.{m}", alias=a) for (k, m), a in sorted(self.runtime.items())
        )
        typing_only = tuple(
            Import(module=f"{k}.{m}", alias=a)
            for (k, m), a in sorted(self.typing.items())
            if (k, m) not in self.runtime
        )
        return runtime, typing_only
