"""Public names of generated classes, as docstrings and the HTML reference print them."""

from __future__ import annotations

import pytest

from generator.codegen import naming


@pytest.mark.parametrize(
    ("kind", "namespace", "name", "dotted", "line"),
    [
        ("functions", "auth", "ResendCode", "tl.functions.auth.ResendCode",
         "from tl.functions.auth import ResendCode"),
        ("types", None, "User", "tl.types.User", "from tl.types import User"),
        ("base", "auth", "SentCode", "tl.base.auth.SentCode", "from tl.base.auth import SentCode"),
        # A namespace that is a Python keyword is escaped like its module.
        ("types", "import", "Thing", "tl.types.import_.Thing",
         "from tl.types.import_ import Thing"),
    ],
)  # fmt: skip
def test_public_names_and_import_lines(
    kind: str, namespace: str | None, name: str, dotted: str, line: str
) -> None:
    assert f"{naming.public_module('tl', kind, namespace)}.{name}" == dotted
    assert naming.import_line("tl", kind, namespace, name) == line
