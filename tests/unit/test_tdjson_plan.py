"""What `--wire tdjson` plans (generator/codegen/plan/tdjson.py): the option's forms, nullable
fields and facts read from TDLib's `//@` descriptions, int53 as its own codec, synchronous
requests, root requests spread over modules; and that a binary plan has none of it."""

from __future__ import annotations

import pytest

from tests.root_layout import expected_root_modules
from tlgen.codegen.plan import ClassPlan, PackagePlan, Planner, PlanOptions, plan_package
from tlgen.codegen.plan.tdjson import BINARY, Wire, parse_wire
from tlgen.schema import doc_field
from tlgen.schema.load import load_schema_bytes

SCHEMA = """
double ? = Double;
string ? = String;
int32 = Int32;
int53 = Int53;
int64 = Int64;
boolFalse = Bool;
boolTrue = Bool;
vector {t:Type} # [ t ] = Vector t;

//@description A text @text The text @entities Its entities; may be null
formattedText text:string entities:vector<textEntity> = FormattedText;
//@description An entity @offset Offset @length Length
textEntity offset:int32 length:int53 = TextEntity;
//@description A game @param_description Game description; may be null @count Count; pass null to skip
game description:formattedText count:int32 = Game;

---functions---

//@description Returns entities. Can be called synchronously @text The text
getTextEntities text:string = FormattedText;
//@description Sends a message; for bots only. Can be called before authorization @chat_id Chat @text Text; pass null if none
sendMessage chat_id:int53 text:formattedText = FormattedText;
//@description Returns a chat @chat_id Chat
getChatHistory chat_id:int53 = FormattedText;
"""


def plan(wire: Wire) -> PackagePlan:
    loaded = load_schema_bytes([("td_api.tl", SCHEMA.encode())])
    assert loaded.ok, loaded.diagnostics
    return plan_package(Planner(loaded.schema, PlanOptions(package="td", wire=wire)), "header")


def class_of(package: PackagePlan, tl_name: str) -> ClassPlan:
    return next(c for m in package.modules for c in m.classes if c.tl_name == tl_name)


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("binary", BINARY),
        ("tdjson", Wire("tdjson")),
        ("tdjson:1.8.66", Wire("tdjson", "1.8.66")),
    ],
)
def test_wire_option(text: str, wire: Wire) -> None:
    assert parse_wire(text) == wire


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("json", "expected binary, tdjson or tdjson:VERSION, got 'json'"),
        ("binary:1", "expected binary, tdjson or tdjson:VERSION, got 'binary:1'"),
        ("tdjson:latest", "expected a TDLib version such as 1.8.66 after 'tdjson:', got 'latest'"),
    ],
)
def test_wire_option_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_wire(text)


def test_nullable_object_fields_only() -> None:
    package = plan(Wire("tdjson"))
    # "may be null" on a vector speaks of its items (the codec takes null items anyway); on an
    # int32 it cannot apply; `@param_description` describes the field `description`.
    nullable = {
        (c.tl_name, f.tl_name): f.nullable
        for m in package.modules
        for c in m.classes
        for f in c.fields
    }
    assert nullable == {
        ("formattedText", "text"): False,
        ("formattedText", "entities"): False,
        ("textEntity", "offset"): False,
        ("textEntity", "length"): False,
        ("game", "description"): True,
        ("game", "count"): False,
        ("getTextEntities", "text"): False,
        ("sendMessage", "chat_id"): False,
        ("sendMessage", "text"): True,
        ("getChatHistory", "chat_id"): False,
    }


def test_int53_codec_and_synchronous_requests() -> None:
    package = plan(Wire("tdjson"))
    entity = class_of(package, "textEntity")
    assert [f.codec.kind for f in entity.fields] == ["int", "int53"]
    assert class_of(package, "getTextEntities").base.name == "SynchronousRequest"
    send = class_of(package, "sendMessage")
    assert send.base.name == "Request"
    assert send.facts == ("Can be called before authorization.", "For bots only.")
    assert class_of(package, "getTextEntities").facts == (
        "Synchronous: can be sent to td_execute (Client.execute).",
    )
    assert "_extra" in entity.slots and not entity.struct_formats


def test_root_requests_are_packed_alike_in_both_wires() -> None:
    def function_modules(wire: Wire) -> dict[str, str]:
        package = plan(wire)
        return {
            c.tl_name: m.module for m in package.modules if m.kind == "functions" for c in m.classes
        }

    tdjson = function_modules(Wire("tdjson"))
    assert tdjson == function_modules(BINARY)
    assert set(tdjson) == {"getChatHistory", "getTextEntities", "sendMessage"}
    assert tdjson == expected_root_modules(dict.fromkeys(tdjson, 1))


def test_binary_plan_has_none_of_it() -> None:
    package = plan(BINARY)
    entity = class_of(package, "textEntity")
    assert [f.codec.kind for f in entity.fields] == ["int", "long"]
    assert not any(f.nullable for m in package.modules for c in m.classes for f in c.fields)
    assert class_of(package, "getTextEntities").base.name == "Request"
    assert class_of(package, "sendMessage").facts == ()


def test_only_the_whole_key_param_description_names_the_field_description() -> None:
    keys = ("description", "param_description", "old_param_description", "text")
    assert [doc_field(k) for k in keys] == ["", "description", "old_param_description", "text"]
