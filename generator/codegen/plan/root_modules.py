"""Which module holds each definition of the root namespace.

A namespace is one module (`types/auth.py`). The root namespace is most of a real schema
(Telegram's api.tl: 403 root types; TDLib: 738 types and 1,010 requests; a generated schema:
tens of thousands), too much for one module and too many for a file each. So its items are
packed into small modules, by one rule in types/, base/ and functions/:

- the items (a TL type with its root constructors, an abstract type, a request) are taken in
  the order of their stems (`_message_media`), each weighing the classes it brings;
- a module ends before an item that would take it past MODULE_BUDGET classes, and before every
  item whose name's CRC32 is a multiple of SPREAD. Boundaries set by the names themselves keep a
  layer bump's new or removed items from regrouping every module after them: only the
  neighbourhood of a change moves (greedy packing alone moved three times as many classes over
  the corpus' layer bumps);
- a module is named after its first item (`_message_media`), with underscores added when a
  namespace's module has that name (naming.root_module_names).

An item heavier than the budget (api.tl's Update, 153 constructors) is a module of its own.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

from .. import naming

# Classes per module: importing one class loads at most this many (or one heavy item's).
MODULE_BUDGET = 24
# One item in SPREAD starts a module of its own accord: modules average under SPREAD items.
SPREAD = 8


def starts_module(tl_name: str) -> bool:
    """Whether an item begins a new module whatever precedes it (its name decides)."""
    return zlib.crc32(tl_name.encode()) % SPREAD == 0


def pack_root_modules(weights: Mapping[str, int], taken: Iterable[str]) -> dict[str, str]:
    """The module stem of each root item (TL name -> stem), given each item's weight in
    classes and the stems that namespaces' modules already take."""
    order = sorted(weights, key=lambda name: (naming.root_module_stem(name), name))
    groups: list[list[str]] = []
    load = 0
    for name in order:
        weight = weights[name]
        if not groups or load + weight > MODULE_BUDGET or starts_module(name):
            groups.append([])
            load = 0
        groups[-1].append(name)
        load += weight
    stems = naming.root_module_names(taken, [naming.root_module_stem(g[0]) for g in groups])
    return {name: stem for group, stem in zip(groups, stems, strict=True) for name in group}
