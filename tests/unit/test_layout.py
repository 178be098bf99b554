"""codegen/layout.py against black itself: each statement shape the templates produce, long
enough to be split, comes out exactly as black.format_str makes it; anything else goes to black
(the oracle here is black, pinned mode)."""

from __future__ import annotations

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tlgen.codegen.format import black_mode
from tlgen.codegen.layout import lay_out, settle_modules
from tlgen.codegen.render import runtime_modules


def black_of(text: str) -> str:
    return black.format_str(text, mode=black_mode())


def inside_method(*lines: str) -> str:
    return "class A:\n    def f(self) -> None:\n" + "".join(f"        {x}\n" for x in lines)


NAMES = [f"field_number_{i}_" + "x" * (i * 3) for i in range(12)]

SHAPES = [
    # collection displays: one item per line, long items split again
    "__all__ = [" + ", ".join(f'"{n}"' for n in NAMES) + "]\n",
    "class A:\n    __slots__ = (" + ", ".join(f'"{n}"' for n in NAMES[:6]) + ")\n",
    'class A:\n    _FIELDS = (("'
    + NAMES[11]
    + '", "'
    + NAMES[10]
    + '", ("v", ("o", "Tx")), ("flags", 1)),)\n',
    'X = {"a": (' + ", ".join(NAMES[5:9]) + '), "b": (' + NAMES[1] + ",)}\n",
    # signatures: parameters on one line, else one per line; a long return type
    "class A:\n    def __init__(self, *, "
    + ", ".join(f"{n}: int | None = None" for n in NAMES[:3])
    + ") -> None:\n        pass\n",
    "class A:\n    def __init__(self, *, "
    + ", ".join(f"{n}: str" for n in NAMES)
    + ") -> None:\n        pass\n",
    "class A:\n    def _read(cls, r: _rt.Reader) -> list[_types__x."
    + "Y" * 70
    + "]:\n        pass\n",
    "class "
    + "B" * 60
    + "(_base__channel.TypeChannelAdminLogEventAction"
    + "Z" * 10
    + "):\n    pass\n",
    # calls: at the last bracket, recursively
    inside_method(
        "out.append(_S_IIqq.pack(0xAAC7B717, " + ", ".join(f"self.{n}" for n in NAMES[:3]) + "))"
    ),
    inside_method(
        "out.append(_S_IIqq.pack(0xAAC7B717, " + ", ".join(f"self.{n}" for n in NAMES[:6]) + "))"
    ),
    inside_method('raise ValueError("' + "shared flag bit " * 8 + '")'),
    inside_method(
        "result: list[_base__x.Type" + "Q" * 40 + "] = r.read_objects(True, _T_" + "Q" * 30 + ")"
    ),
    'U: _t.TypeAlias = _t.Union["' + '", "'.join(NAMES[:5]) + '"]\n',
    # assignments from calls: split at the call, or the value in parentheses, or the targets
    inside_method(", ".join(f"self.{n}" for n in NAMES[:3]) + " = _S_iii.unpack_from(r.data, _p)"),
    inside_method(
        ", ".join(f"self.{n}" for n in NAMES[:5]) + " = _S_iiiii.unpack_from(r.data, _p)"
    ),
    # operators: parentheses, one operand per line; a single `|` splits at its last bracket
    inside_method(
        "self._bits = " + " | ".join(f"({1 << i} if {n} else 0)" for i, n in enumerate(NAMES[:4]))
    ),
    inside_method(
        "self._bits = " + " | ".join(f"({1 << i} if {n} else 0)" for i, n in enumerate(NAMES[3:5]))
    ),
    inside_method(
        "self."
        + NAMES[6]
        + " = True if _v1 == 0x997275B5 else False if _v1 == 0xBC799737 else _rt.bad_bool(_v1, p + 4)"
    ),
    # a flags word masked by its true flags' bits: at the parenthesis, the bits on one line,
    # else one per line
    inside_method(
        "_f_"
        + NAMES[5]
        + " = self._"
        + NAMES[5]
        + "_bits & ("
        + " | ".join(f"1 << {bit}" for bit in range(4))
        + ")"
    ),
    inside_method(
        "_f_flags = self._flags_bits & (" + " | ".join(f"1 << {bit}" for bit in range(10, 30)) + ")"
    ),
    # a bool packed among other values: a parenthesized conditional, a nested one parenthesized
    # again when it does not fit on the `else` line
    inside_method(
        "out.append(_S_II.pack(0xC7345E6A, (0x997275B5 if self.value is True else 0xBC799737"
        " if self.value is False else _rt.not_bool(self.value))))"
    ),
    inside_method(
        "out.append(_S_I.pack((0x997275B5 if self."
        + NAMES[4]
        + " is True else 0xBC799737 if self."
        + NAMES[4]
        + " is False else _rt.not_bool(self."
        + NAMES[4]
        + "))))"
    ),
    inside_method(
        "self."
        + NAMES[6]
        + " = True if _v1 == 0x997275B5 else False if _v1 == 0xBC799737 else _rt.bad_bool(_v1, "
        + NAMES[8]
        + ")"
    ),
    # conditions
    inside_method(
        "if len({" + ", ".join(f"self.{n} is not None" for n in NAMES[:3]) + "}) != 1:", "    pass"
    ),
    inside_method(
        "if (self." + NAMES[7] + " is not None) != (self." + NAMES[6] + " is not None):", "    pass"
    ),
    inside_method(
        "for _c, _v1, _v2, _v3, _v4, _v5, _v6 in _S_"
        + "q" * 30
        + ".iter_unpack(data[p : p + 40 * count]):",
        "    pass",
    ),
    # a lone string (an error's DESCRIPTION): in parentheses when that fits (the string 92
    # long: 100 with its indentation), else left as it is (93 long)
    'class A:\n    DESCRIPTION = "' + "word " * 17 + 'abcde"\n',
    'class A:\n    DESCRIPTION = "' + "word " * 17 + 'abcdef"\n',
    # imports
    "from ..types import _" + NAMES[11] + " as _types__" + NAMES[11] + "\n",
]


