"""The full-API reference (layer 222 + mtproto + every corpus error table and doc page, and the
seed pages), written once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import CORPUS_MISSING, REPO, corpus_dir
from tlgen.cli import main


def seed_pages() -> list[Path]:
    folder = Path(os.environ.get("TL_SEEDS", REPO.parent / "shared" / "seeds"))
    return sorted(folder.glob("*")) if folder.is_dir() else []


def full_api_arguments(corpus: Path) -> list[str]:
    arguments = []
    for schema in ("telegram/api/layer-222.tl", "telegram/mtproto.tl"):
        arguments += ["--schema", str(corpus / schema)]
    tables = [*sorted((corpus / "errors").glob("*.csv")), *sorted(corpus.glob("docs-*/*/*.md"))]
    for table in [*tables, *seed_pages()]:
        arguments += ["--errors", str(table)]
    return arguments


@pytest.fixture(scope="session")
def full_reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = corpus_dir()
    if corpus is None:
        pytest.skip(CORPUS_MISSING)
    out = tmp_path_factory.mktemp("reference") / "full"
    assert main(["docs", *full_api_arguments(corpus), "--out", str(out)]) == 0
    return out
