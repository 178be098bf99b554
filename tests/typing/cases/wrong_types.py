"""Each line marked `# E:` must fail mypy --strict with that message; nothing else may fail."""

# fmt: off
from __future__ import annotations

from tl.functions.auth import ResendCode, SendCode
from tl.types import CodeSettings
from tl.types.auth import SentCodeTypeSms

ResendCode(phone_number=1, phone_code_hash="h")  # E: Argument "phone_number" to "ResendCode" has incompatible type "int"; expected "str"
ResendCode("1", "h")  # E: Too many positional arguments for "ResendCode"
ResendCode(phone_number="1")  # E: Missing named argument "phone_code_hash" for "ResendCode"
SendCode(phone_number="1", api_id=1, api_hash="h", settings=SentCodeTypeSms(length=1))  # E: Argument "settings" to "SendCode" has incompatible type "SentCodeTypeSms"; expected "CodeSettings"
CodeSettings(logout_tokens=["text"])  # E: List item 0 has incompatible type "str"; expected "bytes"
name: str = ResendCode(phone_number="1", phone_code_hash="h").read_result(b"")  # E: Incompatible types in assignment
CodeSettings().allow_flashcall = "yes"  # E: Incompatible types in assignment (expression has type "str", variable has type "bool")
