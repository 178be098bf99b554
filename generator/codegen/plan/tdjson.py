"""TDLib's JSON interface (`--wire tdjson`): what the plan knows about it, read from the
schema's `//@` comments (docs/ARCHITECTURE.md §3, the TDLib package).

TDLib's own generator marks nothing in td_api.tl's syntax: which object fields may be null,
which functions run synchronously, which work before authorization or only for bots, is said
in the descriptions, in fixed phrases that TDLib's documentation and every binding read the
same way:

- "may be null" (output) / "pass null" (input): the field may be absent (`X | None`); on a
  vector it is said of the elements ("messages may be null"), which the codec accepts for any
  vector of objects anyway;
- "Can be called synchronously": the function runs through `td_execute` (28 in TDLib 1.8.66);
- "Can be called before authorization", "for bots only" / "Bots only": documentation facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ...schema import Combinator, Param, doc_field

WireFormat = Literal["binary", "tdjson"]

_NULLABLE = re.compile(r"\b(?:may be null|pass null)\b", re.IGNORECASE)
_SYNCHRONOUS = re.compile(r"\bCan be called synchronously\b")
_BEFORE_AUTHORIZATION = re.compile(r"\bCan be called before authorization\b")
# "for bots only", or a sentence "Bots only"; not "for regular users and bots only".
_BOTS_ONLY = re.compile(r"\bfor bots only\b|(?:^|[.;]\s*)bots only\b", re.IGNORECASE)
# A TDLib version as getOption("version") answers it.
_VERSION = re.compile(r"\d+\.\d+\.\d+")


@dataclass(frozen=True)
class Wire:
    """The package's wire format: TL binary, or TDLib's JSON; `tdlib_version` is the TDLib
    release the schema comes from (the client warns when the library is another)."""

    format: WireFormat = "binary"
    tdlib_version: str | None = None

    @property
    def binary(self) -> bool:
        return self.format == "binary"

    def __str__(self) -> str:
        """As parse_wire reads it: `binary`, `tdjson`, `tdjson:1.8.66`."""
        return self.format + (f":{self.tdlib_version}" if self.tdlib_version else "")


# The default: TL binary.
BINARY = Wire()


def parse_wire(text: str) -> Wire:
    """`binary`, `tdjson` or `tdjson:1.8.66`; ValueError with the reason otherwise."""
    name, colon, version = text.partition(":")
    if name == "binary" and not colon:
        return BINARY
    if name == "tdjson":
        if colon and not _VERSION.fullmatch(version):
            raise ValueError(
                f"expected a TDLib version such as 1.8.66 after 'tdjson:', got {version!r}"
            )
        return Wire("tdjson", version or None)
    raise ValueError(f"expected binary, tdjson or tdjson:VERSION, got {text!r}")


def param_description(definition: Combinator, param: str) -> str:
    """A param's `//@` description (schema.doc_field: TDLib's `@param_description`)."""
    return next((text for key, text in definition.doc if doc_field(key) == param), "")


def nullable_params(definition: Combinator) -> frozenset[str]:
    """The TL names of the params documented "may be null" or "pass null"."""
    return frozenset(
        p.name
        for p in definition.params
        if isinstance(p, Param)
        and p.name
        and _NULLABLE.search(param_description(definition, p.name))
    )


@dataclass(frozen=True)
class Facts:
    """What a TDLib function's description says about where it can be called."""

    synchronous: bool = False
    before_authorization: bool = False
    bots_only: bool = False

    @property
    def lines(self) -> tuple[str, ...]:
        """The facts as docstring sentences."""
        said = []
        if self.synchronous:
            said.append("Synchronous: can be sent to td_execute (Client.execute).")
        if self.before_authorization:
            said.append("Can be called before authorization.")
        if self.bots_only:
            said.append("For bots only.")
        return tuple(said)


def facts(definition: Combinator) -> Facts:
    """The facts a function's description states."""
    text = next((text for k, text in definition.doc if k == "description"), "")
    return Facts(
        synchronous=bool(_SYNCHRONOUS.search(text)),
        before_authorization=bool(_BEFORE_AUTHORIZATION.search(text)),
        bots_only=bool(_BOTS_ONLY.search(text)),
    )
