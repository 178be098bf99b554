"""TDLib's JSON conventions in the package's codec, each checked against the real libtdjson
(td_execute parses a request fully before refusing one that cannot run synchronously, so its
answer tells whether TDLib read our JSON) and against TDLib's source: td/tl/tl_json.h in
tdlib/td 004e562d0f418c6252f9eeb017dd6879dbd3e95c (int64 from a string or a number, double
from a number only, bytes through base64_decode, null object fields as empty pointers).

Strict on the way out: what TDLib would refuse, or silently read as something else, raises
before anything is sent, naming the field. Lenient on the way in: version skew (a field or a
type this schema does not know, a missing field) never stops decoding and loses nothing.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tdlib.conftest import NOT_SYNCHRONOUS, execute
from tlgen.schema.model import Schema

# TDLib's two parse errors: of the JSON text, and of the request in it.
PARSE_ERRORS = (
    "Failed to parse request as JSON object",
    "Failed to parse JSON object as TDLib request",
)


def parses(tdjson: ModuleType, text: str) -> bool:
    """Whether TDLib reads the request (it then refuses to run it synchronously)."""
    answer = execute(tdjson, text)
    if answer.get("message") == NOT_SYNCHRONOUS:
        return True
    assert answer["@type"] == "error" and answer["message"].startswith(PARSE_ERRORS), answer
    return False


def test_int64_is_a_decimal_string(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import functions as f

    for value in (-(2**63), -1, 0, 2**63 - 1):
        text = f.GetMessageEffect(effect_id=value).to_json()
        assert text == f'{{"@type":"getMessageEffect","effect_id":"{value}"}}'
        assert parses(tdjson, text)
    # TDLib refuses past the range, as a string or a number.
    assert not parses(tdjson, '{"@type":"getMessageEffect","effect_id":"9223372036854775808"}')
    with pytest.raises(
        ValueError, match=r"^GetMessageEffect.effect_id: 9223372036854775808 is out"
    ):
        f.GetMessageEffect(effect_id=2**63).to_json()


def test_int32_and_int53_are_numbers(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import functions as f

    assert f.TestSquareInt(x=-(2**31)).to_json() == '{"@type":"testSquareInt","x":-2147483648}'
    assert (
        f.GetChat(chat_id=2**53 - 1).to_json() == '{"@type":"getChat","chat_id":9007199254740991}'
    )
    assert not parses(tdjson, '{"@type":"testSquareInt","x":2147483648}')
    with pytest.raises(
        ValueError, match=r"^TestSquareInt.x: 2147483648 is out of range for a TDLib int32"
    ):
        f.TestSquareInt(x=2**31).to_json()
    # int53: what a JSON number holds exactly (TDLib itself would take more, rounded by
    # JavaScript clients); refused beyond it.
    with pytest.raises(ValueError, match=r"^GetChat.chat_id: 9007199254740992 is out of range"):
        f.GetChat(chat_id=2**53).to_json()


@pytest.mark.parametrize(
    ("field_json", "value"),
    [("true", True), ("2.0", 2.0), ('"2"', "2")],
)
def test_integers_refuse_other_types(
    td_api: ModuleType, tdjson: ModuleType, field_json: str, value: object
) -> None:
    from td_api import functions as f

    with pytest.raises(
        TypeError, match=rf"^TestSquareInt.x: expected an int, got {type(value).__name__}$"
    ):
        f.TestSquareInt(x=value).to_json()  # type: ignore[arg-type]
    # TDLib refuses true and 2.0; "2" it reads, but a str is not an int in Python.
    assert parses(tdjson, f'{{"@type":"testSquareInt","x":{field_json}}}') == isinstance(value, str)


def test_bytes_are_standard_padded_base64(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import functions as f

    for data in (b"", b"\xfb", b"\xfb\xff", b"\xfb\xff\xbf", bytes(range(256))):
        text = f.TestCallBytes(x=data).to_json()
        assert json.loads(text)["x"] == base64.b64encode(data).decode()
        assert parses(tdjson, text)
    # What other conventions write, TDLib refuses: the url-safe alphabet, missing padding.
    assert not parses(tdjson, '{"@type":"testCallBytes","x":"-_8="}')
    assert not parses(tdjson, '{"@type":"testCallBytes","x":"AA"}')
    with pytest.raises(TypeError, match=r"^TestCallBytes.x: expected bytes, got str$"):
        f.TestCallBytes(x="AA==").to_json()  # type: ignore[arg-type]


def test_doubles_and_strings_must_be_json(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import functions as f
    from td_api import types as t

    proxy = t.Proxy(
        server="s", port=1, type_=t.ProxyTypeHttp(username="", password="", http_only=False)
    )
    request = f.TestProxy(proxy=proxy, dc_id=2, timeout=1.5)
    assert json.loads(request.to_json())["timeout"] == 1.5 and parses(tdjson, request.to_json())
    assert not parses(tdjson, '{"@type":"testProxy","timeout":NaN}')
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"^TestProxy.timeout: .* is not a JSON number"):
            f.TestProxy(proxy=proxy, dc_id=2, timeout=bad).to_json()
    with pytest.raises(ValueError, match=r"^TestCallString.x: not valid as UTF-8"):
        f.TestCallString(x="\ud800").to_json()


def test_objects_and_nullable_fields(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import functions as f
    from td_api import types as t

    content = t.InputMessageText(text=t.FormattedText(text="hi", entities=[]), clear_draft=False)
    request = f.SendMessage(chat_id=1, input_message_content=content)  # "pass null" fields
    assert request.topic_id is None and request.options is None
    assert json.loads(request.to_json()) == {
        "@type": "sendMessage",
        "chat_id": 1,
        "input_message_content": {
            "@type": "inputMessageText",
            "text": {"@type": "formattedText", "text": "hi", "entities": []},
            "clear_draft": False,
        },
    }
    assert parses(tdjson, request.to_json())
    with pytest.raises(TypeError, match=r"^SendMessage.input_message_content: may not be None"):
        f.SendMessage(chat_id=1, input_message_content=None).to_json()  # type: ignore[arg-type]
    with pytest.raises(
        TypeError,
        match=r"^SendMessage.input_message_content: expected a InputMessageContent, got Ok$",
    ):
        f.SendMessage(chat_id=1, input_message_content=t.Ok()).to_json()  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"^ParseMarkdown.text.entities\[0\].type_: expected a TextEntityType"
    ):
        bad = t.TextEntity(offset=0, length=1, type_=t.Ok())  # type: ignore[arg-type]
        f.ParseMarkdown(text=t.FormattedText(text="x", entities=[bad])).to_json()
    # The same wrong value in an item of a vector of an abstract type, whose items are all of
    # the right type (only a field deep inside one is not): the path still names the item.
    text = t.FormattedText(text="x", entities=[bad])
    contents = [content, t.InputMessageText(text=text, clear_draft=False)]
    with pytest.raises(
        TypeError,
        match=r"^SendMessageAlbum.input_message_contents\[1\].text.entities\[0\].type_: expected",
    ):
        f.SendMessageAlbum(chat_id=1, input_message_contents=contents).to_json()


def test_a_bare_object_field_refuses_a_non_object_naming_the_field(td_api: ModuleType) -> None:
    from td_api import types as t

    # InputMessageText.text is a bare formattedText: a str, an int or a class is refused with
    # TypeError naming the field, not an AttributeError from reading its CONSTRUCTOR_ID.
    for wrong, shown in (("hello", "str"), (5, "int"), (t.FormattedText, "type")):
        with pytest.raises(
            TypeError, match=rf"^InputMessageText.text: expected a FormattedText, got {shown}$"
        ):
            t.InputMessageText(text=wrong, clear_draft=False).to_json()
    with pytest.raises(
        TypeError, match=r"^InputMessageText.text: expected a FormattedText, got Ok"
    ):
        t.InputMessageText(text=t.Ok(), clear_draft=False).to_json()  # type: ignore[arg-type]


def test_misspelt_fields_are_refused_where_tdlib_ignores_them(
    td_api: ModuleType, tdjson: ModuleType
) -> None:
    from td_api import functions as f

    # TDLib reads an unknown field as nothing and the missing one as its default.
    answer = execute(tdjson, '{"@type":"getTextEntities","txt":"@tdlib"}')
    assert answer == {"@type": "textEntities", "entities": []}
    with pytest.raises(TypeError, match="unexpected keyword argument 'txt'"):
        f.GetTextEntities(txt="@tdlib")  # type: ignore[call-arg]


# -- lenient on the way in ----------------------------------------------------------------------


def test_unknown_fields_are_kept_and_written_back(
    td_api: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    from td_api import types as t

    sent = {
        "@type": "testInt",
        "value": 5,
        "newer_field": {"@type": "x", "n": "1"},
        "@client_id": 3,
    }
    with caplog.at_level(logging.WARNING, logger="td_api"):
        first = td_api.from_json(json.dumps(sent))
        td_api.from_json(json.dumps(sent))
    assert first == t.TestInt(value=5)
    assert td_api.extra_fields(first) == {"newer_field": {"@type": "x", "n": "1"}}
    assert json.loads(first.to_json()) == {k: v for k, v in sent.items() if k != "@client_id"}
    reports = [r.getMessage() for r in caplog.records if "newer_field" in r.getMessage()]
    assert len(reports) == 1  # once, however often it comes


def test_unknown_fields_are_kept_when_a_known_field_is_left_out(td_api: ModuleType) -> None:
    from td_api import types as t

    # TDLib leaves null fields out, so an object may carry fewer known fields than its class
    # has and still an unknown one: here "entities" is missing and "entities_v2" is new.
    text = td_api.from_json('{"@type":"formattedText","text":"hi","entities_v2":[]}')
    assert text == t.FormattedText(text="hi", entities=[])
    assert td_api.extra_fields(text) == {"entities_v2": []}
    assert json.loads(text.to_json()) == {
        "@type": "formattedText",
        "text": "hi",
        "entities": [],
        "entities_v2": [],
    }
    # Both fields missing, the envelope's keys present: only the unknown field is kept.
    sent = '{"@type":"formattedText","@extra":"7","@client_id":1,"entities_v2":[]}'
    assert td_api.extra_fields(td_api.from_json(sent)) == {"entities_v2": []}
    # A known field sent as null and nothing unknown: nothing kept.
    assert td_api.extra_fields(td_api.from_json('{"@type":"textEntity","type":null}')) == {}


def test_unknown_types_keep_their_json_and_their_abstract_type(td_api: ModuleType) -> None:
    from td_api import types as t
    from td_api.base import TypeAuthorizationState, TypeUpdate

    state = {"@type": "authorizationStateFromTheFuture", "code": "42"}
    update = td_api.from_json({"@type": "updateAuthorizationState", "authorization_state": state})
    assert isinstance(update, t.UpdateAuthorizationState)
    unknown = update.authorization_state
    assert isinstance(unknown, td_api.UnknownObject) and isinstance(unknown, TypeAuthorizationState)
    assert unknown.type_name == "authorizationStateFromTheFuture" and unknown.raw == state
    assert json.loads(update.to_json())["authorization_state"] == state
    whole = td_api.from_json('{"@type":"updateFromTheFuture","x":1}')
    assert isinstance(whole, td_api.UnknownObject) and not isinstance(whole, TypeUpdate)
    assert json.loads(whole.to_json()) == {"@type": "updateFromTheFuture", "x": 1}


def test_every_abstract_type_finds_the_base_class_of_its_constructors(
    td_api: ModuleType, td_schema: Schema
) -> None:
    from td_api import _registry

    types = {c.result.name for c in td_schema.constructors}
    for constructor in td_schema.constructors:
        cls = _registry.find_by_name(constructor.name)
        assert cls is not None
        assert _registry.find_base(constructor.result.name) is cls.__mro__[1]
    assert len(types) > 200 and _registry.find_base("NoSuchType") is None


# Modules of the package a fresh interpreter has loaded after decoding one update.
_MODULES_AFTER_DECODING = """
import sys
sys.path.insert(0, sys.argv[1])
import td_api
td_api.from_json(sys.argv[2])
print(sum(1 for name in sys.modules if name.split(".")[0] == "td_api"))
"""


def test_an_unknown_type_loads_only_its_base_class_module(td_api: ModuleType) -> None:
    root = str(Path(td_api.__file__).parent.parent)

    def modules_after(state: dict[str, str]) -> int:
        update = json.dumps({"@type": "updateAuthorizationState", "authorization_state": state})
        run = [sys.executable, "-c", _MODULES_AFTER_DECODING, root, update]
        return int(subprocess.run(run, capture_output=True, check=True, text=True).stdout)

    known = modules_after({"@type": "authorizationStateClosed"})
    unknown = modules_after({"@type": "authorizationStateFromTheFuture"})
    every = len(list(Path(root, "td_api").rglob("*.py")))
    # The expected type's base module instead of the known class's module: no more than for a
    # known type, where finding the base class once imported every module of the package.
    assert unknown <= known < every // 10


def test_missing_fields_take_tdlib_defaults(td_api: ModuleType) -> None:
    from td_api import types as t

    entity = td_api.from_json('{"@type":"textEntity","offset":3}')
    assert (entity.offset, entity.length, entity.type_) == (3, 0, None)
    ids = td_api.from_json(
        '{"@type":"emojiStatusCustomEmojis","custom_emoji_ids":["-9223372036854775808","7",8]}'
    )
    assert ids == t.EmojiStatusCustomEmojis(custom_emoji_ids=[-(2**63), 7, 8])
    assert td_api.from_json('{"@type":"emojiStatusCustomEmojis"}').custom_emoji_ids == []


def test_text_that_is_not_an_object_is_refused(td_api: ModuleType) -> None:
    for text in ("[]", '{"a":1}', "1"):
        with pytest.raises(ValueError, match="expected a JSON object with a @type"):
            td_api.from_json(text)


# Every class of the schema through its own JSON: drawn by the package's strategies,
# to_json -> from_json gives an equal object (TDLib's reading of the same JSON is
# test_every_function.py's).
@settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_every_class_round_trips_through_json(td_api: ModuleType, data: st.DataObject) -> None:
    from td_api.strategies import any_object, any_request

    obj = data.draw(any_object(max_depth=2) | any_request(max_depth=2))
    assert td_api.from_json(obj.to_json()) == obj
