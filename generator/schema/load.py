"""Load a schema from files: parse each, merge them, validate. The one entry point for stages
that need a checked schema (CLI, generator, diff)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..spans import Diagnostic
from .model import Schema
from .parse import decode_schema_bytes, merge_files, parse_file, parse_text
from .validate import validate


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


def load_schema(paths: Sequence[str | Path]) -> LoadedSchema:
    """Parse and validate several files as one schema.

    Raises SchemaSyntaxError for a file that is not TL and OSError for one that cannot be read.
    """
    files = [parse_file(path) for path in paths]
    schema, diagnostics = merge_files(files)
    diagnostics.extend(validate(schema))
    return LoadedSchema(schema, tuple(diagnostics), {f.path: f.text for f in files})


def load_schema_bytes(sources: Sequence[tuple[str, bytes]]) -> LoadedSchema:
    """Like load_schema, for contents read elsewhere (`git show REV:path`), named by label."""
    files = [parse_text(decode_schema_bytes(data, label), label) for label, data in sources]
    schema, diagnostics = merge_files(files)
    diagnostics.extend(validate(schema))
    return LoadedSchema(schema, tuple(diagnostics), {f.path: f.text for f in files})
