"""The td_api package generated with `--wire tdjson` from the corpus td_api.tl (TDLib 1.8.66),
and the real libtdjson of the PyPI `tdjson` wheel (TDLib 1.8.69) to check it against.

Without the wheel the tests that need it are skipped with a loud reason; with
TLGEN_REQUIRE_TDJSON=1 (CI, `.ci/run`) they fail instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.conftest import CORPUS_MISSING, corpus_dir
from tests.helpers import _write_and_import
from tlgen.codegen.generate import GenerationOptions, build_package
from tlgen.codegen.plan import PlanOptions
from tlgen.codegen.plan.tdjson import Wire
from tlgen.errortables.descriptions import build_descriptions
from tlgen.schema.load import load_schema
from tlgen.schema.model import Schema

# The TDLib release of the corpus td_api.tl.
SCHEMA_VERSION = "1.8.66"
# TDLib's answer to td_execute of a request it read but runs only asynchronously.
NOT_SYNCHRONOUS = "The method can't be executed synchronously"
TDJSON_MISSING = (
    "the tdjson wheel (a real libtdjson, `pip install tdjson`) is NOT INSTALLED: the tests "
    "against TDLib did not run"
)


def td_api_path() -> Path:
    root = corpus_dir()
    if root is None:
        pytest.skip(CORPUS_MISSING)
    return root / "tdlib" / "td_api.tl"


@pytest.fixture(scope="session")
def td_schema() -> Schema:
    loaded = load_schema([td_api_path()])
    assert loaded.ok
    return loaded.schema


@pytest.fixture(scope="session")
def td_api(tmp_path_factory: pytest.TempPathFactory, td_schema: Schema) -> ModuleType:
    """The package, generated once per session (unformatted: black changes layout only)."""
    path = td_api_path()
    options = GenerationOptions(
        plan=PlanOptions(package="td_api", wire=Wire("tdjson", SCHEMA_VERSION)),
        format_code=False,
        descriptions=build_descriptions(td_schema, []),
    )
    files = build_package(td_schema, [(path.name, path.read_bytes())], options)
    return _write_and_import(files, tmp_path_factory.mktemp("tdjson"), "td_api")


@pytest.fixture(scope="session")
def tdjson() -> ModuleType:
    """The tdjson module (libtdjson 1.8.69), its log quieted."""
    try:
        import tdjson
    except ImportError:
        if os.environ.get("TLGEN_REQUIRE_TDJSON") == "1":
            pytest.fail(TDJSON_MISSING + " (TLGEN_REQUIRE_TDJSON=1)")
        pytest.skip(TDJSON_MISSING)
    tdjson.td_execute(b'{"@type":"setLogVerbosityLevel","new_verbosity_level":0}')
    return tdjson


def execute(tdjson: ModuleType, request: dict[str, Any] | str) -> dict[str, Any]:
    """TDLib's answer to td_execute of a request (a dict or JSON text), as a dict."""
    text = request if isinstance(request, str) else json.dumps(request)
    answer = tdjson.td_execute(text.encode("utf-8"))
    assert answer is not None
    result: dict[str, Any] = json.loads(answer)
    return result


def each_class(examples: int) -> settings:
    """Hypothesis settings for a few examples of each of many classes, every class its own small
    test: the same examples on every run, no example database, no deadline or health checks."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
