"""Error tables from the real world: the two seeds and every corpus page and CSV."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tlgen.errortables.catalog import build_catalog
from tlgen.errortables.read import CsvErrors, CsvMethods, DocPage, read_error_source
from tlgen.schema.load import load_schema


@pytest.fixture
def seeds() -> list[Path]:
    folder = Path(os.environ.get("TL_SEEDS", REPO.parent / "shared" / "seeds"))
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    if len(files) < 2:
        pytest.skip(f"seed pages NOT FOUND in {folder}: the seed tests did not run")
    return files


def test_seeds_merge_with_a_conflict_and_a_mislabelled_page(
    seeds: list[Path], corpus: Path
) -> None:
    pages = [read_error_source(p) for p in seeds]
    assert all(isinstance(p, DocPage) for p in pages)
    schema = load_schema([corpus / "telegram" / "api" / "layer-222.tl"]).schema
    catalog = build_catalog(pages, schema)
    codes = {e.name: e.codes for e in catalog.errors}
    assert codes["PHONE_NUMBER_INVALID"] == (400, 406)
    assert codes["SEND_CODE_UNAVAILABLE"] == (406,)
    assert codes["PHONE_CODE_EXPIRED"] == (400,)
    assert codes["PHONE_CODE_HASH_EMPTY"] == (400,)
    (conflict,) = [c for c in catalog.conflicts if c.field == "codes"]
    assert conflict.name == "PHONE_NUMBER_INVALID"
    assert sorted(conflict.values) == sorted([(str(seeds[0]), "406"), (str(seeds[1]), "400")])
    (finding,) = catalog.findings
    assert finding.path == str(seeds[0])
    assert (finding.title, finding.documents) == ("auth.sendCode", "auth.resendCode")
    # Both pages' errors are then attributed to auth.resendCode.
    (resend,) = catalog.methods
    assert resend.method == "auth.resendCode"
    assert resend.bots is False


def test_without_a_schema_the_title_is_taken_as_given(seeds: list[Path]) -> None:
    catalog = build_catalog([read_error_source(p) for p in seeds])
    assert [m.method for m in catalog.methods] == ["auth.resendCode", "auth.sendCode"]
    assert catalog.findings == ()


def doc_pages(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("docs-*/*/*.md"))


def independent_error_rows(text: str) -> list[tuple[int, str]]:
    """Rows of the errors table counted by scanning lines: after an errors heading, lines that
    start with `|`, a number and another `|`."""
    rows = []
    in_errors = False
    for line in text.splitlines():
        if line.startswith("#"):
            in_errors = line.strip("# ").rstrip(":").lower() in ("possible errors", "errors")
        elif in_errors:
            match = re.match(r"\s*\|\s*(-?\d+)\s*\|\s*([^|]+?)\s*\|", line)
            if match:
                rows.append((int(match.group(1)), match.group(2).replace("\\_", "_")))
    return rows


def test_every_corpus_page_parses_with_the_right_rows(corpus: Path) -> None:
    pages = doc_pages(corpus)
    assert len(pages) == 194
    total = 0
    for path in pages:
        page = read_error_source(path)
        assert isinstance(page, DocPage)
        expected = independent_error_rows(path.read_text(encoding="utf-8"))
        assert [(r.code, r.name) for r in page.errors] == expected, path
        assert page.bots is not None, path
        total += len(expected)
    assert total == 723


@pytest.mark.parametrize(
    ("name", "kind"), [("telethon-errors.csv", CsvErrors), ("telethon-methods.csv", CsvMethods)]
)
def test_csv_lists_parse_with_the_right_rows(corpus: Path, name: str, kind: type) -> None:
    path = corpus / "errors" / name
    table = read_error_source(path)
    assert isinstance(table, kind)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    assert len(table.rows) == len(lines)
    first_name = lines[0].split(",")[0]
    assert table.rows[0][0] == first_name


def test_whole_corpus_merges_and_recognises_patterns(corpus: Path) -> None:
    sources = [
        read_error_source(p)
        for p in [*sorted((corpus / "errors").glob("*.csv")), *doc_pages(corpus)]
    ]
    catalog = build_catalog(sources)
    by_name = {e.name: e for e in catalog.errors}
    assert by_name["FLOOD_WAIT_X"].pattern == r"^FLOOD_WAIT_([0-9]{1,10})$"
    assert by_name["2FA_CONFIRM_WAIT_X"].pattern == r"^2FA_CONFIRM_WAIT_([0-9]{1,10})$"
    assert by_name["INTERDC_X_CALL_ERROR"].pattern == r"^INTERDC_([0-9]{1,10})_CALL_ERROR$"
    assert by_name["PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_XMIN"].pattern == (
        r"^PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_([0-9]{1,10})MIN$"
    )
    assert by_name["PHONE_NUMBER_INVALID"].pattern is None
    assert -503 in by_name["Timeout"].codes
    # methods.csv names errors without codes; errors.csv supplies them.
    resend = catalog.method("auth.resendCode")
    assert resend is not None and (406, "SEND_CODE_UNAVAILABLE") in resend.errors
    # Nothing is dropped: every name any source mentions is in the catalog.
    mentioned = set()
    for source in sources:
        if isinstance(source, DocPage):
            mentioned |= {r.name for r in source.errors}
        elif isinstance(source, CsvErrors):
            mentioned |= {r[0] for r in source.rows}
        else:
            mentioned |= {n for r in source.rows for n in r[2]}
    assert mentioned == set(by_name)
