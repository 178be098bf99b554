"""One tiny schema pair per diff rule: each gives exactly the expected findings and verdicts.

expected.txt lists one finding per line: rule, entity, field (- for none), wire verdict,
Python verdict, severity. Old and new schemas declare `// LAYER 1` and `// LAYER 2` unless the
case is about the layer (`wire-break-without-layer-bump`, `layer-*`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tlgen.errortables.catalog import build_catalog
from tlgen.errortables.read import read_error_source
from tlgen.review.diff import diff_schemas
from tlgen.review.findings import RULES, SchemaSource
from tlgen.schema.load import load_schema

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
    listed = set(re.findall(r"`([a-z-]+)`", table))
    # Every registered rule has a row; nothing else in backticks but TL types and verdicts.
    assert set(RULES) <= listed
    assert listed - set(RULES) <= {"bytes", "string", "break", "silent", "type-only", "by"}


def test_every_rule_has_a_case_and_every_case_a_registered_rule() -> None:
    assert case_rules() == set(RULES)
