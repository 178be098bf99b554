"""A TDLib client over libtdjson, standard library only: bring your own library.

    from td_api.client import Client
    from td_api.functions import GetTextEntities
    with Client() as client:                       # the `tdjson` module (pip install tdjson)
        entities = client.execute(GetTextEntities(text="@tdlib /start"))
        me = client.invoke(GetMe(), timeout=10)    # typed: td_api.types.User

`Client(library="/path/libtdjson.so")` loads a library through ctypes instead. `AsyncClient`
is the asyncio front end (`await client.invoke(...)`, `async for update in client.updates()`).

libtdjson's td_receive is process-global (two threads calling it at once abort the process):
every client of the process shares one receive loop, a thread started with the first client
and ended with the last. It hands each answer to the request whose `@extra` it echoes and each
update to the client named by its `@client_id`. TDLib's errors are raised as TDLibError, by
code (BadRequestError, UnauthorizedError, NotFoundError, SilentError, TooManyRequestsError).
At start the library's version is compared with the one the package was generated from
(`TDLIB_VERSION`), with a VersionWarning on a mismatch.
"""

from __future__ import annotations

import itertools
import json
import threading

from . import _tdjson
from ._runtime import Request, SynchronousRequest, TLObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    import asyncio
    import typing as _t
    from collections.abc import AsyncIterator, Callable, Iterator

    R = _t.TypeVar("R")
    JsonObject = dict[str, _t.Any]

__all__ = [
    "AsyncClient",
    "BadRequestError",
    "Client",
    "ClientClosed",
    "Library",
    "NotFoundError",
    "SilentError",
    "TDLibError",
    "TooManyRequestsError",
    "UnauthorizedError",
    "VersionWarning",
    "execute",
]


# -- errors -------------------------------------------------------------------------------------


class TDLibError(Exception):
    """An `error` TDLib answered a request with: `code` and `message` as TDLib sent them."""

    code: int = 0

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[TDLibError], tuple[int, str]]:
        return type(self), (self.code, self.message)


class BadRequestError(TDLibError):
    """400: the request is invalid (TDLib's message says why)."""

    code = 400


class UnauthorizedError(TDLibError):
    """401: the request needs an authorized client."""

    code = 401


class NotFoundError(TDLibError):
    """404: the object does not exist."""

    code = 404


class SilentError(TDLibError):
    """406: TDLib says the message must never be shown to the user."""

    code = 406


class TooManyRequestsError(TDLibError):
    """429: flood control; `retry_after` is how many seconds to wait (None if not said)."""

    code = 429

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        import re

        found = re.search(r"retry after (\d+)", message)
        self.retry_after = int(found.group(1)) if found else None


_BY_CODE: dict[int, type[TDLibError]] = {
    cls.code: cls
    for cls in (
        BadRequestError,
        UnauthorizedError,
        NotFoundError,
        SilentError,
        TooManyRequestsError,
    )
}


def error_from_json(data: JsonObject) -> TDLibError:
    """The exception of an `error` object: the class of its code, else TDLibError."""
    code = data.get("code")
    code = code if type(code) is int else 0
    message = data.get("message")
    return _BY_CODE.get(code, TDLibError)(code, message if isinstance(message, str) else "")


class ClientClosed(RuntimeError):
    """The client was closed (by `close()`, or TDLib closed it): no request can be sent."""


class VersionWarning(UserWarning):
    """The library is another TDLib release than the schema the package was generated from."""


# -- the library --------------------------------------------------------------------------------


