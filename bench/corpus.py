"""Where the benchmarks find the real-world corpus: `$TL_CORPUS`, by default ../shared/corpus
beside the checkout (as for the tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("TL_CORPUS", REPO.parent / "shared" / "corpus"))


def corpus_paths(*relative: str) -> list[Path]:
    """The corpus files at these paths, or exit naming the missing ones."""
    paths = [CORPUS / name for name in relative]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        sys.exit(f"corpus files missing: {', '.join(missing)} (set TL_CORPUS)")
    return paths


def api_files(layer: int = 222) -> list[Path]:
    """A Telegram API layer with Telegram's mtproto.tl, the schema most benchmarks use."""
    return corpus_paths(f"telegram/api/layer-{layer}.tl", "telegram/mtproto.tl")
