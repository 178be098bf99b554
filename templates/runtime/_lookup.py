"""The registry's lookups: constructor and function ids, and TL names, to classes.

Copied verbatim into every generated package by tlgen. `_registry.py` holds the package's tables
(its schema's definitions, then the MTProto envelope of `mtproto.py`, which a TDLib JSON package
has none of; and, in a TDLib JSON package, where each abstract type's base class is) and binds
its `find`, `find_by_name`, `find_all_by_name`, `find_base` and `names` to a Registry over them.
Classes load on first use.
"""

from __future__ import annotations

import importlib

from ._runtime import TLObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    # (id, TL name, module, class); an id of None: found by its name only.
    Entry = tuple["int | None", str, str, str]
    Where = tuple[str, str]  # (module, class)
else:
    # The annotations name these: strings, evaluated by typing.get_type_hints.
    Entry = "tuple[int | None, str, str, str]"
    Where = "tuple[str, str]"

_PACKAGE = __name__.rpartition(".")[0]


class Registry:
    """Ids and TL names to classes. The tables are indexed on first use and then never
    changed; they are complete before they are published, so a thread never sees half of
    them."""

    __slots__ = (
        "_constructors",
        "_functions",
        "_envelope",
        "_bases",
        "_tables",
        "_base_table",
        "_loaded",
    )

    def __init__(
        self,
        constructors: tuple[Entry, ...],
        functions: tuple[Entry, ...],
        envelope: tuple[Entry, ...],
        bases: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        self._constructors = constructors
        self._functions = functions
        self._envelope = envelope
        self._bases = bases  # (TL type, module, base class)
        self._tables: (
            tuple[dict[tuple[bool, int], Where], dict[tuple[bool, str], tuple[Where, ...]]] | None
        ) = None
        self._base_table: dict[str, Where] | None = None
        self._loaded: dict[Where, type[TLObject]] = {}

    def _index(
        self,
    ) -> tuple[dict[tuple[bool, int], Where], dict[tuple[bool, str], tuple[Where, ...]]]:
        by_id: dict[tuple[bool, int], Where] = {}
        by_name: dict[tuple[bool, str], tuple[Where, ...]] = {}
        for functions, entries in (
            (False, self._constructors),
            (True, self._functions),
            (False, self._envelope),
        ):
            for constructor_id, tl_name, module, name in entries:
                # The first entry for an id wins: the generator lists a definition that owns
                # its id before any that borrows it (TDLib's *Prefix pseudo-definitions), and
                # the schema's definitions before the envelope.
                if constructor_id is not None:
                    by_id.setdefault((functions, constructor_id), (module, name))
                key = (functions, tl_name)
                by_name[key] = (*by_name.get(key, ()), (module, name))
        self._tables = (by_id, by_name)
        return self._tables

    def _load(self, where: Where) -> type[TLObject]:
        cls = self._loaded.get(where)
        if cls is None:
            module = importlib.import_module(f"{_PACKAGE}.{where[0]}")
            cls = getattr(module, where[1])
            self._loaded[where] = cls
        return cls

    def find(self, constructor_id: int, functions: bool = False) -> type[TLObject] | None:
        """The class with this id, or None."""
        where = (self._tables or self._index())[0].get((functions, constructor_id))
        return None if where is None else self._load(where)

    def find_by_name(self, tl_name: str, functions: bool = False) -> type[TLObject] | None:
        """The class with this TL name (the schema's before the envelope's), or None."""
        found = (self._tables or self._index())[1].get((functions, tl_name))
        return None if found is None else self._load(found[0])

    def find_all_by_name(self, tl_name: str, functions: bool = False) -> tuple[type[TLObject], ...]:
        """Every class with this TL name, the schema's first: a name is shared only by a
        schema's definition and the envelope's (api.tl's `message` and the envelope's)."""
        found = (self._tables or self._index())[1].get((functions, tl_name), ())
        return tuple(self._load(where) for where in found)

    def find_base(self, type_name: str) -> type[TLObject] | None:
        """The runtime base class of the abstract TL type `type_name` (None: the package has
        none), loading its module only."""
        table = self._base_table
        if table is None:
            table = {type_name: (module, name) for type_name, module, name in self._bases}
            self._base_table = table
        where = table.get(type_name)
        return None if where is None else self._load(where)

    def names(self, functions: bool = False) -> tuple[str, ...]:
        """The TL name of every constructor (or function) of the schema, owners of shared ids
        first."""
        return tuple(entry[1] for entry in (self._functions if functions else self._constructors))
