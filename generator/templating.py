"""The one way a Jinja2 environment over tlgen's templates is built (for the generated package,
codegen/render.py, and for the HTML reference, docs/render.py). The templates are read as
package resources (resources.py), so that a wheel, an editable install and the source tree all
render the same text."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import jinja2

from .resources import templates

if TYPE_CHECKING:  # importlib.resources.abc from Python 3.11 on
    from importlib.abc import Traversable


class ResourceLoader(jinja2.BaseLoader):
    """Jinja2 templates read from a folder of package resources (`/` separates folders)."""

    def __init__(self, root: Traversable) -> None:
        self.root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        entry = self.root
        for part in template.split("/"):  # joinpath takes one part before Python 3.11
            entry = entry / part
        if not entry.is_file():
            raise jinja2.TemplateNotFound(template)
        # No filename (resources may have none) and always up to date (they never change
        # while a command runs).
        return entry.read_text(encoding="utf-8"), None, lambda: True


def template_environment(folder: str, html: bool) -> jinja2.Environment:
    """A new environment over templates/<folder> ("" for templates/ itself), which its caller
    owns (adds its filters to, keeps for its templates' compiled form): StrictUndefined, so
    that a missing view-model field fails loudly; tags on lines of their own, indented like
    the text around them (trim_blocks, lstrip_blocks); HTML autoescaped when `html`."""
    root = templates().joinpath(folder) if folder else templates()
    return jinja2.Environment(
        loader=ResourceLoader(root),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
    )
