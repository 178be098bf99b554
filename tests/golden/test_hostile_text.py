"""Hostile text in error tables: each case directory holds an errors.csv whose names and
descriptions must reach the generated package intact (NUL, non-BMP characters, quotes,
backslashes, line separators). The package must import, and each error's name and
description must read back exactly as the table gives them."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import black
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tlgen.codegen.emit import write_tree
from tlgen.codegen.escape import comment_text, docstring_text, python_string
from tlgen.codegen.format import black_mode
from tlgen.codegen.generate import GenerationOptions, build_package
from tlgen.codegen.plan import PlanOptions
from tlgen.errortables.catalog import build_catalog
from tlgen.errortables.read import read_error_source
from tlgen.schema.load import load_schema

CASES = sorted(p for p in (Path(__file__).parent / "hostile_text").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_error_text_reads_back(case: Path, tmp_path: Path) -> None:
    schema = tmp_path / "tiny.tl"
    schema.write_text("a = A;\n---functions---\nget = A;\n")
    loaded = load_schema([schema])
    table = read_error_source(case / "errors.csv")
    catalog = build_catalog([table], loaded.schema)
    package = f"hostile_{case.name.replace('-', '_')}"
    files = build_package(
        loaded.schema,
        [],
        GenerationOptions(plan=PlanOptions(package=package), format_code=True, catalog=catalog),
    )
    write_tree(files, tmp_path / package)
    sys.path.insert(0, str(tmp_path))
    try:
        errors = importlib.import_module(f"{package}.errors")
    finally:
        sys.path.remove(str(tmp_path))
    assert len(table.rows) == len(catalog.errors) > 0
    for name, _, description, _ in table.rows:
        error = errors.exception_for(400, name)
        assert error.NAME.value == name
        assert (type(error).__doc__ or "").split("\n")[0] == description


@given(st.text())
def test_each_escape_reads_back_as_its_text(text: str) -> None:
    assert ast.literal_eval(python_string(text)) == text
    assert python_string(text).isascii()
    docstring = '"""' + docstring_text(text) + '"""'
    assert ast.literal_eval(docstring) == text
    assert "\n" not in docstring_text(text)
    comment = comment_text(text)
    assert len(ast.parse("x = 1  # " + comment + "\ny = 2\n").body) == 2
    assert len(comment) == len(text)


@given(st.text(alphabet=st.sampled_from("ab\"'\\\n\x00\U0001f600")))
def test_a_string_literal_is_quoted_as_black_quotes_it(text: str) -> None:
    # Quotes and backslashes decide between "..." and '...': black (the oracle) keeps ours.
    line = f"x = {python_string(text)}\n"
    assert black.format_str(line, mode=black_mode()) == line
