"""Typed use of the generated default package; checked by mypy --strict in test_generated_typing."""

# fmt: off
from __future__ import annotations

from typing import NoReturn

from tl import LAYER, DecodeError, Request, decode
from tl.base import auth as base_auth
from tl.functions import InitConnection, InvokeWithLayer
from tl.functions.auth import ResendCode, SendCode
from tl.types import CodeSettings
from tl.types.auth import SentCode, SentCodePaymentRequired, SentCodeSuccess, SentCodeTypeSms

request = ResendCode(phone_number="+100", phone_code_hash="hash", reason="retry")
reveal_type(request.read_result(b""))  # R: tl.types.auth.SentCode | tl.types.auth.SentCodeSuccess | tl.types.auth.SentCodePaymentRequired
wrapped = InvokeWithLayer(layer=222, query=InitConnection(api_id=1, device_model="d", system_version="s", app_version="a", system_lang_code="en", lang_pack="", lang_code="en", query=request))
reveal_type(wrapped)  # R: tl.functions._init_connection.InvokeWithLayer[tl.types.auth.SentCode | tl.types.auth.SentCodeSuccess | tl.types.auth.SentCodePaymentRequired]
reveal_type(wrapped.read_result(b""))  # R: tl.types.auth.SentCode | tl.types.auth.SentCodeSuccess | tl.types.auth.SentCodePaymentRequired
send = SendCode(phone_number="+100", api_id=1, api_hash="h", settings=CodeSettings(allow_flashcall=True, logout_tokens=[b"t"]))
reveal_type(send.settings.logout_tokens)  # R: list[bytes] | None
reveal_type(send.settings.allow_flashcall)  # R: bool
send.settings.allow_flashcall = False
reveal_type(LAYER)  # R: int | None


def assert_never(value: NoReturn) -> NoReturn:
    raise AssertionError(value)


def describe(code: base_auth.SentCode) -> str:
    match code:
        case SentCode():
            return code.phone_code_hash
        case SentCodeSuccess():
            return "logged in"
        case SentCodePaymentRequired():
            return code.store_product
        case _:
            assert_never(code)


def any_request(r: Request[object]) -> bytes:
    return r.to_bytes()


sent = SentCode(type_=SentCodeTypeSms(length=5), phone_code_hash="h", timeout=60)
try:
    decoded = decode(sent.to_bytes())
except DecodeError as error:
    print(error.offset)
assert isinstance(decoded, base_auth.TypeSentCode)
print(describe(sent), any_request(request))
