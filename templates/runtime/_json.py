"""TL objects <-> JSON-safe dicts (`to_dict` / `from_dict`): `_` holds the TL name, bytes are
base64 text, nested objects are dicts. Loaded on the first conversion; driven by each class's
`_FIELDS` specs (see _runtime's Spec)."""

from __future__ import annotations

import base64

from . import _registry

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing as _t

    from ._runtime import Spec, TLObject

    O = _t.TypeVar("O", bound=TLObject)

# Specs whose values are TL objects, and whether those are requests.
_OBJECT_KINDS = {"o": False, "b": False, "any": False, "req": True}


def object_to_json(obj: TLObject) -> dict[str, _t.Any]:
    result: dict[str, _t.Any] = {"_": obj.TL_NAME}
    for attr, tl_name, spec, _ in obj._FIELDS:
        result[tl_name] = _to_json(getattr(obj, attr), spec)
    return result


def object_from_json(cls: type[O], data: dict[str, _t.Any]) -> O:
    if data.get("_") != cls.TL_NAME:
        raise ValueError(f"expected a dict of {cls.TL_NAME}, got {data.get('_')!r}")
    values = {attr: _from_json(data.get(tl_name), spec) for attr, tl_name, spec, _ in cls._FIELDS}
    return cls(**values)


def _to_json(value: object, spec: Spec) -> object:
    if value is None:
        return None
    kind = spec[0]
    if kind in ("v", "bv"):
        items: list[object] = value  # type: ignore[assignment]
        return [_to_json(item, spec[1]) for item in items]
    if kind == "bytes":
        raw: bytes = value  # type: ignore[assignment]
        return base64.b64encode(raw).decode("ascii")
    if kind in _OBJECT_KINDS:
        obj: TLObject = value  # type: ignore[assignment]
        return object_to_json(obj)
    return value


def _from_json(value: object, spec: Spec) -> object:
    if value is None:
        return None
    kind = spec[0]
    if kind in ("v", "bv"):
        items: list[object] = value  # type: ignore[assignment]
        return [_from_json(item, spec[1]) for item in items]
    if kind == "bytes":
        text: str = value  # type: ignore[assignment]
        return base64.b64decode(text, validate=True)
    if kind in _OBJECT_KINDS:
        data: dict[str, _t.Any] = value  # type: ignore[assignment]
        name = data.get("_", "")
        cls = _registry.find_by_name(name, _OBJECT_KINDS[kind])
        if cls is None and not _OBJECT_KINDS[kind]:
            from .mtproto import BY_NAME  # the envelope; a message body may be a request

            cls = BY_NAME.get(name) or (
                _registry.find_by_name(name, True) if kind == "any" else None
            )
        if cls is None:
            raise ValueError(f"unknown TL name {data.get('_')!r}")
        return object_from_json(cls, data)
    return value
