"""Module texts -> black-formatted texts, with a pinned mode and a content-hash cache."""

from __future__ import annotations

import ast
import hashlib
import os
import stat
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .emit import write_cache_file

if TYPE_CHECKING:
    import black

# Pinned: the generated package must be byte-identical wherever it is regenerated. black itself
# is imported only when a module is not in the cache (its import alone costs a quarter second).
LINE_LENGTH = 100
TARGET_VERSION = "PY310"
# Below this much unformatted text, worker processes cost more than they save.
_PARALLEL_THRESHOLD = 400_000
# No formatted module comes near this; a larger cache entry is not one we wrote.
_MAX_ENTRY = 256 * 1024 * 1024


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
    """The pinned black mode every generated module is formatted with."""
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
    """One module formatted by black's single pass; FormatError when black refuses it."""
    try:
        return _format_pass()(text, mode=black_mode())
    except Exception as error:  # black raises several types for unparsable input
        raise FormatError(f"{path}: black could not format the rendered module: {error}") from None


def _format_job(job: tuple[str, str]) -> str:
    return format_module(*job)


@cache
def _mode_key() -> bytes:
    settings = f"black {metadata.version('black')} {TARGET_VERSION} {LINE_LENGTH} no-mtc v2\0"
    return settings.encode()


def _cache_key(text: str) -> str:
    digest = hashlib.sha256(_mode_key())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def _warn(message: str) -> None:
    print(f"tlgen: warning: {message}", file=sys.stderr)


def format_modules(
    texts: Mapping[str, str], cache_dir: Path | None, warn: Callable[[str], None] = _warn
) -> dict[str, str]:
    """Format every module; reuse earlier results for texts already formatted once. Cache
    entries that fail verification are reported through `warn` and formatted again."""
    formatted: dict[str, str] = {}
    missing: dict[str, str] = {}
    for path, text in texts.items():
        cached = _cache_read(cache_dir, _cache_key(text), warn) if cache_dir else None
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
    for (path, text), result in zip(jobs, results, strict=True):
        formatted[path] = result
        if cache_dir:
            _cache_write(cache_dir, _cache_key(text), result)
    return {path: formatted[path] for path in texts}


def _cache_read(cache_dir: Path, key: str, warn: Callable[[str], None]) -> str | None:
    """The formatted text stored under key, or None. An entry is used only when it is a
    regular file (links are not followed), its first line is the SHA-256 of the rest, the
    rest is UTF-8 and parses as Python; otherwise it is ignored with a warning."""
    path = cache_dir / key[:2] / key
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        warn(f"ignoring cache entry {path}: {error.strerror}")
        return None
    try:
        with os.fdopen(fd, "rb") as entry:
            if not stat.S_ISREG(os.fstat(entry.fileno()).st_mode):
                warn(f"ignoring cache entry {path}: not a regular file")
                return None
            data = entry.read(_MAX_ENTRY + 1)
    except OSError as error:
        warn(f"ignoring cache entry {path}: {error.strerror}")
        return None
    digest, newline, body = data.partition(b"\n")
    if not newline or digest != hashlib.sha256(body).hexdigest().encode():
        warn(f"ignoring cache entry {path}: its digest does not match its text")
        return None
    try:
        text = body.decode("utf-8")
        ast.parse(text, filename=str(path))
    except (UnicodeDecodeError, SyntaxError, ValueError):
        warn(f"ignoring cache entry {path}: not a Python module")
        return None
    return text


def _cache_write(cache_dir: Path, key: str, text: str) -> None:
    body = text.encode("utf-8")
    entry = hashlib.sha256(body).hexdigest().encode() + b"\n" + body
    write_cache_file(cache_dir / key[:2], key, entry)
