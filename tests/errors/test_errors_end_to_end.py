"""The generated errors module, end to end with the default package (generated/tl)."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import generate_from_files
from tlgen.codegen.emit import write_tree

sys.path.insert(0, str(REPO / "generated"))

from tl import decode  # noqa: E402
from tl.errors import (  # noqa: E402
    METHOD_ERRORS,
    BadRequestError,
    ErrorCode,
    ErrorName,
    FloodError,
    FloodWaitError,
    NotAcceptableError,
    PhoneNumberInvalidError,
    RPCError,
    errors_of,
    exception_for,
    from_rpc_error,
)
from tl.functions.auth import ResendCode  # noqa: E402
from tl.types import RpcError  # noqa: E402


def raise_from_wire(code: int, message: str) -> None:
    answer = decode(RpcError(error_code=code, error_message=message).to_bytes())
    assert isinstance(answer, RpcError)
    raise from_rpc_error(answer, ResendCode(phone_number="1", phone_code_hash="h"))


@pytest.mark.parametrize(
    ("code", "catch", "miss"),
    [
        (406, NotAcceptableError, BadRequestError),
        (406, PhoneNumberInvalidError, BadRequestError),
        (400, BadRequestError, NotAcceptableError),
        (400, PhoneNumberInvalidError, NotAcceptableError),
    ],
)
def test_the_class_of_an_error_follows_its_code(
    code: int, catch: type[RPCError], miss: type[RPCError]
) -> None:
    with pytest.raises(catch) as info:
        raise_from_wire(code, "PHONE_NUMBER_INVALID")
    error = info.value
    assert isinstance(error, PhoneNumberInvalidError)
    assert not isinstance(error, miss)
    assert type(error).__name__ == "PhoneNumberInvalidError"
    assert (error.code, error.CODE, error.message, error.value) == (
        code, code, "PHONE_NUMBER_INVALID", None
    )  # fmt: skip
    assert error.NAME is ErrorName.PHONE_NUMBER_INVALID
    assert isinstance(error.request, ResendCode)


def test_flood_wait_carries_its_number_under_its_description_name() -> None:
    with pytest.raises(FloodError) as info:
        raise_from_wire(420, "FLOOD_WAIT_42")
    assert isinstance(info.value, FloodWaitError)
    assert info.value.value == info.value.seconds == 42
    assert str(info.value) == (
        "420 FLOOD_WAIT_42: A wait of 42 seconds is required (caused by auth.resendCode)"
    )


@pytest.mark.parametrize(
    ("code", "expected"), [(400, BadRequestError), (420, FloodError), (599, RPCError)]
)
def test_unknown_name_gives_the_generic_class_of_its_code(code: int, expected: type) -> None:
    error = exception_for(code, "SOMETHING_NEW_X")
    assert type(error) is expected
    assert error.value is None


def test_error_codes_enum() -> None:
    assert {400, 401, 403, 404, 406, 420, 500, 303} <= {c.value for c in ErrorCode}
    assert ErrorCode.NOT_ACCEPTABLE == 406


def documented_rows(method: str) -> list[tuple[int, str]]:
    text = (REPO / "schema" / "errors" / f"{method}.md").read_text()
    return [(int(c), n) for c, n in re.findall(r"^\|(-?\d+)\|([A-Z0-9_]+)\|", text, re.M)]


def test_resend_code_lists_exactly_its_documented_errors() -> None:
    rows = documented_rows("auth.resendCode")
    assert len(rows) == 5
    assert sorted(ResendCode.ERRORS) == sorted(rows)
    assert {cls.NAME.value for cls in errors_of(ResendCode) if cls.NAME} == {n for _, n in rows}
    assert METHOD_ERRORS["auth.resendCode"] == errors_of(
        ResendCode(phone_number="", phone_code_hash="")
    )
    assert ResendCode.BOTS_CAN_USE is False
    doc = ResendCode.__doc__ or ""
    assert "Bots cannot use this method." in doc
    for code, name in rows:
        assert f"{code} ``{name}``" in doc


def test_full_api_errors_module_imports_and_passes_mypy(corpus: Path, tmp_path: Path) -> None:
    paths = [corpus / "telegram" / "api" / "layer-222.tl", corpus / "telegram" / "mtproto.tl"]
    from tlgen.codegen.generate import GenerationOptions, build_package
    from tlgen.codegen.plan import PlanOptions
    from tlgen.errortables.catalog import build_catalog
    from tlgen.errortables.read import read_error_source
    from tlgen.schema.load import load_schema

    loaded = load_schema(paths)
    csvs = sorted((corpus / "errors").glob("*.csv"))
    catalog = build_catalog([read_error_source(p) for p in csvs], loaded.schema)
    files = build_package(
        loaded.schema,
        [],
        GenerationOptions(plan=PlanOptions(package="fullerr"), format_code=False, catalog=catalog),
    )
    # The errors module and the runtime it imports, alone in a package: mypy checks just those.
    alone = tmp_path / "errors_alone"
    alone.mkdir()
    (alone / "__init__.py").write_bytes(b"")
    for name in ("errors.py", "_rpcerror.py", "_runtime.py"):
        (alone / name).write_bytes(files[name])
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-error-summary",
         "errors_alone/errors.py"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    write_tree(files, tmp_path / "fullerr")
    sys.path.insert(0, str(tmp_path))
    errors = importlib.import_module("fullerr.errors")
    namespace = vars(errors)
    error = namespace["exception_for"](400, "PHONE_NUMBER_INVALID")
    assert type(error).__name__ == "PhoneNumberInvalidError"
    # Independently: methods.csv rows that list errors, for functions of this schema.
    functions = {f.name for f in loaded.schema.functions}
    rows = [
        line.split(",")
        for line in (corpus / "errors" / "telethon-methods.csv").read_text().splitlines()[1:]
    ]
    expected = {m for m, _, errors in rows if errors.strip() and m in functions}
    assert set(namespace["METHOD_ERRORS"]) == expected
    # The generated request classes carry the same lists.
    package = generate_from_files(paths, tmp_path / "pkg", "fullerr_pkg")
    assert package.LAYER == 222
