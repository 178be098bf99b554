"""tlgen diff on every consecutive pair of real layers, and on 113 -> 222."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.review.diff import SchemaSource, diff_schemas
from generator.schema.load import load_schema
from tests.conftest import corpus_dir

ROOT = corpus_dir()
LAYERS = sorted(
    (ROOT / "telegram" / "api").glob("layer-*.tl") if ROOT else [],
    key=lambda p: int(p.stem.split("-")[1]),
)
PAIRS = [*zip(LAYERS, LAYERS[1:]), *([(LAYERS[0], LAYERS[-2])] if LAYERS else [])]


def source(path: Path) -> SchemaSource:
    loaded = load_schema([path])
    return SchemaSource(loaded.schema, loaded.texts, path.name)


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{a.stem}->{b.stem}" for a, b in PAIRS])
def test_layer_pair(pair: tuple[Path, Path]) -> None:
    old, new = source(pair[0]), source(pair[1])
    result = diff_schemas(old, new)
    findings = result.findings
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
    # Every id change is reported, and nothing whose id changed is called safe on the wire.
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
    # The layer went up in every real pair.
    assert not any(f.rule.startswith("layer-") for f in findings)


def test_committed_markdown_example_is_current() -> None:
    from generator.review.report import render_markdown
    from tests.conftest import REPO

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
