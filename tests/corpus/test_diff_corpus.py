"""tlgen diff on every consecutive pair of real layers (and 113 -> latest), in every format.

The gate's verdict is checked against a classification of silent changes written here, from the
schema model only (not from tlgen.review): a definition whose name and id stay while the
bytes behind that id mean something else.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import corpus_dir
from tlgen.cli import main
from tlgen.review.allowlist import gate_fails
from tlgen.review.diff import diff_schemas
from tlgen.review.findings import DiffResult, SchemaSource
from tlgen.review.report import ANNOTATIONS_PER_LEVEL, MARKDOWN_LIMIT, RENDERERS
from tlgen.schema.load import load_schema
from tlgen.schema.model import Combinator, Param, Schema

ROOT = corpus_dir()
LAYERS = sorted(
    (ROOT / "telegram" / "api").glob("layer-*.tl") if ROOT else [],
    key=lambda p: int(p.stem.split("-")[1]),
)
PAIRS = [*zip(LAYERS, LAYERS[1:], strict=False), *([(LAYERS[0], LAYERS[-1])] if LAYERS else [])]
IDS = [f"{a.stem}->{b.stem}" for a, b in PAIRS]


@cache
def source(path: Path) -> SchemaSource:
    loaded = load_schema([path])
    return SchemaSource(loaded.schema, loaded.texts, path.name, f"schema/{path.name}")


@cache
def result_of(pair: tuple[Path, Path]) -> DiffResult:
    return diff_schemas(source(pair[0]), source(pair[1]))


def true_flags(definition: Combinator) -> dict[str, str]:
    """`?true` flag name -> its bit (`flags.3`)."""
    return {
        p.name: f"{p.condition.field}.{p.condition.bit}"
        for p in definition.params
        if isinstance(p, Param) and p.name and p.condition is not None and str(p.type) == "true"
    }


def data_layout(definition: Combinator) -> list[str]:
    """The params that have bytes, as the wire sees them (bytes and string alike)."""
    return [
        f"{p.condition or ''}{p.type}".replace("bytes", "string")
        for p in definition.params
        if not (isinstance(p, Param) and p.condition is not None and str(p.type) == "true")
    ]


def silent_changes(old: Schema, new: Schema) -> set[str]:
    before = {(d.kind, d.name): d for d in old.definitions}
    silent = set()
    for after in new.definitions:
        was = before.get((after.kind, after.name))
        if was is None or was.id != after.id:
            continue
        flags_was, flags_now = true_flags(was), true_flags(after)
        bits_was = {bit: name for name, bit in flags_was.items()}
        bits_now = {bit: name for name, bit in flags_now.items()}
        if (
            any(flags_was[n] != flags_now[n] for n in flags_was.keys() & flags_now.keys())
            or any(bits_was[b] != bits_now[b] for b in bits_was.keys() & bits_now.keys())
            or data_layout(was) != data_layout(after)
            or str(was.result) != str(after.result)
        ):
            silent.add(after.name)
    return silent


def unexplained_without_bump(old: Schema, new: Schema) -> bool:
    """Whether anything changed on the wire: what needs a layer bump."""
    before = {(d.kind, d.name): d.id for d in old.definitions}
    after = {(d.kind, d.name): d.id for d in new.definitions}
    return bool(before.keys() - after.keys()) or any(
        after[key] != before[key] for key in before.keys() & after.keys()
    )


def changed_names(old: Schema, new: Schema) -> set[str]:
    before = {(d.kind, d.name): d for d in old.definitions}
    after = {(d.kind, d.name): d for d in new.definitions}
    return {
        name
        for key, name in (*((k, k[1]) for k in before), *((k, k[1]) for k in after))
        if before.get(key) != after.get(key)
    }


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_gate_fails_exactly_on_silent_changes(pair: tuple[Path, Path]) -> None:
    old, new = source(pair[0]), source(pair[1])
    assert old.schema.layer is not None and new.schema.layer is not None
    assert new.schema.layer > old.schema.layer
    result = result_of(pair)
    silent = silent_changes(old.schema, new.schema)
    assert {f.entity for f in result.findings if f.wire == "silent"} == silent
    assert gate_fails(result.findings, "error", {}) == bool(silent)
    errors = {d.entity for d in result.definitions if d.severity == "error"}
    assert errors == silent
    # The same new schema under the old layer number: every wire change is unexplained.
    same_layer = replace(new, schema=replace(new.schema, layer=old.schema.layer))
    unexplained = diff_schemas(old, same_layer)
    assert gate_fails(unexplained.findings, "error", {}) == (
        bool(silent) or unexplained_without_bump(old.schema, new.schema)
    )
    assert [f.rule for f in unexplained.findings if f.kind == "schema"] == ["layer-unchanged"]


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_renames_and_id_changes(pair: tuple[Path, Path]) -> None:
    old, new = source(pair[0]), source(pair[1])
    findings = result_of(pair).findings
    for kind, method_kind in (("type", "constructor"), ("function", "method")):
        old_names = {d.name for d in old.schema.definitions if d.kind == kind}
        new_names = {d.name for d in new.schema.definitions if d.kind == kind}
        added_rules = {"method-added", "constructor-added", "constructor-added-to-type"}
        removed_rules = {"method-removed", "constructor-removed"}
        added = {f.entity for f in findings if f.kind == method_kind and f.rule in added_rules}
        removed = {f.entity for f in findings if f.kind == method_kind and f.rule in removed_rules}
        renamed_new = {f.entity for f in findings if f.kind == method_kind and f.rule == "renamed"}
        renamed_old = {f.detail for f in findings if f.kind == method_kind and f.rule == "renamed"}
        assert added | renamed_new == new_names - old_names
        assert removed | renamed_old == old_names - new_names
    old_ids = {(d.kind, d.name): d.id for d in old.schema.definitions}
    for definition in new.schema.definitions:
        before = old_ids.get((definition.kind, definition.name))
        if before is not None and before != definition.id:
            assert any(
                f.entity == definition.name and f.rule == "id-changed" and f.new.id == definition.id
                for f in findings
            ), definition.name
    for f in findings:
        if f.old.id is not None and f.new.id is not None and f.old.id != f.new.id:
            assert f.wire != "safe", (f.rule, f.entity)
        if f.wire == "break":  # explained by the layer bump
            assert f.severity in ("dangerous", "error"), (f.rule, f.entity)
        if f.python == "break":
            assert f.severity != "info", (f.rule, f.entity)


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_every_format_shows_each_changed_definition_once(pair: tuple[Path, Path]) -> None:
    old, new = source(pair[0]), source(pair[1])
    result = result_of(pair)
    changed = changed_names(old.schema, new.schema)
    # text: one header line per definition, every changed definition among them
    text = RENDERERS["text"](result, {})
    headers = re.findall(r"^  (?:error|dangerous|info)\s+(\S+)  wire=", text, re.M)
    assert len(headers) == len(result.definitions)
    assert changed <= set(headers) | {f.detail for f in result.findings if f.rule == "renamed"}
    per_section = re.split(r"^\S.* \(\d+\)$", text, flags=re.M)
    for section in per_section:
        names = re.findall(r"^  (?:error|dangerous|info)\s+(\S+)  wire=", section, re.M)
        assert len(names) == len(set(names))
    # markdown: one comment, its table agrees with its headings, nothing serious left out
    markdown = RENDERERS["markdown"](result, {})
    assert len(markdown.encode("utf-8")) <= MARKDOWN_LIMIT
    rows = dict(re.findall(r"^\| ([A-Z][a-z]+ [a-z]+) \| (\d+) \|", markdown, re.M))
    headings = dict(re.findall(r"^### ([A-Z][a-z]+ [a-z]+) \((\d+)", markdown, re.M))
    assert rows == headings and rows
    for definition in result.definitions:
        if definition.severity != "info":
            assert f"**{definition.entity}**" in markdown, definition.entity
    if "Cut to fit" in markdown:
        assert (
            markdown.rstrip()
            .splitlines()[-1]
            .endswith(
                "`tlgen diff --format json` lists every finding, `--out FILE` writes the full markdown."
            )
        )
    # json: one record per rule, each under exactly one definition
    data = json.loads(RENDERERS["json"](result, {}))
    nested = [f["fingerprint"] for d in data["definitions"] for f in d["findings"]]
    assert sorted(nested) == sorted(f["fingerprint"] for f in data["findings"])
    assert len(set(nested)) == len(nested)
    # github: repository paths, real lines, within the limits per step
    github = RENDERERS["github"](result, {}).splitlines()
    levels = Counter(line.split()[0] for line in github)
    assert all(count <= ANNOTATIONS_PER_LEVEL for count in levels.values())
    length = len(new.texts[str(pair[1])].splitlines())
    for line in github:
        location = re.match(r"::(error|warning|notice) file=([^,]+)(?:,line=(\d+))?,title=", line)
        assert location is not None and location[2] == f"schema/{pair[1].name}", line
        assert location[3] is None or 1 <= int(location[3]) <= length


def test_largest_pair_markdown_fits_and_keeps_every_serious_definition() -> None:
    if ROOT is None:
        pytest.skip("TL corpus NOT FOUND")
    result = result_of((LAYERS[0], LAYERS[-1]))
    markdown = RENDERERS["markdown"](result, {})
    assert len(markdown.encode("utf-8")) <= MARKDOWN_LIMIT
    serious = [d for d in result.definitions if d.severity != "info"]
    assert len(serious) > 500  # what makes it hard: 113 -> latest
    assert all(f"**{d.entity}**" in markdown for d in serious)
    assert "left out: " in markdown.splitlines()[-1] and " info." in markdown.splitlines()[-1]


def test_ci_recipe_on_a_git_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's two commands, on a repository whose pull request bumps a real layer."""
    if ROOT is None:
        pytest.skip("TL corpus NOT FOUND")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.invalid")
    git("config", "user.name", "t")
    schema = tmp_path / "schema" / "api.tl"
    schema.parent.mkdir()
    (tmp_path / "schema" / "accepted-changes.txt").write_text("# none yet\n")
    monkeypatch.chdir(tmp_path)
    for old, new, silent in ((222, 223, False), (195, 201, True)):
        schema.write_bytes((ROOT / "telegram" / "api" / f"layer-{old}.tl").read_bytes())
        git("add", ".")
        git("commit", "-qm", f"layer {old}")
        schema.write_bytes((ROOT / "telegram" / "api" / f"layer-{new}.tl").read_bytes())
        spec = ["HEAD:schema/api.tl", "schema/api.tl"]
        assert main(["diff", *spec, "--format", "markdown", "--fail-on", "never"]) == 0
        comment = capsys.readouterr().out
        assert len(comment.encode("utf-8")) <= MARKDOWN_LIMIT
        allow = "schema/accepted-changes.txt"
        code = main(["diff", *spec, "--format", "github", "--allow", allow, "--fail-on", "error"])
        annotations = capsys.readouterr().out.splitlines()
        assert code == (1 if silent else 0)
        assert annotations and all(
            re.match(r"::\w+ file=schema/api\.tl[,:]", line) for line in annotations
        )
        removal_rules = {"method-removed", "constructor-removed", "type-removed"}
        removals = [
            line for line in annotations if line.split(",title=")[1].split("::")[0] in removal_rules
        ]
        # 222 -> 223 removes two methods, annotated among the first warnings; 195 -> 201 has
        # more dangerous definitions than GitHub shows, so its removals may be in the summary.
        assert removals or old == 195
        for line in removals:
            number = re.search(r",line=(\d+),", line)
            removed = line.split("::", 2)[2].split(" ", 1)[0]
            old_lines = (ROOT / "telegram" / "api" / f"layer-{old}.tl").read_text().splitlines()
            assert number is not None
            text = old_lines[int(number[1]) - 1]
            # A removal points at its line in the old file; a type at its old constructor's.
            if "type-removed" in line.split("::")[1]:
                assert text.endswith(f" = {removed};"), line
            else:
                assert text.startswith(f"{removed}#"), line


def test_committed_markdown_example_is_current() -> None:
    from tests.conftest import REPO
    from tlgen.review.report import render_markdown

    if ROOT is None:
        pytest.skip("TL corpus NOT FOUND")
    sides = []
    for layer in (221, 222):
        loaded = load_schema([ROOT / "telegram" / "api" / f"layer-{layer}.tl"])
        sides.append(
            SchemaSource(loaded.schema, loaded.texts, f"corpus/telegram/api/layer-{layer}.tl")
        )
    rendered = render_markdown(diff_schemas(sides[0], sides[1]), {})
    assert (REPO / "docs" / "diff-221-222.md").read_text(encoding="utf-8") == rendered
