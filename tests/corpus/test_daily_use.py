"""The whole-API package (layer 222 + mtproto) in daily use, class by class: types that resolve
at run time with public names, strict and compact JSON, repr that pastes back, pretty."""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import re
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.corpus.test_full_api import ObjectBuilder
from tests.root_layout import expected_layout
from tlgen.schema.model import Schema

# Names a user must never see: the generated modules' private aliases.
PRIVATE_ALIAS = re.compile(
    r"(?<![\w.])_(?:base|types|functions)_\w+|(?<![\w.])_rt\.|(?<![\w.])_t\.|\b_X\b"
)


@pytest.fixture(scope="module")
def api(
    corpus_package: Callable[[str], tuple[ModuleType, Schema]],
) -> tuple[ModuleType, Schema, ObjectBuilder]:
    package, schema = corpus_package("telegram222")
    return package, schema, ObjectBuilder(package, schema)


def modules(package: ModuleType) -> Iterator[ModuleType]:
    folder = Path(package.__file__ or "").parent
    for path in sorted(folder.rglob("*.py")):
        parts = [p for p in path.relative_to(folder).with_suffix("").parts if p != "__init__"]
        if parts[-1:] == ["strategies"]:
            continue
        yield importlib.import_module(".".join([package.__name__, *parts]))


def classes(package: ModuleType) -> Iterator[type]:
    for module in modules(package):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                yield value


def test_get_type_hints_of_every_class_and_init(
    api: tuple[ModuleType, Schema, ObjectBuilder],
) -> None:
    package, schema, builder = api
    checked = 0
    for cls in classes(package):
        hints = typing.get_type_hints(cls)
        if "__init__" in vars(cls):
            init_hints = typing.get_type_hints(cls.__init__)
            assert init_hints.pop("return") is type(None)
            if hasattr(cls, "_FIELDS"):
                assert set(init_hints) == {attr for attr, _, _, _ in cls._FIELDS}, cls
            for attr, value in init_hints.items():
                assert "ForwardRef" not in repr(value), (cls, attr, value)
        checked += 1
        assert all("ForwardRef" not in repr(v) for v in hints.values()), cls
    assert checked > len(schema.definitions)


def test_hints_name_the_real_classes(api: tuple[ModuleType, Schema, ObjectBuilder]) -> None:
    package, _, _ = api
    message = package.types.Message
    hints = typing.get_type_hints(message.__init__)
    assert typing.get_args(hints["peer_id"]) == (
        package.types.PeerUser, package.types.PeerChat, package.types.PeerChannel
    )  # fmt: skip
    entities, none = typing.get_args(hints["entities"])
    assert none is type(None) and typing.get_origin(entities) is list
    entity_classes = set(typing.get_args(typing.get_args(entities)[0]))
    assert len(entity_classes) > 20
    assert {c._TL_TYPE for c in entity_classes} == {"MessageEntity"}
    send_code = package.functions.auth.SendCode
    assert typing.get_type_hints(send_code)["settings"] is package.types.CodeSettings


def test_signatures_and_docstrings_show_public_names_only(
    api: tuple[ModuleType, Schema, ObjectBuilder],
) -> None:
    package, _, _ = api
    name = package.__name__
    signature = inspect.signature(package.types.Message)
    assert signature.parameters["peer_id"].annotation == f"{name}.base.Peer"
    assert signature.parameters["media"].annotation == f"{name}.base.MessageMedia | None"
    docs = 0
    for module in modules(package):
        texts = [module.__doc__ or ""]
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                texts.append(value.__doc__ or "")
                texts += [getattr(m, "__doc__", None) or "" for m in vars(value).values()]
                if "__init__" in vars(value):
                    for parameter in inspect.signature(value).parameters.values():
                        texts.append(str(parameter.annotation))
        for text in texts:
            assert not PRIVATE_ALIAS.search(text), (module.__name__, text[:300])
            docs += 1
    assert docs > 2000


@pytest.mark.parametrize(
    ("module", "name"), [("functions.auth", "ResendCode"), ("functions", "InvokeWithLayer")]
)
def test_importing_a_request_class_imports_nothing_more(
    api: tuple[ModuleType, Schema, ObjectBuilder], module: str, name: str
) -> None:
    """Not typing (annotations resolve through lazy proxies), nor any other module of ours;
    invokeWithLayer's module too, whose type variable is a run-time stand-in."""
    package, schema, _ = api
    folder = Path(package.__file__ or "").parent.parent
    p = package.__name__
    code = (
        f"import sys; from {p}.{module} import {name}; "
        "print(sorted(m for m in sys.modules if m in ('typing', 'datetime', 'json', 'base64'))); "
        f"print(sorted(m for m in sys.modules if m.startswith('{p}')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True
    )
    stdlib, ours = out.stdout.splitlines()
    assert stdlib == "[]"
    held = module  # the module that holds the class: a root request's is packed
    if module == "functions":
        held = "functions." + expected_layout(schema).functions["invokeWithLayer"]
    assert ours == str(sorted({p, f"{p}._runtime", f"{p}.functions", f"{p}.{held}"}))


def objects(builder: ObjectBuilder, schema: Schema) -> Iterator[Any]:
    for definition in schema.definitions:
        for full in (False, True):
            yield builder.build(definition, full)


def test_to_dict_full_and_compact_round_trip_for_every_class(
    api: tuple[ModuleType, Schema, ObjectBuilder],
) -> None:
    package, schema, builder = api
    for obj in objects(builder, schema):
        cls = type(obj)
        full, compact = obj.to_dict(), obj.to_dict(compact=True)
        for data in (full, compact):
            data = json.loads(json.dumps(data))
            assert cls.from_dict(data) == obj, cls
            assert package.from_dict(data) == obj, cls
        assert not any(v is None or v is False for v in _walk_flagged(obj, compact)), compact
        assert len(json.dumps(compact)) <= len(json.dumps(full))


