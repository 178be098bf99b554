"""Reading objects: repr with only what is set, the indented form, compact dicts (default
package, generated/tl); package names that annotations could not use."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO
from tlgen.codegen.generate import GenerationOptions, build_package
from tlgen.codegen.plan import PlanError, PlanOptions
from tlgen.schema.parse import merge_files, parse_text

sys.path.insert(0, str(REPO / "generated"))

import tl  # noqa: E402
from tl import functions  # noqa: E402
from tl.types import (
    CodeSettings,  # noqa: E402
    auth,  # noqa: E402
)

SCHEMA = "peerUser#59511722 user_id:long = Peer;\nmessage#1 id:int peer:Peer = Message;\n"

SEND_CODE = functions.auth.SendCode(
    phone_number="+15550100",
    api_id=12345,
    api_hash="0123456789abcdef0123456789abcdef",
    settings=CodeSettings(
        allow_flashcall=True, logout_tokens=[b"token-one", b"token-two"], token="push-token"
    ),
)

INDENTED_40 = """\
functions.auth.SendCode(
    phone_number='+15550100',
    api_id=12345,
    api_hash='0123456789abcdef0123456789abcdef',
    settings=CodeSettings(
        allow_flashcall=True,
        logout_tokens=[
            b'token-one',
            b'token-two',
        ],
        token='push-token',
    ),
)"""


def test_repr_shows_only_what_is_set() -> None:
    assert repr(CodeSettings()) == "CodeSettings()"
    assert repr(CodeSettings(allow_flashcall=True, token="t")) == (
        "CodeSettings(allow_flashcall=True, token='t')"
    )
    sent = auth.SentCode(type_=auth.SentCodeTypeApp(length=5), phone_code_hash="h")
    assert repr(sent) == "auth.SentCode(type_=auth.SentCodeTypeApp(length=5), phone_code_hash='h')"
    assert eval(repr(SEND_CODE)) == SEND_CODE


def test_pretty_indents_what_does_not_fit() -> None:
    assert tl.pretty(SEND_CODE, width=40) == INDENTED_40
    assert eval(INDENTED_40) == SEND_CODE
    assert tl.pretty(CodeSettings()) == "CodeSettings()"
    for width in (30, 50, 70, 90):
        lines = tl.pretty(SEND_CODE, width=width).splitlines()
        atoms = ("api_hash=", "phone_number=")  # a string is never split
        assert all(len(line) <= width or line.strip().startswith(atoms) for line in lines)


def test_compact_dict_omits_absent_fields_and_false_flags() -> None:
    assert CodeSettings().to_dict(compact=True) == {"_": "codeSettings"}
    assert CodeSettings().to_dict()["allow_flashcall"] is False
    compact = SEND_CODE.to_dict(compact=True)
    assert compact["settings"] == {
        "_": "codeSettings",
        "allow_flashcall": True,
        "logout_tokens": ["dG9rZW4tb25l", "dG9rZW4tdHdv"],
        "token": "push-token",
    }
    assert tl.from_dict(compact) == SEND_CODE == tl.from_dict(SEND_CODE.to_dict())


def test_tdlib_json_is_refused_by_a_binary_package_every_time() -> None:
    # _runtime caches the _tdjson module once found; a package without one (not generated
    # with --wire tdjson) must keep refusing, not cache the failure as a codec.
    for _ in range(2):
        with pytest.raises(TypeError, match="TDLib's JSON needs a package generated with"):
            SEND_CODE.to_json()
        with pytest.raises(TypeError, match="TDLib's JSON needs a package generated with"):
            CodeSettings.from_json('{"@type":"codeSettings"}')


@pytest.mark.parametrize(
    ("package", "message"),
    [
        ("peer", "package name 'peer' is also a name in message: annotations could not"),
        ("Message", "package name 'Message' is also a name in message"),
        ("struct", "package name 'struct' is reserved in generated modules"),
    ],
)
def test_a_package_name_that_annotations_cannot_use_is_refused(package: str, message: str) -> None:
    schema, _ = merge_files([parse_text(SCHEMA, "t.tl")])
    with pytest.raises(PlanError, match=message):
        build_package(
            schema, [], GenerationOptions(plan=PlanOptions(package=package), format_code=False)
        )
    assert build_package(
        schema, [], GenerationOptions(plan=PlanOptions(package="ok_name"), format_code=False)
    )["__init__.py"]
