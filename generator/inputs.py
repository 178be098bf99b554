"""What `tlgen generate` and `tlgen docs` read, loaded one way for the command line, the
benchmarks and the tests: the checked schema, the error tables merged into a catalog, the
descriptions, and the bytes of every file (the generated header digests them).

Every schema a command loads is checked for what the generated package could not carry
(codegen/limits.py) besides the schema's own rules, so that what `tlgen parse` accepts can be
generated: the schema layer itself knows nothing of Python (docs/ARCHITECTURE.md §1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .codegen import Planner, PlanOptions, check_generatable
from .errortables import (
    DescriptionCatalog,
    DocPage,
    ErrorCatalog,
    ErrorSource,
    build_catalog,
    build_descriptions,
    parse_error_source,
)
from .schema import LoadedSchema, Schema, SchemaCheck, load_schema, load_schema_bytes
from .spans import InputError, read_input

CHECKS: tuple[SchemaCheck, ...] = (check_generatable,)


def load_checked_schema(paths: Sequence[str | Path]) -> LoadedSchema:
    """The schema of these files, validated and checked for generation. Raises
    SchemaSyntaxError (an InputError) or OSError for a file that cannot be read."""
    return load_schema(paths, CHECKS)


def load_checked_schema_bytes(sources: Sequence[tuple[str, bytes]]) -> LoadedSchema:
    """Like load_checked_schema, for contents read elsewhere, named by label."""
    return load_schema_bytes(sources, CHECKS)


class InvalidInputs(Exception):
    """The inputs cannot be used: the schema has errors (`loaded`, with every diagnostic), or
    a file cannot be read (`unreadable`; `loaded` is the schema when it was read first)."""

    def __init__(
        self, loaded: LoadedSchema | None, unreadable: InputError | OSError | None = None
    ) -> None:
        super().__init__(str(unreadable) if unreadable else "the schema has errors")
        self.loaded = loaded
        self.unreadable = unreadable


@dataclass(frozen=True)
class Inputs:
    """The checked schema, its error catalog (None without tables) and descriptions, and
    (file name, bytes) of every input in order, schemas first."""

    loaded: LoadedSchema
    catalog: ErrorCatalog | None
    descriptions: DescriptionCatalog
    sources: tuple[tuple[str, bytes], ...]

    @property
    def schema(self) -> Schema:
        """The checked schema."""
        return self.loaded.schema

    def planner(self, options: PlanOptions) -> Planner:
        """The one Planner of these inputs: the package, its docstrings and the reference all
        read their Python from it."""
        return Planner(self.schema, options, self.catalog, self.descriptions)


def read_error_tables(paths: Sequence[str | Path]) -> list[tuple[ErrorSource, bytes]]:
    """Each table with the bytes it was read from. Raises InputError or OSError for the first
    that cannot be read."""
    tables = []
    for path in paths:
        data = read_input(path)
        tables.append((parse_error_source(data, path), data))
    return tables


def load_inputs(
    schema_paths: Sequence[str | Path], error_paths: Sequence[str | Path] = ()
) -> Inputs:
    """Load the schema files as one checked schema, then the error tables (doc pages, CSVs)
    into a catalog and the descriptions. Raises InvalidInputs."""
    try:
        loaded = load_checked_schema(schema_paths)
    except (InputError, OSError) as error:
        raise InvalidInputs(None, error) from None
    if not loaded.ok:
        raise InvalidInputs(loaded)
    try:
        tables = read_error_tables(error_paths)
    except (InputError, OSError) as error:
        raise InvalidInputs(loaded, error) from None
    catalog = build_catalog([table for table, _ in tables], loaded.schema) if tables else None
    pages = [table for table, _ in tables if isinstance(table, DocPage)]
    descriptions = build_descriptions(loaded.schema, pages, catalog)
    sources = [(Path(p).name, loaded.texts[p].encode("utf-8")) for p in loaded.schema.paths]
    sources += [(Path(p).name, data) for p, (_, data) in zip(error_paths, tables, strict=True)]
    return Inputs(loaded, catalog, descriptions, tuple(sources))
