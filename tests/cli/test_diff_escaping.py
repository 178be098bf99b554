"""Names from inputs reach a pull-request comment inert: an error name with a mention, an image
or HTML stays literal in markdown, and annotation properties are escaped (GitHub's workflow
command syntax: `%`, CR, LF, and in properties `:` and `,`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tlgen.errortables.catalog import ErrorCatalog, build_catalog
from tlgen.errortables.read import parse_error_source
from tlgen.review.diff import diff_schemas
from tlgen.review.findings import SchemaSource
from tlgen.review.report import render_github, render_markdown
from tlgen.schema.load import load_schema_bytes

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


# -- the PR comment through GitHub's own Markdown engine (cmark-gfm, PyPI `cmarkgfm`) ---------

REASON = (
    "ok @admin ![x](https://example.invalid/x.png) [link](https://example.invalid) "
    "https://example.invalid/bare </details> <img src=x> `tick` **bold**"
)


def github_html(markdown: str) -> str:
    """The comment as GitHub renders it: GFM extensions, raw HTML allowed (GitHub then filters
    tags itself, but a tag that reaches the HTML at all is already a break-out)."""
    from cmarkgfm import markdown_to_html_with_extensions
    from cmarkgfm.cmark import Options

    extensions = ["table", "autolink", "strikethrough", "tagfilter", "tasklist"]
    return markdown_to_html_with_extensions(
        markdown, options=Options.CMARK_OPT_UNSAFE, extensions=extensions
    )


class _Elements(HTMLParser):
    """Tags in the rendered comment, and the text outside <code> (where mentions work)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.code_depth = 0
        self.plain: list[str] = []
        self.code: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.code_depth += tag in ("code", "pre")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)
        self.code_depth -= tag in ("code", "pre")

    def handle_data(self, data: str) -> None:
        (self.code if self.code_depth else self.plain).append(data)


def elements(markdown: str) -> _Elements:
    parsed = _Elements()
    parsed.feed(github_html(markdown))
    return parsed


def test_the_engine_shows_what_an_unescaped_comment_would_do() -> None:
    raw = elements(f"- accepted: {REASON}\n")
    assert {"img", "a", "/details", "strong"} <= set(raw.tags)
    assert re.search(r"@\w", "".join(raw.plain))


def test_allow_reasons_and_labels_stay_text_in_the_pr_comment() -> None:
    label = "odd`name @admin ![i](https://example.invalid/i.png) </details>.tl"
    old = source(label)
    many = [f"E{i}_ERR" for i in range(12)]  # more than FOLD_AFTER: a <details> fold
    result = diff_schemas(old, old, catalog(many), catalog([]))
    accepted = {f.fingerprint: REASON for f in result.findings}
    markdown = render_markdown(result, accepted)
    parsed = elements(markdown)
    assert "img" not in parsed.tags and "a" not in parsed.tags  # (**verdicts** are ours)
    assert parsed.tags.count("details") == parsed.tags.count("/details") == 1
    assert not re.search(r"@\w", "".join(parsed.plain))  # a mention needs @ then a word
    # The label is whole in the heading, and each reason whole in a code span.
    heading = github_html(markdown.split("\n", 1)[0])
    assert heading.count("<code>") == 2
    code = "".join(parsed.code)
    assert code.count(label) >= 2 and code.count(REASON) == len(result.findings)
