"""Module texts -> black-formatted texts, with a pinned mode and a content-hash cache."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import black

# Pinned: the generated package must be byte-identical wherever it is regenerated. black itself
# is imported only when a module is not in the cache (its import alone costs a quarter second).
LINE_LENGTH = 100
TARGET_VERSION = "PY310"
# Below this much unformatted text, worker processes cost more than they save.
_PARALLEL_THRESHOLD = 400_000


class FormatError(Exception):
    """black refused a rendered module: a template produced invalid Python."""


def default_cache_dir() -> Path:
    """$TLGEN_CACHE_DIR, else tlgen/ in $XDG_CACHE_HOME or ~/.cache."""
    explicit = os.environ.get("TLGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tlgen"


@cache
def black_mode() -> black.Mode:
    from black.mode import Mode, TargetVersion

    return Mode(
        target_versions={TargetVersion[TARGET_VERSION]},
        line_length=LINE_LENGTH,
        string_normalization=True,
        magic_trailing_comma=False,
    )


@cache
def _format_pass() -> Callable[..., str]:
    """black's one formatting pass. black.format_str runs it a second time whenever the first
    changed anything, to settle magic trailing commas; with those off (black_mode) the second
    run changes nothing, and it takes longer than the first. The tests check that every module
    of the generated package is a fixed point of black.format_str, which makes one pass's
    output exactly format_str's. format_str itself is the fallback if black drops the name."""
    import black

    one_pass: Callable[..., str] = getattr(black, "_format_str_once", black.format_str)
    return one_pass


def format_module(path: str, text: str) -> str:
    try:
        return _format_pass()(text, mode=black_mode())
    except Exception as error:  # black raises several types for unparsable input
        raise FormatError(f"{path}: black could not format the rendered module: {error}") from None


def _format_job(job: tuple[str, str]) -> str:
    return format_module(*job)


@cache
def _mode_key() -> bytes:
    settings = f"black {metadata.version('black')} {TARGET_VERSION} {LINE_LENGTH} no-mtc\0"
    return settings.encode()


def _cache_key(text: str) -> str:
    digest = hashlib.sha256(_mode_key())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def format_modules(texts: Mapping[str, str], cache_dir: Path | None) -> dict[str, str]:
    """Format every module; reuse earlier results for texts already formatted once."""
    formatted: dict[str, str] = {}
    missing: dict[str, str] = {}
    for path, text in texts.items():
        cached = _cache_read(cache_dir, _cache_key(text)) if cache_dir else None
        if cached is None:
            missing[path] = text
        else:
            formatted[path] = cached
    jobs = sorted(missing.items(), key=lambda item: -len(item[1]))
    if sum(len(text) for _, text in jobs) > _PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 4)) as pool:
            results = list(pool.map(_format_job, jobs))
    else:
        results = [_format_job(job) for job in jobs]
    for (path, text), result in zip(jobs, results):
        formatted[path] = result
        if cache_dir:
            _cache_write(cache_dir, _cache_key(text), result)
    return {path: formatted[path] for path in texts}


def _cache_read(cache_dir: Path, key: str) -> str | None:
    try:
        return (cache_dir / key[:2] / key).read_text(encoding="utf-8")
    except OSError:
        return None


def _cache_write(cache_dir: Path, key: str, text: str) -> None:
    folder = cache_dir / key[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as f:
            f.write(text)
        os.replace(f.name, folder / key)
    except OSError:
        pass  # a cache that cannot be written only costs time
