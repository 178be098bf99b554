"""Schema syntax errors: the one error type a malformed schema raises, and how Lark's parse
errors are turned into a specific `file:line:col` message with the offending line."""

from __future__ import annotations

from collections.abc import Iterable

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from ..spans import InputError, SourceSpan

# Longest decimal number a schema may hold (flag bits, multiplicities, nat literals, layers):
# int() refuses over 4,300 digits, and nothing in TL needs more than a 32-bit value.
MAX_DIGITS = 10


class SchemaSyntaxError(InputError):
    """A schema file that cannot be read as TL. Carries the position and the offending line."""

    def __init__(self, message: str, span: SourceSpan, line_text: str = "") -> None:
        super().__init__("syntax", message, span, line_text)


def too_long(digits: str) -> str:
    """The message for a number with more digits than TL allows."""
    return f"number {digits[:MAX_DIGITS]}... is too long: at most {MAX_DIGITS} digits"


def locate(text: str, offset: int) -> tuple[int, int, str]:
    """(line, column, line text) of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text.count("\n", 0, offset) + 1
    return line, offset - line_start + 1, text[line_start : None if line_end < 0 else line_end]


def syntax_error(error: UnexpectedInput, text: str, path: str, parser: Lark) -> SchemaSyntaxError:
    """A Lark parse error as a SchemaSyntaxError with a specific message."""
    offset = error.pos_in_stream if error.pos_in_stream is not None else len(text)
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        offset = len(text)
    line, column, line_text = locate(text, offset)
    span = SourceSpan(path, line, column)
    return SchemaSyntaxError(_describe(error, text, offset, parser), span, line_text)


def _describe(error: UnexpectedInput, text: str, offset: int, parser: Lark) -> str:
    if isinstance(error, UnexpectedCharacters):
        return _describe_character(text, offset)
    if not isinstance(error, UnexpectedToken):
        return "unexpected input"
    return _describe_token(error, text, offset, parser)


def _describe_character(text: str, offset: int) -> str:
    """A character the lexer cannot start a token with."""
    if text.startswith("/*", offset):
        return "unterminated block comment: '/*' without a closing '*/'"
    if text.startswith("---", offset):
        return "unknown section marker: expected ---types--- or ---functions---"
    if text[offset] == "+":
        return "nat expressions with '+' (as in n+1) are not supported"
    return f"unexpected character {text[offset]!r}"


def _describe_token(error: UnexpectedToken, text: str, offset: int, parser: Lark) -> str:
    """A token the grammar does not expect here, with the likeliest cause."""
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
