"""`tlgen generate --dates datetime`: the date rule against the corpus schemas, and the
whole-API package with dates as aware datetimes giving the same bytes as the default one."""

from __future__ import annotations

import datetime
import importlib
import inspect
import os
import re
import subprocess
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import corpus_tl_files
from tests.corpus.test_full_api import ObjectBuilder
from tests.generation.test_package import run_generate
from tests.helpers import _write_and_import
from tlgen.codegen.generate import GenerationOptions, build_package
from tlgen.codegen.plan import PlanOptions
from tlgen.codegen.plan.dates import is_date
from tlgen.schema.load import load_schema
from tlgen.schema.model import Param, Schema, TypeRef

UTC = datetime.timezone.utc


def int_fields(schema: Schema) -> set[str]:
    return {
        p.name
        for d in schema.definitions
        for p in d.params
        if isinstance(p, Param) and isinstance(p.type, TypeRef) and p.type.name == "int" and p.name
    }


# Every int field of layer 222 + mtproto.tl the rule takes for a date, read one by one against
# the schema's comments and the API docs (core.telegram.org/constructor/...): all Unix times.
LAYER_222_DATES = {
    "date", "expires", "until", "was_online", "mtime", "server_time",
    "date_active", "date_created",
}  # fmt: skip
# Int fields whose names look like time but are durations or counts: the rule leaves them.
DURATIONS = {"ttl_period", "period", "timeout", "cache_time", "expires_in", "self_expires",
             "video_timestamp", "schedule_repeat_period", "subscription_period", "push_timeout"}  # fmt: skip


def test_the_rule_against_the_corpus(corpus: Path) -> None:
    schema = load_schema(
        [corpus / "telegram" / "api" / "layer-222.tl", corpus / "telegram" / "mtproto.tl"]
    ).schema
    names = int_fields(schema)
    dates = {n for n in names if is_date(n)}
    assert {n for n in dates if not n.endswith(("_date", "_until", "_since", "_at"))} == (
        LAYER_222_DATES
    )
    assert len([n for n in dates if n.endswith("_date")]) > 40
    assert DURATIONS <= names and not DURATIONS & dates
    # The other schemas of the corpus (older and newer layers, TDLib) add two names, both
    # dates: broadcastRevenueTransactionProceeds from_date:int to_date:int (layers 181-221).
    others: set[str] = set()
    for path in corpus_tl_files():
        loaded = load_schema([path])
        if loaded.ok:
            others |= {n for n in int_fields(loaded.schema) if is_date(n)} - dates
    assert others == {"from_date", "to_date"}


# Dates of layer 216 that Telethon 1.42 does not decode as datetime: timestamps by the API
# docs (core.telegram.org: "unixtime" / "Unix timestamp") whose names its rule does not cover.
NOT_DATES_IN_TELETHON = {
    ("messageActionStarGiftUnique", "can_export_at"),
    ("messageActionStarGiftUnique", "can_resell_at"),
    ("messageActionStarGiftUnique", "can_transfer_at"),
    ("savedStarGift", "can_export_at"),
    ("savedStarGift", "can_resell_at"),
    ("savedStarGift", "can_transfer_at"),
    ("starsRevenueStatus", "next_withdrawal_at"),
    ("server_DH_inner_data", "server_time"),
    ("upload.file", "mtime"),
    ("upload.webFile", "mtime"),
}


