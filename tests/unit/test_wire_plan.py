"""The wire planner (generator/codegen/plan/): how a definition's fields become struct runs,
flag tests and codecs; and small TL -> the text the templates emit for it."""

from __future__ import annotations

import pytest

from tlgen.codegen.plan import ClassPlan, Planner, plan_package
from tlgen.codegen.render import render_module
from tlgen.schema.load import load_schema_bytes

PRELUDE = """
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
vector#1cb5c415 {t:Type} # [ t ] = Vector t;
peer#1 id:long = Peer;
"""


def plan_of(definition: str) -> ClassPlan:
    loaded = load_schema_bytes([("t.tl", f"{PRELUDE}{definition}\n".encode())])
    assert not [d for d in loaded.diagnostics if d.severity == "error"], loaded.diagnostics
    plan = plan_package(Planner(loaded.schema), "header")
    name = definition.split("#")[0].split()[0]
    return next(c for m in plan.modules for c in m.classes if c.tl_name == name)


@pytest.mark.parametrize(
    ("definition", "read_chunks", "write_chunks"),
    [
        # Consecutive fixed-size fields share one struct; the id joins them on write.
        ("a#2 x:int y:long z:double = A;", ["<iqd"], ["<Iiqd"]),
        # A string breaks the run; a Bool is fixed-size (its id).
        ("a#2 x:int s:string b:Bool y:int = A;", ["<i", "s", "<Ii"], ["<Ii", "s", "<Ii"]),
        # A lone optional field stays a step; optional fields under one bit share a struct.
        (
            "a#2 flags:# x:flags.0?int v:flags.1?int w:flags.1?long = A;",
            ["<I", "x", "<iq"],
            ["<II", "x", "<iq"],
        ),
        # A true flag has no bytes and does not break a run.
        ("a#2 flags:# t:flags.0?true n:int = A;", ["<Ii"], ["<IIi"]),
        # Variable-size fields only: the id is written alone.
        ("a#2 s:string = A;", ["s"], ["id", "s"]),
    ],
)
def test_chunks(definition: str, read_chunks: list[str], write_chunks: list[str]) -> None:
    plan = plan_of(definition)

    def shape(chunks: tuple) -> list[str]:  # type: ignore[type-arg]
        out = []
        for chunk in chunks:
            if chunk.struct_format:
                out.append(chunk.struct_format)
            elif chunk.steps[0].constructor_id is not None:
                out.append("id")
            else:
                out.append(chunk.steps[0].field.attr)
        return out

    assert shape(plan.read_chunks) == read_chunks
    assert shape(plan.write_chunks) == write_chunks


def test_fixed_size_constructor_gets_a_run_decoder_and_others_do_not() -> None:
    assert plan_of("a#2 x:int y:long = A;").run_chunk is not None
    assert plan_of("a#2 x:int s:string = A;").run_chunk is None
    assert plan_of("a#2 flags:# x:flags.0?int = A;").run_chunk is None


@pytest.mark.parametrize(
    ("definition", "attr", "public", "short"),
    [
        ("a#2 p:Peer = A;", "p", "tl.base.Peer", "Peer"),
        ("a#2 ps:Vector<Peer> = A;", "ps", "list[tl.base.Peer]", "list[Peer]"),
        ("a#2 flags:# p:flags.0?%Peer = A;", "p", "tl.types.Peer", "Peer | None"),
        ("a#2 n:Vector<long> = A;", "n", "list[int]", "list[int]"),
    ],
)
def test_field_types_have_public_names(definition: str, attr: str, public: str, short: str) -> None:
    field = next(f for f in plan_of(definition).fields if f.attr == attr)
    assert field.type.public == public
    assert field.annotation.short == short


def emitted(definition: str) -> str:
    loaded = load_schema_bytes([("t.tl", f"{PRELUDE}{definition}\n".encode())])
    plan = plan_package(Planner(loaded.schema), "header")
    # The root constructors of the TL type A: the module `_a` (one per TL type).
    module = next(m for m in plan.modules if m.kind == "types" and m.module == "_a")
    return render_module(module, "header", "tl")


def test_emitted_text_for_a_fixed_run_and_a_flag() -> None:
    text = emitted("a#2 flags:# big:flags.0?true x:flags.1?int n:long = A;")
    # The flags word keeps the true flag's bit; x sets its own bit when present.
    # Masks are written as the TL writes the bits: flags.0 -> 1 << 0.
    assert "_f_flags = self._flags_bits & (1 << 0)" in text
    assert "if self.x is not None:\n            _f_flags |= 1 << 1" in text
    # x is optional, so the id and the flags word are one run, x a step of its own, n a run.
    assert "out.append(_S_uu.pack(0x00000002, _f_flags))" in text
    assert "self.x = r.read_int() if _f_flags & (1 << 1) else None" in text
    assert '("big", "big", ("true",), ("flags", 1 << 0))' in text
    assert "return (self._flags_bits & (1 << 0)) != 0" in text


def test_emitted_text_for_vectors() -> None:
    text = emitted("a#2 n:Vector<int> ps:Vector<Peer> bs:Vector<bytes> = A;")
    assert 'r.read_numbers(True, "i")' in text
    assert "r.read_objects(True, _T_Peer)" in text
    assert "r.read_vector(True, lambda r: r.read_bytes(), 4)" in text
    assert 'out.append(_rt.pack_numbers("i", self.n))' in text
    assert "for _v_ps_0 in self.ps:" in text
    assert "out.append(_rt.pack_vector_prefix(self.ps))" in text
