"""The base of the RPC error classes of a tlgen-generated package (its errors module holds the
classes and tables): readable messages, pickling, and instance classes that follow the code.

Copied verbatim into every generated package by tlgen. An error class per name (say
PhoneNumberInvalidError, documented with 400 and 406) subclasses RPCError only; each instance
is of a variant of it that also subclasses the class of the code it came with, so
``except PhoneNumberInvalidError`` catches it with any code while ``except NotAcceptableError``
catches only the 406 one, and ``type(error).CODE == error.code``. Variants are made on demand,
are named like their error class, and pickle as it.
"""

from __future__ import annotations

import enum
import re

from ._runtime import LazyModule

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing as _t

    E = _t.TypeVar("E", bound="RPCError")
else:
    _t = LazyModule("typing")  # for typing.get_type_hints, without importing typing now

__all__ = ["RPCError", "find_exception"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_X_WORD = re.compile(r"\bX\b")
# The class of each code (ErrorCode classes such as BadRequestError), filled as they are defined.
_CODE_CLASSES: dict[int, type[RPCError]] = {}
_VARIANTS: dict[tuple[type[RPCError], int], type[RPCError]] = {}


class RPCError(Exception):
    """An error answer (``rpc_error``): ``code``, ``message`` as sent, the ``request`` that
    caused it when known, and ``value`` for patterned names (the X of ``FLOOD_WAIT_X``).

    ``str()`` reads ``420 FLOOD_WAIT_42: A wait of 42 seconds is required (caused by
    auth.sendCode)``: code, name as sent, then the description with its placeholder filled.
    Errors compare equal when of the same class with equal fields, and survive pickling.
    """

    # The code of a code class and of an instance's class; an error class's one documented
    # code (None when it has several).
    CODE: _t.ClassVar[int | None] = None
    # The error name of an error class (an ErrorName member); None for code classes.
    NAME: _t.ClassVar[enum.Enum | None] = None
    # The codes an error class is documented with, and its description.
    CODES: _t.ClassVar[tuple[int, ...]] = ()
    DESCRIPTION: _t.ClassVar[str] = ""

    code: int
    message: str
    request: object | None
    value: int | None

    def __new__(
        cls: type[E],
        code: int,
        message: str,
        request: object | None = None,
        value: int | None = None,
    ) -> E:
        target: type[RPCError] = cls
        named = cls.__dict__.get("_error_class", cls)
        if named.NAME is not None:
            target = _variant(named, code)
        elif cls is RPCError or cls in _CODE_CLASSES.values():
            target = _CODE_CLASSES.get(code, RPCError)
        instance: E = super().__new__(target)  # type: ignore[assignment]
        return instance

    def __init__(
        self, code: int, message: str, request: object | None = None, value: int | None = None
    ) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.request = request
        self.value = value

    def __init_subclass__(cls, **kwargs: _t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.NAME is None and "CODE" in cls.__dict__ and cls.CODE is not None:
            _CODE_CLASSES.setdefault(cls.CODE, cls)

    @property
    def description(self) -> str:
        """The documented description with the error's number in place of its placeholder
        (``{seconds}``) or of a standalone X; "" when the error is not documented."""
        text = self.DESCRIPTION
        if self.value is None:
            return text
        number = str(self.value)
        if _PLACEHOLDER.search(text):
            return _PLACEHOLDER.sub(number, text)
        return _X_WORD.sub(number, text)

    def __str__(self) -> str:
        text = f"{self.code} {self.message}"
        description = self.description
        if description:
            text += f": {description}"
        caused_by = getattr(self.request, "TL_NAME", None)
        if caused_by is not None:
            text += f" (caused by {caused_by})"
        return text

    def __repr__(self) -> str:
        extra = "" if self.value is None else f", value={self.value!r}"
        if self.request is not None:
            extra += f", request={self.request!r}"
        return f"{type(self).__name__}({self.code!r}, {self.message!r}{extra})"

    def __reduce__(self) -> tuple[type[RPCError], tuple[int, str, object | None, int | None]]:
        cls: type[RPCError] = type(self).__dict__.get("_error_class", type(self))
        return cls, (self.code, self.message, self.request, self.value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, RPCError)
        return (self.code, self.message, self.request, self.value) == (
            other.code,
            other.message,
            other.request,
            other.value,
        )

    def __hash__(self) -> int:
        return hash((type(self), self.code, self.message))


def _variant(error_class: type[RPCError], code: int) -> type[RPCError]:
    """The subclass of an error class for one code: also a subclass of that code's class."""
    key = (error_class, code)
    variant = _VARIANTS.get(key)
    if variant is None:
        code_class = _CODE_CLASSES.get(code)
        bases = (error_class,) if code_class is None else (error_class, code_class)
        namespace = {
            "CODE": code,
            "_error_class": error_class,
            "__module__": error_class.__module__,
            "__qualname__": error_class.__qualname__,
            "__doc__": error_class.__doc__,
        }
        # setdefault: threads racing here all get the first variant made.
        variant = _VARIANTS.setdefault(key, type(error_class.__name__, bases, namespace))
    return variant


def find_exception(
    code: int,
    message: str,
    request: object | None,
    by_name: dict[str, type[RPCError]],
    patterns: tuple[tuple[str, type[RPCError]], ...],
    compiled: list[tuple[re.Pattern[str], type[RPCError]]],
) -> RPCError:
    """The exception for an error answer: its error class when the name is known (patterned
    names included; `compiled` caches `patterns`), else the class of its code, else RPCError."""
    cls = by_name.get(message)
    value = None
    if cls is None:
        if not compiled:
            compiled.extend((re.compile(p), c) for p, c in patterns)
        for pattern, candidate in compiled:
            match = pattern.fullmatch(message)
            if match:
                cls, value = candidate, int(match.group(1))
                break
    return (cls or RPCError)(code, message, request, value)
