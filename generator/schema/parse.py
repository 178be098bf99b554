"""TL text -> model, through the Lark grammar in grammar/tl.lark.

The transformer runs inside the LALR parse (no parse tree is built) and the grammar analysis is
cached. Every malformed input raises SchemaSyntaxError with a file:line:col position; nothing
else escapes `parse_text`.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, cast

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from .builtins import GENERIC_BUILTINS, WIRE_FORMS
from .model import (
    Builtin,
    Combinator,
    DefinitionKind,
    FlagCondition,
    NatLiteral,
    Param,
    ParamLike,
    Repetition,
    Schema,
    TypeExpr,
    TypeParam,
    TypeRef,
)
from ..spans import Diagnostic, InputError, SourceSpan, read_input

GRAMMAR_PATH = Path(__file__).with_name("tl.lark")
MAX_TYPE_DEPTH = 32
# Primitive types of the TL schemas in use (Telegram, TDLib, TON), declared as `name = Name;`.
PRIMITIVE_NAMES = frozenset(WIRE_FORMS) | GENERIC_BUILTINS
_LAYER_COMMENT = re.compile(r"//\s*LAYER\s+(\d+)\s*")
# Longest decimal number a schema may hold (flag bits, multiplicities, nat literals, layers):
# int() refuses over 4,300 digits, and nothing in TL needs more than a 32-bit value.
MAX_DIGITS = 10
_LONE_CR = re.compile(r"\r(?!\n)")
_DOC_KEY = re.compile(r"(?:^|\s)@([A-Za-z_][A-Za-z0-9_]*)")


class SchemaSyntaxError(InputError):
    """A schema file that cannot be read as TL. Carries the position and the offending line."""

    def __init__(self, message: str, span: SourceSpan, line_text: str = "") -> None:
        super().__init__("syntax", message, span, line_text)


@dataclass(frozen=True)
class ParsedFile:
    path: str
    text: str
    definitions: tuple[Combinator, ...]
    builtins: tuple[Builtin, ...]
    layer: int | None
    diagnostics: tuple[Diagnostic, ...] = field(default=())


# Parsed pieces of one definition; the section it belongs to is known only in `start`.
@dataclass(frozen=True, slots=True)
class _DefinitionParts:
    name: Token
    explicit_id: int | None
    type_params: tuple[TypeParam, ...]
    params: tuple[ParamLike, ...]
    result: TypeRef


_ParseResult = tuple[list[Combinator], list[Builtin]]


class _Builder(Transformer[Token, list[Any]]):
    """Callbacks for grammar rules; `path` and `comments` are set per parse (under _LOCK)."""

    def __init__(self) -> None:
        super().__init__()
        self.path = "<memory>"
        self.comments: list[Token] = []

    def span(self, token: Token) -> SourceSpan:
        return SourceSpan(self.path, token.line or 0, token.column or 0)

    def fail(self, message: str, token: Token) -> NoReturn:
        raise SchemaSyntaxError(message, self.span(token))

    def number(self, digits: str, token: Token) -> int:
        if len(digits) > MAX_DIGITS:
            self.fail(_too_long(digits), token)
        return int(digits)

    # -- types -------------------------------------------------------------------------------

    def type_ref(self, children: list[Any]) -> TypeRef:
        name, args = children
        return self._apply(name, args or ())

    def type_args(self, children: list[TypeExpr]) -> tuple[TypeExpr, ...]:
        return tuple(children)

    def bare_term(self, children: list[TypeExpr]) -> TypeRef:
        (term,) = children
        if not isinstance(term, TypeRef):
            raise SchemaSyntaxError(f"'%' must be followed by a type, not {term}", term.span)
        return TypeRef(term.name, term.args, True, term.span)

    def nat_literal(self, children: list[Token]) -> NatLiteral:
        return NatLiteral(self.number(str(children[0]), children[0]), self.span(children[0]))

    def nat_type(self, children: list[Token]) -> TypeRef:
        return TypeRef("#", (), False, self.span(children[0]))

    def expr(self, children: list[TypeExpr]) -> TypeExpr:
        head, *args = children
        if not args:
            return head
        if not isinstance(head, TypeRef) or head.args:
            raise SchemaSyntaxError(f"cannot apply {head} to arguments", head.span)
        return self._check_depth(TypeRef(head.name, tuple(args), head.bare, head.span))

    def result(self, children: list[Any]) -> TypeRef:
        name, angle_args, *space_args = children
        return self._apply(name, (*(angle_args or ()), *space_args))

    def _apply(self, name: Token, args: tuple[TypeExpr, ...]) -> TypeRef:
        ref = TypeRef(str(name), args, False, self.span(name))
        return self._check_depth(ref) if args else ref

    def _check_depth(self, ref: TypeRef) -> TypeRef:
        # Printing, ids and validation recurse over type arguments; bound it here, once.
        depth = 0
        level_exprs: list[TypeExpr] = [ref]
        while level_exprs:
            depth += 1
            if depth > MAX_TYPE_DEPTH:
                raise SchemaSyntaxError(
                    f"type nested deeper than {MAX_TYPE_DEPTH} levels", ref.span
                )
            level_exprs = [a for t in level_exprs if isinstance(t, TypeRef) for a in t.args]
        return ref

    # -- params ------------------------------------------------------------------------------

    def named_param(self, children: list[Any]) -> Param:
        name_token, condition_token, excl, term = children
        condition = None
        if condition_token is not None:
            flag_field, _, bit = str(condition_token)[:-1].partition(".")
            condition = FlagCondition(
                flag_field, self.number(bit, condition_token), self.span(condition_token)
            )
        return Param(
            _param_name(name_token), term, condition, excl is not None, self.span(name_token)
        )

    def anonymous_param(self, children: list[Any]) -> Param:
        excl, term = children
        return Param(None, term, None, excl is not None, term.span)

    def group_param(self, children: list[Any]) -> list[Param]:
        *names, last, excl, term = children
        return [
            Param(_param_name(token), term, None, excl is not None, self.span(token))
            for token in (*names, last)
        ]

    def repetition(self, children: list[Any]) -> Repetition:
        name_token, times_token, bracket, *params = children
        multiplicity: int | str | None = None
        if times_token is not None:
            times = str(times_token)[:-1].strip()
            multiplicity = self.number(times, times_token) if times.isdigit() else times
        first = name_token or times_token or bracket
        return Repetition(
            None if name_token is None else _param_name(name_token),
            multiplicity,
            tuple(_flatten(params)),
            self.span(first),
        )

    def type_param(self, children: list[Any]) -> list[TypeParam]:
        *names, last, excl, kind = children
        return [
            TypeParam(_param_name(token), kind, excl is not None, self.span(token))
            for token in (*names, last)
        ]

    # -- definitions -------------------------------------------------------------------------

    def builtin(self, children: list[Token]) -> Builtin:
        name, id_token, type_name = children
        return Builtin(str(name), str(type_name), None, self.span(name), self._parse_id(id_token))

    def definition(self, children: list[Any]) -> _DefinitionParts:
        name, id_token, *middle, result = children
        type_params: list[TypeParam] = []
        params: list[ParamLike] = []
        for item in middle:
            if isinstance(item, list) and item and isinstance(item[0], TypeParam):
                type_params.extend(item)
            elif isinstance(item, list):
                params.extend(item)
            else:
                params.append(item)
        return _DefinitionParts(
            name, self._parse_id(id_token), tuple(type_params), tuple(params), result
        )

    def _parse_id(self, token: Token | None) -> int | None:
        if token is None:
            return None
        digits = str(token)[1:]
        if len(digits) > 8 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            self.fail(f"invalid constructor id '{token}': expected 1 to 8 hex digits", token)
        return int(digits, 16)

    def start(self, children: list[Any]) -> _ParseResult:
        docs = _DocIndex(self.comments)
        definitions: list[Combinator] = []
        builtins: list[Builtin] = []
        section: DefinitionKind = "type"
        for item in children:
            if isinstance(item, Token):
                section = "function" if "functions" in item else "type"
            elif isinstance(item, Builtin):
                builtins.append(item)
            else:
                span = self.span(item.name)
                combinator = Combinator(
                    section,
                    str(item.name),
                    item.explicit_id,
                    item.type_params,
                    item.params,
                    item.result,
                    docs.doc_before(span.line),
                    span,
                )
                if _declares_builtin(combinator):
                    builtins.append(
                        Builtin(combinator.name, combinator.result.name, combinator, span)
                    )
                else:
                    definitions.append(combinator)
        return definitions, builtins


def _param_name(token: Token) -> str:
    return str(token).rstrip(":").rstrip()


def _flatten(items: Iterable[Any]) -> Iterable[ParamLike]:
    for item in items:
        if isinstance(item, list):
            yield from item
        else:
            yield item


def _declares_builtin(combinator: Combinator) -> bool:
    """`bytes = Bytes;`, `int128 4*[ int ] = Int128;`, `vector#1cb5c415 {t:Type} # [ t ] = ...`,
    and TON's `bytes data:string = Bytes;`.

    Syntax alone cannot tell `int53 = Int53;` (TDLib's builtin) from `ok = Ok;` (TON's ordinary
    constructor), so a combinator declares a builtin when it carries a primitive's name and is
    named after its own type.
    """
    type_name = combinator.result.name
    return (
        combinator.name in PRIMITIVE_NAMES
        and combinator.name == type_name[:1].lower() + type_name[1:]
    )


class _DocIndex:
    """TDLib-style `//@key value` comment blocks, looked up by the line just below them."""

    def __init__(self, comments: Sequence[Token]) -> None:
        self.by_line = {c.line: str(c) for c in comments if str(c).startswith(("//@", "//-"))}

    def doc_before(self, line: int) -> tuple[tuple[str, str], ...]:
        block: list[str] = []
        above = line - 1
        while above in self.by_line:
            block.append(self.by_line[above])
            above -= 1
        if not block:
            return ()
        text = " ".join(comment[2:].lstrip("-").strip() for comment in reversed(block))
        keys = list(_DOC_KEY.finditer(text))
        return tuple(
            (
                match.group(1),
                text[match.end() : keys[i + 1].start() if i + 1 < len(keys) else None].strip(),
            )
            for i, match in enumerate(keys)
        )


_LOCK = threading.Lock()
_BUILDER = _Builder()
_PARSER: Lark | None = None


def _parser() -> Lark:
    global _PARSER
    if _PARSER is None:
        _PARSER = Lark(
            GRAMMAR_PATH.read_text(encoding="utf-8"),
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
        line, column, line_text = _locate(text, nul)
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
            definitions, builtins = cast(_ParseResult, parser.parse(text))
        except SchemaSyntaxError as error:
            span = error.diagnostic.span
            raise SchemaSyntaxError(
                error.diagnostic.message, span, _locate_line(text, span.line)
            ) from None
        except UnexpectedInput as error:
            raise _syntax_error(error, text, path, parser) from None
        comments = list(_BUILDER.comments)
    if not definitions and not builtins:
        raise SchemaSyntaxError(
            "empty schema: no definitions found", SourceSpan(path, 1, 1), _locate_line(text, 1)
        )
    layer, diagnostics = _read_layer(comments, path, text)
    return ParsedFile(path, text, tuple(definitions), tuple(builtins), layer, diagnostics)


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
                    "warning",
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


def _too_long(digits: str) -> str:
    return f"number {digits[:MAX_DIGITS]}... is too long: at most {MAX_DIGITS} digits"


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
            raise SchemaSyntaxError(_too_long(m.group(1)), span, _locate_line(text, line))
    first_token, first = layers[0]
    layer = int(first.group(1))
    diagnostics = tuple(
        Diagnostic(
            "warning",
            "layer-conflict",
            f"second LAYER comment says {m.group(1)}, line {first_token.line} said {layer}",
            SourceSpan(path, token.line or 0, token.column or 0),
        )
        for token, m in layers[1:]
        if int(m.group(1)) != layer
    )
    return layer, diagnostics


def _locate(text: str, offset: int) -> tuple[int, int, str]:
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text.count("\n", 0, offset) + 1
    return line, offset - line_start + 1, text[line_start : None if line_end < 0 else line_end]


def _locate_line(text: str, line: int) -> str:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start : None if end < 0 else end]


def _syntax_error(error: UnexpectedInput, text: str, path: str, parser: Lark) -> SchemaSyntaxError:
    offset = error.pos_in_stream if error.pos_in_stream is not None else len(text)
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        offset = len(text)
    line, column, line_text = _locate(text, offset)
    span = SourceSpan(path, line, column)
    return SchemaSyntaxError(_describe(error, text, offset, parser), span, line_text)


def _describe(error: UnexpectedInput, text: str, offset: int, parser: Lark) -> str:
    if isinstance(error, UnexpectedCharacters):
        if text.startswith("/*", offset):
            return "unterminated block comment: '/*' without a closing '*/'"
        if text.startswith("---", offset):
            return "unknown section marker: expected ---types--- or ---functions---"
        if text[offset] == "+":
            return "nat expressions with '+' (as in n+1) are not supported"
        return f"unexpected character {text[offset]!r}"
    if not isinstance(error, UnexpectedToken):
        return "unexpected input"
    token = error.token
    expected = _display_terminals(error.expected, parser)
    if token.type == "$END":
        if "';'" in expected:
            return "unexpected end of file: missing ';' at the end of the last definition"
        return "unexpected end of file inside a definition"
    found = _display_token(token)
    if token.type == "SEMICOLON" and "'='" in expected:
        statement = text[text.rfind(";", 0, offset) + 1 : offset].split()
        if len(statement) == 2 and statement[0] in _FINAL_DECLARATIONS:
            return (
                f"'{statement[0]} {statement[1]};' declarations (the formal grammar's "
                "New/Final/Empty) are not supported"
            )
        return "definition has no '=': expected '= ResultType' before ';'"
    if token.type == "QMARK":
        before = _word_before(text, offset)
        if "." in before:
            return f"invalid flag condition '{before}?': expected 'field.N?' with a bit number N"
    if token.type in ("EQUAL", "SEMICOLON", "PARAM_NAME"):
        opener = _unclosed_bracket(text, offset)
        if opener:
            return f"unexpected {found}: missing '{_CLOSERS[opener]}' to close '{opener}'"
    if "';'" in expected and token.type in ("EQUAL", "PARAM_NAME"):
        return f"unexpected {found}: is ';' missing at the end of the previous definition?"
    if "a section marker" in expected:
        return f"unexpected {found}: expected a definition (starting with its name)"
    if len(expected) > 6:
        return f"unexpected {found} here"
    return f"unexpected {found}: expected {' or '.join(sorted(expected))}"


_CLOSERS = {"<": ">", "{": "}", "[": "]", "(": ")"}
_FINAL_DECLARATIONS = frozenset({"New", "Final", "Empty"})


def _unclosed_bracket(text: str, offset: int) -> str:
    """The innermost bracket left open in the definition that ends at `offset`.

    Lark's expected-token sets are merged across LALR states, so they cannot tell whether a
    `>` is really awaited; the definition's own text can.
    """
    position = text.rfind(";", 0, offset) + 1
    stack: list[str] = []
    while position < offset:
        if text.startswith("//", position):
            end = text.find("\n", position)
            position = offset if end < 0 else end
            continue
        if text.startswith("/*", position):
            end = text.find("*/", position)
            position = offset if end < 0 else end + 2
            continue
        char = text[position]
        if char in _CLOSERS:
            stack.append(char)
        elif stack and char == _CLOSERS[stack[-1]]:
            stack.pop()
        position += 1
    return stack[-1] if stack else ""


def _word_before(text: str, offset: int) -> str:
    start = offset
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    return text[start:offset]


_TERMINAL_NAMES = {
    "NAME": "a name",
    "PARAM_NAME": "a param ('name:')",
    "FLAG_CONDITION": "a flag condition ('flags.N?')",
    "MULTIPLICITY": "a repetition count ('N*')",
    "COMBINATOR_ID": "a constructor id ('#1a2b3c4d')",
    "SECTION": "a section marker",
    "NAT": "a number",
}


def _display_terminals(names: Iterable[str], parser: Lark) -> set[str]:
    patterns = {t.name: t.pattern for t in parser.terminals}
    shown = set()
    for name in names:
        pattern = patterns.get(name)
        if name in _TERMINAL_NAMES:
            shown.add(_TERMINAL_NAMES[name])
        elif isinstance(pattern, PatternStr):
            shown.add(f"'{pattern.value}'")
        elif name == "$END":
            shown.add("end of file")
        else:
            shown.add(name.lower())
    return shown


def _display_token(token: Token) -> str:
    value = str(token)
    return repr(value if len(value) <= 40 else value[:37] + "...")
