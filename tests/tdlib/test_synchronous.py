"""The synchronous functions of td_api.tl called for real through td_execute, with values whose
answers are known: typed requests in, typed results out (the package's `client.execute`).
Expected values follow TDLib's documentation of each function in td_api.tl; offsets and
lengths are in UTF-16 code units, as td_api.tl's textEntity says."""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.fixture(scope="module")
def run(td_api: ModuleType, tdjson: ModuleType) -> Any:
    from td_api.client import execute

    return execute


def test_text_entities(td_api: ModuleType, run: Any) -> None:
    from td_api import functions as f
    from td_api import types as t

    text = "hi @tdlib /start https://t.me #tag $USD a@b.co ще"
    found = run(f.GetTextEntities(text=text))
    assert isinstance(found, t.TextEntities)
    spans = [(type(e.type_).__name__, text[e.offset : e.offset + e.length]) for e in found.entities]
    assert spans == [
        ("TextEntityTypeMention", "@tdlib"),
        ("TextEntityTypeBotCommand", "/start"),
        ("TextEntityTypeUrl", "https://t.me"),
        ("TextEntityTypeHashtag", "#tag"),
        ("TextEntityTypeCashtag", "$USD"),
        ("TextEntityTypeEmailAddress", "a@b.co"),
    ]


def test_utf16_offsets_past_astral_characters(td_api: ModuleType, run: Any) -> None:
    from td_api import functions as f

    found = run(f.GetTextEntities(text="😀 #tag"))
    (entity,) = found.entities
    assert (entity.offset, entity.length) == (3, 4)  # 😀 is two UTF-16 units


def test_parse_text_entities_markdown_and_html(td_api: ModuleType, run: Any) -> None:
    from td_api import functions as f
    from td_api import types as t

    markdown = run(
        f.ParseTextEntities(
            text="*bold* _it_ `code`", parse_mode=t.TextParseModeMarkdown(version=2)
        )
    )
    html = run(
        f.ParseTextEntities(
            text="<b>bold</b> <i>it</i> <code>code</code>", parse_mode=t.TextParseModeHTML()
        )
    )
    assert markdown == html
    assert markdown.text == "bold it code"
    kinds = [(type(e.type_).__name__, e.offset, e.length) for e in markdown.entities]
    assert kinds == [
        ("TextEntityTypeBold", 0, 4),
        ("TextEntityTypeItalic", 5, 2),
        ("TextEntityTypeCode", 8, 4),
    ]


def test_markdown_round_trip(td_api: ModuleType, run: Any) -> None:
    from td_api import functions as f
    from td_api import types as t

    bold = t.TextEntity(offset=0, length=4, type_=t.TextEntityTypeBold())
    formatted = t.FormattedText(text="bold text", entities=[bold])
    markdown = run(f.GetMarkdownText(text=formatted))
    assert markdown.text == "**bold** text" and markdown.entities == []
    assert run(f.ParseMarkdown(text=markdown)) == formatted


def test_file_names_and_types(td_api: ModuleType, run: Any) -> None:
    from td_api import functions as f

    assert run(f.GetFileMimeType(file_name="photo.PNG")).text == "image/png"
    assert run(f.GetFileMimeType(file_name="x.pdf")).text == "application/pdf"
    assert run(f.GetFileExtension(mime_type="image/jpeg")).text == "jpg"
    # The path is dropped and the characters files may not hold become spaces.
    assert run(f.CleanFileName(file_name="a/b:c*?.txt")).text == "b c.txt"
    assert run(f.GetCountryFlagEmoji(country_code="US")).text == "\U0001f1fa\U0001f1f8"


def test_search_strings_by_prefix(td_api: ModuleType, run: Any) -> None:
    from td_api import functions as f

    strings = ["apple pie", "banana", "Application", "grape"]
    found = run(
        f.SearchStringsByPrefix(
            strings=strings,
            query="app",
            limit=10,
            return_none_for_empty_query=False,
        )
    )
    matched = sorted(strings[i] for i in found.positions)
    assert (found.total_count, matched) == (2, ["Application", "apple pie"])


def test_options_and_logs(td_api: ModuleType, run: Any) -> None:
    from td_api import functions as f
    from td_api import types as t

    version = run(f.GetOption(name="version"))
    assert isinstance(version, t.OptionValueString) and version.value.count(".") == 2
    assert run(f.SetLogStream(log_stream=t.LogStreamEmpty())) == t.Ok()
    assert run(f.GetLogStream()) == t.LogStreamEmpty()
    assert run(f.SetLogVerbosityLevel(new_verbosity_level=0)) == t.Ok()
    assert run(f.GetLogVerbosityLevel()).verbosity_level == 0
    tags = run(f.GetLogTags()).tags
    assert "td_requests" in tags
    assert run(f.SetLogTagVerbosityLevel(tag="td_requests", new_verbosity_level=1)) == t.Ok()
    assert run(f.GetLogTagVerbosityLevel(tag="td_requests")).verbosity_level == 1
    assert run(f.AddLogMessage(verbosity_level=1, text="tlgen test")) == t.Ok()


def test_errors_are_exceptions_by_code(td_api: ModuleType, run: Any) -> None:
    from td_api import functions as f
    from td_api import types as t
    from td_api.client import BadRequestError, NotFoundError, TDLibError, TooManyRequestsError

    with pytest.raises(NotFoundError) as raised:
        run(f.TestReturnError(error=t.Error(code=404, message="gone")))
    assert (raised.value.code, raised.value.message) == (404, "gone")
    with pytest.raises(TooManyRequestsError) as flood:
        run(f.TestReturnError(error=t.Error(code=429, message="Too Many Requests: retry after 17")))
    assert flood.value.retry_after == 17
    with pytest.raises(TDLibError) as other:
        run(f.TestReturnError(error=t.Error(code=418, message="teapot")))
    assert type(other.value) is TDLibError and other.value.code == 418
    with pytest.raises(BadRequestError, match="can't be executed synchronously"):
        run(f.GetMe())  # type: ignore[arg-type]


# JSON values: what TDLib's getJsonString prints of a JsonValue built from a Python value,
# read back by getJsonValue, is that value.
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


def _to_json_value(t: Any, value: object) -> Any:
    if value is None:
        return t.JsonValueNull()
    if isinstance(value, bool):
        return t.JsonValueBoolean(value=value)
    if isinstance(value, int):
        return t.JsonValueNumber(value=float(value))
    if isinstance(value, str):
        return t.JsonValueString(value=value)
    if isinstance(value, list):
        return t.JsonValueArray(values=[_to_json_value(t, v) for v in value])
    assert isinstance(value, dict)
    members = [t.JsonObjectMember(key=k, value=_to_json_value(t, v)) for k, v in value.items()]
    return t.JsonValueObject(members=members)


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(_json_values)
def test_json_string_and_value_round_trip(td_api: ModuleType, run: Any, value: object) -> None:
    from td_api import functions as f
    from td_api import types as t

    built = _to_json_value(t, value)
    text = run(f.GetJsonString(json_value=built)).text
    assert json.loads(text) == value
    assert run(f.GetJsonValue(json=text)) == built
