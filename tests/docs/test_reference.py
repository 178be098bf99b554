"""`tlgen docs` without a browser: contents, determinism, the folder it may replace, and the
descriptions merged into docstrings."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.docs.conftest import full_api_arguments
from tlgen.cli import main
from tlgen.errortables.descriptions import build_descriptions
from tlgen.errortables.read import DocPage, parse_doc_page, read_error_source
from tlgen.schema.parse import merge_files, parse_text

sys.path.insert(0, str(REPO / "generated"))

from tl.functions.auth import ResendCode  # noqa: E402


def test_full_reference_counts_match_the_schema(full_reference: Path, corpus: Path) -> None:
    # Counted from the TL text without our parser: definitions ending in `= Type;` after the
    # `---functions---` line are methods.
    text = (corpus / "telegram" / "api" / "layer-222.tl").read_text(encoding="utf-8")
    _, _, functions_part = text.partition("---functions---")
    methods = [line for line in functions_part.splitlines() if re.match(r"^[a-zA-Z][\w.]*#", line)]
    assert len(list((full_reference / "method").glob("*.html"))) >= len(methods) > 700
    index = (full_reference / "index.html").read_text(encoding="utf-8")
    shown = int(re.search(r'id="count-methods">(\d+)<', index).group(1))  # type: ignore[union-attr]
    assert shown == len(list((full_reference / "method").glob("*.html")))


def test_pages_link_only_inside_the_reference(full_reference: Path) -> None:
    for page in [full_reference / "index.html", *(full_reference / "method").glob("auth.*.html")]:
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8"))
        assert hrefs
        assert not [h for h in hrefs if re.match(r"[a-z]+:|/", h)], page


def test_output_is_deterministic_and_replaces_only_a_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["docs", "--out", str(first)]) == 0
    assert main(["docs", "--out", str(second)]) == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    assert main(["docs", "--out", str(first)]) == 0
    assert "unchanged" in capsys.readouterr().out
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    assert main(["docs", "--out", str(precious)]) == 2
    assert "refusing to replace it" in capsys.readouterr().err
    assert (precious / "notes.txt").read_text() == "keep me"


def test_default_reference_shows_schema_descriptions(tmp_path: Path) -> None:
    assert main(["docs", "--out", str(tmp_path / "ref")]) == 0
    page = (tmp_path / "ref" / "method" / "ping.html").read_text(encoding="utf-8")
    assert "Check that the connection is alive" in page
    assert "Random number that the pong repeats" in page
    assert "mtproto.tl:" in page


def test_docstrings_carry_description_args_result_errors_and_bots() -> None:
    doc = ResendCode.__doc__ or ""
    assert doc.startswith("Send the login code again")
    assert "    phone_number (str): Phone number in international format" in doc
    assert "    reason (str | None): Why the code is requested again" in doc
    assert "Result: ``tl.base.auth.SentCode``" in doc
    assert "Bots cannot use this method." in doc
    assert "406 ``SEND_CODE_UNAVAILABLE``" in doc
    init_doc = ResendCode.__init__.__doc__ or ""
    assert "phone_code_hash (str): The hash returned by auth.sendCode" in init_doc


GRAMJS_PAGE = """# auth.ResendCode

