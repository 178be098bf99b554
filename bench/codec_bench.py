"""Benchmark: encode/decode speed against Telethon 1.42.0 and Kurigram, import time and memory.

Our package is generated from layer-216.tl + mtproto.tl (Telethon's layer) into a temporary
folder. Each payload is described once by TL names and built with each library's own classes
(Kurigram ships layer 229: the same logical payload with its classes). Our bytes must equal
Telethon's before anything is timed. Figures: median microseconds per operation (min-max over
repeats) and ratios peer/ours (above 1: we are faster). Nothing is asserted.
"""

from __future__ import annotations

import gc
import importlib
import io
import keyword
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import api_files  # noqa: E402
from tlgen.codegen.emit import write_tree  # noqa: E402
from tlgen.codegen.generate import GenerationOptions, build_package  # noqa: E402
from tlgen.codegen.plan import PlanOptions  # noqa: E402
from tlgen.schema.load import load_schema  # noqa: E402

Node = tuple[str, dict[str, Any]]  # ("auth.sentCode", {...}); functions as "fn:auth.resendCode"


# -- payloads ------------------------------------------------------------------------------------


def user(i: int) -> Node:
    return ("user", {
        "id": 1_000_000 + i, "access_hash": 987654321987 + i, "first_name": f"User {i}",
        "last_name": "Example", "username": f"user_{i}", "contact": True,
        "photo": ("userProfilePhoto", {"photo_id": 555_000 + i, "stripped_thumb": bytes(range(80)), "dc_id": 2}),
        "status": ("userStatusRecently", {}),
        "usernames": [("username", {"username": f"user_{i}", "active": True})],
    })  # fmt: skip


def channel(i: int) -> Node:
    return ("channel", {
        "id": 2_000_000 + i, "access_hash": 123456789 + i, "title": f"Channel {i}",
        "username": f"channel_{i}", "broadcast": True, "date": 1_700_000_000,
        "photo": ("chatPhoto", {"photo_id": 777_000 + i, "stripped_thumb": bytes(range(90)), "dc_id": 4}),
        "participants_count": 12345,
    })  # fmt: skip


def message(i: int) -> Node:
    text = f"Message number {i}: a line of text with a link https://example.org/{i} and more words."
    return ("message", {
        "id": 10_000 + i, "out": i % 2 == 0, "date": 1_700_000_000 + i,
        "from_id": ("peerUser", {"user_id": 1_000_000 + i % 20}),
        "peer_id": ("peerChannel", {"channel_id": 2_000_000 + i % 5}),
        "message": text,
        "entities": [
            ("messageEntityBold", {"offset": 0, "length": 7}),
            ("messageEntityTextUrl", {"offset": 40, "length": 25, "url": f"https://example.org/{i}"}),
        ],
        "reply_to": ("messageReplyHeader", {"reply_to_msg_id": 10_000 + i - 1}) if i % 3 else None,
        "views": 100 + i, "forwards": i % 7, "edit_date": 1_700_000_100 + i if i % 4 == 0 else None,
    })  # fmt: skip


PAYLOADS: dict[str, Node] = {
    "a auth.resendCode": ("fn:auth.resendCode", {"phone_number": "+15550001111", "phone_code_hash": "a1b2c3d4e5f6a7b8c9"}),
    "b auth.sentCode": ("auth.sentCode", {
        "type": ("auth.sentCodeTypeSms", {"length": 5}), "phone_code_hash": "a1b2c3d4e5f6a7b8c9",
        "next_type": ("auth.codeTypeCall", {}), "timeout": 120}),
    "c messages.messages": ("messages.messages", {
        "messages": [message(i) for i in range(100)], "topics": [],
        "chats": [channel(i) for i in range(5)], "users": [user(i) for i in range(20)]}),
    "d1 Vector<long> x 10,000": ("messageActionChatAddUser", {"users": list(range(10**12, 10**12 + 10_000))}),
    "d2 contacts.contacts x 10,000": ("contacts.contacts", {
        "contacts": [("contact", {"user_id": 10**9 + i, "mutual": i % 2 == 0}) for i in range(10_000)],
        "saved_count": 10_000, "users": []}),
}  # fmt: skip


