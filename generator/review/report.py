"""Diff findings -> reports: text (terminal), markdown (PR comment), json, github annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping

from .diff import SEVERITY_ORDER, DiffResult, Finding, by_section

# Sections longer than this are folded in <details> in markdown.
FOLD_AFTER = 8
_GITHUB_LEVEL = {"error": "error", "dangerous": "warning", "info": "notice"}


def _accepted_mark(finding: Finding, accepted: Mapping[str, str]) -> str:
    reason = accepted.get(finding.fingerprint)
    return "" if reason is None else f" [accepted: {reason or 'no reason given'}]"


def render_text(result: DiffResult, accepted: Mapping[str, str]) -> str:
    findings = result.findings
    lines = [f"tlgen diff {result.old.label} -> {result.new.label}: {_summary(findings)}"]
    for title, members in by_section(findings):
        lines.append("")
        lines.append(f"{title} ({len(members)})")
        for f in members:
            lines.append(
                f"  {f.severity:<9} {f.rule:<26} {f.entity}"
                + (f" [{f.detail}]" if f.detail else "")
                + f"  wire={f.wire} python={f.python}{_accepted_mark(f, accepted)}"
            )
            lines.append(f"      {f.reason}")
            if f.old.text:
                lines.append(f"      - {result.old.label}:{f.old.line}: {f.old.text}")
            if f.new.text:
                lines.append(f"      + {result.new.label}:{f.new.line}: {f.new.text}")
            if f.signature_old != f.signature_new and f.signature_old and f.signature_new:
                lines.append(f"      - {f.signature_old}")
                lines.append(f"      + {f.signature_new}")
    return "\n".join(lines) + "\n"


def _summary(findings: tuple[Finding, ...]) -> str:
    if not findings:
        return "no changes"
    counts = Counter(f.severity for f in findings)
    return ", ".join(f"{counts[s]} {s}" for s in sorted(counts, key=lambda s: -SEVERITY_ORDER[s]))


def render_markdown(result: DiffResult, accepted: Mapping[str, str]) -> str:
    findings = result.findings
    out = [f"## TL schema changes: `{result.old.label}` → `{result.new.label}`", ""]
    layers = (result.old.schema.layer, result.new.schema.layer)
    if layers[0] != layers[1]:
        out += [f"Layer {layers[0]} → {layers[1]}.", ""]
    if not findings:
        return "\n".join(out + ["No changes.", ""])
    sections = by_section(findings)
    out += ["| Section | Findings | error | dangerous | info | wire break | wire silent |"]
    out += ["|---|---:|---:|---:|---:|---:|---:|"]
    for title, members in sections:
        severities = Counter(f.severity for f in members)
        wire = Counter(f.wire for f in members)
        out.append(
            f"| {title} | {len(members)} | {severities['error']} | {severities['dangerous']} "
            f"| {severities['info']} | {wire['break']} | {wire['silent']} |"
        )
    out.append("")
    for title, members in sections:
        entities = _group_by_entity(members)
        out.append(f"### {title} ({len(entities)})")
        out.append("")
        body = [_markdown_entity(group, accepted) for group in entities]
        if len(entities) > FOLD_AFTER:
            out += [f"<details><summary>{len(entities)} entries</summary>", ""]
            out += body
            out += ["</details>", ""]
        else:
            out += body
    return "\n".join(out)


def _group_by_entity(findings: list[Finding]) -> list[list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.entity, []).append(finding)
    return list(groups.values())


def _markdown_entity(group: list[Finding], accepted: Mapping[str, str]) -> str:
    icons = {"error": "🔴", "dangerous": "🟠", "info": "🔵"}
    worst = max(group, key=lambda f: SEVERITY_ORDER[f.severity])
    lines = [f"- {icons[worst.severity]} **{worst.entity}**"]
    for f in group:
        detail = f" `{f.detail}`" if f.detail else ""
        lines.append(
            f"  - `{f.rule}`{detail}: {f.reason} · wire **{f.wire}** · python **{f.python}**"
            f"{_accepted_mark(f, accepted)}"
        )
    first = group[0]
    code = []
    if first.old.text:
        code.append(f"- {first.old.text}")
    if first.new.text:
        code.append(f"+ {first.new.text}")
    if first.signature_old != first.signature_new and first.signature_old and first.signature_new:
        code += [f"- {first.signature_old}", f"+ {first.signature_new}"]
    if code:
        lines += ["  ```diff", *(f"  {c}" for c in code), "  ```"]
    return "\n".join(lines) + "\n"


def render_json(result: DiffResult, accepted: Mapping[str, str]) -> str:
    def side(s: object) -> dict[str, object]:
        line, text, ident = (getattr(s, a) for a in ("line", "text", "id"))
        return {"line": line, "text": text, "id": None if ident is None else f"0x{ident:08x}"}

    data = {
        "old": {"source": result.old.label, "layer": result.old.schema.layer},
        "new": {"source": result.new.label, "layer": result.new.schema.layer},
        "summary": dict(Counter(f.severity for f in result.findings)),
        "findings": [
            {
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
                "old": side(f.old),
                "new": side(f.new),
                "signature": {"old": f.signature_old, "new": f.signature_new},
                "accepted": accepted.get(f.fingerprint),
            }
            for f in result.findings
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_github(result: DiffResult, accepted: Mapping[str, str]) -> str:
    lines = []
    for f in result.findings:
        if f.fingerprint in accepted:
            continue
        where = result.new if f.new.line is not None else result.old
        line = f.new.line if f.new.line is not None else f.old.line
        location = f"file={where.label}" + (f",line={line}" if line is not None else "")
        message = f"{f.entity}: {f.reason} (wire {f.wire}, python {f.python}; {f.fingerprint})"
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {location},title={f.rule}::{_escape(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


RENDERERS = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
}
