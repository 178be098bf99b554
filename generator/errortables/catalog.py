"""Error sources -> one catalog: every code seen per error, the methods raising it, conflicts.

Nothing is silently dropped: where sources disagree (codes of an error, its description, whether
bots may call a method) each source and its value is kept in a Conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..schema import Combinator, Param, Schema
from ..spans import SourceSpan
from .read import CsvErrors, CsvMethods, DocPage, ErrorSource

# The number of a patterned error name: X, or X and its unit (XMIN, minutes).
_NUMBER_SEGMENT = re.compile(r"X(?:MIN)?")


def _segment_pattern(segment: str) -> str:
    if _NUMBER_SEGMENT.fullmatch(segment):
        return r"([0-9]{1,10})" + re.escape(segment[1:])
    return re.escape(segment)


@dataclass(frozen=True)
class CatalogError:
    """One error name after merging: every code seen, its description, the methods raising it and
    the sources."""

    name: str
    codes: tuple[int, ...]
    description: str
    methods: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def pattern(self) -> str | None:
        """A regex for patterned names (FLOOD_WAIT_X, INTERDC_X_CALL_ERROR), with the number as
        its group; None for a plain name. `X` stands for the number as a whole `_` segment, or
        followed by its unit (PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_XMIN: `5MIN`)."""
        segments = self.name.split("_")
        if not any(_NUMBER_SEGMENT.fullmatch(s) for s in segments):
            return None
        return "^" + "_".join(_segment_pattern(s) for s in segments) + "$"


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one field of one error, each with its value."""

    name: str  # error name, or method name for field "bots"
    field: str  # "codes", "description" or "bots"
    values: tuple[tuple[str, str], ...]  # (source, value)

    def to_json(self) -> dict[str, object]:
        """The record as `tlgen errors --json` prints it."""
        return {
            "name": self.name,
            "field": self.field,
            "values": [{"source": s, "value": v} for s, v in self.values],
        }


@dataclass(frozen=True)
class MethodErrors:
    """What the tables document about one method: its errors and whether bots may use it."""

    method: str
    errors: tuple[tuple[int, str], ...]  # (code, name); code 0 when only the name is known
    bots: bool | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PageFinding:
    """A page whose parameters and result belong to another method than its title names."""

    path: str
    span: SourceSpan
    title: str
    documents: str

    def __str__(self) -> str:
        return (
            f"{self.span}: warning: page titled {self.title} documents {self.documents} "
            "(its parameters and result are that method's)"
        )


@dataclass(frozen=True)
class ErrorCatalog:
    """Every source merged: errors, methods, conflicts and page findings."""

    errors: tuple[CatalogError, ...]
    methods: tuple[MethodErrors, ...]
    conflicts: tuple[Conflict, ...]
    findings: tuple[PageFinding, ...]

    def error(self, name: str) -> CatalogError | None:
        """The merged error of this name, or None."""
        return self._errors_by_name.get(name)

    def method(self, name: str) -> MethodErrors | None:
        """What is documented about this TL method, or None."""
        return self._methods_by_name.get(name)

    # Indexed once: the planner asks for every request's errors.
    @cached_property
    def _errors_by_name(self) -> dict[str, CatalogError]:
        return {e.name: e for e in self.errors}

    @cached_property
    def _methods_by_name(self) -> dict[str, MethodErrors]:
        return {m.method: m for m in self.methods}

    def to_json(self) -> dict[str, object]:
        """The catalog as `tlgen errors --json` prints it."""
        return {
            "errors": [
                {
                    "name": e.name,
                    "codes": list(e.codes),
                    "description": e.description,
                    "methods": list(e.methods),
                    "sources": list(e.sources),
                    "pattern": e.pattern,
                }
                for e in self.errors
            ],
            "methods": [
                {
                    "method": m.method,
                    "errors": [{"code": c or None, "name": n} for c, n in m.errors],
                    "bots": m.bots,
                    "sources": list(m.sources),
                }
                for m in self.methods
            ],
            "conflicts": [c.to_json() for c in self.conflicts],
            "pages": [
                {"file": f.path, "line": f.span.line, "title": f.title, "documents": f.documents}
                for f in self.findings
            ],
        }


def build_catalog(sources: Sequence[ErrorSource], schema: Schema | None = None) -> ErrorCatalog:
    """Merge error sources; with a schema, pages are matched to the method their parameters
    document."""
    collector = _Collector(schema)
    for source in sources:
        if isinstance(source, DocPage):
            collector.add_page(source)
        elif isinstance(source, CsvErrors):
            collector.add_errors_csv(source)
        else:
            collector.add_methods_csv(source)
    return collector.finish()


