"""Whole-API proof: generate real schemas, import every module, round-trip every class.

Each constructor and function is built twice: with optional fields absent, and with every
optional field set (flags and `?true` bits included), then encoded and decoded.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.root_layout import expected_layout
from tlgen.codegen.plan.mtproto import is_envelope
from tlgen.codegen.plan.root_modules import MODULE_BUDGET
from tlgen.schema.model import Combinator, Param, Schema, TypeExpr, TypeRef

PRIMITIVE_VALUES: dict[str, Any] = {
    "int": -7, "long": 2**40, "double": 1.5, "string": "sé", "bytes": b"\x00b",
    "int128": -(2**100), "int256": 2**200, "Bool": True, "true": True, "#": 3,
}  # fmt: skip


class ObjectBuilder:
    """Builds valid objects of the generated classes from the schema model."""

    def __init__(self, package: ModuleType, schema: Schema) -> None:
        self.registry = importlib.import_module(f"{package.__name__}._registry")
        self.schema = schema
        self.constructors = {c.name: c for c in schema.constructors}
        self.by_type = schema.constructors_by_type
        self.simple_request = min(schema.functions, key=lambda f: (len(f.params), f.name))

    def cls(self, definition: Combinator) -> type[Any]:
        cls = self.registry.find_by_name(definition.name, definition.kind == "function")
        assert cls is not None, definition.name
        return cls  # type: ignore[no-any-return]

    @cache  # noqa: B019 - one builder per module-scoped fixture
    def cheapest(self, type_name: str) -> Combinator:
        return min(self.by_type[type_name], key=lambda c: (len(c.params), c.name))

    def build(self, definition: Combinator, full: bool, depth: int = 0) -> Any:
        cls = self.cls(definition)
        params = {p.name: p for p in definition.params if isinstance(p, Param)}
        flag_fields = {p.condition.field for p in params.values() if p.condition}
        kwargs = {}
        for attr, tl_name, spec, _ in cls._FIELDS:
            param = params[tl_name]
            if param.condition is not None and not full:
                continue
            if param.name in flag_fields and param.is_flags_field:
                continue
            value = self.value(param.type, param.excl, depth + 1)
            if spec == ("bytes",) and isinstance(value, str):
                value = value.encode()  # a `string` of binary data (resPQ.pq)
            kwargs[attr] = value
        return cls(**kwargs)

    def value(self, expr: TypeExpr, excl: bool, depth: int) -> Any:
        assert isinstance(expr, TypeRef)
        if excl:
            return self.build(self.simple_request, False, depth)
        if expr.name in PRIMITIVE_VALUES:
            return PRIMITIVE_VALUES[expr.name]
        if expr.name in ("Vector", "vector"):
            return [] if depth > 3 else [self.value(expr.args[0], False, depth + 1)]
        if expr.name == "Object":
            return self.build(self.cheapest("Bool"), False, depth)
        if expr.name in self.constructors and not expr.bare:
            return self.build(self.constructors[expr.name], False, depth)
        return self.build(self.cheapest(expr.name), False, depth)


@pytest.fixture(params=["telegram222", "tdlib"])
def generated(
    request: pytest.FixtureRequest, corpus_package: Callable[[str], tuple[ModuleType, Schema]]
) -> tuple[ModuleType, Schema]:
    return corpus_package(request.param)


def test_every_module_imports(generated: tuple[ModuleType, Schema]) -> None:
    package, schema = generated
    folder = Path(package.__file__ or "").parent
    modules = sorted(p.relative_to(folder).with_suffix("") for p in folder.rglob("*.py"))
    for module in modules:
        parts = [p for p in module.parts if p != "__init__"]
        importlib.import_module(".".join([package.__name__, *parts]))

    # Independently: one module per namespace for constructors, requests and abstract types,
    # except the root namespace, whose items are packed by the rule of tests/root_layout.py.
    expected = {"__init__", "_runtime", "_explain", "_json", "_registry", "_lookup", "errors"}
    expected.add("strategies")
    expected |= {"mtproto", "_rpcerror", "_package"}
    expected |= {"types/__init__", "functions/__init__", "base/__init__"}
    constructors = [d for d in schema.constructors if not is_envelope(d)]
    layout = expected_layout(schema)
    expected |= {f"types/{c.namespace}" for c in constructors if c.namespace}
    expected |= {f"types/{m}" for m in layout.types.values()}
    expected |= {f"functions/{f.namespace}" for f in schema.functions if f.namespace}
    expected |= {f"functions/{m}" for m in layout.functions.values()}
    abstract = {c.result.name for c in constructors} - {"Object"}
    expected |= {f"base/{t.rpartition('.')[0]}" for t in abstract if "." in t}
    expected |= {f"base/{m}" for m in layout.base.values()}
    # Small modules, as imported: a root module of many classes holds one TL type (Update).
    registry = importlib.import_module(f"{package.__name__}._registry")
    held: dict[str, list[Combinator]] = {}
    for definition in schema.definitions:
        if definition.namespace is None and not is_envelope(definition):
            cls = registry.find_by_name(definition.name, definition.kind == "function")
            held.setdefault(cls.__module__, []).append(definition)
    assert len(held) == len(set(layout.types.values())) + len(set(layout.functions.values()))
    for module, definitions in held.items():
        kinds = {(d.kind, d.result.name if d.kind == "type" else d.name) for d in definitions}
        assert len(definitions) <= MODULE_BUDGET or len(kinds) == 1, module
    assert {m.as_posix() for m in modules} == expected


def test_every_class_round_trips(generated: tuple[ModuleType, Schema]) -> None:
    package, schema = generated
    builder = ObjectBuilder(package, schema)
    registry = builder.registry
    covered = 0
    envelope = [d for d in schema.definitions if is_envelope(d)]
    for definition in schema.definitions:
        if definition in envelope:
            continue  # maps onto the built-ins of <package>.mtproto
        cls = builder.cls(definition)
        assert cls.CONSTRUCTOR_ID == definition.id
        for full in (False, True):
            obj = builder.build(definition, full)
            data = obj.to_bytes()
            assert data[:4] == definition.id.to_bytes(4, "little")
            assert cls.from_bytes(data) == obj, definition.name
            if definition.kind == "type":
                assert package.decode(data) == obj, definition.name
            elif registry.find(definition.id, True) is cls:  # not a borrower of another's id
                assert package.decode_request(data) == obj, definition.name
        covered += 1
    print(f"\nround-tripped {covered} classes of {package.__name__}")
    assert covered == len(schema.definitions) - len(envelope)


def test_a_borrowed_id_decodes_as_its_owner(
    corpus_package: Callable[[str], tuple[ModuleType, Schema]],
) -> None:
    # TDLib's invokeWithApnsSecretPrefix (first in the file) borrows invokeWithApnsSecret's id.
    package, schema = corpus_package("tdlib")
    registry = importlib.import_module(f"{package.__name__}._registry")
    by_name = {d.name: d for d in schema.functions}
    owners = [d for d in schema.functions if d.name.endswith("Prefix")]
    assert len(owners) == 4
    for prefix in owners:
        owner = by_name[prefix.name.removesuffix("Prefix")]
        assert prefix.id == owner.id != prefix.inferred_id
        assert registry.find(owner.id, True).TL_NAME == owner.name
    secret = registry.find_by_name("invokeWithApnsSecret", True)
    cancel = registry.find_by_name("account.cancelPasswordEmail", True)
    request = secret(nonce="n", secret="s", query=cancel())
    assert secret.from_bytes(request.to_bytes()) == request
    # So the strategies never put a borrower where it is decoded by id (a !X or Object field).
    strategies = importlib.import_module(f"{package.__name__}.strategies")
    for prefix in owners:
        assert not strategies._decodes_as_itself(prefix.name, True)
        assert strategies._decodes_as_itself(prefix.name.removesuffix("Prefix"), True)


def test_a_root_class_loads_only_its_own_modules(
    corpus_package: Callable[[str], tuple[ModuleType, Schema]],
) -> None:
    # In a fresh interpreter: one root class loads the module its TL type is packed in and the
    # base module of that type, nothing else of the package; the registry and `import *` see
    # every name.
    package, schema = corpus_package("telegram222")
    name = package.__name__
    folder = Path(package.__file__ or "").parent.parent

    def run(script: str) -> Any:
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, check=True
        )
        return eval(result.stdout)  # noqa: S307 - our own subprocess's repr of a list of str

    imports = f"from {name}.types import Message, User; from {name}.functions import InitConnection"
    layout = expected_layout(schema)
    assert run(
        f"import sys; {imports}; print(sorted(m for m in sys.modules if '{name}' in m))"
    ) == sorted(
        {
            name,
            f"{name}._runtime",
            f"{name}.base",
            f"{name}.base.{layout.base['Message']}",
            f"{name}.base.{layout.base['User']}",
            f"{name}.functions",
            f"{name}.functions.{layout.functions['initConnection']}",
            f"{name}.types",
            f"{name}.types.{layout.types['Message']}",
            f"{name}.types.{layout.types['User']}",
        }
    )
    star = run(f"from {name}.types import *; print([n for n in dir() if n[0] != '_'])")
    registry = importlib.import_module(f"{name}._registry")
    root = {registry.find(c.id).__name__ for c in schema.constructors if c.namespace is None}
    namespaces = {d.namespace for d in schema.constructors if d.namespace}
    assert set(star) == root | namespaces
