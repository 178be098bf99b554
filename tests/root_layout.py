"""The root-module rule of docs/ARCHITECTURE.md §3, restated from its description for tests
(independently of tlgen.codegen.plan.root_modules, whose two constants it shares)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

from tlgen.codegen.plan.root_modules import MODULE_BUDGET, SPREAD


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
