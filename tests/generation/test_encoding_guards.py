"""Encoding guards: a value that cannot be encoded raises TypeError or ValueError naming the
class and the field, and to_bytes returns nothing."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "generated"))

from tl.functions import (
    InvokeWithLayer,  # noqa: E402
    ReqPqMulti,  # noqa: E402
)
from tl.functions.auth import ResendCode, SendCode  # noqa: E402
from tl.types import CodeSettings, UserEmpty  # noqa: E402
from tl.types.auth import Authorization, SentCodeTypeSms  # noqa: E402

SETTINGS = CodeSettings()


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: ResendCode(phone_number=5, phone_code_hash="h"),
            TypeError,  # type: ignore[arg-type]
            "ResendCode.phone_number: expected string, got int",
        ),
        (
            lambda: ResendCode(phone_number="1", phone_code_hash=None),
            TypeError,  # type: ignore[arg-type]
            "ResendCode.phone_code_hash: expected string, got NoneType",
        ),
        (
            lambda: SendCode(phone_number="1", api_id="7", api_hash="h", settings=SETTINGS),
            TypeError,  # type: ignore[arg-type]
            "SendCode.api_id: expected an int, got str",
        ),
        (
            lambda: SendCode(phone_number="1", api_id=2**31, api_hash="h", settings=SETTINGS),
            ValueError,
            "SendCode.api_id: 2147483648 is out of range for a TL int",
        ),
        (
            lambda: UserEmpty(id=-(2**63) - 1),
            ValueError,
            "UserEmpty.id: -9223372036854775809 is out of range for a TL long",
        ),
        (
            lambda: ReqPqMulti(nonce=2**127),
            ValueError,
            "ReqPqMulti.nonce: 170141183460469231731687303715884105728 is out of range for a TL int128",
        ),
        (
            lambda: SendCode(
                phone_number="1",
                api_id=1,
                api_hash="h",
                settings=CodeSettings(logout_tokens=[b"ok", "no"]),
            ),
            TypeError,  # type: ignore[list-item]
            "SendCode.settings.logout_tokens[1]: expected bytes, got str",
        ),
        (
            lambda: SendCode(
                phone_number="1", api_id=1, api_hash="h", settings=SentCodeTypeSms(length=1)
            ),
            TypeError,  # type: ignore[arg-type]
            "SendCode.settings: expected a CodeSettings, got auth.sentCodeTypeSms",
        ),
        (
            lambda: SendCode(phone_number="1", api_id=1, api_hash="h", settings="fast"),
            TypeError,  # type: ignore[arg-type]
            "SendCode.settings: expected a TL object, got str",
        ),
        (
            lambda: ResendCode(phone_number="x" * (1 << 24), phone_code_hash="h"),
            ValueError,
            "ResendCode.phone_number: 16777216 bytes is more than TL can carry",
        ),
        (
            lambda: ResendCode(phone_number="\ud800", phone_code_hash="h"),
            ValueError,
            "ResendCode.phone_number: not encodable as UTF-8",
        ),
        (
            lambda: Authorization(setup_password_required=True, user=UserEmpty(id=1)),
            ValueError,
            "Authorization: setup_password_required, otherwise_relogin_days share one flag bit",
        ),
        (
            lambda: InvokeWithLayer(layer=1, query=UserEmpty(id=1)),
            TypeError,  # type: ignore[arg-type]
            "InvokeWithLayer.query: expected a TL object, got UserEmpty",
        ),
    ],
)
def test_guard(build: object, error: type[Exception], message: str) -> None:
    obj = build()  # type: ignore[operator]
    with pytest.raises(error) as info:
        obj.to_bytes()
    assert str(info.value).startswith(message)


def test_valid_objects_still_encode() -> None:
    request = SendCode(
        phone_number="1",
        api_id=2**31 - 1,
        api_hash="h",
        settings=CodeSettings(logout_tokens=[b"t"]),
    )
    assert SendCode.from_bytes(request.to_bytes()) == request
