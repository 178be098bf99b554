"""TL text -> checked schema: grammar (tl.lark), parser, immutable model, CRC32 ids, validation.

The public face: what other subsystems and the command line use (tests/unit/test_layers.py
checks that they import nothing else from here).
"""

from .builtins import WIRE_FORMS
from .export import empty_json, schema_to_json
from .load import LoadedSchema, SchemaCheck, load_schema, load_schema_bytes
from .model import (
    Combinator,
    DefinitionKind,
    NatLiteral,
    Param,
    Repetition,
    Schema,
    TypeExpr,
    TypeRef,
    doc_field,
    is_flags_word_name,
    local_name,
    namespace_of,
)
from .syntax import SchemaSyntaxError

__all__ = [
    "WIRE_FORMS",
    "Combinator",
    "DefinitionKind",
    "LoadedSchema",
    "NatLiteral",
    "Param",
    "Repetition",
    "Schema",
    "SchemaCheck",
    "SchemaSyntaxError",
    "TypeExpr",
    "TypeRef",
    "empty_json",
    "load_schema",
    "doc_field",
    "is_flags_word_name",
    "local_name",
    "namespace_of",
    "load_schema_bytes",
    "schema_to_json",
]
