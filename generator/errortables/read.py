"""Error tables -> rows with positions: doc pages (grammar/errors.lark) and Telethon-style CSVs.

Every malformed input raises ErrorTableError with a file:line position; nothing else escapes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from ..resources import grammar
from ..spans import InputError, SourceSpan, line_text, read_input

_SEPARATOR_CELL = re.compile(r":?-+:?")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_METHOD_MENTION = re.compile(r"\b[a-z][a-zA-Z0-9]*\.[a-zA-Z][a-zA-Z0-9]*\b")
_BACK_LINK = re.compile(r"\s*\[Back to [^\]]*\]\([^)]*\)\s*$")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


class ErrorTableError(InputError):
    """An error table that cannot be read, with its position and the offending line."""

    def __init__(self, message: str, span: SourceSpan, line_text: str = "") -> None:
        super().__init__("error-table", message, span, line_text)


@dataclass(frozen=True)
class ErrorRow:
    """One row of an error table, with its position."""

    code: int
    name: str
    description: str
    span: SourceSpan


@dataclass(frozen=True)
class DocText:
    """A description a page gives (of its method, or of one parameter), as plain text: links
    are reduced to their text and markdown escapes removed."""

    text: str
    span: SourceSpan


@dataclass(frozen=True)
class DocPage:
    """One documentation page: the method it is titled with and what it says about it."""

    path: str
    method: str  # normalised: auth.SendCode -> auth.sendCode
    title_span: SourceSpan
    params: tuple[str, ...]  # snake_case, as in the schema
    result: str | None
    bots: bool | None
    errors: tuple[ErrorRow, ...]
    mentioned: frozenset[str] = frozenset()  # `ns.method` names in the page's prose
    description: DocText | None = None  # the paragraph under the title
    param_docs: tuple[tuple[str, DocText], ...] = ()  # (snake_case name, its description)


@dataclass(frozen=True)
class CsvErrors:
    """Telethon errors.csv: name, codes (space-separated), description."""

    path: str
    rows: tuple[tuple[str, tuple[int, ...], str, SourceSpan], ...]


@dataclass(frozen=True)
class CsvMethods:
    """Telethon methods.csv: method, usability (user/bot/both/unknown), errors."""

    path: str
    rows: tuple[tuple[str, bool | None, tuple[str, ...], SourceSpan], ...]


ErrorSource = DocPage | CsvErrors | CsvMethods


def normalise_method(name: str) -> str:
    """`auth.SendCode` -> `auth.sendCode`, `InitConnection` -> `initConnection`."""
    head, dot, local = name.strip().rpartition(".")
    return f"{head}{dot}{local[:1].lower()}{local[1:]}"


def snake_case(name: str) -> str:
    """`phoneNumber` -> `phone_number`; snake_case stays as it is."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def unescape(text: str) -> str:
    """Markdown text with its backslash escapes removed (`FLOOD\\_WAIT` -> `FLOOD_WAIT`)."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text).strip()


def read_error_source(path: str | Path) -> ErrorSource:
    """Read a doc page (.md) or a Telethon CSV (recognised by its header)."""
    return parse_error_source(read_input(path), path)


def parse_error_source(data: bytes, path: str | Path) -> ErrorSource:
    """An error table from the bytes of a file: a .csv file is a Telethon CSV, anything else a
    doc page."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ErrorTableError(
            f"invalid UTF-8 byte at offset {error.start}: error tables must be UTF-8",
            SourceSpan(str(path), 1, 1),
        ) from None
    text = text.replace("\r\n", "\n")
    if Path(path).suffix.lower() == ".csv":
        return _read_csv(text, str(path))
    return parse_doc_page(text, str(path))


# -- CSV -----------------------------------------------------------------------------------------


_USABILITY = {"user": False, "bot": True, "both": True, "unknown": None}


def _read_csv(text: str, path: str) -> CsvErrors | CsvMethods:
    rows = _csv_records(text, path)
    header = [cell.strip().lower() for cell in next(rows, (0, []))[1]]
    if header == ["name", "codes", "description"]:
        errors = []
        for span, (name, codes, description), line in _csv_rows(rows, path, header):
            parsed = _parse_codes(codes.split(), span, line)
            errors.append((name.strip(), parsed, description.strip(), span))
        return CsvErrors(path, tuple(errors))
    if header == ["method", "usability", "errors"]:
        methods = []
        for span, (method, usability, names), line in _csv_rows(rows, path, header):
            if usability.strip() not in _USABILITY:
                raise ErrorTableError(
                    f"unknown usability {usability!r}: expected user, bot, both or unknown",
                    span,
                    line,
                )
            bots = _USABILITY[usability.strip()]
            methods.append((normalise_method(method), bots, tuple(names.split()), span))
        return CsvMethods(path, tuple(methods))
    raise ErrorTableError(
        "unknown CSV header: expected 'name,codes,description' or 'method,usability,errors'",
        SourceSpan(path, 1, 1),
        ",".join(header),
    )


