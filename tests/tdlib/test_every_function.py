"""Every function of td_api.tl, drawn by the package's own hypothesis strategies, encoded by
`to_json()` and handed to the real libtdjson's td_execute: TDLib parses any request fully
before it refuses one that cannot run synchronously ("The method can't be executed
synchronously", td/telegram/Td.cpp and ClientJson.cpp in tdlib/td), so a parse error is a bug
in our JSON. Synchronous functions run for real there: any answer but a parse error passes
here (their values are checked in test_synchronous.py).
"""

from __future__ import annotations

import json
from types import ModuleType

from hypothesis import given

from tests.tdlib.conftest import NOT_SYNCHRONOUS, each_class, execute

# Synchronous functions with side effects on the process (log files, verbosity, log lines):
# never run with drawn values; test_synchronous.py calls them with safe ones.
SIDE_EFFECTS = frozenset(
    {"setLogStream", "setLogVerbosityLevel", "setLogTagVerbosityLevel", "addLogMessage"}
)
PARSE_ERROR = "Failed to parse JSON object as TDLib request"
EXAMPLES = 3
# Requests whose fields changed between the schema (1.8.66) and the wheel (1.8.69): what TDLib
# 1.8.69 expects instead is checked below, so that these are skew, not bugs of ours.
KNOWN_SKEW = {
    "setMessageSenderBotVerification": (
        '"custom_description":{"@type":"formattedText","text":""}'  # a string in 1.8.66
    ),
}


def test_every_function_parses_in_real_tdlib(td_api: ModuleType, tdjson: ModuleType) -> None:
    from td_api import _registry
    from td_api.strategies import for_class

    names = [n for n in _registry.names(True) if n not in SIDE_EFFECTS]
    problems: dict[str, str] = {}
    refused: set[str] = set()
    ran: set[str] = set()

    def checker(name: str) -> object:
        cls = _registry.find_by_name(name, True)
        assert cls is not None

        @each_class(EXAMPLES)
        @given(for_class(cls, max_depth=2))
        def check(request: object) -> None:
            text = request.to_json()  # type: ignore[attr-defined]
            assert json.loads(text)["@type"] == name
            answer = execute(tdjson, text)
            message = answer.get("message", "")
            if answer["@type"] == "error" and message.startswith(PARSE_ERROR):
                problems.setdefault(name, f"{message} in {text[:300]}")
            elif answer["@type"] == "error" and message == NOT_SYNCHRONOUS:
                refused.add(name)
            else:
                ran.add(name)

        return check

    for name in names:
        checker(name)()  # type: ignore[operator]
    assert set(problems) == set(KNOWN_SKEW), problems
    # What ran is exactly what the schema documents "Can be called synchronously".
    synchronous = {
        n for n in names if issubclass(_registry.find_by_name(n, True), td_api.SynchronousRequest)
    }
    assert len(synchronous) + len(SIDE_EFFECTS) == 28
    assert ran == synchronous
    assert refused == set(names) - synchronous - set(KNOWN_SKEW)


def test_known_skew_is_the_newer_schema(tdjson: ModuleType) -> None:
    for name, newer_field in KNOWN_SKEW.items():
        answer = execute(tdjson, f'{{"@type":"{name}",{newer_field}}}')
        assert answer == {"@type": "error", "code": 400, "message": NOT_SYNCHRONOUS}