def test_the_rule_against_telethons_dates(corpus: Path) -> None:
    """Telethon 1.42 (an independent generator, for the schema of layer 216 in the corpus)
    reads a field with `reader.tgread_date()` when it takes it for a date: every such field
    is a date for us too, and ours has only the listed ones more."""
    alltlobjects = pytest.importorskip("telethon.tl.alltlobjects")
    theirs = set()
    for cls in alltlobjects.tlobjects.values():
        source = inspect.getsource(cls.from_reader)
        theirs |= {
            (cls.CONSTRUCTOR_ID, n) for n in re.findall(r"_(\w+) = reader\.tgread_date", source)
        }
    schema = load_schema(
        [corpus / "telegram" / "api" / "layer-216.tl", corpus / "telegram" / "mtproto.tl"]
    ).schema
    names = {d.id: d.name for d in schema.definitions}
    ours = {
        (d.id, p.name)
        for d in schema.definitions
        for p in d.params
        if isinstance(p, Param) and isinstance(p.type, TypeRef) and p.type.name == "int"
        and p.name and is_date(p.name)
    }  # fmt: skip
    assert len(theirs) > 200
    assert theirs <= ours
    assert {(names[i], n) for i, n in ours - theirs} == NOT_DATES_IN_TELETHON


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    from tests.conftest import corpus_dir

    root = corpus_dir()
    if root is None:
        pytest.skip("no corpus")
    paths = [root / "telegram" / "api" / "layer-222.tl", root / "telegram" / "mtproto.tl"]
    schema = load_schema(paths).schema
    files = build_package(
        schema,
        [],
        GenerationOptions(plan=PlanOptions(package="dated222", dates=True), format_code=False),
    )
    return _write_and_import(files, tmp_path_factory.mktemp("dated"), "dated222")


def test_every_class_gives_the_same_bytes_with_datetimes(
    dated: ModuleType, corpus_package: Callable[[str], tuple[ModuleType, Schema]]
) -> None:
    package, schema = corpus_package("telegram222")
    builder = ObjectBuilder(package, schema)
    registry = importlib.import_module("dated222._registry")
    seen_dates = 0
    for definition in schema.definitions:
        for full in (False, True):
            plain = builder.build(definition, full)
            data = plain.to_bytes()
            cls = registry.find_by_name(definition.name, definition.kind == "function")
            obj = cls.from_bytes(data)
            assert obj.to_bytes() == data, definition.name
            assert obj.to_dict() == plain.to_dict(), definition.name
            hints = typing.get_type_hints(cls.__init__)
            for attr, tl_name, spec, _ in cls._FIELDS:
                if spec == ("date",):
                    value = getattr(obj, attr)
                    expected = getattr(plain, attr)
                    if expected is None:
                        assert value is None
                        continue
                    assert value == datetime.datetime.fromtimestamp(expected, UTC)
                    assert value.tzinfo is not None
                    assert (
                        datetime.datetime in typing.get_args(hints[attr])
                        or hints[attr] is datetime.datetime
                    )
                    seen_dates += 1
                else:
                    assert spec != ("int",) or not is_date(tl_name), (definition.name, tl_name)
    assert seen_dates > 200


def test_a_naive_datetime_is_refused_naming_the_field(dated: ModuleType) -> None:
    message = dated.types.UpdateShortMessage(
        id=1, user_id=2, message="m", pts=3, pts_count=1, date=datetime.datetime(2024, 1, 1)
    )
    with pytest.raises(ValueError, match=r"^UpdateShortMessage\.date: a naive datetime"):
        message.to_bytes()
    message.date = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    again = dated.types.UpdateShortMessage.from_bytes(message.to_bytes())
    assert again.date == message.date and again.date.timestamp() == 1704067200


def module_holding(package: Path, text: str) -> str:
    """The text of the one module of types/ that contains `text`."""
    (found,) = [p for p in (package / "types").glob("*.py") if text in p.read_text()]
    return found.read_text()


def test_cli_dates_option(tmp_path: Path) -> None:
    result = run_generate(tmp_path, "--dates", "datetime", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "datetime.datetime" in module_holding(tmp_path / "tl", "class UserStatusOnline(")
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "tl"],
        cwd=tmp_path, env=dict(os.environ, MYPYPATH=str(tmp_path)), capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout
    default = run_generate(tmp_path / "d", "--no-cache")
    assert default.returncode == 0
    assert "datetime" not in module_holding(tmp_path / "d" / "tl", "class UserStatusOnline(")
    bad = run_generate(tmp_path / "x", "--dates", "iso")
    assert bad.returncode == 2 and "invalid choice: 'iso'" in bad.stderr
