"""The reference reads the package's own plan (codegen/plan/, one Planner, one PlanOptions): each
Python name it shows is checked against a package generated from the same inputs and options,
imported and inspected. The envelope's classes are `tl.mtproto.*`, `--dates datetime` types
show as datetimes, every error names the exception the package raises for it, search finds
errors by class and by an instance of a patterned name, and a schema without error tables or
bot flags (TDLib's) gets no error or bot sections."""

from __future__ import annotations

import importlib
import inspect
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO
from tests.helpers import generate_from_text
from tlgen.cli import main
from tlgen.codegen import PlanOptions
from tlgen.docs import Reference, build_reference
from tlgen.docs.model import DefinitionView
from tlgen.inputs import load_inputs

# The envelope as mtproto.tl writes it before commenting it out ("parsed manually"), declared
# here so that the planner has to map it onto the built-ins.
ENVELOPE_SCHEMA = """\
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;
message msg_id:long seqno:int bytes:int body:Object = Message;
msg_container#73f1f8dc messages:vector<%Message> = MessageContainer;
msg_copy#e06046b2 orig_message:Message = MessageCopy;
gzip_packed#3072cfa1 packed_data:string = Object;
pong#347773c5 msg_id:long ping_id:long = Pong;
event#1 date:int expires:int flags:# until_date:flags.0?int title:string = Event;
---functions---
ping#7abe77ec ping_id:long = Pong;
"""


def reference_of(tmp_path: Path, text: str, options: PlanOptions) -> Reference:
    schema = tmp_path / "envelope.tl"
    schema.write_text(text, encoding="utf-8")
    return build_reference(load_inputs([schema]).planner(options))


def page(reference: Reference, tl_name: str) -> DefinitionView:
    return next(d for d in (*reference.methods, *reference.constructors) if d.tl_name == tl_name)


def init_parameters(cls: type) -> list[tuple[str, str]]:
    """(name, annotation as written) of a class's keyword-only `__init__` arguments."""
    parameters = inspect.signature(cls.__init__).parameters.values()  # type: ignore[misc]
    return [(p.name, str(p.annotation)) for p in parameters if p.kind is p.KEYWORD_ONLY]


@pytest.fixture(scope="module")
def envelope_package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_from_text(ENVELOPE_SCHEMA, tmp_path_factory.mktemp("env"), "envpkg")


@pytest.mark.parametrize(
    ("tl_name", "class_name"),
    [
        ("rpc_result", "RpcResult"),
        ("message", "Message"),
        ("msg_container", "MessageContainer"),
        ("msg_copy", "MsgCopy"),
    ],
)
def test_envelope_pages_name_the_built_in_classes(
    tmp_path: Path, envelope_package: ModuleType, tl_name: str, class_name: str
) -> None:
    reference = reference_of(tmp_path, ENVELOPE_SCHEMA, PlanOptions(package="envpkg"))
    view = page(reference, tl_name)
    assert view.python is not None
    assert view.python.import_line == f"from envpkg.mtproto import {class_name}"
    # The package has that class (and no types.* class of that name) with those arguments.
    mtproto = importlib.import_module("envpkg.mtproto")
    built_in = getattr(mtproto, class_name)
    assert built_in.TL_NAME == tl_name
    assert not hasattr(envelope_package.types, class_name)
    names = [name for name, _ in init_parameters(built_in)]
    assert [p.attr for p in view.params] == names
    assert view.python.signature.startswith(f"{class_name}(*, {names[0]}: ")


def test_the_envelope_types_read_like_the_runtime(tmp_path: Path) -> None:
    reference = reference_of(tmp_path, ENVELOPE_SCHEMA, PlanOptions(package="envpkg"))
    assert page(reference, "rpc_result").python.signature == (  # type: ignore[union-attr]
        "RpcResult(*, req_msg_id: int, result: bytes)"
    )
    container = page(reference, "msg_container")
    assert [p.annotation for p in container.params] == ["list[envpkg.mtproto.Message]"]
    # gzip_packed has no class: decode() unpacks it.
    assert page(reference, "gzip_packed").python is None


