"""Constructor ids: the canonical definition text and its CRC32.

The id of a TL combinator is the CRC32 of its definition written canonically: no `#id`, no `;`,
single spaces, `{X:Type}` without braces, `Vector<T>` as `Vector T`, `(vector int)` as
`vector int`. Two rules build that text (README, "What the parser accepts"):

- As written, the rule of the reference tl-parser (TDLib, TON), which infers every id their
  schemas leave out: params stay as they are, except that the `!` of `query:!X` is not
  written (the parser keeps it as a flag of the field, outside the text it hashes).
- Telegram's rule, with which Telegram's published ids were made: a param of type `bytes` is
  written as `string` and `name:flags.N?true` params are left out (they occupy a bit but no
  bytes, so they do not change the wire layout); `!` stays.

A missing id is inferred as written, except in a definition written in Telegram's syntax (a
field under a `flags`/`flagsN` word, a type variable `{X:Type}` / `!X`): there Telegram's rule
applies, as Telegram's peers infer it (Telethon's generator, mtcute). An explicit id is correct
when either rule reproduces it.
"""

from __future__ import annotations

from .model import Combinator, crc32

__all__ = [
    "canonical_id_text",
    "crc32",
    "infer_constructor_id",
    "telegram_constructor_id",
    "telegram_id_text",
]


def canonical_id_text(combinator: Combinator) -> str:
    """The text whose CRC32 is the combinator's id, as the reference tl-parser writes it."""
    return combinator.id_text(telegram=False)


def telegram_id_text(combinator: Combinator) -> str:
    """The text Telegram's published ids are the CRC32 of."""
    return combinator.id_text(telegram=True)


def infer_constructor_id(combinator: Combinator) -> int:
    """The id of a definition written without one: Telegram's rule for Telegram's syntax,
    the reference parser's otherwise (Combinator.written_in_telegram_syntax)."""
    if combinator.written_in_telegram_syntax:
        return telegram_constructor_id(combinator)
    return crc32(canonical_id_text(combinator))


def telegram_constructor_id(combinator: Combinator) -> int:
    """The id by Telegram's rule, which its published ids follow."""
    return crc32(telegram_id_text(combinator))
