"""One escaping function per context of the generated source: every text from a schema or an
error table reaches a module through one of these.

- python_string: an ASCII-only string literal, quoted as black quotes it.
- docstring_text: a line inside a triple-quoted docstring.
- comment_text: the rest of a `#` comment line.

Identifiers are not escaped but chosen: tlgen.codegen.naming makes them.
"""

from __future__ import annotations

import json.encoder
import re

# json's encoder gives a double-quoted ASCII literal that is valid Python, except for characters
# outside the BMP: json writes a surrogate pair, which Python reads as two lone surrogates.
_json_string = json.encoder.encode_basestring_ascii
_NON_BMP = re.compile("[\U00010000-\U0010ffff]")
# Characters a docstring or comment cannot hold as they are: C0/C1 controls but tab (NUL is a
# SyntaxError, CR and the others end or bend lines), and Unicode line/paragraph separators.
# A quote followed by a quote, or last: escaping these leaves no `"""` and no closing quote.
_QUOTE_RUN = re.compile('"(?=")|"$')
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def python_string(value: str) -> str:
    """`"..."`: a Python literal equal to value, ASCII only; in single quotes when that needs
    fewer backslashes, as black's string normalization would write it."""
    literal = _json_string(value)
    if _NON_BMP.search(value) is not None:
        literal = (
            '"'
            + "".join(
                f"\\U{ord(c):08x}" if ord(c) > 0xFFFF else _json_string(c)[1:-1] for c in value
            )
            + '"'
        )
    if '\\"' not in literal:
        return literal
    body = literal[1:-1]
    swapped = _ESCAPE.sub(_swap_quote, body)
    return f"'{swapped}'" if swapped.count("\\") < body.count("\\") else literal


# One character of a literal's body, or one escape sequence.
_ESCAPE = re.compile(r"\\.|.", re.DOTALL)


def _swap_quote(match: re.Match[str]) -> str:
    """A double-quoted body's character as a single-quoted body spells it."""
    token = match.group()
    return '"' if token == '\\"' else "\\'" if token == "'" else token


def docstring_text(value: str) -> str:
    """One line of a triple-quoted (not raw) docstring that reads back as value: backslashes,
    controls and the quotes that could close the docstring are escaped."""
    text = _QUOTE_RUN.sub('\\\\"', value.replace("\\", "\\\\"))
    return _CONTROL.sub(_control_escape, text)


def _control_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def comment_text(value: str) -> str:
    """Text for the rest of a `#` line: controls and line separators become `?`."""
    return _CONTROL.sub("?", value)
