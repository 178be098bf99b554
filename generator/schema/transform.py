"""Parse-tree callbacks -> model nodes: the Lark transformer that runs inside the LALR parse
(no tree is built), and TDLib-style `//@` doc comments attached to the definition below them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from lark import Token, Transformer

from ..spans import SourceSpan
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
    TypeExpr,
    TypeParam,
    TypeRef,
)
from .syntax import MAX_DIGITS, SchemaSyntaxError, too_long

MAX_TYPE_DEPTH = 32
# Primitive types of the TL schemas in use (Telegram, TDLib, TON), declared as `name = Name;`.
PRIMITIVE_NAMES = frozenset(WIRE_FORMS) | GENERIC_BUILTINS
_DOC_KEY = re.compile(r"(?:^|\s)@([A-Za-z_][A-Za-z0-9_]*)")


# Parsed pieces of one definition; the section it belongs to is known only in `start`.
@dataclass(frozen=True, slots=True)
class _DefinitionParts:
    name: Token
    explicit_id: int | None
    type_params: tuple[TypeParam, ...]
    params: tuple[ParamLike, ...]
    result: TypeRef


ParseResult = tuple[list[Combinator], list[Builtin]]


class ModelBuilder(Transformer[Token, list[Any]]):
    """Callbacks for grammar rules; `path` and `comments` are set per parse (under _LOCK)."""

    def __init__(self) -> None:
        super().__init__()
        self.path = "<memory>"
        self.comments: list[Token] = []

    def span(self, token: Token) -> SourceSpan:
        """The position of a token in the file being parsed."""
        return SourceSpan(
            self.path,
            token.line or 0,
            token.column or 0,
            token.end_line or 0,
            token.end_column or 0,
        )

    def fail(self, message: str, token: Token) -> NoReturn:
        """Raise a SchemaSyntaxError at a token."""
        raise SchemaSyntaxError(message, self.span(token))

    def number(self, digits: str, token: Token) -> int:
        """A decimal number of the schema, refused when longer than MAX_DIGITS."""
        if len(digits) > MAX_DIGITS:
            self.fail(too_long(digits), token)
        return int(digits)

    # -- types -------------------------------------------------------------------------------

    def type_ref(self, children: list[Any]) -> TypeRef:
        """Rule type_ref: a named type with optional `<...>` arguments."""
        name, args = children
        return self._apply(name, args or ())

    def type_args(self, children: list[TypeExpr]) -> tuple[TypeExpr, ...]:
        """Rule type_args: the arguments between `<` and `>`."""
        return tuple(children)

    def bare_term(self, children: list[TypeExpr]) -> TypeRef:
        """Rule bare_term: `%Type`."""
        (term,) = children
        if not isinstance(term, TypeRef):
            raise SchemaSyntaxError(f"'%' must be followed by a type, not {term}", term.span)
        return TypeRef(term.name, term.args, True, term.span)

    def nat_literal(self, children: list[Token]) -> NatLiteral:
        """Rule nat_literal: a number inside a type expression."""
        return NatLiteral(self.number(str(children[0]), children[0]), self.span(children[0]))

    def nat_type(self, children: list[Token]) -> TypeRef:
        """Rule nat_type: `#`."""
        return TypeRef("#", (), False, self.span(children[0]))

    def expr(self, children: list[TypeExpr]) -> TypeExpr:
        """Rule expr: a type applied to arguments by juxtaposition (`vector int`)."""
        head, *args = children
        if not args:
            return head
        if not isinstance(head, TypeRef) or head.args:
            raise SchemaSyntaxError(f"cannot apply {head} to arguments", head.span)
        return self._check_depth(TypeRef(head.name, tuple(args), head.bare, head.span))

    def result(self, children: list[Any]) -> TypeRef:
        """Rule result: the type after `=`."""
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
        """Rule named_param: `name:Type`, `name:flags.N?Type`, `name:!X`."""
        name_token, condition_token, excl, term = children
        condition = None
        if condition_token is not None:
            flag_field, _, bit = str(condition_token)[:-1].partition(".")
            condition = FlagCondition(
                flag_field, self.number(bit, condition_token), self.span(condition_token)
            )
        span = _through(self.span(name_token), term.span)
        return Param(_param_name(name_token), term, condition, excl is not None, span)

    def anonymous_param(self, children: list[Any]) -> Param:
        """Rule anonymous_param: a type without a name (builtins)."""
        excl, term = children
        return Param(None, term, None, excl is not None, term.span)

    def group_param(self, children: list[Any]) -> list[Param]:
        """Rule group_param: `(a b c : Type)`, several params of one type."""
        *names, last, excl, term = children
        return [
            Param(_param_name(token), term, None, excl is not None, self.span(token))
            for token in (*names, last)
        ]

    def repetition(self, children: list[Any]) -> Repetition:
        """Rule repetition: `[ ... ]`, `n*[ ... ]`, `name:n*[ ... ]`."""
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
        """Rule type_param: `{X:Type}` (several names allowed)."""
        *names, last, excl, kind = children
        return [
            TypeParam(_param_name(token), kind, excl is not None, self.span(token))
            for token in (*names, last)
        ]

    # -- definitions -------------------------------------------------------------------------

    def builtin(self, children: list[Token]) -> Builtin:
        """Rule builtin: `int ? = Int;` (with an optional id)."""
        name, id_token, type_name = children
        return Builtin(str(name), str(type_name), None, self.span(name), self._parse_id(id_token))

    def definition(self, children: list[Any]) -> _DefinitionParts:
        """Rule definition: one combinator, its section known only in `start`."""
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

    def start(self, children: list[Any]) -> ParseResult:
        """Rule start: every definition with its section and doc comment, and the builtins."""
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
                span = _through(self.span(item.name), item.result.span)
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


def _through(start: SourceSpan, end: SourceSpan) -> SourceSpan:
    """From where `start` begins to where `end` ends: a param up to its type, a definition up
    to its result type's name."""
    if not end.end_line:
        return start
    return SourceSpan(start.path, start.line, start.column, end.end_line, end.end_column)
