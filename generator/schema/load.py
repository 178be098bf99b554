"""Load a schema from files: parse each, merge them, validate. The one entry point for stages
that need a checked schema; a later stage adds checks of its own (`checks`: codegen's limits,
run for every command by generator/inputs.py) without this layer knowing it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..spans import Diagnostic
from .model import Schema
from .parse import ParsedFile, decode_schema_bytes, merge_files, parse_file, parse_text
from .validate import validate

# A check run after validation: more diagnostics about the merged schema.
SchemaCheck = Callable[[Schema], list[Diagnostic]]


@dataclass(frozen=True)
class LoadedSchema:
    """A merged, validated schema with every diagnostic and the texts it came from."""

    schema: Schema
    diagnostics: tuple[Diagnostic, ...]
    texts: dict[str, str]

    @property
    def ok(self) -> bool:
        """No error among the diagnostics (warnings allowed)."""
        return not any(d.severity == "error" for d in self.diagnostics)


def load_schema(paths: Sequence[str | Path], checks: Sequence[SchemaCheck] = ()) -> LoadedSchema:
    """Parse and validate several files as one schema, then run `checks` on it.

    Raises SchemaSyntaxError for a file that is not TL and OSError for one that cannot be read.
    """
    return _checked([parse_file(path) for path in paths], checks)


def load_schema_bytes(
    sources: Sequence[tuple[str, bytes]], checks: Sequence[SchemaCheck] = ()
) -> LoadedSchema:
    """Like load_schema, for contents read elsewhere (`git show REV:path`), named by label."""
    files = [parse_text(decode_schema_bytes(data, label), label) for label, data in sources]
    return _checked(files, checks)


def _checked(files: Sequence[ParsedFile], checks: Sequence[SchemaCheck]) -> LoadedSchema:
    """Merged files with the merge's diagnostics, then validation's and the checks', those
    in file order."""
    schema, diagnostics = merge_files(files)
    found = validate(schema)
    for check in checks:
        found.extend(check(schema))
    found.sort(key=lambda d: (d.span.path, d.span.line, d.span.column))
    diagnostics.extend(found)
    return LoadedSchema(schema, tuple(diagnostics), {f.path: f.text for f in files})