# -- the three implementations -------------------------------------------------------------------


class Implementation:
    """Builds a payload tree with one library's classes; subclasses say how to make one."""

    label = ""

    def build(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.build(n) for n in node]
        if not (isinstance(node, tuple) and len(node) == 2 and isinstance(node[1], dict)):
            return node
        name, fields = node
        values = {k: self.build(v) for k, v in fields.items() if v is not None}
        return self.make(name, values)

    def make(self, name: str, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def encode(self, obj: Any) -> bytes:
        raise NotImplementedError

    def decoder(self, obj: Any) -> Callable[[bytes], Any]:
        raise NotImplementedError


class Ours(Implementation):
    label = "tlgen"

    def __init__(self, package: Any) -> None:
        self.package = package
        self.registry = importlib.import_module(f"{package.__name__}._registry")

    def make(self, name: str, values: dict[str, Any]) -> Any:
        cls = self.registry.find_by_name(name.removeprefix("fn:"), name.startswith("fn:"))
        attrs = {tl: attr for attr, tl, _, _ in cls._FIELDS}
        return cls(**{attrs[k]: v for k, v in values.items()})

    def encode(self, obj: Any) -> bytes:
        return obj.to_bytes()

    def decoder(self, obj: Any) -> Callable[[bytes], Any]:
        return type(obj).from_bytes


class Telethon(Implementation):
    label = "telethon"

    def __init__(self, ids: dict[str, int]) -> None:
        from telethon.extensions import BinaryReader
        from telethon.tl.alltlobjects import tlobjects

        self.ids, self.tlobjects, self.reader = ids, tlobjects, BinaryReader

    def make(self, name: str, values: dict[str, Any]) -> Any:
        return self.tlobjects[self.ids[name]](**{_peer_name(k): v for k, v in values.items()})

    def encode(self, obj: Any) -> bytes:
        return bytes(obj)

    def decoder(self, obj: Any) -> Callable[[bytes], Any]:
        reader = self.reader
        return lambda data: reader(data).tgread_object()


def _peer_name(name: str) -> str:
    """Telethon's and Pyrogram's argument names: `self` is `is_self`, keywords get `_`."""
    return "is_self" if name == "self" else name + "_" if keyword.iskeyword(name) else name


class Kurigram(Implementation):
    label = "kurigram"

    def __init__(self) -> None:
        from pyrogram import raw
        from pyrogram.raw.core import TLObject

        self.raw, self.tlobject = raw, TLObject

    def make(self, name: str, values: dict[str, Any]) -> Any:
        package = self.raw.functions if name.startswith("fn:") else self.raw.types
        *namespace, local = name.removeprefix("fn:").split(".")
        for part in namespace:
            package = getattr(package, part)
        cls = getattr(package, local[:1].upper() + local[1:])
        return cls(**{_peer_name(k): v for k, v in values.items()})

    def encode(self, obj: Any) -> bytes:
        return obj.write()

    def decoder(self, obj: Any) -> Callable[[bytes], Any]:
        read = self.tlobject.read
        return lambda data: read(io.BytesIO(data))


# -- measuring -----------------------------------------------------------------------------------


def per_op_us(function: Callable[[], object], budget: float = 0.25, repeat: int = 7) -> list[float]:
    timer = timeit.Timer(function)
    number, elapsed = 1, timer.timeit(1)
    while elapsed * number < budget / repeat and number < 1_000_000:
        number *= 2
    return [t / number * 1e6 for t in timer.repeat(repeat=repeat, number=number)]


def retained_bytes(function: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = function()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return after - before


def subprocess_figure(code: str, cwd: Path) -> float:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    paths = api_files(216)
    loaded = load_schema(paths)
    work = Path(tempfile.mkdtemp(prefix="tlgen-bench-"))
    sources = [(p.name, p.read_bytes()) for p in paths]
    files = build_package(
        loaded.schema, sources, GenerationOptions(plan=PlanOptions(package="tl216"))
    )
    write_tree(files, work / "tl216")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(work)], check=True)
    sys.path.insert(0, str(work))
    ours = Ours(importlib.import_module("tl216"))
    ids = {d.name: d.id for d in loaded.schema.definitions if d.kind == "type"}
    ids.update({"fn:" + d.name: d.id for d in loaded.schema.definitions if d.kind == "function"})
    peers = [Telethon(ids), Kurigram()]

    print(f"codec: median us per op (min-max), ratio = peer time / tlgen time; package in {work}")
    header = f"  {'payload':<30} {'op':<7} {'tlgen':>22} " + " ".join(
        f"{p.label:>22} {'ratio':>6}" for p in peers
    )
    print(header)
    for name, node in PAYLOADS.items():
        built = {impl.label: impl.build(node) for impl in (ours, *peers)}
        encoded = {impl.label: impl.encode(built[impl.label]) for impl in (ours, *peers)}
        same = encoded["tlgen"] == encoded["telethon"]
        sizes = f"{len(encoded['tlgen']):,} bytes, {'identical to' if same else 'DIFFERENT FROM'} Telethon"
        print(f"  {name:<30} ({sizes})")
        if not same:
            sys.exit("our bytes differ from Telethon's: timings would compare different work")
        for op in ("encode", "decode"):
            row = []
            results = {}
            for impl in (ours, *peers):
                obj, data = built[impl.label], encoded[impl.label]
                if op == "encode":
                    times = per_op_us(lambda impl=impl, obj=obj: impl.encode(obj))
                else:
                    decode = impl.decoder(obj)
                    times = per_op_us(lambda decode=decode, data=data: decode(data))
                results[impl.label] = times
            base = statistics.median(results["tlgen"])

            def cell(t: list[float]) -> str:
                return f"{statistics.median(t):9.1f} ({min(t):.0f}-{max(t):.0f})"

            row.append(f"  {'':<30} {op:<7} {cell(results['tlgen']):>22} ")
            row.append(
                " ".join(
                    f"{cell(results[p.label]):>22} {statistics.median(results[p.label]) / base:6.2f}"
                    for p in peers
                )
            )
            print("".join(row))
        if name.startswith("c "):
            (work / "messages.bin").write_bytes(encoded["tlgen"])
            memory = {
                impl.label: retained_bytes(
                    lambda impl=impl, built=built, encoded=encoded: impl.decoder(built[impl.label])(
                        encoded[impl.label]
                    )
                )
                for impl in (ours, *peers)
            }
            print(
                "  decoded graph memory (tracemalloc): "
                + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in memory.items())
            )

    imports = {
        "tlgen": "from tl216.functions.auth import ResendCode",
        "telethon": "from telethon.tl.functions.auth import ResendCodeRequest",
        "kurigram": "from pyrogram.raw.functions.auth import ResendCode",
    }
    print("import of one request class, fresh process (median of 5): time and peak traced memory")
    for label, statement in imports.items():
        times = [subprocess_figure(f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)", work)
                 for _ in range(5)]  # fmt: skip
        peak = subprocess_figure(
            f"import tracemalloc; tracemalloc.start(); {statement}; print(tracemalloc.get_traced_memory()[1])",
            work,
        )
        print(
            f"  {label:<10} {statistics.median(times) * 1000:8.1f} ms   peak {peak / 1024 / 1024:6.2f} MiB"
        )
    first_decode(work)


def first_decode(work: Path) -> None:
    """messages.messages decoded by a fresh process, imports included (whole process)."""
    read = f"open({str(work / 'messages.bin')!r}, 'rb').read()"
    commands = {
        "tlgen": f"from tl216 import decode; decode({read})",
        "telethon": f"from telethon.extensions import BinaryReader; BinaryReader({read}).tgread_object()",
    }
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(9):  # interleaved, so both see the same machine state
        for label, code in commands.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], cwd=work, check=True)
            times[label].append(time.perf_counter() - start)
    print("first decode of c messages.messages in a fresh process, imports included (median of 9)")
    for label, values in times.items():
        print(f"  {label:<10} {statistics.median(values) * 1000:8.1f} ms")
    ratio = statistics.median(times["tlgen"]) / statistics.median(times["telethon"])
    print(
        f"  ratio tlgen/telethon: {ratio:.3f} (goal <= 0.25: {'met' if ratio <= 0.25 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
