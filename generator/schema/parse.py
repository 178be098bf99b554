"""TL text -> model, through the Lark grammar in tl.lark.

The transformer (transform.py) runs inside the LALR parse, so no parse tree is built, and the
grammar analysis is cached. Every malformed input raises SchemaSyntaxError (syntax.py) with a
file:line:col position; nothing else escapes `parse_text`. Several parsed files merge into one
Schema.
"""

from __future__ import annotations

import dataclasses
import gc
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from ..resources import grammar
from ..spans import Diagnostic, SourceSpan, line_text, read_input
from .model import Builtin, Combinator, Param, Schema, TypeExpr, TypeRef
from .syntax import (
    MAX_DIGITS,
    SchemaSyntaxError,
    locate,
    syntax_error,
    too_long,
)
from .transform import PRIMITIVE_NAMES, ModelBuilder, ParseResult

__all__ = [
    "PRIMITIVE_NAMES",
    "ParsedFile",
    "SchemaSyntaxError",
    "decode_schema_bytes",
    "merge_files",
    "parse_file",
    "parse_text",
]

_LAYER_COMMENT = re.compile(r"//\s*LAYER\s+(\d+)\s*")
_LONE_CR = re.compile(r"\r(?!\n)")


@dataclass(frozen=True)
class ParsedFile:
    """One file parsed: its definitions, builtins, layer and diagnostics."""

    path: str
    text: str
    definitions: tuple[Combinator, ...]
    builtins: tuple[Builtin, ...]
    layer: int | None
    diagnostics: tuple[Diagnostic, ...] = field(default=())


_LOCK = threading.Lock()
_BUILDER = ModelBuilder()
_PARSER: Lark | None = None


def _parser() -> Lark:
    global _PARSER
    if _PARSER is None:
        _PARSER = Lark(
            grammar(__package__, "tl.lark"),
            parser="lalr",
            lexer="basic",
            strict=True,
            transformer=_BUILDER,
            lexer_callbacks={"LINE_COMMENT": _BUILDER.comments.append},
            cache=True,
        )
    return _PARSER


def decode_schema_bytes(data: bytes, path: str) -> str:
    """UTF-8 text of a schema file, or a SchemaSyntaxError at the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line_end = data.find(b"\n", error.start)
        line_text = data[line_start : None if line_end < 0 else line_end].decode("utf-8", "replace")
        raise SchemaSyntaxError(
            f"invalid UTF-8 byte 0x{data[error.start]:02x}: schema files must be UTF-8",
            SourceSpan(path, line, column),
            line_text,
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        line, column, line_text = locate(text, nul)
        raise SchemaSyntaxError(
            "NUL byte in schema: this looks like a binary file, not TL text",
            SourceSpan(path, line, column),
            line_text,
        )
    return text


def parse_text(text: str, path: str = "<memory>") -> ParsedFile:
    """Parse one file's text. Raises SchemaSyntaxError for anything that is not valid TL.

    A lone CR ends a line, as LF and CRLF do (classic Mac files): it becomes LF, so that a `//`
    comment ends there and line numbers count it."""
    text = _LONE_CR.sub("\n", text)
    parser = _parser()
    with _LOCK, _gc_paused():
        _BUILDER.path = path
        _BUILDER.comments.clear()
        try:
            definitions, builtins = cast(ParseResult, parser.parse(text))
        except SchemaSyntaxError as error:
            span = error.diagnostic.span
            raise SchemaSyntaxError(
                error.diagnostic.message, span, line_text(text, span.line)
            ) from None
        except UnexpectedInput as error:
            raise syntax_error(error, text, path, parser) from None
        comments = list(_BUILDER.comments)
    if not definitions and not builtins:
        raise SchemaSyntaxError(
            "empty schema: no definitions found", SourceSpan(path, 1, 1), line_text(text, 1)
        )
    layer, diagnostics = _read_layer(comments, path, text)
    if _in_reference_dialect(definitions, builtins):
        definitions = [dataclasses.replace(d, reference_dialect=True) for d in definitions]
    return ParsedFile(path, text, tuple(definitions), tuple(builtins), layer, diagnostics)


# TDLib's builtin integer types: a file that declares or uses one is written for the reference
# tl-parser (TDLib's td_api.tl, e2e_api.tl), which infers every missing id as written.
_REFERENCE_BUILTINS = frozenset({"int32", "int53", "int64", "Int32", "Int53", "Int64"})


def _in_reference_dialect(definitions: Sequence[Combinator], builtins: Sequence[Builtin]) -> bool:
    if any(b.name in _REFERENCE_BUILTINS for b in builtins):
        return True
    return any(
        isinstance(p, Param) and _names_any(p.type, _REFERENCE_BUILTINS)
        for d in definitions
        for p in d.params
    )


def _names_any(expr: TypeExpr, names: frozenset[str]) -> bool:
    """Whether a type expression names one of `names`, at any depth (`vector<int64>`)."""
    if not isinstance(expr, TypeRef):
        return False
    return expr.name in names or any(_names_any(arg, names) for arg in expr.args)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The parse allocates ~100k short-lived, acyclic objects; the cyclic collector only slows
    it down (by about a tenth, measured on layer 222)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_file(path: str | Path) -> ParsedFile:
    """Read and parse a schema file. OSError propagates (the caller reports unreadable files)."""
    data = read_input(path)
    return parse_text(decode_schema_bytes(data, str(path)), str(path))


def merge_files(files: Sequence[ParsedFile]) -> tuple[Schema, list[Diagnostic]]:
    """Several files as one schema: definitions in file order, the layer of the file that has one.

    The same builtin declared in two files (TDLib's telegram_api and mtproto_api both declare
    `int ? = Int;`) is kept once.
    """
    diagnostics: list[Diagnostic] = [d for f in files for d in f.diagnostics]
    builtins: dict[str, Builtin] = {}
    for parsed in files:
        for builtin in parsed.builtins:
            builtins.setdefault(builtin.name, builtin)
    layered = [f for f in files if f.layer is not None]
    layer = layered[0].layer if layered else None
    for other in layered[1:]:
        if other.layer != layer:
            diagnostics.append(
                Diagnostic(
                    "layer-conflict",
                    f"layer {other.layer} here, but {layered[0].path} says layer {layer}",
                    SourceSpan(other.path, 1, 1),
                )
            )
    schema = Schema(
        tuple(d for f in files for d in f.definitions),
        tuple(builtins.values()),
        layer,
        tuple(f.path for f in files),
    )
    return schema, diagnostics


def _read_layer(
    comments: list[Token], path: str, text: str
) -> tuple[int | None, tuple[Diagnostic, ...]]:
    layers = [(c, m) for c in comments if (m := _LAYER_COMMENT.fullmatch(str(c)))]
    if not layers:
        return None, ()
    for token, m in layers:
        if len(m.group(1)) > MAX_DIGITS:
            line = token.line or 0
            span = SourceSpan(path, line, (token.column or 0) + m.start(1))
            raise SchemaSyntaxError(too_long(m.group(1)), span, line_text(text, line))
    first_token, first = layers[0]
    layer = int(first.group(1))
    diagnostics = tuple(
        Diagnostic(
            "layer-conflict",
            f"second LAYER comment says {m.group(1)}, line {first_token.line} said {layer}",
            SourceSpan(path, token.line or 0, token.column or 0),
        )
        for token, m in layers[1:]
        if int(m.group(1)) != layer
    )
    return layer, diagnostics
