"""Benchmark: TDLib JSON decode and encode against aiotdlib 0.27.6, and the import of one
request class.

Our package is generated with `--wire tdjson` from the corpus td_api.tl (TDLib 1.8.66) into a
temporary folder. The data are messages, users and chats drawn by the package's own hypothesis
strategies (fixed seed), made realistic (numbers and strings to everyday sizes, 4 items per
list at most, aiotdlib's required `message_thread_id` added) and kept when both libraries read
them: a few KB of JSON each. Decode: TDLib's JSON text -> typed objects (ours `from_json`;
aiotdlib's client: `ujson.loads` + `parse_tdlib_object`). Encode: typed requests and objects
-> the JSON text sent (ours `to_json()`, with its strict checks; aiotdlib's
`model_dump_json(by_alias=True)`). Figures: microseconds per object, median over repeats, and
the ratio aiotdlib/ours (above 1: we are faster). Import: `from <pkg>.functions import
SendMessage` in a fresh interpreter (bytecode cached), minus a bare interpreter, median of 15
runs. Nothing is asserted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import timeit
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import corpus_paths  # noqa: E402
from tests.tdlib.conftest import SCHEMA_VERSION  # noqa: E402
from tlgen.codegen.emit import write_tree  # noqa: E402
from tlgen.codegen.generate import GenerationOptions, build_package  # noqa: E402
from tlgen.codegen.plan import PlanOptions  # noqa: E402
from tlgen.codegen.plan.tdjson import Wire  # noqa: E402
from tlgen.errortables.descriptions import build_descriptions  # noqa: E402
from tlgen.schema.load import load_schema  # noqa: E402

KINDS = ("Message", "User", "Chat")
DRAWN = 200  # objects drawn per kind


def generate(out: Path) -> None:
    (path,) = corpus_paths("tdlib/td_api.tl")
    schema = load_schema([path]).schema
    options = GenerationOptions(
        plan=PlanOptions(package="td_api", wire=Wire("tdjson", SCHEMA_VERSION)),
        descriptions=build_descriptions(schema, []),
    )
    write_tree(build_package(schema, [(path.name, path.read_bytes())], options), out / "td_api")


def tame(value: Any, key: str = "") -> Any:
    """Strategy values at their extremes, brought to everyday sizes."""
    if isinstance(value, dict):
        tamed = {k: tame(v, k) for k, v in value.items()}
        if tamed.get("@type") == "message":
            tamed.setdefault("message_thread_id", 0)  # aiotdlib's schema still requires it
        return tamed
    if isinstance(value, list):
        return [tame(v) for v in value[:4]]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return abs(value) % 1_000_003
    if isinstance(value, float):
        return round(abs(value) % 1000, 3)
    if isinstance(value, str) and key != "@type":
        if value.lstrip("-").isdigit():
            return str(abs(int(value)) % 10**12)
        return value[:48].strip()
    return value


def draw(kind: str) -> list[str]:
    from hypothesis import HealthCheck, given, settings
    from td_api.strategies import for_type  # type: ignore[import-not-found]

    texts: list[str] = []

    @settings(
        max_examples=DRAWN,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(for_type(kind, max_depth=3))
    def collect(obj: Any) -> None:
        texts.append(json.dumps(tame(json.loads(obj.to_json())), ensure_ascii=False))

    collect()
    return texts


def per_op_us(function: Callable[[], object], budget: float = 0.3, repeat: int = 5) -> float:
    timer = timeit.Timer(function)
    number, elapsed = 1, timer.timeit(1)
    while elapsed * number < budget / repeat and number < 100_000:
        number *= 2
    return statistics.median(t / number * 1e6 for t in timer.repeat(repeat=repeat, number=number))


def import_ms(statement: str, cwd: Path) -> float:
    """Milliseconds a fresh interpreter takes with `statement` more than with nothing."""
    return _median_wall(statement, cwd) - _median_wall("pass", cwd)


def _median_wall(statement: str, cwd: Path, runs: int = 15) -> float:
    # Bytecode written and cached, as a user's installed package has it (a first run writes
    # it: not timed).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", statement], cwd=cwd, check=True, env=env)
    times = []
    for _ in range(runs):
        start = timeit.default_timer()
        subprocess.run([sys.executable, "-c", statement], cwd=cwd, check=True, env=env)
        times.append((timeit.default_timer() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    import logging

    import ujson
    from aiotdlib.utils import parse_tdlib_object

    logging.disable(logging.CRITICAL)  # version-skew reports and aiotdlib's errors
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generate(out)
        sys.path.insert(0, str(out))
        import td_api  # type: ignore[import-not-found]
        from td_api.functions import SendMessage  # type: ignore[import-not-found]

        print(f"{'':28} {'ours µs':>9} {'aiotdlib µs':>12} {'ratio':>7}")
        ratios: dict[str, list[float]] = {"decode": [], "encode": []}
        for kind in KINDS:
            texts = []
            for text in draw(kind):
                try:
                    td_api.from_json(text)
                    parse_tdlib_object(ujson.loads(text))
                except Exception:
                    continue
                texts.append(text)
            size = statistics.median(len(t.encode()) for t in texts)
            ours = per_op_us(lambda ts=texts: [td_api.from_json(t) for t in ts]) / len(texts)
            theirs = per_op_us(
                lambda ts=texts: [parse_tdlib_object(ujson.loads(t)) for t in ts]
            ) / len(texts)
            ratios["decode"].append(theirs / ours)
            label = f"decode {kind} ({len(texts)}, {size / 1024:.1f} KB)"
            print(f"{label:28} {ours:9.1f} {theirs:12.1f} {theirs / ours:7.2f}")
            objects = [td_api.from_json(t) for t in texts]
            models = [parse_tdlib_object(ujson.loads(t)) for t in texts]
            ours = per_op_us(lambda os_=objects: [o.to_json() for o in os_]) / len(texts)
            theirs = per_op_us(
                lambda ms=models: [m.model_dump_json(by_alias=True) for m in ms]
            ) / len(texts)
            ratios["encode"].append(theirs / ours)
            print(f"{'encode ' + kind:28} {ours:9.1f} {theirs:12.1f} {theirs / ours:7.2f}")
            if kind == "Message":
                requests = [
                    {
                        "@type": "sendMessage",
                        "chat_id": m.chat_id,
                        "input_message_content": {
                            "@type": "inputMessageText",
                            "text": json.loads(m.content.text.to_json()),
                            "clear_draft": False,
                        },
                    }
                    for m in objects
                    if m.content.TL_NAME == "messageText"
                ]
                ours_requests = [td_api.from_json(r) for r in requests]
                their_requests = [parse_tdlib_object(r) for r in requests]
                assert all(isinstance(r, SendMessage) for r in ours_requests)
                ours = per_op_us(lambda rs=ours_requests: [r.to_json() for r in rs])
                theirs = per_op_us(
                    lambda rs=their_requests: [r.model_dump_json(by_alias=True) for r in rs]
                )
                ratios["encode"].append(theirs / ours)
                label = f"encode sendMessage ({len(requests)})"
                print(f"{label:28} {ours / len(requests):9.1f} {theirs / len(requests):12.1f} "
                      f"{theirs / ours:7.2f}")  # fmt: skip
        for name, values in ratios.items():
            print(f"{name}: aiotdlib/ours {min(values):.2f}..{max(values):.2f}")
        ours_import = import_ms("from td_api.functions import SendMessage", out)
        theirs_import = import_ms("from aiotdlib.api import SendMessage", out)
        print(f"import SendMessage above a bare interpreter: ours {ours_import:.1f} ms, "
              f"aiotdlib {theirs_import:.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
