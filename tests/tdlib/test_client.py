"""The package's client over the real libtdjson: typed invoke, answers matched by `@extra`
under many concurrent requests (threads and asyncio), echo round trips through TDLib's test*
functions (values drawn by hypothesis come back equal), updates before authorization, errors
by code, closing (test_client_scripted.py: timeouts, cancellation, one receive loop).

TDLib answers the test* functions and sends updateOption / updateAuthorizationState before
any parameters are set (td/telegram/Td.cpp in tdlib/td: test requests are answered in every
state), so all of this runs offline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

INT32 = (-(2**31), 2**31 - 1)
ECHO = settings(max_examples=40, derandomize=True, database=None, deadline=None)
# TDLib cleans every string of a request (clean_input_string in tdutils/td/utils/misc.cpp,
# tdlib/td d963044eb9b8bb075e3f63b8bfd8da735c4c37d9): C0 controls but "\n" become spaces, "\r"
# is dropped, U+2028..U+202E and the combining vertical lines U+030A, U+0333, U+033F are
# removed, runs of U+200E/U+200F are rewritten, and strings stop short of 35,000 bytes. The
# echo tests draw the text TDLib leaves alone; test_tdlib_cleans_strings checks the rest.
CLEAN_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(32) if c != 10]
        + [chr(c) for c in range(0x2028, 0x202F)]
        + ["\u030a", "\u0333", "\u033f", "\u200e", "\u200f"],
    )
)


@pytest.fixture(scope="module")
def client(td_api: ModuleType, tdjson: ModuleType) -> Iterator[Any]:
    from td_api.client import Client, VersionWarning

    # The schema is TDLib 1.8.66, the wheel 1.8.69: the client says so once.
    with pytest.warns(VersionWarning, match="1.8.69.*1.8.66"):
        client = Client()
    yield client
    client.close(timeout=30)


def test_updates_before_authorization_decode(td_api: ModuleType, client: Any) -> None:
    from td_api import functions as f
    from td_api import types as t

    # TDLib starts a client's instance with its first request.
    assert client.invoke(f.TestCallEmpty(), timeout=30) == t.Ok()
    updates = []
    for update in client.updates(timeout=5):
        updates.append(update)
        if isinstance(update, t.UpdateAuthorizationState):
            break
    assert isinstance(updates[-1].authorization_state, t.AuthorizationStateWaitTdlibParameters)
    options = {u.name: u.value for u in updates if isinstance(u, t.UpdateOption)}
    assert isinstance(options["version"], t.OptionValueString)
    assert options["version"].value == "1.8.69"
    assert not any(isinstance(u, td_api.UnknownObject) for u in updates)


@ECHO
@given(CLEAN_TEXT)
def test_echo_string(td_api: ModuleType, client: Any, text: str) -> None:
    from td_api import functions as f

    assert client.invoke(f.TestCallString(x=text), timeout=30).value == text


def test_echo_every_byte_and_long_strings(td_api: ModuleType, client: Any) -> None:
    from td_api import functions as f

    for data in (b"", bytes(range(256)), b"\xff" * 100_000, b"a", b"ab"):  # padding 2, 1, 0
        assert client.invoke(f.TestCallBytes(x=data), timeout=30).value == data
    text = 'ще😀"\\\n' * 2000  # 24,000 bytes: below TDLib's cut
    assert client.invoke(f.TestCallString(x=text), timeout=30).value == text


def test_tdlib_cleans_strings(td_api: ModuleType, client: Any) -> None:
    """What TDLib changes in strings (see CLEAN_TEXT): our JSON carries them unchanged."""
    from td_api import functions as f

    sent = "a\x00b\x01c\td\re\u2028f\n"
    assert f.TestCallString(x=sent).to_json() == (
        '{"@type":"testCallString","x":"a\\u0000b\\u0001c\\td\\re\u2028f\\n"}'
    )
    assert client.invoke(f.TestCallString(x=sent), timeout=30).value == "a b c def\n"
    long = client.invoke(f.TestCallString(x="x" * 40_000), timeout=30).value
    assert long == "x" * (35_000 - 4)  # the byte reaching 34,997 is dropped too


@ECHO
@given(st.binary())
def test_echo_bytes(td_api: ModuleType, client: Any, data: bytes) -> None:
    from td_api import functions as f

    assert client.invoke(f.TestCallBytes(x=data), timeout=30).value == data


@ECHO
@given(st.lists(st.integers(*INT32)))
def test_echo_vectors_of_int(td_api: ModuleType, client: Any, values: list[int]) -> None:
    from td_api import functions as f
    from td_api import types as t

    assert client.invoke(f.TestCallVectorInt(x=values), timeout=30).value == values
    objects = [t.TestInt(value=v) for v in values]
    assert client.invoke(f.TestCallVectorIntObject(x=objects), timeout=30).value == objects


@ECHO
@given(st.lists(CLEAN_TEXT), st.lists(st.none() | CLEAN_TEXT))
def test_echo_vectors_of_string(
    td_api: ModuleType, client: Any, values: list[str], maybe: list[str | None]
) -> None:
    from td_api import functions as f
    from td_api import types as t

    assert client.invoke(f.TestCallVectorString(x=values), timeout=30).value == values
    # null items of a vector of objects go through as null.
    objects = [None if v is None else t.TestString(value=v) for v in maybe]
    answer = client.invoke(f.TestCallVectorStringObject(x=objects), timeout=30)  # type: ignore[arg-type]
    assert answer.value == objects


@ECHO
@given(st.sampled_from([*INT32, 0, -1, 46340, 46341]) | st.integers(*INT32))
def test_square_int(td_api: ModuleType, client: Any, x: int) -> None:
    from td_api import functions as f

    square = (x * x + 2**31) % 2**32 - 2**31  # TDLib squares in int32
    assert client.invoke(f.TestSquareInt(x=x), timeout=30).value == square


def test_typed_errors_and_empty(td_api: ModuleType, client: Any) -> None:
    from td_api import functions as f
    from td_api import types as t
    from td_api.client import BadRequestError, SilentError

    assert client.invoke(f.TestCallEmpty(), timeout=30) == t.Ok()
    with pytest.raises(SilentError):
        client.invoke(f.TestReturnError(error=t.Error(code=406, message="hush")), timeout=30)
    with pytest.raises(BadRequestError, match="call setTdlibParameters first"):
        client.invoke(f.GetMe(), timeout=30)


def test_many_concurrent_requests_from_threads(td_api: ModuleType, client: Any) -> None:
    from td_api import functions as f

    def call(x: int) -> tuple[int, int]:
        return x, client.invoke(f.TestSquareInt(x=x), timeout=60).value

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(call, range(400)))
    assert answers == [(x, x * x) for x in range(400)]


def test_strict_out_before_sending(td_api: ModuleType, client: Any) -> None:
    from td_api import functions as f

    with pytest.raises(ValueError, match=r"TestSquareInt.x: 2147483648 is out of range"):
        client.invoke(f.TestSquareInt(x=2**31), timeout=30)
    with pytest.raises(TypeError, match=r"TestCallVectorInt.x\[1\]: expected an int, got bool"):
        client.invoke(f.TestCallVectorInt(x=[1, True]), timeout=30)


def test_asyncio_client(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import functions as f
    from td_api import types as t
    from td_api.client import AsyncClient, ClientClosed

    async def main() -> None:
        client = AsyncClient(check=False)
        texts = [f"#{i} ще" for i in range(300)]
        answers = await asyncio.gather(
            *(client.invoke(f.TestCallString(x=s), timeout=60) for s in texts)
        )
        assert [a.value for a in answers] == texts
        first = None
        async for update in client.updates(timeout=5):
            if isinstance(update, t.UpdateAuthorizationState):
                first = update.authorization_state
                break
        assert isinstance(first, t.AuthorizationStateWaitTdlibParameters)
        await client.close(timeout=30)
        with pytest.raises(ClientClosed):
            await client.invoke(f.TestCallEmpty())

    asyncio.run(main())


def test_closed_client_refuses_requests(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import functions as f
    from td_api.client import Client, ClientClosed

    client = Client(check=False)
    assert client.invoke(f.TestCallEmpty(), timeout=30) is not None
    client.close(timeout=30)
    with pytest.raises(ClientClosed):
        client.invoke(f.TestCallEmpty(), timeout=30)


def test_clients_are_told_apart_by_client_id(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import functions as f
    from td_api.client import Client

    clients = [Client(check=False) for _ in range(3)]
    assert len({c.client_id for c in clients}) == 3

    def call(i: int) -> str:
        return str(clients[i % 3].invoke(f.TestCallString(x=str(i)), timeout=60).value)

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(call, range(90))) == [str(i) for i in range(90)]
    for c in clients:
        c.close(timeout=30)
