"""The root namespace's modules (one per TL type in types/, one per first word in base/) never
take the module of a namespace, and every root name loads from its own small module."""

from __future__ import annotations

import importlib
from pathlib import Path

from tests.helpers import generate_from_text

SCHEMA = """
message#10 x:int = Message;
messageEmpty#11 = Message;
messageMedia#12 = MessageMedia;
_message.foo#13 y:int = _message.Foo;
auth.foo#14 m:Message = auth.Foo;
"""


def test_a_namespace_keeps_its_module_and_root_modules_step_aside(tmp_path: Path) -> None:
    package = generate_from_text(SCHEMA, tmp_path, "rootmods")
    folder = Path(package.__file__ or "").parent
    assert sorted(p.name for p in (folder / "types").glob("_[!_]*.py")) == [
        "_message.py",  # the namespace _message
        "_message_.py",  # the root constructors of Message
        "_message_media.py",
    ]
    assert sorted(p.name for p in (folder / "base").glob("_[!_]*.py")) == [
        "_message.py",
        "_message_.py",
    ]
    types = importlib.import_module("rootmods.types")
    assert types.Message.__module__ == "rootmods.types._message_"
    assert types.MessageMedia.__module__ == "rootmods.types._message_media"
    assert importlib.import_module("rootmods.types._message").Foo.TL_NAME == "_message.foo"
    base = importlib.import_module("rootmods.base")
    assert (
        base.TypeMessage.__module__ == base.TypeMessageMedia.__module__ == "rootmods.base._message_"
    )
    assert set(types.__all__) == {"Message", "MessageEmpty", "MessageMedia", "_message", "auth"}
