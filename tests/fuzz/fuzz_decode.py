"""Fuzz the generated decoder (`make fuzz`): only DecodeError may escape, nothing may hang.

Seeds are valid encodings of objects drawn from the package's strategies module; each case
mutates one (bit flips, truncation, random bytes, splices, a known id dropped in, a huge
length or count, wrapping in levels of gzip_packed, directly or through rpc_result) and
decodes it. Before them, a few gzip bombs (nested, side by side) are decoded under the same
one-second rule. Reports cases per second and any failure with its input.
With --atheris (and atheris installed) the same check runs under coverage-guided fuzzing.
"""

from __future__ import annotations

import argparse
import gzip
import random
import struct
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "generated"))

from tl import DecodeError, decode  # noqa: E402

SLOW_CASE_SECONDS = 1.0


def seeds(count: int) -> list[bytes]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import NonInteractiveExampleWarning
    from tl.strategies import any_object

    found: list[bytes] = []
    warnings.simplefilter("ignore", NonInteractiveExampleWarning)

    @settings(
        max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(any_object(3))
    def collect(obj: object) -> None:
        found.append(obj.to_bytes())  # type: ignore[attr-defined]

    collect()
    return found


def run_seeds() -> list[bytes]:
    """Long vectors of fixed-size constructors, which are read by their `_read_run`: the
    strategies keep vectors short. A run broken by another constructor, and one unbroken."""
    from tl.types import (
        DataJSON,
        JsonArray,
        JsonBool,
        JsonNull,
        JsonNumber,
        JsonString,
        MessageEntityBold,
    )
    from tl.types.help import TermsOfService

    numbers = [JsonNumber(value=i / 3) for i in range(9)]
    array = JsonArray(value=numbers + [JsonString(value="x"), JsonNull()] + numbers)
    flags = JsonArray(value=[JsonBool(value=i % 2 == 0) for i in range(12)])
    bold = [MessageEntityBold(offset=i, length=i + 1) for i in range(16)]
    terms = TermsOfService(
        id=DataJSON(data="{}"), text="t", entities=bold, popup=True, min_age_confirm=18
    )
    return [array.to_bytes(), flags.to_bytes(), terms.to_bytes()]


def known_ids() -> list[int]:
    from tl import _registry

    return [entry[0] for entry in _registry._CONSTRUCTORS] + [0x1CB5C415, 0x3072CFA1, 0x997275B5]


_GZIP_PACKED = struct.pack("<I", 0x3072CFA1)
_RPC_RESULT = struct.pack("<I", 0xF35C6D01)


def gzip_packed(data: bytes) -> bytes:
    from tl._runtime import pack_bytes

    return _GZIP_PACKED + pack_bytes(gzip.compress(data, compresslevel=1))


def wrap_in_gzip(rng: random.Random, data: bytes) -> bytes:
    """Levels of gzip_packed around data (a few, or more than MAX_DEPTH), each directly or
    inside an rpc_result."""
    for level in range(66 if rng.random() < 0.05 else rng.randint(1, 3)):
        if rng.random() < 0.5:
            data = _RPC_RESULT + struct.pack("<q", level) + data
        data = gzip_packed(data)
    return data


def gzip_bombs() -> list[bytes]:
    """Inputs that inflate far beyond the decoder's budget: one payload, nested payloads,
    payloads side by side in a container."""
    from tl.types import RpcError

    zeros = RpcError(error_code=400, error_message="\0" * (15 << 20)).to_bytes()
    one = gzip_packed(zeros)
    nested = one
    for level in range(8):
        nested = gzip_packed(_RPC_RESULT + struct.pack("<q", level) + nested)
    side_by_side = struct.pack("<Ii", 0x73F1F8DC, 8) + b"".join(
        struct.pack("<qii", i, 0, len(one)) + one for i in range(8)
    )
    return [one, nested, side_by_side, gzip_packed(side_by_side)]


def mutate(rng: random.Random, data: bytes, pool: list[bytes], ids: list[int]) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(8)
        position = rng.randrange(len(buffer) + 1)
        if choice == 0 and buffer:
            bit = rng.randrange(len(buffer) * 8)
            buffer[bit // 8] ^= 1 << (bit % 8)
        elif choice == 1:
            del buffer[position:]
        elif choice == 2:
            buffer[position:position] = rng.randbytes(rng.randint(1, 8))
        elif choice == 3:
            other = rng.choice(pool)
            start = rng.randrange(len(other) + 1)
            buffer[position:] = other[start:]
        elif choice == 4:
            buffer[position : position + 4] = struct.pack("<I", rng.choice(ids))
        elif choice == 5:
            huge = rng.choice([2**31 - 1, 0xFFFFFFFF, 1 << 24, 0xFEFFFFFE])  # counts, lengths
            buffer[position : position + 4] = struct.pack("<I", huge)
        elif choice == 6:
            buffer = bytearray(wrap_in_gzip(rng, bytes(buffer)))
        else:
            buffer[position : position + 1] = b"\xfe"
    return bytes(buffer)


def check(data: bytes) -> None:
    try:
        decode(data)
    except DecodeError:
        pass


def run(cases: int, seed: int) -> int:
    rng = random.Random(seed)
    pool = seeds(300) + run_seeds()
    ids = known_ids()
    start = time.perf_counter()
    slowest = 0.0
    for number, bomb in enumerate(gzip_bombs()):
        began = time.perf_counter()
        try:
            check(bomb)
        except Exception as error:
            print(f"FAIL gzip bomb {number}: {type(error).__name__}: {error}")
            return 1
        took = time.perf_counter() - began
        slowest = max(slowest, took)
        if took > SLOW_CASE_SECONDS:
            print(f"FAIL gzip bomb {number}: took {took:.2f} s")
            return 1
    for case in range(cases):
        data = mutate(rng, rng.choice(pool), pool, ids)
        began = time.perf_counter()
        try:
            check(data)
        except Exception as error:  # anything but DecodeError is a finding
            print(f"FAIL case {case}: {type(error).__name__}: {error}\n  input: {data.hex()}")
            return 1
        took = time.perf_counter() - began
        slowest = max(slowest, took)
        if took > SLOW_CASE_SECONDS:
            print(f"FAIL case {case}: took {took:.2f} s\n  input: {data.hex()}")
            return 1
    elapsed = time.perf_counter() - start
    print(
        f"fuzz: {cases} cases in {elapsed:.1f} s ({cases / elapsed:,.0f}/s), seed {seed}, "
        f"{len(pool)} seed encodings; slowest case {slowest * 1000:.1f} ms; 0 failures"
    )
    return 0


def run_atheris() -> int:
    import atheris  # type: ignore[import-not-found]

    atheris.Setup(sys.argv[:1], lambda data: check(bytes(data)))
    atheris.Fuzz()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--atheris", action="store_true", help="coverage-guided (needs atheris)")
    args = parser.parse_args()
    return run_atheris() if args.atheris else run(args.cases, args.seed)


if __name__ == "__main__":
    sys.exit(main())