class _Collector:
    """What each source says, kept apart per source until the catalog is built."""

    def __init__(self, schema: Schema | None) -> None:
        self.schema = schema
        self.findings: list[PageFinding] = []
        # error name -> source -> (codes, description)
        self.said: dict[str, dict[str, tuple[set[int], str]]] = {}
        # error name -> (position, description): a source repeating an error with another
        # description; each repetition is kept as one more value of the description conflict
        self.repeated: dict[str, list[tuple[str, str]]] = {}
        # method -> (code, name) pairs; code 0 where a source names the error without its code
        self.method_errors: dict[str, dict[tuple[int, str], None]] = {}
        self.method_bots: dict[str, dict[str, bool]] = {}
        self.method_sources: dict[str, dict[str, None]] = {}

    def _method(self, method: str, source: str, bots: bool | None) -> dict[tuple[int, str], None]:
        self.method_sources.setdefault(method, {})[source] = None
        if bots is not None:
            self.method_bots.setdefault(method, {})[source] = bots
        return self.method_errors.setdefault(method, {})

    def _say(
        self, name: str, source: str, codes: Sequence[int], description: str, span: SourceSpan
    ) -> None:
        known_codes, known_description = self.said.setdefault(name, {}).get(source, (set(), ""))
        self.said[name][source] = (known_codes | set(codes), known_description or description)
        if known_description and description:
            if normalise_text(description) != normalise_text(known_description):
                self.repeated.setdefault(name, []).append((str(span), description))

    def add_page(self, page: DocPage) -> None:
        method = page.method
        if self.schema is not None:
            documented = documented_method(page, self.schema)
            if documented is not None and documented != method:
                self.findings.append(PageFinding(page.path, page.title_span, method, documented))
                method = documented
        entries = self._method(method, page.path, page.bots)
        for row in page.errors:
            self._say(row.name, page.path, [row.code], row.description, row.span)
            entries[(row.code, row.name)] = None

    def add_errors_csv(self, table: CsvErrors) -> None:
        for name, codes, description, span in table.rows:
            self._say(name, table.path, codes, description, span)

    def add_methods_csv(self, table: CsvMethods) -> None:
        for method, bots, names, _ in table.rows:
            entries = self._method(method, table.path, bots)
            for name in names:
                entries[(0, name)] = None

    def codes_of(self, name: str) -> list[int]:
        return sorted({code for codes, _ in self.said.get(name, {}).values() for code in codes})

    def finish(self) -> ErrorCatalog:
        # A name listed without its code (methods.csv) takes the codes other sources give it.
        methods: dict[str, list[tuple[int, str]]] = {}
        for method, said_pairs in self.method_errors.items():
            coded = {name for code, name in said_pairs if code}
            resolved = {pair for pair in said_pairs if pair[0]}
            for _, name in (p for p in said_pairs if not p[0] and p[1] not in coded):
                resolved.update((code, name) for code in self.codes_of(name) or [0])
            methods[method] = sorted(resolved, key=lambda pair: (pair[1], pair[0]))
        raised_by: dict[str, set[str]] = {}
        for method, pairs in methods.items():
            for _, name in pairs:
                raised_by.setdefault(name, set()).add(method)
        errors = []
        conflicts = []
        for name in sorted(self.said.keys() | raised_by.keys()):
            by_source = self.said.get(name, {})
            descriptions = [d for _, d in by_source.values() if d]
            errors.append(
                CatalogError(
                    name,
                    tuple(self.codes_of(name)),
                    descriptions[0] if descriptions else "",
                    tuple(sorted(raised_by.get(name, ()))),
                    tuple(by_source),
                )
            )
            conflicts.extend(_disagreements(name, by_source, self.repeated.get(name, [])))
        method_list = []
        for method in sorted(methods):
            votes = self.method_bots.get(method, {})
            if len(set(votes.values())) > 1:
                values = tuple((s, "yes" if v else "no") for s, v in votes.items())
                conflicts.append(Conflict(method, "bots", values))
            bots = next(iter(votes.values())) if len(set(votes.values())) == 1 else None
            sources = tuple(self.method_sources.get(method, {}))
            method_list.append(MethodErrors(method, tuple(methods[method]), bots, sources))
        return ErrorCatalog(
            tuple(errors), tuple(method_list), tuple(conflicts), tuple(self.findings)
        )


def _disagreements(
    name: str, by_source: dict[str, tuple[set[int], str]], repeated: list[tuple[str, str]]
) -> list[Conflict]:
    conflicts = []
    code_sets = {
        source: " ".join(map(str, sorted(codes))) for source, (codes, _) in by_source.items()
    }
    if len(set(code_sets.values())) > 1:
        conflicts.append(Conflict(name, "codes", tuple(code_sets.items())))
    texts = {source: text for source, (_, text) in by_source.items() if text}
    texts.update(repeated)
    if len({normalise_text(text) for text in texts.values()}) > 1:
        conflicts.append(Conflict(name, "description", tuple(texts.items())))
    return conflicts


def documented_method(page: DocPage, schema: Schema) -> str | None:
    """The function whose parameters the page describes.

    The titled method wins when it fits. Otherwise the one other function that fits; ties are
    broken by the page's result type, then by which candidate the page's text names (the
    GramJS page titled auth.SendCode fits both auth.resendCode and auth.resetLoginEmail, and
    its description names auth.resendCode).
    """
    functions = {f.name: f for f in schema.functions}

    def fits(function: Combinator) -> bool:
        params = [p for p in function.params if isinstance(p, Param) and not p.is_flags_field]
        names = {p.name for p in params}
        required = {p.name for p in params if p.condition is None}
        return required <= set(page.params) <= names

    titled = functions.get(page.method)
    if titled is not None and fits(titled):
        return page.method
    if not page.params:
        return None
    candidates = [f for f in functions.values() if fits(f)]
    if page.result is not None and len(candidates) > 1:
        candidates = [f for f in candidates if str(f.result) == page.result]
    if len(candidates) > 1:
        candidates = [f for f in candidates if f.name in page.mentioned]
    return candidates[0].name if len(candidates) == 1 else None


def normalise_text(text: str) -> str:
    """A description compared for conflicts: whitespace, case and final punctuation ignored."""
    return " ".join(text.casefold().rstrip(".").split())
