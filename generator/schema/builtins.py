"""Builtin types by wire form: what each builtin declaration stands for on the wire.

Schemas declare their primitives under several names (README, "What the parser accepts"):
Telegram `int ? = Int;`, TDLib `int32 = Int32;` / `int53 = Int53;` / `int64 = Int64;`,
tonlib `secureString = SecureString;` / `secureBytes = SecureBytes;` (strings and bytes its
C++ wipes from memory), TON `object ? = Object;` / `function ? = Function;` (any boxed object,
any boxed request). Each maps onto one wire primitive; the boxed spelling (`Int32`) is encoded
like the bare one.
"""

from __future__ import annotations

WIRE_FORMS: dict[str, str] = {
    "int": "int",
    "int32": "int",
    "long": "long",
    "int53": "long",
    "int64": "long",
    "double": "double",
    "string": "string",
    "secureString": "string",
    "bytes": "bytes",
    "secureBytes": "bytes",
    "int128": "int128",
    "int256": "int256",
    "int512": "int512",  # TDLib's e2e_api: `int512 16*[ int32 ] = Int512;` (signatures)
    "object": "object",
    "function": "function",
}
# Declared like a builtin but generic: handled as vectors, not through WIRE_FORMS.
GENERIC_BUILTINS = frozenset({"vector"})


def wire_form(name: str) -> str | None:
    """The wire primitive of a builtin, bare (`int32`) or boxed (`Int32`); None if unknown."""
    return WIRE_FORMS.get(name) or WIRE_FORMS.get(name[:1].lower() + name[1:])


def known_builtins() -> str:
    """The builtin names with a known wire form, for error messages."""
    return ", ".join(sorted({*WIRE_FORMS, *GENERIC_BUILTINS}))
