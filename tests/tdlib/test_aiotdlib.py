"""Our TDLib JSON against aiotdlib 0.27.6 (pydantic models its authors generated from
td_api.tl) on the same requests and answers, with the real libtdjson as the judge: where
aiotdlib's conventions differ from TDLib's, TDLib refuses or changes its JSON, and reads ours
as meant.

Found differences of aiotdlib (aiotdlib/api/types/base.py): bytes in the url-safe base64
alphabet, strings stripped of surrounding whitespace, int32 refusing -2**31, int53 refusing
|n| >= 2**52, True taken for the int 1; on the way in an unknown field is dropped and an
unknown nested @type fails the whole object.
"""

from __future__ import annotations

import json
import os
from types import ModuleType
from typing import Any

import pytest

from tests.tdlib.conftest import NOT_SYNCHRONOUS, execute

AIOTDLIB_MISSING = "aiotdlib 0.27.6 (the test extra's peer) is NOT INSTALLED: no comparison ran"


@pytest.fixture(scope="module")
def aiotdlib() -> Any:
    try:
        import aiotdlib.api
        import aiotdlib.utils
    except ImportError:
        if os.environ.get("TLGEN_REQUIRE_TDJSON") == "1":  # CI: the same extra as tdjson
            pytest.fail(AIOTDLIB_MISSING + " (TLGEN_REQUIRE_TDJSON=1)")
        pytest.skip(AIOTDLIB_MISSING)
    return aiotdlib


def theirs(request: Any) -> dict[str, Any]:
    """aiotdlib's JSON of a request, as its client sends it (Client.send)."""
    data: dict[str, Any] = json.loads(request.model_dump_json(by_alias=True))
    return data


def verdict(tdjson: ModuleType, data: dict[str, Any] | str) -> str:
    """TDLib's reading of a request: "read" (then refused synchronously) or its parse error."""
    answer = execute(tdjson, data)
    message = answer.get("message", "")
    return "read" if message == NOT_SYNCHRONOUS else message


def test_bytes_alphabet(td_api: ModuleType, aiotdlib: Any, tdjson: ModuleType) -> None:
    from td_api import functions as f

    data = b"\xfb\xff"
    assert theirs(aiotdlib.api.TestCallBytes(x=data))["x"] == "-_8="
    assert "Wrong character" in verdict(tdjson, theirs(aiotdlib.api.TestCallBytes(x=data)))
    assert json.loads(f.TestCallBytes(x=data).to_json())["x"] == "+/8="
    assert verdict(tdjson, f.TestCallBytes(x=data).to_json()) == "read"


def test_whitespace_is_kept(td_api: ModuleType, aiotdlib: Any, tdjson: ModuleType) -> None:
    from td_api import functions as f

    text = "  two spaces\n"
    assert theirs(aiotdlib.api.GetTextEntities(text=text))["text"] == "two spaces"
    assert json.loads(f.GetTextEntities(text=text).to_json())["text"] == text
    # Entity offsets are counted in the text TDLib got: stripping moves them.
    ours = execute(tdjson, f.GetTextEntities(text="  #tag").to_json())
    theirs_answer = execute(tdjson, theirs(aiotdlib.api.GetTextEntities(text="  #tag")))
    assert ours["entities"][0]["offset"] == 2 and theirs_answer["entities"][0]["offset"] == 0


def test_integer_ranges(td_api: ModuleType, aiotdlib: Any, tdjson: ModuleType) -> None:
    from pydantic import ValidationError
    from td_api import functions as f

    for valid in (f.TestSquareInt(x=-(2**31)), f.GetChat(chat_id=2**52)):
        assert verdict(tdjson, valid.to_json()) == "read"
    with pytest.raises(ValidationError):
        aiotdlib.api.TestSquareInt(x=-(2**31))
    with pytest.raises(ValidationError):
        aiotdlib.api.GetChat(chat_id=2**52)
    # A bool is not an integer: aiotdlib sends 1, TDLib itself would refuse `true`.
    assert theirs(aiotdlib.api.TestSquareInt(x=True))["x"] == 1
    with pytest.raises(TypeError):
        f.TestSquareInt(x=True).to_json()


def test_same_answers_decode_alike(td_api: ModuleType, aiotdlib: Any, tdjson: ModuleType) -> None:
    from td_api import functions as f

    text = "hi @tdlib /start https://t.me #tag $USD 😀"
    answer = execute(tdjson, f.GetTextEntities(text=text).to_json())
    ours = td_api.from_json(answer)
    other = aiotdlib.utils.parse_tdlib_object(answer)
    assert [(e.offset, e.length, e.type_.TL_NAME) for e in ours.entities] == [
        (e.offset, e.length, e.type_.ID) for e in other.entities
    ]
    assert json.loads(ours.to_json()) == answer


def test_version_skew_on_the_way_in(td_api: ModuleType, aiotdlib: Any) -> None:
    from pydantic import ValidationError

    newer = {
        "@type": "textEntities",
        "entities": [
            {
                "@type": "textEntity",
                "offset": 0,
                "length": 2,
                "newer": 1,
                "type": {"@type": "textEntityTypeMention"},
            }
        ],
    }
    assert "newer" not in aiotdlib.utils.parse_tdlib_object(newer).entities[0].model_dump()
    ours = td_api.from_json(newer)
    assert td_api.extra_fields(ours.entities[0]) == {"newer": 1}
    future = {
        "@type": "textEntities",
        "entities": [{**newer["entities"][0], "type": {"@type": "textEntityTypeFuture"}}],
    }
    with pytest.raises(ValidationError):
        aiotdlib.utils.parse_tdlib_object(future)
    assert json.loads(td_api.from_json(future).to_json()) == future
