"""The root-module rule of docs/ARCHITECTURE.md §3, restated from its description for tests
(independently of tlgen.codegen.plan.root_modules, whose two constants it shares)."""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tlgen.codegen.plan.mtproto import is_envelope
from tlgen.codegen.plan.root_modules import MODULE_BUDGET, SPREAD
from tlgen.schema import Schema, namespace_of


def stem(tl_name: str) -> str:
    """`MessageMedia` -> `_message_media`, `DataJSON` -> `_data_json`, `P_Q_inner_data` ->
    `_p_q_inner_data`: a word starts at a capital after a small letter or a digit, and at the
    last capital of a run followed by a small letter; digits stay with the word before them."""
    local = tl_name.rpartition(".")[2]
    words: list[str] = []
    for i, char in enumerate(local):
        before = local[i - 1] if i else ""
        after = local[i + 1] if i + 1 < len(local) else ""
        if char == "_":
            words.append("")
            continue
        starts = char.isupper() and (
            before.islower() or before.isdigit() or (before.isupper() and after.islower())
        )
        if not words or starts:
            words.append("")
        words[-1] += char.lower()
    return "_" + "_".join(w for w in words if w)


def begins_a_module(tl_name: str) -> bool:
    return zlib.crc32(tl_name.encode("ascii")) % SPREAD == 0


def in_stem_order(names: Iterable[str]) -> list[str]:
    return sorted(names, key=lambda name: (stem(name), name))


def expected_root_modules(weights: Mapping[str, int], taken: Iterable[str] = ()) -> dict[str, str]:
    """Each item's module stem: runs in stem order, cut before a marked name and before an
    item that would take a module past MODULE_BUDGET classes; named after the first item, with
    an underscore added while the name is taken."""
    modules: list[list[str]] = []
    load = 0
    for name in in_stem_order(weights):
        if not modules or begins_a_module(name) or load + weights[name] > MODULE_BUDGET:
            modules.append([])
            load = 0
        modules[-1].append(name)
        load += weights[name]
    used = set(taken)
    result = {}
    for module in modules:
        module_stem = stem(module[0])
        while module_stem in used:
            module_stem += "_"
        used.add(module_stem)
        result.update(dict.fromkeys(module, module_stem))
    return result


@dataclass(frozen=True)
class RootLayout:
    """The root modules of a schema's package, each item's stem: the TL types of root
    constructors in types/, root abstract types in base/, root requests in functions/."""

    types: dict[str, str]
    base: dict[str, str]
    functions: dict[str, str]
    weights: dict[str, int]  # constructors per TL type of types/


def expected_layout(schema: Schema) -> RootLayout:
    """The rule applied to a schema (the envelope's definitions have no class; `Object` no
    base)."""
    constructors = [c for c in schema.constructors if not is_envelope(c)]
    weights = Counter(c.result.name for c in constructors if c.namespace is None)
    abstract = {c.result.name for c in constructors if namespace_of(c.result.name) is None}
    requests = [f.name for f in schema.functions if f.namespace is None]
    return RootLayout(
        types=expected_root_modules(weights),
        base=expected_root_modules(dict.fromkeys(sorted(abstract - {"Object"}), 1)),
        functions=expected_root_modules(dict.fromkeys(requests, 1)),
        weights=dict(weights),
    )
