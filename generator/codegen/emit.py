"""Writing the generated package: all or nothing, and stale files removed.

The new tree is written beside the old one and swapped in by renames, so a failed or
interrupted run leaves the previous package as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def read_tree(package_dir: Path) -> dict[str, bytes]:
    """Every file under package_dir (except __pycache__), by relative path."""
    if not package_dir.is_dir():
        return {}
    files = {}
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files[path.relative_to(package_dir).as_posix()] = path.read_bytes()
    return files


def tree_differences(files: Mapping[str, bytes], package_dir: Path) -> list[str]:
    """What writing `files` would change: `+ path`, `- path`, `~ path`."""
    return _differences(files, read_tree(package_dir))


def _differences(files: Mapping[str, bytes], current: Mapping[str, bytes]) -> list[str]:
    changes = [f"+ {p}" for p in sorted(files.keys() - current.keys())]
    changes += [f"- {p}" for p in sorted(current.keys() - files.keys())]
    changes += [f"~ {p}" for p in sorted(files.keys() & current.keys()) if files[p] != current[p]]
    return changes


def write_tree(files: Mapping[str, bytes], package_dir: Path) -> bool:
    """Make package_dir hold exactly `files`. Returns False when it already did.

    A file that is unchanged is hard-linked from the old tree rather than written again: the
    HTML reference has thousands of files, and creating a link costs a fraction of a write.
    """
    current = read_tree(package_dir)
    if not _differences(files, current):
        return False
    parent = package_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{package_dir.name}.new-", dir=parent))
    try:
        folders = {staging}
        for relative, data in files.items():
            target = staging / relative
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if current.get(relative) != data or not _linked(package_dir / relative, target):
                target.write_bytes(data)
        if package_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{package_dir.name}.old-", dir=parent))
            os.rename(package_dir, retired / package_dir.name)
            os.rename(staging, package_dir)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, package_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


def _linked(source: Path, target: Path) -> bool:
    """Hard-link target to source; False where the file system cannot."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