def _csv_records(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it ends on. Strict quoting: a quote never closed (which
    would swallow every following row) or text after a closing quote is an error at the line
    where the record starts; so is a field over the csv module's size limit."""
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = str(error)
            if "unexpected end of data" in reason:
                reason = "unclosed quote: the quoted field runs to the end of the file"
            elif "field larger than field limit" in reason:
                reason = f"field longer than {csv.field_size_limit()} characters"
            raise ErrorTableError(
                reason, SourceSpan(path, start, 1), line_text(text, start)[:200]
            ) from None
        yield reader.line_num, row
        start = reader.line_num + 1


def _csv_rows(
    rows: Iterator[tuple[int, list[str]]], path: str, header: list[str]
) -> Iterator[tuple[SourceSpan, list[str], str]]:
    """The non-empty rows, each with its position and text, checked to have every column."""
    for line_num, row in rows:
        span = SourceSpan(path, line_num, 1)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ErrorTableError(
                f"expected {len(header)} columns ({','.join(header)}), got {len(row)}",
                span,
                ",".join(row),
            )
        yield span, row, ",".join(row)


def _parse_codes(cells: list[str], span: SourceSpan, line_text: str) -> tuple[int, ...]:
    codes = []
    for cell in cells:
        try:
            codes.append(int(cell))
        except ValueError:
            raise ErrorTableError(f"error code {cell!r} is not a number", span, line_text) from None
    if not codes:
        raise ErrorTableError("no error code given", span, line_text)
    return tuple(codes)


# -- doc pages -----------------------------------------------------------------------------------


@cache
def _parser() -> Lark:
    return Lark(grammar(__package__, "errors.lark"), parser="lalr", strict=True, cache=True)


@dataclass
class _Section:
    heading: str
    span: SourceSpan
    items: list[Token]


def parse_doc_page(text: str, path: str = "<memory>") -> DocPage:
    """A doc page (GramJS or MadelineProto format) -> its method, parameters and error rows."""
    if not text.endswith("\n"):
        text += "\n"
    try:
        tree = _parser().parse(text)
    except LarkError as error:  # the grammar accepts any text; this guards the lexer
        raise ErrorTableError(f"cannot read page: {error}", SourceSpan(path, 1, 1)) from None
    lines = text.split("\n")
    sections = [_section(child, path) for child in tree.children if isinstance(child, Tree)]
    title = next((s for s in sections if s.heading.startswith("# ")), None)
    if title is None:
        raise ErrorTableError(
            "no method title: expected '# ns.method' or '# Method: ns.method'",
            SourceSpan(path, 1, 1),
            lines[0],
        )
    method = normalise_method(unescape(title.heading[2:].removeprefix("Method:")))
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?", method):
        raise ErrorTableError(
            f"title {method!r} is not a TL method name", title.span, lines[title.span.line - 1]
        )
    params: tuple[str, ...] = ()
    param_docs: tuple[tuple[str, DocText], ...] = ()
    result: str | None = None
    bots: bool | None = None
    errors: list[ErrorRow] = []
    for section in sections:
        key = section.heading.lstrip("#").strip().rstrip(":?").strip().lower()
        tables = [t for t in section.items if t.type == "TABLE"]
        if key == "parameters" and tables:
            rows = _rows(tables[0], path, lines)
            params = _param_names(rows)
            param_docs = _param_descriptions(rows)
        elif key in ("possible errors", "errors"):
            for table in tables:
                errors.extend(_error_rows(_rows(table, path, lines), path, lines))
        elif key.startswith("can bots use this method"):
            answer = key.partition(":")[2] or " ".join(
                t.strip().lower() for t in section.items if t.type == "TEXT"
            )
            bots = {"yes": True, "no": False}.get(answer.replace("*", "").strip())
        elif key in ("result", "return value"):
            text_items = [t for t in section.items if t.type == "TEXT"]
            result = _type_from_link(text_items[0]) if text_items else None
        elif key.startswith("return type"):
            result = _type_from_link(section.heading.partition(":")[2])
    prose = " ".join(str(t) for s in sections for t in s.items if t.type == "TEXT")
    mentioned = frozenset(normalise_method(m) for m in _METHOD_MENTION.findall(unescape(prose)))
    return DocPage(
        path,
        method,
        title.span,
        params,
        result,
        bots,
        tuple(errors),
        mentioned,
        _first_paragraph(title),
        param_docs,
    )


def plain_text(markdown: str) -> str:
    """Markdown of a page's prose or table cell as plain text: `[login](url)` -> `login`,
    `**x**` -> `x`, escapes removed, whitespace collapsed."""
    text = _LINK.sub(r"\1", markdown).replace("**", "").replace("<br>", " ")
    return " ".join(unescape(text).split())


def _first_paragraph(title: _Section) -> DocText | None:
    """The first paragraph under the title (GramJS pages put it right under `# ns.Method`,
    MadelineProto pages after a `[Back to methods index]` link line)."""
    paragraph: list[Token] = []
    for item in title.items:
        if item.type == "TEXT" and not _BACK_LINK.match(item):
            paragraph.append(item)
        elif paragraph:
            break
    if not paragraph:
        return None
    text = plain_text(" ".join(str(line) for line in paragraph))
    return DocText(text, SourceSpan(title.span.path, paragraph[0].line or 0, 1)) if text else None


def _section(tree: Tree[Token], path: str) -> _Section:
    heading, *items = tree.children
    assert isinstance(heading, Token)
    return _Section(
        str(heading).strip(),
        SourceSpan(path, heading.line or 0, 1),
        [i for i in items if isinstance(i, Token)],
    )


def _type_from_link(text: str) -> str:
    """The TL type a link names: `[auth.SentCode](...)`, or MadelineProto's `[auth\\_SentCode]`
    (its file names put `_` where the namespace dot is)."""
    match = _LINK.search(text)
    name = unescape(match.group(1) if match else text)
    madeline = re.fullmatch(r"([a-z][a-z0-9]*)_([A-Z][A-Za-z0-9_]*)", name)
    return f"{madeline.group(1)}.{madeline.group(2)}" if madeline else name


def _rows(table: Token, path: str, lines: list[str]) -> list[tuple[SourceSpan, list[str]]]:
    """The table's rows as cells, with their positions; separator rows dropped."""
    rows = []
    for offset, line in enumerate(str(table).split("\n")):
        if not line.strip():
            continue
        span = SourceSpan(path, (table.line or 0) + offset, 1)
        cells = _cells(line)
        if all(_SEPARATOR_CELL.fullmatch(cell) for cell in cells if cell):
            continue
        rows.append((span, cells))
    return rows


def _cells(line: str) -> list[str]:
    body = line.strip()[1:]
    # `|` escaped as `\|` belongs to the cell; a row may lack its closing `|`.
    cells = [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", body)]
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _param_names(rows: list[tuple[SourceSpan, list[str]]]) -> tuple[str, ...]:
    names = []
    for _, cells in rows[1:]:
        if cells:
            names.append(snake_case(unescape(cells[0]).strip("*").strip()))
    return tuple(names)


def _param_descriptions(
    rows: list[tuple[SourceSpan, list[str]]],
) -> tuple[tuple[str, DocText], ...]:
    """(name, description) from a parameters table whose header has a Description column."""
    if not rows:
        return ()
    header = [cell.lower() for cell in rows[0][1]]
    if "description" not in header:
        return ()
    column = header.index("description")
    docs = []
    for span, cells in rows[1:]:
        if len(cells) > column and cells[0]:
            text = plain_text(cells[column])
            if text:
                docs.append(
                    (snake_case(unescape(cells[0]).strip("*").strip()), DocText(text, span))
                )
    return tuple(docs)


def _error_rows(
    rows: list[tuple[SourceSpan, list[str]]], path: str, lines: list[str]
) -> list[ErrorRow]:
    if not rows:
        return []
    header_span, header = rows[0]
    if [cell.lower() for cell in header[:3]] != ["code", "type", "description"]:
        raise ErrorTableError(
            "errors table has no 'Code | Type | Description' header",
            header_span,
            lines[header_span.line - 1],
        )
    result = []
    for span, cells in rows[1:]:
        line_text = lines[span.line - 1]
        if len(cells) < 2:
            raise ErrorTableError(
                f"error row has {len(cells)} cell(s): expected Code | Type | Description",
                span,
                line_text,
            )
        (code,) = _parse_codes([cells[0]], span, line_text)
        name = unescape(cells[1])
        if not name:
            raise ErrorTableError("error row has an empty Type", span, line_text)
        description = unescape(cells[2]) if len(cells) > 2 else ""
        result.append(ErrorRow(code, name, description, span))
    return result