class Library:
    """libtdjson's four functions, taking and returning UTF-8 JSON bytes: from the `tdjson`
    module (path None) or from a shared library through ctypes. One instance per path
    (`Library.load`), since td_receive is shared by everything in the process."""

    _loaded: dict[str | None, Library] = {}
    _lock = threading.Lock()

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self.create_client_id: Callable[[], int]
        self.send: Callable[[int, bytes], None]
        self.receive: Callable[[float], bytes | None]
        self.execute: Callable[[bytes], bytes | None]
        if path is None:
            import tdjson  # type: ignore[import-not-found,unused-ignore]

            self.create_client_id = tdjson.td_create_client_id
            self.send = tdjson.td_send
            self.receive = tdjson.td_receive
            self.execute = tdjson.td_execute
            return
        import ctypes

        lib = ctypes.CDLL(path)
        lib.td_create_client_id.restype = ctypes.c_int
        lib.td_create_client_id.argtypes = []
        lib.td_send.restype = None
        lib.td_send.argtypes = [ctypes.c_int, ctypes.c_char_p]
        lib.td_receive.restype = ctypes.c_char_p
        lib.td_receive.argtypes = [ctypes.c_double]
        lib.td_execute.restype = ctypes.c_char_p
        lib.td_execute.argtypes = [ctypes.c_char_p]
        self.create_client_id = lib.td_create_client_id
        self.send = lib.td_send
        self.receive = lib.td_receive
        self.execute = lib.td_execute

    @classmethod
    def load(cls, path: str | None = None) -> Library:
        """The library at `path` (None: the `tdjson` module), loaded once per process."""
        with cls._lock:
            library = cls._loaded.get(path)
            if library is None:
                library = cls._loaded[path] = cls(path)
            return library

    def version(self) -> str | None:
        """getOption("version"), through td_execute."""
        answer = self.execute(b'{"@type":"getOption","name":"version"}')
        data = json.loads(answer) if answer else {}
        value = data.get("value")
        return value if isinstance(value, str) else None


def _library(library: Library | str | None) -> Library:
    """A path (or None) loaded once; anything else is taken as a Library (for tests, an
    object with the same four methods)."""
    return Library.load(library) if library is None or isinstance(library, str) else library


def check_version(library: Library) -> None:
    """Warn (VersionWarning) when the library is another release than the schema's."""
    from . import TDLIB_VERSION

    found = library.version()
    if TDLIB_VERSION is not None and found != TDLIB_VERSION:
        import warnings

        warnings.warn(
            f"libtdjson is TDLib {found}, this package was generated from TDLib "
            f"{TDLIB_VERSION}'s td_api.tl: unknown fields and types are kept as they come",
            VersionWarning,
            stacklevel=3,
        )


def execute(request: SynchronousRequest[R], library: Library | str | None = None) -> R:
    """Run a synchronous request through td_execute (no client needed); raises TDLibError."""
    answer = _library(library).execute(_tdjson.to_json(request).encode("utf-8"))
    return _result(request, json.loads(answer) if answer else {"@type": "error", "code": 0})


def _result(request: Request[R], data: JsonObject) -> R:
    if data.get("@type") == "error":
        raise error_from_json(data)
    result: R = _tdjson.result_from_json(request, data)
    return result


# -- the receive loop ---------------------------------------------------------------------------


class _Session:
    """One TDLib client (a client id): its requests waiting for answers, by `@extra`, and
    where its updates go. `deliver` and `fail` run on the receive loop's thread."""

    def __init__(self, library: Library, on_update: Callable[[JsonObject | None], None]) -> None:
        self.library = library
        self.client_id = library.create_client_id()
        self.on_update = on_update
        self.waiting: dict[str, Callable[[JsonObject | BaseException], None]] = {}
        self.lock = threading.Lock()
        self.closed = False
        self.ids = itertools.count(1)

    def send(
        self, request: Request[_t.Any], answer: Callable[[JsonObject | BaseException], None]
    ) -> str:
        """Send a request; `answer` gets its JSON answer, or the exception ending the wait.
        The request is encoded (and checked) before anything is sent."""
        data = _tdjson.to_json_object(request)
        extra = data["@extra"] = str(next(self.ids))
        text = _tdjson._DUMPS(data)
        with self.lock:
            if self.closed:
                raise ClientClosed(f"client {self.client_id} is closed")
            self.waiting[extra] = answer
        self.library.send(self.client_id, text.encode("utf-8"))
        return extra

    def forget(self, extra: str) -> None:
        """Stop waiting for an answer (a timeout, a cancelled task): it is dropped if it comes."""
        with self.lock:
            self.waiting.pop(extra, None)

    def deliver(self, data: JsonObject) -> None:
        extra = data.pop("@extra", None)
        if extra is not None:
            with self.lock:
                answer = self.waiting.pop(str(extra), None)
            if answer is not None:
                answer(data)
            return
        self.on_update(data)
        if data.get("@type") == "updateAuthorizationState":
            state = data.get("authorization_state")
            if isinstance(state, dict) and state.get("@type") == "authorizationStateClosed":
                self.fail(ClientClosed(f"client {self.client_id} was closed by TDLib"))

    def fail(self, error: BaseException) -> None:
        """Close the session: every waiting request gets `error`, the updates end."""
        with self.lock:
            self.closed = True
            waiting, self.waiting = self.waiting, {}
        # Off the receive loop first: a failing callback below must not keep it polling.
        _Receiver.forget(self)
        for answer in waiting.values():
            answer(error)
        self.on_update(None)


