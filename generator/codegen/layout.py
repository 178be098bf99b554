"""black's layout without running black: rendered modules are split the way black splits them,
and only the pieces this cannot vouch for go through black (format.py, with its cache).

The templates write every statement on one line, in black's spacing. A line longer than the
limit is split here by black's rules for the shapes the templates produce (docs/ARCHITECTURE.md
§3):

- a collection display (`__slots__ = (...)`, `_FIELDS = (...)`, `__all__ = [...]`): one item
  per line with a trailing comma, an item too long split the same way;
- a `def` line: the parameters on one line of their own, else one per line with a trailing
  comma;
- a call or subscript (`out.append(_S.pack(...))`, `X: _t.TypeAlias = _t.Union[...]`, an
  assignment from a call): split at its last bracket, the contents on one line, else one per
  line with a trailing comma, recursively;
- an assignment whose value holds several operators of one kind (`a | b | c`, `x if c else y`):
  the value in parentheses, on one line, else one operand per line (`|` only);
- an assignment of a flags word masked by several bits (`_f = self._bits & (1 << 0 | 1 << 4)`):
  split at the mask's parenthesis, the bits on one line, else one per line;
- an assignment of a lone string (`DESCRIPTION = "..."`): the string in parentheses on a line
  of its own if it fits there, else the line as it is.

Comments and docstrings stay as they are (black does not split them). Anything else that is
too long (and any unusual text, such as trailing whitespace) leaves its
piece (a top-level class, or the module's prologue) to black. The tests check every module of
whole-API packages against black.format_str, and how rarely black is needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .format import LINE_LENGTH, format_modules

_INDENT = "    "
_CLASS_BOUNDARY = "\n\n\nclass "
_OPENING = {"(": ")", "[": "]", "{": "}"}


class _Unsupported(Exception):
    """A statement whose black layout this module does not reproduce."""


@dataclass(frozen=True)
class LayoutStats:
    """How many pieces of the modules were laid out here, and how many black formatted."""

    pieces: int
    formatted_by_black: int
    black_pieces: tuple[str, ...]  # "path#index" of each


def _fits(text: str, indent: int) -> bool:
    return indent + len(text) <= LINE_LENGTH


# String literals (skipped whole) and brackets.
_TOKENS = r"""[bf]?"[^"\\]*(?:\\.[^"\\]*)*"|[bf]?'[^'\\]*(?:\\.[^'\\]*)*'|[()\[\]{}]"""
_BRACKETS = re.compile(_TOKENS)
_SEPARATORS: dict[str, re.Pattern[str]] = {}


def _pairs(text: str) -> dict[int, int]:
    """Matching bracket positions (opening -> closing), outside string literals."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for token in _BRACKETS.finditer(text):
        char = token.group()
        if char in _OPENING:
            stack.append(token.start())
        elif char in ")]}":
            if not stack:
                raise _Unsupported(text)
            pairs[stack.pop()] = token.start()
    if stack:
        raise _Unsupported(text)
    return pairs


def _top_level_split(text: str, separator: str) -> list[str]:
    """`text` cut at each occurrence of `separator` outside brackets and string literals."""
    pattern = _SEPARATORS.get(separator)
    if pattern is None:
        pattern = _SEPARATORS[separator] = re.compile(_TOKENS + "|" + re.escape(separator))
    parts, start, depth = [], 0, 0
    for token in pattern.finditer(text):
        char = token.group()
        if char == separator:
            if depth == 0:
                parts.append(text[start : token.start()])
                start = token.end()
        elif char in _OPENING:
            depth += 1
        elif char in ")]}":
            depth -= 1
    parts.append(text[start:])
    return parts


def _items(body: str) -> list[str]:
    items = [item.strip() for item in _top_level_split(body, ",")]
    return items[:-1] if items and items[-1] == "" else items


def _is_string(text: str) -> bool:
    return _BRACKETS.fullmatch(text) is not None and text[-1] in "\"'"


def _last_bracket(text: str) -> tuple[str, str, str]:
    """(head up to and with the opening bracket that closes last, contents, tail)."""
    end = text.rstrip(",:")
    if not end or end[-1] not in ")]}":
        raise _Unsupported(text)
    close = len(end) - 1
    opening = next(o for o, c in _pairs(text).items() if c == close)
    return text[: opening + 1], text[opening + 1 : close], text[close:]


def _bracket_split(head: str, body: str, tail: str, indent: int, display: bool) -> list[str]:
    """black's split at one bracket pair: `head` ends with the opening bracket, `tail` starts
    with the closing one. A collection display (`display`: the bracket opens the expression)
    with several items always goes one item per line; call arguments, subscripts and
    parameters stay on one line when they fit."""
    if not _fits(head, indent) or not _fits(tail, indent):
        raise _Unsupported(head)
    inner = indent + len(_INDENT)
    items = _items(body)
    tuple_of_one = display and len(items) == 1 and head.endswith("(")
    lines = [head]
    if len(items) == 1 and not display and _is_string(items[0]):
        lines.append(_INDENT + items[0])  # too long, and black cannot split it either
    elif len(items) == 1 and not _fits(items[0], inner):
        if not display and head.startswith("def "):
            raise _Unsupported(head)  # black would add a comma after the only parameter
        comma = "," if tuple_of_one else ""
        lines.extend(_INDENT + line for line in _expression(items[0] + comma, inner))
    elif not (display and len(items) > 1) and _fits(", ".join(items), inner):
        lines.append(_INDENT + ", ".join(items) + ("," if tuple_of_one else ""))
    else:
        for item in items:
            lines.extend(_INDENT + line for line in _expression(item + ",", inner))
    lines.append(tail)
    return lines


def _expression(text: str, indent: int) -> list[str]:
    """An expression (or one item with its comma) at `indent`, split as black would: at its
    last bracket, when what comes before it is a (dotted) name or nothing."""
    if _fits(text, indent) or _is_string(text.removesuffix(",")):
        return [text]  # a string too long stays so: black cannot split it either
    head, body, tail = _last_bracket(text)
    if tail not in (")", "),", "]", "],", "}", "},"):
        raise _Unsupported(text)
    if head == "(" and tail in (")", "),") and len(_top_level_split(body, " if ")) > 1:
        # A parenthesized conditional (a bool argument of a struct's pack): its contents on
        # one line inside the parentheses, else split at the conditional as black splits it.
        inner = indent + len(_INDENT)
        lines = [body] if _fits(body, inner) else _delimited(body, inner)
        return ["(", *(_INDENT + line for line in lines), tail]
    callee = head[:-1].removeprefix("raise ")
    key = re.fullmatch(r'"(?:[^"\\]|\\.)*": ', callee)  # a dict item whose value is a display
    if callee and not key and not re.fullmatch(r"[\w.]+", callee):
        raise _Unsupported(text)
    return _bracket_split(head, body, tail, indent, display=not callee or key is not None)


def _assignment(target: str, value: str, indent: int) -> list[str]:
    """`target = value` too long for one line."""
    if _is_string(value) and re.fullmatch(r"[\w.]+", target):
        # A lone string: black wraps it in parentheses if that makes it fit, else leaves it.
        if _fits(value, indent + len(_INDENT)):
            return [f"{target} = (", _INDENT + value, ")"]
        return [f"{target} = {value}"]
    masked = _top_level_split(value, " & ") if " & " in value else [value]
    if len(masked) == 2 and _pairs(masked[1]).get(0) == len(masked[1]) - 1:
        return _masked_assignment(f"{target} = {masked[0]} & (", masked[1][1:-1], indent)
    operands = _top_level_split(value, " | ") if " | " in value else [value]
    condition = _top_level_split(value, " if ") if " if " in value else [value]
    if len(operands) > 2 or len(condition) > 1:
        return _delimited_assignment(target, value, operands, condition, indent)
    if len(operands) == 2:
        # One delimiter: black splits at the last bracket, the first operand on the first line.
        head, body, tail = _last_bracket(value)
        if head != f"{operands[0]} | (" or tail != ")" or not _fits(body, indent + len(_INDENT)):
            raise _Unsupported(value)
        if not _fits(f"{target} = {head}", indent):
            raise _Unsupported(value)
        return [f"{target} = {head}", _INDENT + body, tail]
    if value[0] in _OPENING and _pairs(value).get(0) == len(value) - 1:
        return _bracket_split(f"{target} = {value[0]}", value[1:-1], value[-1], indent, True)
    return _call_assignment(target, value, indent)


def _masked_assignment(head: str, bits: str, indent: int) -> list[str]:
    """`target = word & (bits)` too long for one line: black splits at the parenthesis, the
    bits on one line if they fit there, else one `| 1 << n` per line."""
    inner = indent + len(_INDENT)
    if not _fits(head, indent) or len(_top_level_split(bits, " | ")) < 2:
        raise _Unsupported(head)
    lines = [bits] if _fits(bits, inner) else _delimited(bits, inner)
    return [head, *(_INDENT + line for line in lines), ")"]


def _delimited_assignment(
    target: str, value: str, operands: list[str], condition: list[str], indent: int
) -> list[str]:
    """Several delimiters of one kind (`a | b | c`, `x if c else y`): black keeps the value in
    (invisible) parentheses, and splits it at those delimiters if it is still too long."""
    inner = indent + len(_INDENT)
    if len(operands) > 1 and len(condition) > 1:
        raise _Unsupported(value)
    lines = [value] if _fits(value, inner) else _delimited(value, inner, operands, condition)
    return [f"{target} = (", *(_INDENT + line for line in lines), ")"]


def _delimited(
    value: str, indent: int, operands: list[str] | None = None, condition: list[str] | None = None
) -> list[str]:
    """A value too long for one line, split at its delimiters of one kind: a conditional at
    its outer `if` and `else` (a nested conditional stays whole on the `else` line if it fits
    there), a union at each `|`."""
    operands = operands or _top_level_split(value, " | ")
    condition = condition or _top_level_split(value, " if ")
    if len(condition) > 1:
        when, _, otherwise = condition[1].partition(" else ")
        otherwise = " if ".join([otherwise, *condition[2:]])
        lines = [condition[0], f"if {when}", f"else {otherwise}"]
        if not _fits(lines[-1], indent) and len(condition) > 2:
            # A nested conditional too long for the `else` line: black parenthesizes it and
            # splits it the same way.
            nested = _delimited(otherwise, indent + len(_INDENT))
            lines[-1:] = ["else (", *(_INDENT + line for line in nested), ")"]
    elif len(operands) > 1:
        lines = [operands[0], *(f"| {o}" for o in operands[1:])]
    else:
        raise _Unsupported(value)
    if not all(_fits(line, indent) for line in lines):
        raise _Unsupported(value)
    return lines


def _call_assignment(target: str, value: str, indent: int) -> list[str]:
    """`target = f(...)`: split at the call's bracket, else the value in parentheses, else
    the targets split."""
    head, body, tail = _last_bracket(value)
    if not re.fullmatch(r"[\w.]+", head[:-1]) or len(tail) != 1:
        raise _Unsupported(value)
    if _fits(f"{target} = {head}", indent):
        return _bracket_split(f"{target} = {head}", body, tail, indent, False)
    targets = _items(target)
    if not all(re.fullmatch(r"[\w.]+", t) for t in targets):
        raise _Unsupported(target)
    if _fits(f"{target} = (", indent) and _fits(value, indent + len(_INDENT)):
        return [f"{target} = (", _INDENT + value, ")"]
    if len(targets) > 1 and _fits(f") = {value}", indent):
        # The targets no longer fit before the parenthesis: black splits them instead.
        return ["(", *(f"{_INDENT}{t}," for t in targets), f") = {value}"]
    raise _Unsupported(value)


def _condition(condition: str, indent: int) -> list[str]:
    """`if len(...) != n:` too long: black puts the condition in parentheses, on one line, else
    split at the comparison."""
    inner = indent + len(_INDENT)
    compared = _top_level_split(condition, " != ")
    if len(compared) != 2 or not _fits(f"!= {compared[1]}", inner):
        raise _Unsupported(condition)
    if _fits(condition, inner):
        lines = [condition]
    else:
        lines = [*_expression(compared[0], inner), f"!= {compared[1]}"]
    return ["if (", *(_INDENT + line for line in lines), "):"]


def _statement(line: str) -> list[str]:
    """One too-long line of code, split as black would (lines without the indentation)."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if stripped.startswith("from ") and " import " in stripped:
        head, _, names = stripped.partition(" import ")
        return [f"{head} import (", *(f"{_INDENT}{name}," for name in _items(names)), ")"]
    if stripped.startswith("def ") and stripped.endswith(":"):
        opening = stripped.index("(")
        close = _pairs(stripped)[opening]
        head, body, tail = stripped[: opening + 1], stripped[opening + 1 : close], stripped[close:]
        return _bracket_split(head, body, tail, indent, False)
    if stripped.startswith("class ") and stripped.endswith("):"):
        opening = stripped.index("(")
        head, body = stripped[: opening + 1], stripped[opening + 1 : -2]
        return _bracket_split(head, body, "):", indent, False)
    if stripped.startswith("for ") and stripped.endswith("):"):
        # The iterable is a call: black splits at its bracket when what precedes fits.
        head, body, tail = _last_bracket(stripped)
        if tail != "):" or not re.search(r" in [\w.]+\($", head):
            raise _Unsupported(stripped)
        return _bracket_split(head, body, tail, indent, False)
    if stripped.startswith("if (") and stripped.endswith("):"):
        # `if (a) != (b):`: split at the last bracket when the first operand fits before it.
        head, body, tail = _last_bracket(stripped)
        first = head.removeprefix("if ").removesuffix(" != (")
        if tail != "):" or _pairs(first).get(0) != len(first) - 1:
            raise _Unsupported(stripped)
        return _bracket_split(head, body, tail, indent, False)
    if stripped.startswith("if len(") and stripped.endswith(":"):
        return _condition(stripped[3:-1], indent)
    parts = _top_level_split(stripped, " = ")
    if len(parts) == 2 and not stripped.startswith(("if ", "for ", "return ")):
        return _assignment(parts[0], parts[1], indent)
    if stripped.startswith(("out.append(", "raise ", "(")):
        return _expression(stripped, indent)
    raise _Unsupported(stripped)


# A docstring that starts with whitespace or a quote, or ends with a quote: black strips or pads
# it (a description may start so; an escaped quote ends a line as `\"`).
_PADDED_DOCSTRING = re.compile(r'""""|"""[ \t]')
_LONG_LINE = re.compile(f"^.{{{LINE_LENGTH + 1},}}$", re.MULTILINE)


def _plain(piece: str) -> bool:
    """No tabs, other line breaks or trailing whitespace (black would change them)."""
    if piece.isascii():
        return (
            not any(c in piece for c in ("\t", "\r", "\x0b", "\x0c", " \n")) and piece[-1:] != " "
        )
    return all(line == line.rstrip() and line.isprintable() for line in piece.split("\n"))


def lay_out(piece: str) -> str | None:
    """A piece of a rendered module in black's layout, or None if black must format it."""
    if not _plain(piece) or _PADDED_DOCSTRING.search(piece):
        return None
    quotes = [m.start() for m in re.finditer('"""', piece)]
    parts: list[str] = []
    done = 0
    for match in _LONG_LINE.finditer(piece):
        line = match.group()
        stripped = line.lstrip(" ")
        if bisect_left(quotes, match.start()) % 2 or '"""' in line or stripped.startswith("# "):
            continue  # docstrings and comments stay as they are, as black leaves them
        try:
            split = _statement(line)
        except _Unsupported:
            return None
        indent = line[: len(line) - len(stripped)]
        parts.extend((piece[done : match.start()], "\n".join(indent + part for part in split)))
        done = match.end()
    parts.append(piece[done:])
    return "".join(parts)


def settle_modules(
    texts: Mapping[str, str], cache_dir: Path | None, verbatim: frozenset[str] = frozenset()
) -> tuple[dict[str, str], LayoutStats]:
    """Every module in black's layout: laid out here, or piece by piece by black (cached).
    `verbatim` modules are black's fixed points already (the runtime files)."""
    settled: dict[str, list[str | None]] = {}
    for_black: dict[str, str] = {}
    count = 0
    for path, text in texts.items():
        if path in verbatim:
            settled[path] = [text]
            continue
        pieces = text.split(_CLASS_BOUNDARY)
        pieces[1:] = ["class " + piece for piece in pieces[1:]]
        laid: list[str | None] = []
        for index, piece in enumerate(pieces):
            done = lay_out(piece)
            if done is None:
                for_black[f"{path}#{index}"] = piece
            laid.append(done)
        count += len(pieces)
        settled[path] = laid
    formatted = format_modules(for_black, cache_dir) if for_black else {}
    result = {}
    for path, laid in settled.items():
        parts = [
            formatted[f"{path}#{i}"] if piece is None else piece for i, piece in enumerate(laid)
        ]
        result[path] = "\n\n\n".join(part.rstrip("\n") for part in parts) + "\n"
    stats = LayoutStats(count, len(for_black), tuple(sorted(for_black)))
    return result, stats
