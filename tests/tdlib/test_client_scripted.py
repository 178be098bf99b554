"""The client over a scripted libtdjson, for what the real one does not do on demand: never
answering (timeouts, cancellation) and a second library in the process (td_receive is
process-global: one receive loop only). Runs after test_client.py has closed its clients."""

from __future__ import annotations

import asyncio
import json
import threading
from types import ModuleType
from typing import Any

import pytest


class SilentLibrary:
    """A libtdjson that never answers (requests are only recorded), with one receiver check:
    td_receive called from two threads at once fails the test."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.receiving = threading.Lock()
        self.overlaps = 0
        self.event = threading.Event()

    def create_client_id(self) -> int:
        return 1

    def send(self, client_id: int, request: bytes) -> None:
        self.sent.append(json.loads(request))

    def receive(self, timeout: float) -> bytes | None:
        if not self.receiving.acquire(blocking=False):
            self.overlaps += 1
            return None
        try:
            self.event.wait(min(timeout, 0.05))
            return None
        finally:
            self.receiving.release()

    def execute(self, request: bytes) -> bytes | None:
        return b'{"@type":"optionValueString","value":"0"}'


def test_timeout_and_cancellation_forget_the_request(td_api: ModuleType) -> None:
    from td_api import functions as f
    from td_api.client import AsyncClient, Client

    library = SilentLibrary()
    client = Client(library, check=False)  # type: ignore[arg-type]
    with pytest.raises(TimeoutError, match="no answer to testCallEmpty in 0.1 s"):
        client.invoke(f.TestCallEmpty(), timeout=0.1)
    assert client._session.waiting == {}
    assert library.sent == [{"@type": "testCallEmpty", "@extra": "1"}]

    async def main() -> None:
        aclient = AsyncClient(library, check=False)  # type: ignore[arg-type]
        task = asyncio.ensure_future(aclient.invoke(f.TestCallEmpty()))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert aclient._session.waiting == {}
        aclient._session.fail(RuntimeError("end"))

    asyncio.run(main())
    client._session.fail(RuntimeError("end"))
    assert library.overlaps == 0


def test_one_receive_loop_per_process(td_api: ModuleType) -> None:
    from td_api.client import Client

    first, second = SilentLibrary(), SilentLibrary()
    clients = [Client(first, check=False) for _ in range(4)]  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="td_receive is process-global"):
        Client(second, check=False)  # type: ignore[arg-type]
    receivers = [t for t in threading.enumerate() if t.name == "tdjson-receive"]
    assert len(receivers) == 1
    for c in clients:
        c._session.fail(RuntimeError("end"))
    assert first.overlaps == 0