class _Receiver:
    """The receive loop of a library's sessions. The process has one loop thread at most,
    running while any session is open: it polls the library of the current receiver, so that
    td_receive is never called twice at once, even by a receiver replacing another."""

    _instance: _Receiver | None = None
    _thread: threading.Thread | None = None
    _lock = threading.Lock()
    POLL_SECONDS = 1.0

    def __init__(self, library: Library) -> None:
        self.library = library
        self.sessions: dict[int, _Session] = {}

    @classmethod
    def get(cls, library: Library) -> _Receiver:
        """The receiver of `library`; RuntimeError when another library's sessions are open,
        since the two libraries may share td_receive (the tdjson module and a path to the
        libtdjson it wraps)."""
        with cls._lock:
            receiver = cls._instance
            if receiver is None or (receiver.library is not library and not receiver.sessions):
                receiver = cls._instance = _Receiver(library)
            if receiver.library is not library:
                raise RuntimeError(
                    "td_receive is process-global: clients of another libtdjson are open "
                    "in this process; close them first"
                )
            return receiver

    def add(self, session: _Session) -> None:
        cls = type(self)
        with cls._lock:
            self.sessions[session.client_id] = session
            if cls._thread is None:
                cls._thread = threading.Thread(target=cls._run, name="tdjson-receive", daemon=True)
                cls._thread.start()

    @classmethod
    def forget(cls, session: _Session) -> None:
        """Stop delivering to a session (the loop ends with the last one)."""
        with cls._lock:
            if cls._instance is not None and cls._instance.library is session.library:
                cls._instance.sessions.pop(session.client_id, None)

    @classmethod
    def _run(cls) -> None:
        while True:
            with cls._lock:
                receiver = cls._instance
                if receiver is None or not receiver.sessions:
                    cls._thread = None
                    return
            raw = receiver.library.receive(cls.POLL_SECONDS)
            try:
                data = json.loads(raw) if raw else None
            except ValueError:
                data = None
            if not isinstance(data, dict):
                continue
            with cls._lock:
                session = receiver.sessions.get(data.pop("@client_id", None))
            if session is None:
                continue
            try:
                session.deliver(data)
            except Exception:
                # The loop serves every client of the process: one failing callback must not
                # end it (its request would hang, and every other client's too).
                import logging

                logging.getLogger(__package__ or __name__).exception("dropped a TDLib answer")


def _typed_update(data: JsonObject) -> TLObject:
    return _tdjson.from_json(data)


# -- front ends ---------------------------------------------------------------------------------


class Client:
    """A TDLib client for threads: `invoke` blocks until the answer (or `timeout` seconds,
    TimeoutError), `updates()` iterates over the updates. Thread-safe."""

    def __init__(self, library: Library | str | None = None, *, check: bool = True) -> None:
        import queue

        self.library = _library(library)
        if check:
            check_version(self.library)
        self._updates: queue.SimpleQueue[JsonObject | None] = queue.SimpleQueue()
        self._session = _Session(self.library, self._updates.put)
        _Receiver.get(self.library).add(self._session)

    @property
    def client_id(self) -> int:
        return self._session.client_id

    def invoke(self, request: Request[R], timeout: float | None = None) -> R:
        """Send `request` and wait for its answer, typed as the request says; TDLibError for
        an error, TimeoutError after `timeout` seconds, ClientClosed when the client closes."""
        import concurrent.futures

        future: concurrent.futures.Future[JsonObject | BaseException] = concurrent.futures.Future()
        extra = self._session.send(request, future.set_result)
        try:
            data = future.result(timeout)
        except concurrent.futures.TimeoutError:
            self._session.forget(extra)
            raise TimeoutError(f"no answer to {request.TL_NAME} in {timeout} s") from None
        if isinstance(data, BaseException):
            raise data
        return _result(request, data)

    def execute(self, request: SynchronousRequest[R]) -> R:
        """Run a synchronous request through td_execute (only those are accepted)."""
        return execute(request, self.library)

    def updates(self, timeout: float | None = None) -> Iterator[TLObject]:
        """The client's updates as they come, typed; ends when the client closes, or when no
        update came for `timeout` seconds."""
        import queue

        while True:
            try:
                data = self._updates.get(timeout=timeout)
            except queue.Empty:
                return
            if data is None:
                return
            yield _typed_update(data)

    def close(self, timeout: float | None = None) -> None:
        """Ask TDLib to close the client and wait until it has (or `timeout` seconds)."""
        import concurrent.futures

        if self._session.closed:
            return
        closed: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._session.on_update = _until_closed(self._updates.put, closed)
        try:
            self._session.send(_Close(), lambda _: None)
        except ClientClosed:
            return
        try:
            closed.result(timeout)
        except concurrent.futures.TimeoutError:
            raise TimeoutError(f"client {self.client_id} did not close in {timeout} s") from None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _until_closed(
    put: Callable[[JsonObject | None], None], closed: _t.Any
) -> Callable[[JsonObject | None], None]:
    def on_update(data: JsonObject | None) -> None:
        put(data)
        if data is None and not closed.done():
            closed.set_result(None)

    return on_update


