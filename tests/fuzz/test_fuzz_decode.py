"""The fuzz target in CI, bounded: the same mutations as `make fuzz`, fewer cases."""

from __future__ import annotations

from tests.fuzz.fuzz_decode import run


def test_mutated_encodings_raise_only_decode_error() -> None:
    assert run(cases=20_000, seed=7) == 0