def test_dates_show_as_the_package_types_them(tmp_path: Path) -> None:
    as_ints = page(reference_of(tmp_path, ENVELOPE_SCHEMA, PlanOptions()), "event")
    dated = page(reference_of(tmp_path, ENVELOPE_SCHEMA, PlanOptions(dates=True)), "event")
    assert {p.tl_name: p.annotation for p in as_ints.params} == {
        "date": "int",
        "expires": "int",
        "until_date": "int | None",
        "title": "str",
    }
    assert {p.tl_name: p.annotation for p in dated.params} == {
        "date": "datetime.datetime",
        "expires": "datetime.datetime",
        "until_date": "datetime.datetime | None",
        "title": "str",
    }
    assert dated.python is not None
    assert dated.python.signature == (
        "Event(*, date: datetime.datetime, expires: datetime.datetime, "
        "until_date: datetime.datetime | None = None, title: str)"
    )


def test_the_dates_option_reaches_the_pages(tmp_path: Path) -> None:
    schema = tmp_path / "envelope.tl"
    schema.write_text(ENVELOPE_SCHEMA, encoding="utf-8")
    out = tmp_path / "ref"
    assert main(["docs", "--schema", str(schema), "--dates", "datetime", "--out", str(out)]) == 0
    text = (out / "constructor" / "event.html").read_text(encoding="utf-8")
    assert "date: datetime.datetime, expires: datetime.datetime" in text


def default_reference() -> Reference:
    inputs = load_inputs(
        sorted((REPO / "schema").glob("*.tl")),
        sorted(p for p in (REPO / "schema" / "errors").iterdir() if p.is_file()),
    )
    return build_reference(inputs.planner(PlanOptions()))


def instance_of(name: str) -> str:
    """An error as the server sends it: each X of a patterned name replaced by a number."""
    return "_".join(
        re.sub(r"^X", "42", s) if re.fullmatch(r"X(MIN)?", s) else s for s in name.split("_")
    )


def test_every_error_names_the_exception_the_package_raises() -> None:
    # The committed default package (generated/tl), generated from the same inputs.
    sys.path.insert(0, str(REPO / "generated"))
    errors = importlib.import_module("tl.errors")
    reference = default_reference()
    assert len(reference.errors) > 10
    for error in reference.errors:
        module, _, class_name = error.exception.rpartition(".")
        assert module == "tl.errors"
        code = error.codes[0] if error.codes else 400
        raised = errors.exception_for(code, instance_of(error.name))
        assert isinstance(raised, getattr(errors, class_name)), error.name
    documented = [e for m in reference.methods for e in m.errors]
    assert documented
    for error in documented:
        assert error.exception == next(
            e.exception for e in reference.errors if e.name == error.name
        )


def test_search_rows_carry_the_exception_and_the_instance_pattern() -> None:
    reference = default_reference()
    rows = json.loads(reference.search_index().removeprefix("var TL_INDEX = ").rstrip(";\n"))
    errors = {row[0]: row for row in rows if row[1] == "error"}
    for error in reference.errors:
        row = errors[error.name]
        assert row[3] == error.exception.rpartition(".")[2]
        if error.pattern:
            assert re.fullmatch(row[4].strip("^$"), instance_of(error.name))
        else:
            assert row[4] == ""


def test_a_schema_without_tables_or_bot_flags_says_nothing_of_them(tmp_path: Path) -> None:
    out = tmp_path / "ref"
    schema = tmp_path / "envelope.tl"
    schema.write_text(ENVELOPE_SCHEMA, encoding="utf-8")
    assert main(["docs", "--schema", str(schema), "--out", str(out)]) == 0
    text = (out / "method" / "ping.html").read_text(encoding="utf-8")
    assert "<h2>Result</h2>" in text
    assert "Bots" not in text
    assert "Possible errors" not in text and "No error table" not in text


def test_a_reference_with_tables_keeps_its_sections(tmp_path: Path) -> None:
    out = tmp_path / "ref"
    assert main(["docs", "--out", str(out)]) == 0
    documented = (out / "method" / "auth.resendCode.html").read_text(encoding="utf-8")
    assert "<h2>Bots</h2>" in documented and "tl.errors.PhoneNumberInvalidError" in documented
    undocumented = (out / "method" / "ping.html").read_text(encoding="utf-8")
    assert "No error table lists this method." in undocumented
