"""Where a schema under review comes from: a file, or `REV:path` read from git, and the path
GitHub knows it by (for annotations)."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

from .. import spans
from ..spans import read_input


def read_revision(spec: str) -> bytes:
    """A file, or `REV:path` from git."""
    if os.path.lexists(spec) or ":" not in spec:
        return read_input(spec)
    revision, _, inside = spec.partition(":")
    if not revision or not inside:
        raise OSError(2, "No such file, nor a REV:path", spec)
    # --end-of-options: the spec is never read as one of git's options (--output=FILE ...).
    command = ["git", "cat-file", "--end-of-options", "blob", f"{revision}:{inside}"]
    limit = spans.MAX_INPUT_BYTES  # the limit of a file on disk, read no further
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as shown:
        assert shown.stdout is not None and shown.stderr is not None
        data = shown.stdout.read(limit + 1)
        if len(data) > limit:
            shown.kill()
            raise OSError(errno.EFBIG, f"larger than {limit} bytes", spec)
        errors = shown.stderr.read()
    if shown.returncode != 0:
        message = errors.decode("utf-8", "replace").strip() or "git cat-file failed"
        raise OSError(2, message, spec)
    return data


def repository_path(spec: str) -> str:
    """The path GitHub knows a schema by: `REV:path` -> `path`; a file -> its path from the top
    of its git work tree (as given when it is in none)."""
    path = Path(spec)
    if not path.is_file():
        inside = spec.partition(":")[2]
        if not inside.startswith(("./", "../")):
            return inside
        prefix = _git("rev-parse", "--show-prefix", cwd=Path.cwd()) or ""
        return os.path.normpath(os.path.join(prefix, inside))
    top = _git("rev-parse", "--show-toplevel", cwd=path.resolve().parent)
    if top is None:
        return spec
    return path.resolve().relative_to(Path(top).resolve()).as_posix()


def _git(*args: str, cwd: Path) -> str | None:
    """A git command's output line, or None outside a work tree (or without git)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def in_revision(spec: str) -> bool:
    """Whether git has the file `REV:path` names (False for a path the revision lacks, and
    for a revision that does not exist yet, as HEAD before the first commit)."""
    try:
        done = subprocess.run(
            ["git", "cat-file", "-e", "--end-of-options", spec], capture_output=True
        )
    except OSError:
        return False
    return done.returncode == 0
