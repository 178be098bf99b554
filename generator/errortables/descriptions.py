"""Descriptions of definitions and of their parameters, merged from every source we read.

Sources: TDLib-style `//@description` / `//@<param>` comments in the schema (kept on
`Combinator.doc`) and doc pages of both formats (the paragraph under the title, the Description
column of the parameters table). The choice is deterministic: the schema's own comments first,
then the pages in the order they were given. Every source saying something else is kept in a
Conflict, as for error tables: field `doc` for a definition's description, `doc.<param>` for a
parameter's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..schema import Combinator, DefinitionKind, Param, Schema, doc_field
from ..spans import SourceSpan
from .catalog import Conflict, ErrorCatalog, documented_method, normalise_text
from .read import DocPage


@dataclass(frozen=True)
class Description:
    """What is said about one definition: its description and each parameter's, with sources."""

    kind: DefinitionKind
    name: str
    text: str  # "" when no source describes the definition itself
    params: tuple[tuple[str, str], ...]  # (TL param name, description), in schema order
    sources: tuple[str, ...]  # the files that say something about it

    def param(self, name: str) -> str:
        """The description of one parameter (empty when none)."""
        return dict(self.params).get(name, "")


@dataclass(frozen=True)
class DescriptionCatalog:
    """Descriptions of every documented definition, and the conflicts between sources."""

    descriptions: tuple[Description, ...]
    conflicts: tuple[Conflict, ...]

    def of(self, kind: DefinitionKind, name: str) -> Description | None:
        """The description of a constructor or function, or None."""
        return self._by_key.get((kind, name))

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Description]:
        return {(d.kind, d.name): d for d in self.descriptions}

    def to_json(self) -> list[dict[str, object]]:
        """The descriptions as `tlgen errors --json` prints them."""
        return [
            {
                "kind": d.kind,
                "name": d.name,
                "description": d.text,
                "params": [{"name": n, "description": t} for n, t in d.params],
                "sources": list(d.sources),
            }
            for d in self.descriptions
        ]


# (kind, name) -> field ("" for the definition, else the param name) -> [(where, text)]
_Said = dict[tuple[DefinitionKind, str], dict[str, list[tuple[SourceSpan, str]]]]


def build_descriptions(
    schema: Schema | None, pages: Sequence[DocPage], catalog: ErrorCatalog | None = None
) -> DescriptionCatalog:
    """Every described definition, in schema order (then the pages' other methods by name).

    A page describes the method whose parameters it lists (see `documented_method`); the
    catalog built from the same pages and schema already knows which pages those are.
    """
    said: _Said = {}
    definitions = {(d.kind, d.name): d for d in schema.definitions} if schema else {}
    for definition in definitions.values():
        _add_comments(said, definition)
    moved = {f.path: f.documents for f in catalog.findings} if catalog else None
    for page in pages:
        method = page.method
        if moved is not None:
            method = moved.get(page.path, method)
        elif schema is not None:
            method = documented_method(page, schema) or method
        fields = said.setdefault(("function", method), {})
        if page.description is not None:
            fields.setdefault("", []).append((page.description.span, page.description.text))
        for name, doc in page.param_docs:
            fields.setdefault(name, []).append((doc.span, doc.text))
    order = {key: index for index, key in enumerate(definitions)}
    descriptions = []
    conflicts = []
    for key in sorted(said, key=lambda k: (order.get(k, len(order)), k)):
        fields = said[key]
        if not fields:
            continue
        kind, name = key
        described = definitions.get(key)
        names = _param_names(described) if described else [n for n in fields if n]
        params = tuple((n, fields[n][0][1]) for n in names if n in fields)
        text = fields[""][0][1] if "" in fields else ""
        sources = dict.fromkeys(span.path for values in fields.values() for span, _ in values)
        descriptions.append(Description(kind, name, text, params, tuple(sources)))
        for field in ["", *names]:
            values = fields.get(field, [])
            if len({normalise_text(text) for _, text in values}) > 1:
                label = "doc" if not field else f"doc.{field}"
                where = tuple((f"{span.path}:{span.line}", text) for span, text in values)
                conflicts.append(Conflict(name, label, where))
    return DescriptionCatalog(tuple(descriptions), tuple(conflicts))


def _add_comments(said: _Said, definition: Combinator) -> None:
    """`//@description ...`, `//@<param> ...` and `//@param_description ...` above a
    definition; other keys (TDLib's `@class`) say nothing about it."""
    params = set(_param_names(definition))
    for key, text in definition.doc:
        field = doc_field(key)
        if text and (field == "" or field in params):
            said.setdefault((definition.kind, definition.name), {}).setdefault(field, []).append(
                (definition.span, " ".join(text.split()))
            )


def _param_names(definition: Combinator) -> list[str]:
    return [
        p.name
        for p in definition.params
        if isinstance(p, Param) and p.name is not None and not p.is_flags_field
    ]
