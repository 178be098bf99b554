"""One tiny schema pair per diff rule: each gives exactly the expected findings and verdicts.

expected.txt lists one finding per line: rule, entity, field (- for none), wire verdict,
Python verdict, severity. Old and new schemas declare `// LAYER 1` and `// LAYER 2` unless the
case is about the layer (`wire-break-without-layer-bump`, `layer-*`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.review.diff import SchemaSource, diff_schemas
from generator.errortables.read import read_error_source
from generator.errortables.catalog import build_catalog
from generator.schema.load import load_schema
from tests.conftest import REPO

CASES = sorted(p for p in (Path(__file__).parent / "diff").iterdir() if p.is_dir())


def source(path: Path) -> SchemaSource:
    loaded = load_schema([path])
    assert loaded.ok
    return SchemaSource(loaded.schema, loaded.texts, path.name)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_diff_case(case: Path) -> None:
    old, new = source(case / "old.tl"), source(case / "new.tl")
    catalogs = [None, None]
    if (case / "old-errors.csv").exists():
        catalogs = [
            build_catalog([read_error_source(case / f"{side}-errors.csv")])  # type: ignore[list-item]
            for side in ("old", "new")
        ]
    result = diff_schemas(old, new, catalogs[0], catalogs[1])
    found = [
        f"{f.rule} {f.entity} {f.detail or '-'} {f.wire} {f.python} {f.severity}"
        for f in result.findings
    ]
    assert found == (case / "expected.txt").read_text().splitlines()


def case_rules() -> set[str]:
    rules = set()
    for case in CASES:
        rules |= {line.split()[0] for line in (case / "expected.txt").read_text().splitlines()}
    return rules


def test_every_rule_is_in_the_readme_severity_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Severity policy") :]
    table = table[: table.index("\n\n", table.index("| Rule |"))]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert {rule for rule in case_rules() if not any(f"`{rule}`" in r for r in rows)} == set()


def test_every_rule_has_a_case() -> None:
    rules = case_rules()
    assert rules >= {
        "type-added", "type-removed", "constructor-added", "constructor-added-to-type",
        "constructor-removed", "method-added", "method-removed", "renamed", "id-changed",
        "optional-field-added", "required-field-added", "field-removed", "true-flag-added",
        "true-flag-removed", "true-flag-moved", "flags-word-added", "required-to-optional",
        "optional-to-required", "field-type-changed", "field-renamed", "field-reordered",
        "result-changed", "constructor-moved", "id-not-crc", "layer-decreased",
        "layer-unchanged", "error-added", "error-removed", "error-code-changed",
        "flag-bit-changed", "flags-word-removed",
    }  # fmt: skip
