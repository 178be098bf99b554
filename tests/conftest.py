"""Shared fixtures: where the real-world corpus is, and the files in it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tlgen.schema.model import Schema

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


# Schemas from the corpus that tests generate packages from, by key.
CORPUS_SCHEMAS = {
    "telegram222": ("telegram/api/layer-222.tl", "telegram/mtproto.tl"),
    "telegram216": ("telegram/api/layer-216.tl", "telegram/mtproto.tl"),
    "tdlib": ("tdlib/telegram_api.tl", "tdlib/mtproto_api.tl"),
    # Layer 222 with each other MTProto file: TDLib's, and ours (an absolute path stays as is).
    "telegram222+tdlib_mtproto": ("telegram/api/layer-222.tl", "tdlib/mtproto_api.tl"),
    "telegram222+our_mtproto": ("telegram/api/layer-222.tl", str(REPO / "schema" / "mtproto.tl")),
    "telegram113": ("telegram/api/layer-113.tl", "telegram/mtproto.tl"),
}


@pytest.fixture(scope="session")
def corpus_package(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], tuple[ModuleType, Schema]]:
    """Generate (once per session) and import the package of a corpus schema."""
    from tests.helpers import generate_from_files
    from tlgen.schema.load import load_schema

    built: dict[str, tuple[ModuleType, Schema]] = {}

    def get(key: str) -> tuple[ModuleType, Schema]:
        root = corpus_dir()
        if root is None:
            pytest.skip(CORPUS_MISSING)
        if key not in built:
            paths = [root / p for p in CORPUS_SCHEMAS[key]]
            name = "corpus_" + "".join(c if c.isalnum() else "_" for c in key)
            package = generate_from_files(paths, tmp_path_factory.mktemp(name), name)
            built[key] = (package, load_schema(paths).schema)
        return built[key]

    return get


@pytest.fixture(autouse=True)
def _no_job_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run in GitHub Actions too: `tlgen diff` must not append to that job's summary."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