class _Close(Request["_t.Any"]):
    """TDLib's `close` request, without importing the generated functions package."""

    __slots__ = ()
    CONSTRUCTOR_ID = 0
    TL_NAME = "close"
    _TL_TYPE = "Ok"


class AsyncClient:
    """A TDLib client for asyncio: `await invoke(request, timeout)`, `async for update in
    updates()`. Answers reach the event loop the client was made on; cancelling a waiting
    task stops the wait (the answer is then dropped)."""

    def __init__(self, library: Library | str | None = None, *, check: bool = True) -> None:
        import asyncio

        self.library = _library(library)
        if check:
            check_version(self.library)
        self._loop = asyncio.get_running_loop()
        self._updates: asyncio.Queue[JsonObject | None] = asyncio.Queue()
        self._closed: asyncio.Future[None] = self._loop.create_future()
        self._session = _Session(self.library, self._on_update)
        _Receiver.get(self.library).add(self._session)

    @property
    def client_id(self) -> int:
        return self._session.client_id

    def _on_update(self, data: JsonObject | None) -> None:
        self._loop.call_soon_threadsafe(self._take_update, data)

    def _take_update(self, data: JsonObject | None) -> None:
        self._updates.put_nowait(data)
        if data is None and not self._closed.done():
            self._closed.set_result(None)

    async def invoke(self, request: Request[R], timeout: float | None = None) -> R:
        """As Client.invoke, awaited."""
        import asyncio

        future: asyncio.Future[JsonObject | BaseException] = self._loop.create_future()

        def answer(data: JsonObject | BaseException) -> None:
            self._loop.call_soon_threadsafe(_settle, future, data)

        extra = self._session.send(request, answer)
        try:
            data = await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            self._session.forget(extra)
            raise TimeoutError(f"no answer to {request.TL_NAME} in {timeout} s") from None
        except asyncio.CancelledError:
            self._session.forget(extra)
            raise
        if isinstance(data, BaseException):
            raise data
        return _result(request, data)

    def execute(self, request: SynchronousRequest[R]) -> R:
        """Run a synchronous request through td_execute (only those are accepted)."""
        return execute(request, self.library)

    async def updates(self, timeout: float | None = None) -> AsyncIterator[TLObject]:
        """As Client.updates, asynchronously."""
        import asyncio

        while True:
            try:
                data = await asyncio.wait_for(self._updates.get(), timeout)
            except asyncio.TimeoutError:
                return
            if data is None:
                return
            yield _typed_update(data)

    async def close(self, timeout: float | None = None) -> None:
        """Ask TDLib to close the client and wait until it has."""
        import asyncio

        if not self._session.closed:
            try:
                self._session.send(_Close(), lambda _: None)
            except ClientClosed:
                return
        try:
            await asyncio.wait_for(asyncio.shield(self._closed), timeout)
        except asyncio.TimeoutError:
            raise TimeoutError(f"client {self.client_id} did not close in {timeout} s") from None

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def _settle(
    future: asyncio.Future[JsonObject | BaseException], data: JsonObject | BaseException
) -> None:
    if not future.done():
        future.set_result(data)
