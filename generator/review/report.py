"""Diff findings -> reports: text (terminal), markdown (PR comment), json, github annotations.

Text, markdown and github show each changed definition once, with every rule that applies to it
listed inside; json keeps one record per rule (the unit of fingerprints), grouped by definition.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from .findings import (
    SEVERITIES,
    SEVERITY_ORDER,
    DefinitionChange,
    DiffResult,
    Finding,
    Side,
    by_section,
)

# Sections with more entries than this are folded in <details> in markdown.
FOLD_AFTER = 8
# GitHub refuses a comment body longer than this many characters.
MARKDOWN_LIMIT = 65_536
# GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per job):
# actions/toolkit docs/problem-matchers.md, "Limitations" (commit 457303960f03375db6f033e214b9f90d79c3fe5c).
ANNOTATIONS_PER_LEVEL = 10
_NAMES_IN_SUMMARY = 50  # definitions named in the annotation that sums up a full level
_GITHUB_LEVEL = {"error": "error", "dangerous": "warning", "info": "notice"}
_ICONS = {"error": "🔴", "dangerous": "🟠", "info": "🔵"}

Accepted = Mapping[str, str]


def _accepted_mark(finding: Finding, accepted: Accepted) -> str:
    reason = accepted.get(finding.fingerprint)
    return "" if reason is None else f" [accepted: {reason}]"


def _md_accepted_mark(finding: Finding, accepted: Accepted) -> str:
    """The --allow reason (free text) as a code span: no mention, link, image or HTML."""
    reason = accepted.get(finding.fingerprint)
    return "" if reason is None else f" [accepted: {_md_code(reason)}]"


def _layer_line(result: DiffResult) -> str:
    old, new = result.old.schema.layer, result.new.schema.layer
    if result.layer_bumped:
        return f"Layer {old} → {new}: wire breaks are explained by the layer bump (dangerous)."
    if old is None or new is None:
        return "No `// LAYER` on both sides: every wire break is an error."
    return f"Layer {old} → {new}: no layer bump, so every wire break is an error."


def _summary(definitions: Sequence[DefinitionChange]) -> str:
    if not definitions:
        return "no changes"
    counts: Counter[str] = Counter(d.severity for d in definitions)
    findings = sum(len(d.findings) for d in definitions)
    levels = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES if counts[s])
    noun = "definition" if len(definitions) == 1 else "definitions"
    return f"{len(definitions)} changed {noun} ({levels}), {findings} findings"


def _signature_lines(definition: DefinitionChange) -> list[str]:
    before, after = definition.signatures
    if before == after:
        return []
    return ([f"- {before}"] if before else []) + ([f"+ {after}"] if after else [])


# -- text -------------------------------------------------------------------------------------


def render_text(result: DiffResult, accepted: Accepted) -> str:
    """The review for a terminal: each changed definition once, its rules listed under it."""
    definitions = result.definitions
    lines = [f"tlgen diff {result.old.label} -> {result.new.label}: {_summary(definitions)}"]
    lines.append(_layer_line(result).replace("→", "->").replace("`", ""))
    for title, members in by_section(definitions):
        lines += ["", f"{title} ({len(members)})"]
        for d in members:
            lines.append(f"  {d.severity:<9} {d.entity}  wire={d.wire} python={d.python}")
            if d.old.text:
                lines.append(f"      - {result.old.label}:{d.old.line}: {d.old.text}")
            if d.new.text:
                lines.append(f"      + {result.new.label}:{d.new.line}: {d.new.text}")
            lines += [f"      {s}" for s in _signature_lines(d)]
            for f in d.findings:
                detail = f" [{f.detail}]" if f.detail else ""
                lines.append(
                    f"      * {f.severity} {f.rule}{detail}: {f.reason} "
                    f"(wire {f.wire}, python {f.python}; {f.fingerprint}){_accepted_mark(f, accepted)}"
                )
    return "\n".join(lines) + "\n"


# -- markdown ---------------------------------------------------------------------------------


def render_markdown(
    result: DiffResult,
    accepted: Accepted,
    limit: int | None = MARKDOWN_LIMIT,
    full_report: str | None = None,
    cut_to: str = f"one GitHub comment ({MARKDOWN_LIMIT:,} characters)",
) -> str:
    """The PR comment. With a `limit`, at most that many characters: the header and summary
    table always, then every error, then every dangerous definition, then the others, each in
    full while that fits, else on one line, else left out; the last line says what was left out
    and where everything is (`--format json`, or `full_report`: the `--out` file). Sizes are
    counted in UTF-8 bytes; `cut_to` names what the limit is in that note."""
    definitions = result.definitions
    labels = f"{_md_code(result.old.label)} → {_md_code(result.new.label)}"
    head = [f"## TL schema changes: {labels}", ""]
    head += [_layer_line(result), ""]
    if not definitions:
        return "\n".join(head + ["No changes.", ""])
    sections = by_section(definitions)
    head += _markdown_table(sections)
    blocks = {id(d): _markdown_full(d, accepted) for d in definitions}
    lines = {id(d): _markdown_line(d, accepted) for d in definitions}
    everything = _assemble(head, sections, blocks, "")
    if limit is None or _size(everything) <= limit:
        return everything
    # Room for the note, the <details> lines and the "N shown" of each heading.
    budget = limit - _size(_assemble(head, sections, {}, "x" * 400)) - 80 * len(sections)
    chosen: dict[int, str] = {}
    names = {id(d): f"- {_ICONS[d.severity]} **{_md_name(d.entity)}**" for d in definitions}
    serious = [d for d in definitions if d.severity != "info"]
    steps = [
        (serious, (names,)),
        ([d for d in serious if d.severity == "error"], (blocks, lines)),
        (serious, (lines,)),
        (serious, (blocks,)),
        ([d for d in definitions if d.severity == "info"], (blocks, lines)),
    ]
    for members, forms in steps:
        for d in members:
            for form in forms:
                # Each entry costs its text and the newline that joins it.
                cost = _size(form[id(d)]) - _size(chosen.get(id(d), "")) + (id(d) not in chosen)
                if _size(form[id(d)]) > _size(chosen.get(id(d), "")) and cost <= budget:
                    budget -= cost
                    chosen[id(d)] = form[id(d)]
                    break
    note = _left_out_note(definitions, chosen, blocks, names, full_report, cut_to)
    return _assemble(head, sections, chosen, note)


def _size(text: str) -> int:
    """Length in UTF-8 bytes: never less than the characters GitHub counts, however it counts."""
    return len(text.encode("utf-8"))


def _markdown_table(sections: list[tuple[str, list[DefinitionChange]]]) -> list[str]:
    out = ["| Section | Definitions | error | dangerous | info | wire break | wire silent |"]
    out += ["|---|---:|---:|---:|---:|---:|---:|"]
    totals: Counter[str] = Counter()
    for title, members in sections:
        counts: Counter[str] = Counter(d.severity for d in members)
        counts.update(d.wire for d in members)
        counts["all"] = len(members)
        totals += counts
        out.append(_table_row(title, counts))
    out += [_table_row("**Total**", totals), ""]
    return out


def _table_row(title: str, counts: Counter[str]) -> str:
    cells = [counts[k] for k in ("all", "error", "dangerous", "info", "break", "silent")]
    return f"| {title} | " + " | ".join(map(str, cells)) + " |"


def _rule_items(definition: DefinitionChange, accepted: Accepted) -> list[str]:
    items = []
    for f in definition.findings:
        detail = f" {_md_code(f.detail)}" if f.detail else ""
        items.append(
            f"  - `{f.rule}`{detail}: {_md_text(f.reason)} · {f.severity} · wire **{f.wire}** · "
            f"python **{f.python}** · `{f.fingerprint}`{_md_accepted_mark(f, accepted)}"
        )
    return items


def _markdown_full(definition: DefinitionChange, accepted: Accepted) -> str:
    d = definition
    lines = [f"- {_ICONS[d.severity]} **{_md_name(d.entity)}** · {d.severity}"]
    lines += _rule_items(d, accepted)
    code = [f"- {d.old.text}"] if d.old.text else []
    code += [f"+ {d.new.text}"] if d.new.text else []
    code += _signature_lines(d)
    if code:
        fence = _fence_for(code)
        lines += [f"  {fence}diff", *(f"  {c}" for c in code), f"  {fence}"]
    return "\n".join(lines) + "\n"


def _markdown_line(definition: DefinitionChange, accepted: Accepted) -> str:
    d = definition
    rules = ", ".join(
        f"`{f.rule}`" + (f" {_md_code(f.detail)}" if f.detail else "")
        + (" (accepted)" if f.fingerprint in accepted else "")
        for f in d.findings
    )  # fmt: skip
    return f"- {_ICONS[d.severity]} **{_md_name(d.entity)}**: {rules}"


def _assemble(
    head: list[str],
    sections: list[tuple[str, list[DefinitionChange]]],
    chosen: Mapping[int, str],
    note: str,
) -> str:
    out = list(head)
    for title, members in sections:
        body = [chosen[id(d)] for d in members if id(d) in chosen]
        shown = "" if len(body) == len(members) else f", {len(body)} shown"
        out += [f"### {title} ({len(members)}{shown})", ""]
        if len(body) > FOLD_AFTER:
            out += [f"<details><summary>{len(body)} entries</summary>", "", *body, "</details>", ""]
        else:
            out += body
    if note:
        out += ["---", "", note, ""]
    return "\n".join(out)


def _left_out_note(
    definitions: Sequence[DefinitionChange],
    chosen: Mapping[int, str],
    blocks: Mapping[int, str],
    names: Mapping[int, str],
    full_report: str | None,
    cut_to: str,
) -> str:
    forms: dict[str, Counter[str]] = {
        "shown on one line": Counter(),
        "shown by name only": Counter(),
        "left out": Counter(),
    }
    for d in definitions:
        text = chosen.get(id(d))
        if text is None:
            forms["left out"][d.severity] += 1
        elif text == names[id(d)]:
            forms["shown by name only"][d.severity] += 1
        elif text != blocks[id(d)]:
            forms["shown on one line"][d.severity] += 1
    parts = [
        f"{label}: " + ", ".join(f"{counter[s]} {s}" for s in SEVERITIES if counter[s])
        for label, counter in forms.items()
        if counter
    ]
    where = (
        f"The full report is in {_md_code(full_report)}"
        if full_report
        else "`tlgen diff --format json` lists every finding, `--out FILE` writes the full markdown"
    )
    return f"**Cut to fit {cut_to}** — definitions " + "; ".join(parts) + f". {where}."


# -- json -------------------------------------------------------------------------------------


def _side(s: Side) -> dict[str, object]:
    return {"line": s.line, "text": s.text, "id": None if s.id is None else f"0x{s.id:08x}"}


def render_json(result: DiffResult, accepted: Accepted) -> str:
    """Every finding as JSON, flat and grouped by definition, with fingerprints."""

    def record(f: Finding) -> dict[str, object]:
        return {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "kind": f.kind,
            "change": f.change,
            "entity": f.entity,
            "field": f.detail or None,
            "wire": f.wire,
            "python": f.python,
            "severity": f.severity,
            "reason": f.reason,
            "old": _side(f.old),
            "new": _side(f.new),
            "signature": {"old": f.signature_old, "new": f.signature_new},
            "accepted": accepted.get(f.fingerprint),
        }

    definitions = result.definitions
    data = {
        "old": {"source": result.old.label, "layer": result.old.schema.layer},
        "new": {"source": result.new.label, "layer": result.new.schema.layer},
        "layer_bumped": result.layer_bumped,
        "summary": dict(Counter(f.severity for f in result.findings)),
        "definitions": [
            {
                "kind": d.kind,
                "change": d.change,
                "entity": d.entity,
                "severity": d.severity,
                "wire": d.wire,
                "python": d.python,
                "old": _side(d.old),
                "new": _side(d.new),
                "signature": dict(zip(("old", "new"), d.signatures, strict=True)),
                "findings": [record(f) for f in d.findings],
            }
            for d in definitions
        ],
        # One record per rule, as before the grouping: kept for existing consumers.
        "findings": [record(f) for f in result.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- github -----------------------------------------------------------------------------------


def render_github(result: DiffResult, accepted: Accepted) -> str:
    """One annotation per changed definition, on a repository path, in section order; at most
    ANNOTATIONS_PER_LEVEL per level, the last one of a full level summing up the rest."""
    path = result.new.repo_path or result.new.label
    new_lines = sum(text.count("\n") + 1 for text in result.new.texts.values())
    by_level: dict[str, list[tuple[DefinitionChange, list[Finding]]]] = {}
    for d in (d for _, members in by_section(result.definitions) for d in members):
        open_findings = [f for f in d.findings if f.fingerprint not in accepted]
        if open_findings:
            worst = max(open_findings, key=lambda f: SEVERITY_ORDER[f.severity]).severity
            by_level.setdefault(worst, []).append((d, open_findings))
    out = []
    for severity in SEVERITIES:
        members = by_level.get(severity, [])
        level = _GITHUB_LEVEL[severity]
        shown = (
            members
            if len(members) <= ANNOTATIONS_PER_LEVEL
            else members[: ANNOTATIONS_PER_LEVEL - 1]
        )
        for d, findings in shown:
            line = d.new.line if d.new.line is not None else d.old.line
            if d.new.line is None and (line is None or line > new_lines):
                line = None  # removed, and the old line is past the end of the new file
            location = f"file={_escape_property(path)}" + ("" if line is None else f",line={line}")
            rules = ", ".join(dict.fromkeys(f.rule for f in findings))
            message = "\n".join(
                [f"{d.entity} (wire {d.wire}, python {d.python})"]
                + [f"{f.severity} {f.rule}: {f.reason} ({f.fingerprint})" for f in findings]
            )
            out.append(f"::{level} {location},title={_escape_property(rules)}::{_escape(message)}")
        rest = members[len(shown) :]
        if rest:
            names = ", ".join(d.entity for d, _ in rest[:_NAMES_IN_SUMMARY])
            if len(rest) > _NAMES_IN_SUMMARY:
                names += f" and {len(rest) - _NAMES_IN_SUMMARY} more"
            message = (
                f"{len(rest)} more {severity} definitions (GitHub shows {ANNOTATIONS_PER_LEVEL} "
                f"{level} annotations per step; tlgen diff --format json lists all): {names}"
            )
            out.append(
                f"::{level} file={_escape_property(path)},title={_escape_property(f'{len(rest)} more')}::"
                + _escape(message)
            )
    return "\n".join(out) + ("\n" if out else "")


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


Renderer = Callable[[DiffResult, Accepted], str]
RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
}


# -- markdown escaping: names and texts from inputs (error names are free text) must not
# become mentions, links, images or HTML in a pull-request comment.

_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.]+")
# What can start markup mid-line: code, emphasis, links and images, HTML and entities,
# strikethrough (underscores inside words and parentheses are inert).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>&~])")
# GitHub finds mentions (and autolinks) in the rendered text, where a backslash escape is
# gone: a word joiner after `@` and in `://`, `www.` keeps them text.
_WORD_JOINER = "\u2060"


def _md_code(text: str) -> str:
    """A code span holding `text` literally, whatever backticks it contains."""
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_name(text: str) -> str:
    """A definition or error name: as is when it is an identifier, else a code span."""
    return text if _PLAIN_NAME.fullmatch(text) else _md_code(text)


def _md_text(text: str) -> str:
    """Prose with every markdown-active character escaped, mentions and bare links defused."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))
    for active in ("@", "://", "www."):
        text = text.replace(active, active[0] + _WORD_JOINER + active[1:])
    return text


def _fence_for(lines: Sequence[str]) -> str:
    """A code fence longer than any backtick run in the block."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)
