"""The files tlgen reads from its own installation: the Lark grammars beside their modules and
the templates (the package `<this package>.templates`, the repository's templates/ folder).

Read through importlib.resources, never through a filesystem path: an editable install, a wheel
and a zip import all resolve them (an installed templates folder is no directory of the source
tree)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources.abc from Python 3.11 on
    from importlib.abc import Traversable

# The templates are a subpackage of this package, wherever the package is installed.
TEMPLATES_PACKAGE = f"{__package__}.templates"


def templates() -> Traversable:
    """The templates folder (templates/ in the repository)."""
    return resources.files(TEMPLATES_PACKAGE)


def grammar(package: str, name: str) -> str:
    """The text of a grammar file shipped in `package` (`tl.lark`, `errors.lark`)."""
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def code_files() -> Iterator[tuple[str, bytes]]:
    """Every file of this package and of its templates, as (path inside it, bytes), sorted:
    what generated output depends on besides its inputs (for the run cache's key)."""
    for prefix, root in (("", resources.files(__package__)), ("templates/", templates())):
        yield from sorted((prefix + path, data) for path, data in _walk(root, ""))


def _walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    for entry in folder.iterdir():
        if entry.is_dir():
            # Installed, the templates are a subpackage: walked once, as templates/.
            if entry.name != "__pycache__" and prefix + entry.name != "templates":
                yield from _walk(entry, f"{prefix}{entry.name}/")
        elif not entry.name.endswith(".pyc"):
            yield prefix + entry.name, entry.read_bytes()
