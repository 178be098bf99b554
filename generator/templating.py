"""Where the Jinja2 templates live, and the one way an environment over them is built (for
the generated package, codegen/render.py, and for the HTML reference, docs/render.py)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import jinja2


def templates_dir() -> Path:
    """templates/ of the source tree; the installed copy when running from a wheel."""
    source = Path(__file__).resolve().parents[1] / "templates"
    if (source / "module.py.j2").is_file():
        return source
    return Path(str(resources.files("tlgen_templates")))


@cache
def template_environment(folder: str, html: bool) -> jinja2.Environment:
    """An environment over templates/<folder> ("" for templates/ itself): StrictUndefined, so
    that a missing view-model field fails loudly; tags on lines of their own, indented like
    the text around them (trim_blocks, lstrip_blocks); HTML autoescaped when `html`."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / folder)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
    )