Resend the login code via another medium, see [login](https://core.telegram.org/api/auth).

## Parameters

|       Name        | Type  | Description |
| :---------------: | ----- | ----------- |
|  **phoneNumber**  | [string](https://core.telegram.org/type/string) | The phone number |
| **phoneCodeHash** | [string](https://core.telegram.org/type/string) | The hash from [auth.sendCode](x) |
"""

MADELINE_PAGE = """---
title: "auth.resendCode"
---
# Method: auth.resendCode
[Back to methods index](index.html)



Resend the login code through another medium.

### Parameters:

| Name     |    Type       | Description | Required |
|----------|---------------|-------------|----------|
|phone\\_number|[string](/API_docs/types/string.html) | The phone number | Yes|
|phone\\_code\\_hash|[string](/API_docs/types/string.html) |  | Yes|
"""


def test_doc_pages_of_both_formats_give_descriptions_with_positions() -> None:
    gramjs = parse_doc_page(GRAMJS_PAGE, "a.md")
    assert gramjs.description is not None
    assert gramjs.description.text == "Resend the login code via another medium, see login."
    assert gramjs.description.span.line == 3
    assert [(n, d.text, d.span.line) for n, d in gramjs.param_docs] == [
        ("phone_number", "The phone number", 9),
        ("phone_code_hash", "The hash from auth.sendCode", 10),
    ]
    madeline = parse_doc_page(MADELINE_PAGE, "b.md")
    assert madeline.description is not None
    assert madeline.description.text == "Resend the login code through another medium."
    assert madeline.description.span.line == 9
    assert [(n, d.text) for n, d in madeline.param_docs] == [("phone_number", "The phone number")]


def test_schema_comments_win_and_disagreements_are_conflicts() -> None:
    schema, _ = merge_files(
        [
            parse_text(
                "---functions---\n"
                "//@description Send the code again @phone_number Phone number, international\n"
                "auth.resendCode phone_number:string phone_code_hash:string = Bool;\n",
                "s.tl",
            )
        ]
    )
    pages = [parse_doc_page(GRAMJS_PAGE, "a.md"), parse_doc_page(MADELINE_PAGE, "b.md")]
    catalog = build_descriptions(schema, pages)
    described = catalog.of("function", "auth.resendCode")
    assert described is not None
    assert described.text == "Send the code again"
    assert described.params == (
        ("phone_number", "Phone number, international"),
        ("phone_code_hash", "The hash from auth.sendCode"),
    )
    assert described.sources == ("s.tl", "a.md", "b.md")
    conflicts = {(c.field, tuple(s for s, _ in c.values)) for c in catalog.conflicts}
    assert conflicts == {
        ("doc", ("s.tl:3", "a.md:3", "b.md:9")),
        ("doc.phone_number", ("s.tl:3", "a.md:9", "b.md:15")),
    }


def test_corpus_pages_describe_resend_code_with_the_seed_page_matched(corpus: Path) -> None:
    from tlgen.schema.load import load_schema

    schema = load_schema([corpus / "telegram" / "api" / "layer-222.tl"]).schema
    arguments = full_api_arguments(corpus)
    pages = [
        read_error_source(path)
        for flag, path in zip(arguments[::2], arguments[1::2], strict=True)
        if flag == "--errors" and path.endswith((".md", ".txt"))
    ]
    catalog = build_descriptions(schema, [p for p in pages if isinstance(p, DocPage)])
    described = catalog.of("function", "auth.resendCode")
    assert described is not None
    assert described.text.startswith("Resend the login code via another medium")
    assert described.param("phone_code_hash") == "The phone code hash obtained from auth.sendCode"
    # The page titled auth.sendCode that documents auth.resendCode does not describe sendCode.
    send = catalog.of("function", "auth.sendCode")
    assert send is not None and not send.text.startswith("Resend")


def test_every_error_link_has_its_row(full_reference: Path) -> None:
    ids = re.findall(r' id="([^"]+)"', (full_reference / "errors.html").read_text("utf-8"))
    assert len(ids) == len(set(ids)) > 500
    # Free-text names from the corpus CSV get an anchor without spaces (and a digest).
    assert any(re.fullmatch("No-workers-running-[0-9a-f]{12}", anchor) for anchor in ids)
    linked = set()
    for page in (full_reference / "method").glob("*.html"):
        linked.update(re.findall(r'href="\.\./errors\.html#([^"]+)"', page.read_text("utf-8")))
    assert len(linked) > 350
    assert linked <= set(ids)


def test_full_api_help_shows_what_the_reference_page_shows(
    corpus: Path, full_reference: Path, tmp_path: Path
) -> None:
    """`help(ResendCode)` of the full-API package built from the same inputs as the reference
    carries the page's description, parameters, result, errors and bot usability."""
    import importlib
    import inspect

    from tlgen.codegen.emit import write_tree
    from tlgen.codegen.generate import GenerationOptions, build_package
    from tlgen.codegen.plan import PlanOptions
    from tlgen.errortables.catalog import build_catalog
    from tlgen.schema.load import load_schema

    arguments = full_api_arguments(corpus)
    schemas = [p for f, p in zip(arguments[::2], arguments[1::2], strict=True) if f == "--schema"]
    loaded = load_schema(schemas)
    tables = [
        read_error_source(p)
        for f, p in zip(arguments[::2], arguments[1::2], strict=True)
        if f != "--schema"
    ]
    catalog = build_catalog(tables, loaded.schema)
    pages = [t for t in tables if isinstance(t, DocPage)]
    descriptions = build_descriptions(loaded.schema, pages, catalog)
    files = build_package(
        loaded.schema,
        [],
        GenerationOptions(
            plan=PlanOptions(package="fullhelp"),
            format_code=False,
            catalog=catalog,
            descriptions=descriptions,
        ),
    )
    write_tree(files, tmp_path / "fullhelp")
    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("fullhelp.functions.auth")
    finally:
        sys.path.remove(str(tmp_path))
    cls = module.ResendCode
    # help() prints these two docstrings (cleaned of their indentation by inspect.getdoc).
    shown = " ".join(f"{inspect.getdoc(cls)} {inspect.getdoc(cls.__init__)}".split())
    page = (full_reference / "method" / "auth.resendCode.html").read_text(encoding="utf-8")
    description = re.search(r'<p class="description">([^<]+)</p>', page).group(1)  # type: ignore[union-attr]
    assert description.startswith("Resend the login code via another medium")
    assert " ".join(description.split()) in shown
    assert "phone_code_hash (str): The phone code hash obtained from auth.sendCode" in shown
    assert "Result: ``fullhelp.base.auth.SentCode``" in shown
    assert "Bots cannot use this method." in shown
    for code, name in re.findall(r"<tr><td>(\d+)</td><td><a [^>]*><code>([A-Z_0-9]+)<", page):
        assert f"- {code} ``{name}``" in shown


def test_invalid_schema_exits_two_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.tl"
    bad.write_text("a x:Nope = A;\n", encoding="utf-8")
    out = tmp_path / "ref"
    assert main(["docs", "--schema", str(bad), "--out", str(out)]) == 2
    assert f"{bad}:1:5: error: unknown type 'Nope'" in capsys.readouterr().err
    assert not out.exists()


def test_tdlib_pages_state_what_descriptions_say(tmp_path: Path) -> None:
    schema = tmp_path / "td_api.tl"
    schema.write_text(
        "string ? = String;\nok = Ok;\nboolTrue = Bool;\n"
        "//@description A game @param_description The game's own words\n"
        "game description:string = Game;\n---functions---\n"
        "//@description Returns entities. Can be called synchronously @text The text\n"
        "getTextEntities text:string = Ok;\n"
        "//@description Sends a message; for bots only. Can be called before authorization\n"
        "//@game_description Game description; pass null if none\n"
        "sendGame game_description:string = Ok;\n",
        encoding="utf-8",
    )
    # A binary package of the same schema has no TDLib client: its pages promise none.
    assert main(["docs", "--schema", str(schema), "--out", str(tmp_path / "bin")]) == 0
    assert "Synchronous" not in (tmp_path / "bin" / "method" / "getTextEntities.html").read_text()
    argv = ["docs", "--schema", str(schema), "--wire", "tdjson", "--out", str(tmp_path / "ref")]
    assert main(argv) == 0
    pages = tmp_path / "ref" / "method"
    sync = (pages / "getTextEntities.html").read_text(encoding="utf-8")
    assert "<li>Synchronous: can be sent to td_execute (Client.execute).</li>" in sync
    send = (pages / "sendGame.html").read_text(encoding="utf-8")
    assert "<li>Can be called before authorization.</li>\n<li>For bots only.</li>" in send
    assert "Synchronous" not in send and "Game description; pass null if none" in send
    # TDLib's `@param_description` describes the field named `description`.
    game = (tmp_path / "ref" / "constructor" / "game.html").read_text(encoding="utf-8")
    assert "The game&#39;s own words" in game


def test_error_names_alike_after_dashes_keep_their_own_rows(tmp_path: Path) -> None:
    from html.parser import HTMLParser

    schema = tmp_path / "a.tl"
    schema.write_text("a = A;\n---functions---\nget = A;\n")
    names = ["FOO BAR", "FOO-BAR", "FOO.BAR", "FOO_BAR", "FOO  BAR"]
    errors = tmp_path / "errors.csv"
    errors.write_text("name,codes,description\n" + "".join(f'"{n}",400,"{n}"\n' for n in names))
    out = tmp_path / "ref"
    assert main(["docs", "--schema", str(schema), "--errors", str(errors), "--out", str(out)]) == 0

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: dict[str, str] = {}  # id -> the error name in the row's first cell
            self.current: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "tr" and dict(attrs).get("id"):
                self.current = dict(attrs)["id"]

        def handle_data(self, data: str) -> None:
            if self.current is not None and data.strip():
                self.rows[self.current] = data
                self.current = None

    rows = Rows()
    rows.feed((out / "errors.html").read_text())
    assert sorted(rows.rows.values()) == sorted(names)  # one id per row, all different
    from tlgen.docs.model import error_href

    for name in names:
        anchor = error_href(name).partition("#")[2]
        assert rows.rows[anchor] == name
    assert error_href("FOO_BAR") == "errors.html#FOO_BAR"  # identifiers stay readable
