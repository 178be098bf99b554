"""Whole-API proof that generation writes black's output without running black: every module of
the layer-222 (with the corpus error tables and their descriptions) and TDLib packages is a fixed point of black in the
pinned mode, and no piece needed black (docs/ARCHITECTURE.md §3, codegen/layout.py)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import CORPUS_SCHEMAS
from tlgen.codegen.generate import GenerationOptions, build_files
from tlgen.inputs import load_inputs


def black_changes(item: tuple[str, str]) -> str | None:
    """The module's path if black would change it."""
    import black

    from tlgen.codegen.format import black_mode

    path, text = item
    return None if black.format_str(text, mode=black_mode()) == text else path


def error_tables(corpus: Path) -> list[Path]:
    return [
        corpus / "errors" / "telethon-errors.csv",
        corpus / "errors" / "telethon-methods.csv",
        *sorted((corpus / "docs-gramjs" / "src-tl").glob("*.md")),
        *sorted((corpus / "docs-madeline" / "2022-01").glob("*.md")),
    ]


@pytest.mark.parametrize("key", ["telegram222", "tdlib"])
def test_every_module_is_black_output_without_black(corpus: Path, key: str) -> None:
    paths = [corpus / p for p in CORPUS_SCHEMAS[key]]
    tables = error_tables(corpus) if key == "telegram222" else []
    # Docstrings as `tlgen generate` writes them: descriptions from the doc pages (and TDLib's
    # `//@` comments), arguments, errors.
    inputs = load_inputs(paths, tables)
    options = GenerationOptions(catalog=inputs.catalog, descriptions=inputs.descriptions)
    files, stats = build_files(inputs.schema, inputs.sources, options)
    assert stats is not None
    # The fallback to black is never needed for the corpus: every piece was laid out directly.
    assert stats.black_pieces == ()
    assert stats.pieces > 3000
    modules = {p: data.decode() for p, data in files.items() if p.endswith(".py")}
    assert len(modules) > 100
    with ProcessPoolExecutor(max_workers=2) as pool:
        changed = [path for path in pool.map(black_changes, modules.items()) if path]
    assert changed == []
