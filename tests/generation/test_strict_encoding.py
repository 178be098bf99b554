"""Strict encoding on the fast path: a vector field takes only a list, a Bool field only True or
False; anything else raises TypeError naming the class and field, as the README promises."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from tests.helpers import generate_from_text

SCHEMA = """
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
---functions---
contacts.deleteByPhones#1013fd9e phones:Vector<string> = Bool;
account.updateStatus#6628562c offline:Bool = Bool;
afterString text:string flag:Bool = Bool;
ids values:Vector<int> = Bool;
bareIds values:vector<long> = Bool;
bools values:Vector<Bool> = Bool;
"""


@pytest.fixture(scope="module")
def functions(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    generate_from_text(SCHEMA, tmp_path_factory.mktemp("strict"), "tl_strict")
    return importlib.import_module("tl_strict.functions")


CASES = [
    ("DeleteByPhones", "contacts", {"phones": "+123"}, "DeleteByPhones.phones: expected a list, got str"),
    ("DeleteByPhones", "contacts", {"phones": ("+1",)}, "DeleteByPhones.phones: expected a list, got tuple"),
    ("Ids", None, {"values": b"\x01\x02"}, "Ids.values: expected a list, got bytes"),
    ("Ids", None, {"values": {1: 2}}, "Ids.values: expected a list, got dict"),
    ("Ids", None, {"values": {1, 2}}, "Ids.values: expected a list, got set"),
    ("BareIds", None, {"values": b"\x01"}, "BareIds.values: expected a list, got bytes"),
    ("UpdateStatus", "account", {"offline": "false"}, "UpdateStatus.offline: expected bool, got str"),
    ("UpdateStatus", "account", {"offline": 1}, "UpdateStatus.offline: expected bool, got int"),
    ("UpdateStatus", "account", {"offline": None}, "UpdateStatus.offline: expected bool, got NoneType"),
    ("AfterString", None, {"text": "t", "flag": "yes"}, "AfterString.flag: expected bool, got str"),
    ("AfterString", None, {"text": "t", "flag": None}, "AfterString.flag: expected bool, got NoneType"),
    ("Bools", None, {"values": [True, "no"]}, "Bools.values[1]: expected bool, got str"),
    ("Bools", None, {"values": [None]}, "Bools.values[0]: expected bool, got NoneType"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "namespace", "values", "message"), CASES)
def test_wrong_types_raise_type_error(
    functions: ModuleType, name: str, namespace: str | None, values: dict[str, object], message: str
) -> None:
    module = importlib.import_module(f"tl_strict.functions.{namespace}") if namespace else functions
    request = getattr(module, name)(**values)
    with pytest.raises(TypeError) as info:
        request.to_bytes()
    assert str(info.value) == message


def test_right_types_still_encode(functions: ModuleType) -> None:
    account = importlib.import_module("tl_strict.functions.account")
    contacts = importlib.import_module("tl_strict.functions.contacts")
    assert account.UpdateStatus(offline=False).to_bytes() == bytes.fromhex("2c5628663797 79bc")
    assert account.UpdateStatus(offline=True).to_bytes() == bytes.fromhex("2c562866b5757299")
    phones = contacts.DeleteByPhones(phones=["+123"]).to_bytes()
    assert phones == bytes.fromhex("9efd1310 15c4b51c 01000000 042b313233 000000")
    assert functions.BareIds(values=[1]).to_bytes()[4:] == bytes.fromhex(
        "01000000" "0100000000000000"
    )
    assert functions.AfterString(text="", flag=True).to_bytes()[4:] == bytes.fromhex(
        "00000000b5757299"
    )