@pytest.mark.parametrize("text", SHAPES)
def test_each_shape_is_split_as_black_splits_it(text: str) -> None:
    assert lay_out(text.rstrip("\n")) + "\n" == black_of(text)


@pytest.mark.parametrize(
    "text",
    [
        inside_method("value = " + " + ".join(NAMES[:8])),  # an operator the templates never emit
        inside_method("x = 1   "),  # trailing whitespace
        'class A:\n    """Doc\u00a0\n\n    More.\n    """',  # black strips any whitespace
        'class A:\n    """\\"quoted\\""""',  # black pads a docstring that ends with a quote
        'class A:\n    """ Doc."""',  # black strips a docstring's leading space
        inside_method("if " + " and ".join(NAMES[:8]) + ":", "    pass"),
    ],
)
def test_other_long_or_unusual_text_is_left_to_black(text: str) -> None:
    assert lay_out(text.rstrip("\n")) is None


def test_a_piece_left_to_black_is_formatted_by_black_and_counted() -> None:
    prologue = "from __future__ import annotations\n\nX = 1"
    good = "class Good:\n    __slots__ = (" + ", ".join(f'"{n}"' for n in NAMES[:8]) + ")"
    odd = "class Odd:\n    def f(self) -> None:\n        value = " + " + ".join(NAMES[:8])
    module = f"{prologue}\n\n\n{good}\n\n\n{odd}"
    settled, stats = settle_modules({"m.py": module}, None)
    assert settled["m.py"] == black_of(module)
    assert (stats.pieces, stats.formatted_by_black, stats.black_pieces) == (3, 1, ("m.py#2",))


@settings(max_examples=30, deadline=None)
@given(
    names=st.lists(st.from_regex(r"[a-z][a-z_0-9]{0,30}", fullmatch=True), min_size=1, max_size=9),
    indent=st.integers(1, 3),
)
def test_generated_displays_and_signatures_match_black(names: list[str], indent: int) -> None:
    slots = "(" + ", ".join(f'"{n}"' for n in names) + ("," if len(names) == 1 else "") + ")"
    params = ", ".join(
        f"{n}_{i}: _base__m.Type{n.title()} | None = None" for i, n in enumerate(names)
    )
    lines = [f"__slots__ = {slots}", "", f"def __init__(self, *, {params}) -> None:", "    pass"]
    pad = "    " * indent
    text = "".join(f"{'    ' * i}class C{i}:\n" for i in range(indent))
    text += "".join(f"{pad}{line}\n" if line else "\n" for line in lines)
    # Either exactly black's output, or left to black (a parameter too long for its own line).
    laid = lay_out(text.rstrip("\n"))
    assert laid is None or laid + "\n" == black_of(text)


def test_runtime_modules_are_copied_as_black_would_write_them() -> None:
    # Generation copies templates/runtime/ verbatim, without black: each must be black's output.
    modules = sorted((REPO / "templates" / "runtime").glob("*.py"))
    assert {m.name for m in modules} == runtime_modules() and len(modules) >= 4
    for module in modules:
        text = module.read_text(encoding="utf-8")
        assert black_of(text) == text, module.name
