"""Shared fixtures: where the real-world corpus is, and the files in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path | None:
    path = Path(os.environ.get("TL_CORPUS", REPO.parent / "shared" / "corpus"))
    return path if path.is_dir() else None


def corpus_tl_files() -> list[Path]:
    root = corpus_dir()
    return sorted(root.rglob("*.tl")) if root else []


CORPUS_MISSING = (
    "TL corpus NOT FOUND (set TL_CORPUS or put it at ../shared/corpus): "
    "the real-data tests did not run"
)


@pytest.fixture
def corpus() -> Path:
    root = corpus_dir()
    if root is None:
        pytest.skip(CORPUS_MISSING)
    return root
