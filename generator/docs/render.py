"""The reference's view model -> its files, through the Jinja2 templates in templates/docs/."""

from __future__ import annotations

from ..resources import templates
from ..templating import template_environment
from .model import Reference

# Marks a folder `tlgen docs` wrote, so that it replaces no other folder (see cli).
MARKER = ".tlgen-reference"
MARKER_TEXT = b"An HTML reference written by tlgen docs; it replaces this folder as a whole.\n"
STATIC_FILES = ("style.css", "search.js")


def render_reference(reference: Reference) -> dict[str, bytes]:
    """Every file of the reference, by path inside it."""
    env = template_environment("docs", html=True)
    pages: dict[str, str] = {}
    common = {"ref": reference}
    pages["index.html"] = env.get_template("index.html.j2").render(up="", **common)
    pages["errors.html"] = env.get_template("errors.html.j2").render(up="", **common)
    namespace_page = env.get_template("namespace.html.j2")
    for namespace in reference.namespaces:
        pages[namespace.href] = namespace_page.render(up="../", ns=namespace, **common)
    definition_page = env.get_template("definition.html.j2")
    for definition in (*reference.methods, *reference.constructors):
        pages[definition.href] = definition_page.render(up="../", d=definition, **common)
    type_page = env.get_template("type.html.j2")
    for type_view in reference.types:
        pages[type_view.href] = type_page.render(up="../", t=type_view, **common)
    pages["search-index.js"] = reference.search_index()
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    for name in STATIC_FILES:
        files[name] = (templates() / "docs" / name).read_bytes()
    files[MARKER] = MARKER_TEXT
    return dict(sorted(files.items()))
