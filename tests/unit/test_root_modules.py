"""The root namespace's modules (docs/ARCHITECTURE.md §3): items packed in the order of their
stems into modules of at most MODULE_BUDGET classes, a module starting at every item whose
name's CRC32 is a multiple of SPREAD; never the module of a namespace.

The rule is restated in tests/root_layout.py from its description, and checked against the
generator both as properties over random items and on a generated package."""

from __future__ import annotations

import importlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import generate_from_text
from tests.root_layout import begins_a_module, expected_root_modules, in_stem_order, stem
from tlgen.codegen.plan.root_modules import MODULE_BUDGET, pack_root_modules

SCHEMA = """
message#10 x:int = Message;
messageEmpty#11 = Message;
messageMedia#12 = MessageMedia;
_message.foo#13 y:int = _message.Foo;
auth.foo#14 m:Message = auth.Foo;
"""


def test_a_namespace_keeps_its_module_and_root_modules_step_aside(tmp_path: Path) -> None:
    assert not begins_a_module("MessageMedia")  # so Message and MessageMedia share a module
    package = generate_from_text(SCHEMA, tmp_path, "rootmods")
    folder = Path(package.__file__ or "").parent
    assert sorted(p.name for p in (folder / "types").glob("_[!_]*.py")) == [
        "_message.py",  # the namespace _message
        "_message_.py",  # the root constructors of Message and MessageMedia
    ]
    assert sorted(p.name for p in (folder / "base").glob("_[!_]*.py")) == [
        "_message.py",
        "_message_.py",
    ]
    types = importlib.import_module("rootmods.types")
    assert types.Message.__module__ == types.MessageMedia.__module__ == "rootmods.types._message_"
    assert importlib.import_module("rootmods.types._message").Foo.TL_NAME == "_message.foo"
    base = importlib.import_module("rootmods.base")
    assert (
        base.TypeMessage.__module__ == base.TypeMessageMedia.__module__ == "rootmods.base._message_"
    )
    assert set(types.__all__) == {"Message", "MessageEmpty", "MessageMedia", "_message", "auth"}


# Names like TL's: an upper-case word, then words or digits (clashing stems included:
# `DataJSON` and `DataJson` are both `_data_json`).
names = st.from_regex(r"[A-Z][a-z]{0,3}([A-Z][a-zA-Z]{0,3}|[0-9]{1,2}){0,2}", fullmatch=True)
items = st.dictionaries(names, st.integers(1, 40), max_size=60)


def modules(packed: dict[str, str]) -> list[list[str]]:
    """The modules of a packing, each its items in order, in the order of the items."""
    order = in_stem_order(packed)
    grouped: dict[str, list[str]] = {}
    for name in order:
        grouped.setdefault(packed[name], []).append(name)
    return list(grouped.values())


@given(items)
def test_modules_are_runs_in_stem_order_cut_where_the_rule_says(weights: dict[str, int]) -> None:
    packed = pack_root_modules(weights, taken=())
    groups = modules(packed)
    assert packed == expected_root_modules(weights)
    order = in_stem_order(weights)
    assert [name for group in groups for name in group] == order  # contiguous runs
    for previous, group in zip([[]] + groups, groups, strict=False):
        load = sum(weights[n] for n in group)
        assert load <= MODULE_BUDGET or len(group) == 1
        assert not any(begins_a_module(n) for n in group[1:])
        # A module begins at a marked name or where the previous one would overflow.
        overflow = sum(weights[n] for n in previous) + weights[group[0]] > MODULE_BUDGET
        assert not previous or begins_a_module(group[0]) or overflow
    assert all(packed[group[0]].rstrip("_") == stem(group[0]) for group in groups)


@given(items, names, st.integers(1, 40))
def test_adding_an_item_moves_only_its_neighbourhood(
    weights: dict[str, int], added: str, weight: int
) -> None:
    before = pack_root_modules(weights, taken=())
    after = pack_root_modules({**weights, added: weight}, taken=())
    order = in_stem_order({*weights, added})
    at = order.index(added)
    # The neighbourhood: from the last marked name at or before the new item to the next
    # marked name after it.
    start = max([i for i in range(at + 1) if begins_a_module(order[i])], default=0)
    end = min([i for i in range(at + 1, len(order)) if begins_a_module(order[i])], default=None)
    outside = order[:start] + (order[end:] if end is not None else [])
    assert together(after, outside) == together(before, outside)


def together(packed: dict[str, str], subset: list[str]) -> dict[str, tuple[str, frozenset[str]]]:
    """Each name's module, less underscores a clash of stems added, and who shares it."""
    return {
        n: (packed[n].rstrip("_"), frozenset(m for m in subset if packed[m] == packed[n]))
        for n in subset
    }


def test_items_that_take_a_namespaces_module_step_aside() -> None:
    weights = {"Auth": 1, "Document": 1, "Message": 1}
    assert begins_a_module("Document") and not begins_a_module("Message")
    packed = pack_root_modules(weights, taken={"_auth", "auth", "_document"})
    assert packed == {"Auth": "_auth_", "Document": "_document_", "Message": "_document_"}
    assert packed == expected_root_modules(weights, taken={"_auth", "auth", "_document"})


def test_an_item_over_the_budget_is_alone_and_small_ones_share() -> None:
    small = [f"Thing{i}" for i in range(200) if not begins_a_module(f"Thing{i}")][:30]
    packed = pack_root_modules({"Thingamajig": MODULE_BUDGET + 5} | dict.fromkeys(small, 1), ())
    assert [n for n, m in packed.items() if m == packed["Thingamajig"]] == ["Thingamajig"]
    # 30 unmarked items of one class each: one full module of MODULE_BUDGET, then the rest.
    sizes = sorted(len(g) for g in modules({n: packed[n] for n in small}))
    assert sizes == [30 - MODULE_BUDGET, MODULE_BUDGET]