def _walk_flagged(obj: Any, data: dict[str, Any]) -> Iterator[object]:
    """The values a compact dict holds for optional fields and true flags, recursively."""
    for attr, tl_name, spec, flag in obj._FIELDS:
        if tl_name not in data:
            assert flag is not None
            continue
        value = getattr(obj, attr)
        if flag is not None and spec != ("bool",):
            yield data[tl_name]
        if isinstance(data[tl_name], dict) and hasattr(value, "_FIELDS"):
            yield from _walk_flagged(value, data[tl_name])


def mutations(data: dict[str, Any], obj: Any) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(kind, mutated dict, path the error must name) for one valid dict."""
    name = type(obj).__name__
    yield "wrong _", {**data, "_": data["_"] + "X"}, f"{name}._"
    yield "unknown key", {**data, "zz_unknown": 1}, name
    for attr, tl_name, spec, flag in obj._FIELDS:
        where = f"{name}.{attr}"
        if flag is None:
            yield "missing", {k: v for k, v in data.items() if k != tl_name}, where
        kind = spec[0]
        if kind in ("int", "long", "nat", "int128", "int256"):
            yield "str for int", {**data, tl_name: str(data[tl_name])}, where
            yield "bool for int", {**data, tl_name: True}, where
        elif kind in ("string", "bytes"):
            yield "int for text", {**data, tl_name: 7}, where
        elif kind in ("bool", "true"):
            yield "int for bool", {**data, tl_name: 1}, where
        elif kind == "o":
            other = "boolTrue" if spec[1] != "Bool" else "true"
            yield "wrong TL type", {**data, tl_name: {"_": other}}, where
        elif kind in ("v", "bv"):
            yield "dict for list", {**data, tl_name: {}}, where


def test_strict_from_dict_rejects_each_kind_of_mutation_for_every_class(
    api: tuple[ModuleType, Schema, ObjectBuilder],
) -> None:
    package, schema, builder = api
    kinds: dict[str, int] = {}
    for definition in schema.definitions:
        obj = builder.build(definition, True)
        data = json.loads(json.dumps(obj.to_dict()))
        for kind, mutated, path in mutations(data, obj):
            with pytest.raises(package.FromDictError) as info:
                type(obj).from_dict(copy.deepcopy(mutated))
            assert info.value.path == path, (kind, str(info.value))
            assert str(info.value).startswith(path + ": ")
            kinds[kind] = kinds.get(kind, 0) + 1
    assert set(kinds) == {
        "wrong _", "unknown key", "missing", "str for int", "bool for int", "int for text",
        "int for bool", "wrong TL type", "dict for list",
    }  # fmt: skip


def test_from_dict_names_the_path_deep_inside(
    api: tuple[ModuleType, Schema, ObjectBuilder],
) -> None:
    package, schema, builder = api
    message = builder.build(next(d for d in schema.constructors if d.name == "message"), True)
    message.entities = [package.types.MessageEntityBold(offset=i, length=1) for i in range(3)]
    data = message.to_dict(compact=True)
    data["entities"][2]["offset"] = "10"
    with pytest.raises(
        ValueError, match=r"^Message\.entities\[2\]\.offset: expected an int, got str$"
    ):
        package.from_dict(data)
    data["entities"][2]["offset"] = 2**31
    with pytest.raises(
        package.FromDictError, match=r"entities\[2\]\.offset: 2147483648 is out of range"
    ):
        package.from_dict(data)
    with pytest.raises(package.FromDictError, match=r"^dict\._: unknown TL name 'nope'$"):
        package.from_dict({"_": "nope"})
    assert package.from_dict({"_": "boolTrue"}) == package.types.BoolTrue()


def classes_in(value: Any, found: dict[str, type]) -> dict[str, type]:
    """The classes of an object graph by name: what a user imports to paste its repr."""
    if isinstance(value, list):
        for item in value:
            classes_in(item, found)
    elif hasattr(value, "_FIELDS"):
        namespace = value.TL_NAME.rpartition(".")[0]
        cls = type(value)
        if ".functions." in cls.__module__:
            name, target = (
                "functions",
                sys.modules[cls.__module__.rpartition(".functions.")[0] + ".functions"],
            )
        elif namespace:
            name, target = namespace, sys.modules[cls.__module__]
        else:
            name, target = cls.__name__, cls
        assert found.setdefault(name, target) is target
        for attr, _, _, _ in value._FIELDS:
            classes_in(getattr(value, attr), found)
    return found


def test_repr_shows_what_is_set_and_pastes_back(
    api: tuple[ModuleType, Schema, ObjectBuilder],
) -> None:
    package, schema, builder = api
    pasted = 0
    for definition in schema.definitions:
        for full in (False, True):
            obj = builder.build(definition, full)
            text = repr(obj)
            if not full:
                assert "=None" not in text and "=False" not in text, text
            scope = classes_in(obj, {})
            assert eval(text, scope) == obj, text
            indented = package.pretty(obj, width=60)
            assert eval(indented, scope) == obj
            if len(text) > 60:
                assert indented.count("\n") > 1 and "\n    " in indented
            pasted += 1
    assert pasted == 2 * len(schema.definitions)
    assert repr(package.types.User(id=1)) == "User(id=1)"
    assert repr(package.types.User(id=1, bot=True, first_name="A")) == (
        "User(bot=True, id=1, first_name='A')"
    )
