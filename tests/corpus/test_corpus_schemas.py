"""Every real schema in the corpus: parses, validates, counts, ids, and print/parse round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS_MISSING, corpus_tl_files
from tlgen.schema.load import load_schema
from tlgen.schema.parse import parse_text

TL_FILES = corpus_tl_files()
IDS = [p.name if p.parent.name != "api" else f"api/{p.name}" for p in TL_FILES]


def test_corpus_is_present_and_complete() -> None:
    if not TL_FILES:
        pytest.skip(CORPUS_MISSING)
    names = {f"{p.parent.name}/{p.name}" for p in TL_FILES}
    assert sum(1 for n in names if n.startswith("api/layer-")) == 19
    assert {"telegram/mtproto.tl", "tdlib/telegram_api.tl", "tdlib/mtproto_api.tl"} <= names


def independent_counts(text: str) -> tuple[int, int]:
    """(declarations, functions) counted without the grammar: strip comments, split on ';'."""
    kept: list[str] = []
    position = 0
    while position < len(text):
        if text.startswith("//", position):
            end = text.find("\n", position)
            position = len(text) if end < 0 else end
        elif text.startswith("/*", position):
            position = text.index("*/", position) + 2
        else:
            kept.append(text[position])
            position += 1
    declarations = functions = 0
    in_functions = False
    for chunk in "".join(kept).split(";"):
        words = chunk.split()
        for word in words:
            if word == "---functions---":
                in_functions = True
            elif word == "---types---":
                in_functions = False
        body = [w for w in words if not w.startswith("---")]
        if "=" in body:
            declarations += 1
            functions += in_functions
    return declarations, functions


@pytest.mark.parametrize("path", TL_FILES, ids=IDS)
def test_parses_and_validates_with_zero_errors(path: Path) -> None:
    loaded = load_schema([path])
    errors = [str(d) for d in loaded.diagnostics if d.severity == "error"]
    assert errors == []
    schema = loaded.schema
    declarations, functions = independent_counts(path.read_text(encoding="utf-8"))
    assert len(schema.definitions) + len(schema.builtins) == declarations
    assert len(schema.functions) == functions
    assert len(schema.definitions) > 0


@pytest.mark.parametrize("path", [p for p in TL_FILES if p.parent.name == "api"], ids=str)
def test_every_telegram_api_id_equals_its_crc32(path: Path) -> None:
    schema = load_schema([path]).schema
    explicit = [d for d in schema.definitions if d.explicit_id is not None]
    mismatches = [d.name for d in explicit if d.explicit_id != d.telegram_id]
    assert len(explicit) == len(schema.definitions)
    assert mismatches == []
    # Telegram's rule is needed: as written, every definition with a bytes or ?true param
    # hashes to another id.
    assert any(d.explicit_id != d.inferred_id for d in explicit)
    assert schema.layer == int(path.stem.split("-")[1])


def test_mtproto_reports_exactly_the_known_exceptions(corpus: Path) -> None:
    loaded = load_schema([corpus / "telegram" / "mtproto.tl"])
    mismatched = [d.message.split()[0] for d in loaded.diagnostics if d.code == "id-mismatch"]
    # ipPortSecret's id is its definition hashed as written (bytes kept): not an exception.
    assert mismatched == ["accessPointRule", "help.configSimple"]
    assert [d.severity for d in loaded.diagnostics] == ["warning"] * 2


def test_tdlib_pseudo_definitions_are_warnings(corpus: Path) -> None:
    loaded = load_schema(
        [corpus / "tdlib" / "telegram_api.tl", corpus / "tdlib" / "mtproto_api.tl"]
    )
    assert loaded.ok
    by_code: dict[str, set[str]] = {}
    for diagnostic in loaded.diagnostics:
        by_code.setdefault(diagnostic.code, set()).add(diagnostic.message.split()[0])
    assert {n for n in by_code["id-mismatch"] if n.endswith("Prefix")} == {
        "invokeWithBusinessConnectionPrefix",
        "invokeWithGooglePlayIntegrityPrefix",
        "invokeWithApnsSecretPrefix",
        "invokeWithReCaptchaPrefix",
    }
    assert {"inputPeerPhotoFileLocationLegacy", "gzip_packed"} <= by_code["id-mismatch"]
    # The real requests are reported as sharing their id with the prefixes that borrow it.
    assert "invokeWithBusinessConnection" in by_code["shared-id"]


@pytest.mark.parametrize("path", TL_FILES, ids=IDS)
def test_print_then_parse_gives_the_same_schema(path: Path) -> None:
    schema = load_schema([path]).schema
    printed = str(schema)
    reparsed = parse_text(printed, "printed.tl")
    assert reparsed.definitions == schema.definitions
    assert reparsed.builtins == schema.builtins
    assert reparsed.layer == schema.layer
    # Printing is a fixed point: the canonical text of the canonical text is itself.
    assert str(load_schema_from_text(printed)) == printed


def load_schema_from_text(text: str):  # type: ignore[no-untyped-def]
    from tlgen.schema.parse import merge_files

    return merge_files([parse_text(text)])[0]


def test_api_and_mtproto_together_are_one_valid_schema(corpus: Path) -> None:
    loaded = load_schema(
        [corpus / "telegram" / "api" / "layer-222.tl", corpus / "telegram" / "mtproto.tl"]
    )
    assert loaded.ok
    assert loaded.schema.layer == 222
    names = {d.name for d in loaded.schema.definitions}
    assert {"auth.resendCode", "rpc_error", "ipPortSecret", "invokeWithLayer"} <= names


def test_every_published_telegram_id_is_what_its_text_without_the_id_infers(
    corpus: Path,
) -> None:
    # Every definition of layer 222 and mtproto.tl in Telegram's syntax keeps its published id
    # once the id is erased (the deliberate exceptions, ipPortSecret and the like, are not
    # written in Telegram's syntax: their ids stay warnings).
    checked = 0
    for name in ("telegram/api/layer-222.tl", "telegram/mtproto.tl"):
        for definition in parse_text((corpus / name).read_text()).definitions:
            if not definition.written_in_telegram_syntax:
                continue
            bare = str(definition).replace(f"#{definition.explicit_id:08x}", "", 1)
            (erased,) = parse_text(bare).definitions
            assert erased.id_source == "inferred" and erased.id == definition.explicit_id, bare
            checked += 1
    assert checked > 600  # 671 in layer 222 and mtproto.tl
