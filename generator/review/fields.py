"""The field-level rules of `tlgen diff`: fields removed, added and changed between two versions
of one definition, each reported through the caller's `add`."""

from __future__ import annotations

import re
from typing import Protocol

from ..schema import Param
from .findings import Python, Wire


class WireOf(Protocol):
    """The wire verdict of a change, given whether it changes the bytes."""

    def __call__(self, changes_bytes: bool) -> Wire: ...


class AddFinding(Protocol):
    """Records one field-level finding."""

    def __call__(
        self, rule: str, verdict: Wire, python: Python, reason: str, detail: str
    ) -> None: ...


def removed_fields(
    gone: list[Param],
    renamed: dict[str, str],
    maybe: dict[str, str],
    wire: WireOf,
    add: AddFinding,
) -> None:
    """Fields of the old definition that the new one does not have."""
    for param in gone:
        name = param.name
        assert name is not None
        hint = f" ({maybe[name]} added in its place: possibly a rename)" if name in maybe else ""
        if name in renamed:
            reason = f"field {name} is now {renamed[name]} (nothing else changed)"
            add("field-renamed", wire(False), "break", reason, name)
        elif param.is_true_flag:
            reason = f"flag {name} ({param.condition}) removed: callers passing it break{hint}"
            add("true-flag-removed", wire(False), "break", reason, name)
        elif param.is_flags_field:
            add("flags-word-removed", wire(True), "safe", f"flags word {name} removed", name)
        else:
            reason = f"field {name}:{param.type} removed{hint}"
            add("field-removed", wire(True), "break", reason, name)


def added_fields(
    came: list[Param],
    maybe_from: dict[str, str],
    freed_bits: set[str],
    wire: WireOf,
    add: AddFinding,
) -> None:
    """Fields of the new definition that the old one did not have (renames excluded)."""
    for param in came:
        name = param.name
        assert name is not None
        hint = (
            f" ({maybe_from[name]} removed from its place: possibly a rename)"
            if name in maybe_from
            else ""
        )
        if param.is_true_flag:
            reused = str(param.condition) in freed_bits
            on_reused_bit = ", on a bit that meant something else" if reused else ""
            reason = f"new flag {name} ({param.condition}){on_reused_bit}{hint}"
            add("true-flag-added", wire(reused), "safe", reason, name)
        elif param.is_flags_field:
            add("flags-word-added", wire(True), "safe", f"new flags word {name}", name)
        elif param.condition is not None:
            reason = f"new optional field {name}:{param.type} ({param.condition}){hint}"
            add("optional-field-added", wire(True), "safe", reason, name)
        else:
            reason = f"new required field {name}:{param.type}: every caller must pass it{hint}"
            add("required-field-added", wire(True), "break", reason, name)


def changed_field(
    before: Param,
    after: Param,
    same_id: bool,
    same_python: bool,
    wire: WireOf,
    add: AddFinding,
) -> None:
    """A field on both sides: its condition and its type."""
    name = after.name
    assert name is not None
    if (before.condition is None) != (after.condition is None):
        to_optional = after.condition is not None
        state = "optional" if to_optional else "required"
        reason = f"{name} is now {state} ({after.condition or before.condition})"
        rule = "required-to-optional" if to_optional else "optional-to-required"
        add(rule, wire(True), "type-only" if to_optional else "break", reason, name)
    elif before.condition is not None and str(before.condition) != str(after.condition):
        moved = f"{name} moved from {before.condition} to {after.condition}"
        if before.is_true_flag and after.is_true_flag and same_id:
            reason = f"flag {moved} with the same id: old and new peers read each other's bit as something else"
            add("true-flag-moved", wire(True), "safe", reason, name)
        else:
            add("flag-bit-changed", wire(True), "safe", moved, name)
    if str(before.type) != str(after.type) or before.excl != after.excl:
        same_bytes = before.excl == after.excl and wire_type(before) == wire_type(after)
        kept = " (the same Python type)" if same_python else ""
        reason = f"{name}: {before.type} -> {after.type}{kept}"
        add(
            "field-type-changed",
            wire(not same_bytes),
            "safe" if same_python else "break",
            reason,
            name,
        )


def by_name(params: list[Param]) -> dict[str, Param]:
    """Named params by name."""
    return {p.name: p for p in params if p.name is not None}


def wire_type(param: Param) -> str:
    """The param's type as the bytes see it: `bytes` and `string` are the same on the wire."""
    return re.sub(r"\bbytes\b", "string", str(param.type))
