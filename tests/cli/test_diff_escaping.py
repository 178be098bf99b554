"""Names from inputs reach a pull-request comment inert: an error name with a mention, an image
or HTML stays literal in markdown, and annotation properties are escaped (GitHub's workflow
command syntax: `%`, CR, LF, and in properties `:` and `,`)."""

from __future__ import annotations

import re

from generator.errortables.catalog import ErrorCatalog, build_catalog
from generator.errortables.read import parse_error_source
from generator.review.diff import diff_schemas
from generator.review.findings import SchemaSource
from generator.review.report import render_github, render_markdown
from generator.schema.load import load_schema_bytes

HOSTILE = "@admin ![x](https://example.invalid/x.png) <img src=x onerror=alert(1)> `tick`"


def catalog(names: list[str]) -> ErrorCatalog:
    rows = "".join(f'"{n}",400,"bad"\n' for n in names)
    return build_catalog(
        [parse_error_source(("name,codes,description\n" + rows).encode(), "errors.csv")]
    )


def source(label: str) -> SchemaSource:
    loaded = load_schema_bytes([(label, b"// LAYER 1\na#1 = A;\n")])
    return SchemaSource(loaded.schema, loaded.texts, label, repo_path=label)


def outside_code_spans(markdown: str) -> str:
    return re.sub(r"(`+) .*? \1|(`+)[^`]*?\2", "", markdown)


def test_markdown_keeps_a_hostile_error_name_inside_a_code_span() -> None:
    result = diff_schemas(source("a.tl"), source("a.tl"), catalog([]), catalog([HOSTILE]))
    markdown = render_markdown(result, {})
    assert HOSTILE in markdown  # literally, inside a code span
    rest = outside_code_spans(markdown)
    for active in ("@admin", "![x]", "<img"):
        assert active not in rest


def test_annotation_properties_are_escaped() -> None:
    old, new = source("dir,with:odd.tl"), source("dir,with:odd.tl")
    result = diff_schemas(old, new, catalog([]), catalog(["NEW_ERROR"]))
    (line,) = [x for x in render_github(result, {}).splitlines() if x.startswith("::")]
    assert "file=dir%2Cwith%3Aodd.tl" in line
