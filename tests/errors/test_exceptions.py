"""Exceptions in daily use, over the whole API with every corpus error table: class names by an
order-independent rule (checked against Telethon's), readable str(), pickling, the class of an
instance following its code, the number under its description's name, resolvable types."""

from __future__ import annotations

import pickle
import random
import re
import typing
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import CORPUS_MISSING, corpus_dir
from tests.helpers import _write_and_import
from tlgen.codegen import naming
from tlgen.codegen.generate import GenerationOptions, build_package
from tlgen.codegen.plan import PlanOptions
from tlgen.errortables.catalog import ErrorCatalog, build_catalog
from tlgen.errortables.read import read_error_source
from tlgen.schema.load import load_schema


@pytest.fixture(scope="module")
def corpus() -> Path:
    root = corpus_dir()
    if root is None:
        pytest.skip(CORPUS_MISSING)
    return root


def corpus_tables(corpus: Path) -> list[Path]:
    return [
        corpus / "errors" / "telethon-errors.csv",
        corpus / "errors" / "telethon-methods.csv",
        *sorted((corpus / "docs-gramjs").rglob("*.md")),
        *sorted((corpus / "docs-madeline").rglob("*.md")),
    ]


@pytest.fixture(scope="module")
def catalog(corpus: Path) -> ErrorCatalog:
    return build_catalog([read_error_source(p) for p in corpus_tables(corpus)])


@pytest.fixture(scope="module")
def errors(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The errors module of the whole-API package (layer 222 + mtproto) with every table."""
    paths = [corpus / "telegram" / "api" / "layer-222.tl", corpus / "telegram" / "mtproto.tl"]
    loaded = load_schema(paths)
    catalog = build_catalog([read_error_source(p) for p in corpus_tables(corpus)], loaded.schema)
    files = build_package(
        loaded.schema,
        [],
        GenerationOptions(
            plan=PlanOptions(package="allerrors"), format_code=False, catalog=catalog
        ),
    )
    package = _write_and_import(files, tmp_path_factory.mktemp("allerrors"), "allerrors")
    return typing.cast(ModuleType, package.errors)


def class_names(catalog: ErrorCatalog, order: list[str]) -> dict[str, str]:
    codes = sorted({c for e in catalog.errors for c in e.codes})
    taken = [naming.code_class_name(c) for c in codes] + ["RPCError"]
    return naming.error_class_names(order, taken=taken)


# Where our names differ from Telethon 1.42's (telethon/errors/rpcerrorlist.py, generated from
# LonamiWebs/Telethon telethon_generator/data/errors.csv at 85c4a91, the corpus copy), and why.
TELETHON_DIFFERENCES = {
    # our rule: a leading digit gets Rpc, no spelling of digits
    "2FA_CONFIRM_WAIT_X": ("Rpc2faConfirmWaitError", "TwoFaConfirmWaitError"),
    # EMAIL_UNCONFIRMED exists too: the patterned one keeps its X
    "EMAIL_UNCONFIRMED_X": ("EmailUnconfirmedXError", "EmailUnconfirmedError"),
    # Telethon's hand-made word splits (FIRST_NAME, SLOW_MODE) are not in the names
    "FIRSTNAME_INVALID": ("FirstnameInvalidError", "FirstNameInvalidError"),
    "SLOWMODE_MULTI_MSGS_DISABLED": (
        "SlowmodeMultiMsgsDisabledError", "SlowModeMultiMsgsDisabledError"
    ),
    "SLOWMODE_WAIT_X": ("SlowmodeWaitError", "SlowModeWaitError"),
    # a trailing ERROR word is not doubled
    "INPUT_FETCH_ERROR": ("InputFetchError", "InputFetchErrorError"),
    "INTERDC_X_CALL_ERROR": ("InterdcCallError", "InterdcCallErrorError"),
    "INTERDC_X_CALL_RICH_ERROR": ("InterdcCallRichError", "InterdcCallRichErrorError"),
    "UNKNOWN_ERROR": ("UnknownError", "UnknownErrorError"),
    # the builtin TimeoutError is not shadowed; free text sharing a name gets Text
    "TIMEOUT": ("RpcTimeoutError", "TimeoutError"),
    "Timeout": ("RpcTimeoutTextError", "TimeoutError"),
}  # fmt: skip


def test_class_names_match_telethons_but_for_listed_reasons(catalog: ErrorCatalog) -> None:
    rpcerrorlist = pytest.importorskip("telethon.errors.rpcerrorlist")
    theirs = {name: cls.__name__ for name, cls in rpcerrorlist.rpc_errors_dict.items()}
    for pattern, cls in rpcerrorlist.rpc_errors_re:
        theirs[pattern.replace(r"(\d+)", "X")] = cls.__name__
    ours = class_names(catalog, [e.name for e in catalog.errors])
    shared = theirs.keys() & ours.keys()
    assert len(shared) > 500
    differences = {n: (ours[n], theirs[n]) for n in shared if ours[n] != theirs[n]}
    assert differences == TELETHON_DIFFERENCES


def test_class_names_are_unique_plain_and_independent_of_order(catalog: ErrorCatalog) -> None:
    names = [e.name for e in catalog.errors]
    expected = class_names(catalog, names)
    assert len(set(expected.values())) == len(names)
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*Error", c) for c in expected.values())
    for seed in range(5):
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        assert class_names(catalog, shuffled) == expected
        assert naming.error_member_names(shuffled) == naming.error_member_names(names)
    members = naming.error_member_names(names)
    assert len(set(members.values())) == len(names)
    assert (members["TIMEOUT"], members["Timeout"]) == ("TIMEOUT", "TIMEOUT_TEXT")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["EMAIL_UNCONFIRMED_X"], ["EmailUnconfirmedError"]),
        (["EMAIL_UNCONFIRMED", "EMAIL_UNCONFIRMED_X"], ["EmailUnconfirmedError", "EmailUnconfirmedXError"]),
        (["Timeout"], ["RpcTimeoutError"]),
        (["TIMEOUT", "Timeout"], ["RpcTimeoutError", "RpcTimeoutTextError"]),
        (["BAD_REQUEST"], ["RpcBadRequestError"]),
        (["A_B", "A-B"], ["AB2Error", "ABError"]),
    ],
)  # fmt: skip
def test_clash_rules(names: list[str], expected: list[str]) -> None:
    result = naming.error_class_names(names, taken=["BadRequestError"])
    assert [result[n] for n in names] == expected
    assert naming.error_class_names(names[::-1], taken=["BadRequestError"]) == result


def error_classes(errors: ModuleType) -> list[type[BaseException]]:
    classes = [getattr(errors, name) for name in errors.__all__]
    return [c for c in classes if isinstance(c, type) and issubclass(c, errors.RPCError) and c.NAME]


def with_number(name: str, number: int) -> str:
    """An error name as sent: its X segment (or the X of XMIN) replaced by a number."""
    return re.sub(r"(?<![^_])X(?=(?:MIN)?(?:_|$))", str(number), name)


def instances(errors: ModuleType, cls: typing.Any) -> list[typing.Any]:
    """An instance for each documented code and for a code it is not documented with."""
    name = cls.NAME.value
    message = with_number(name, 17)
    request = errors.__name__.rpartition(".")[0]
    functions = __import__(request + ".functions.auth", fromlist=["ResendCode"])
    made = []
    for code in (*cls.CODES, 599):
        made.append(errors.exception_for(code, message))
        made.append(
            errors.exception_for(
                code, message, functions.ResendCode(phone_number="1", phone_code_hash="h")
            )
        )
    return made


def test_every_error_pickles_to_an_equal_error_of_the_same_class(errors: ModuleType) -> None:
    classes = error_classes(errors)
    assert len(classes) > 500
    for cls in classes:
        for error in instances(errors, cls):
            back = pickle.loads(pickle.dumps(error))
            assert back == error and type(back) is type(error), error
            assert str(back) == str(error)


def test_every_error_class_follows_its_code(errors: ModuleType) -> None:
    code_classes = {
        c.CODE: c
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.RPCError) and c.NAME is None and c.CODE
    }
    assert {400, 403, 406, 420, -503} <= code_classes.keys()
    for cls in error_classes(errors):
        for error in instances(errors, cls):
            assert isinstance(error, cls)
            assert type(error).CODE == error.CODE == error.code
            assert type(error).__name__ == cls.__name__
            caught_by = {code for code, c in code_classes.items() if isinstance(error, c)}
            assert caught_by == ({error.code} & code_classes.keys()), error


def test_str_shows_code_name_filled_description_and_request(errors: ModuleType) -> None:
    for cls in error_classes(errors):
        for error in instances(errors, cls):
            text = str(error)
            assert text.startswith(f"{error.code} {error.message}")
            if error.value is not None:
                assert "{" not in text and str(error.value) in text
            if cls.DESCRIPTION:
                assert error.description in text
            if error.request is not None:
                assert text.endswith(" (caused by auth.resendCode)")
    flood = errors.exception_for(420, "FLOOD_WAIT_42")
    assert str(flood) == "420 FLOOD_WAIT_42: A wait of 42 seconds is required"
    assert (flood.seconds, flood.value) == (42, 42)
    migrate = errors.exception_for(303, "USER_MIGRATE_4")
    assert (migrate.new_dc, str(migrate).endswith("associated with DC 4")) == (4, True)


def test_patterned_errors_expose_the_number_under_their_description_name(
    errors: ModuleType, catalog: ErrorCatalog
) -> None:
    named = 0
    for cls in error_classes(errors):
        placeholders = set(re.findall(r"\{(\w+)\}", cls.DESCRIPTION))
        if with_number(cls.NAME.value, 9) == cls.NAME.value or len(placeholders) != 1:
            continue
        (attribute,) = placeholders
        error = errors.exception_for(cls.CODES[0], with_number(cls.NAME.value, 9))
        assert getattr(error, attribute) == error.value == 9
        named += 1
    assert named >= 15


def test_get_type_hints_of_every_error_class(errors: ModuleType) -> None:
    for cls in [errors.RPCError, *error_classes(errors)]:
        hints = typing.get_type_hints(cls)
        assert hints["code"] is int and hints["message"] is str
        if cls.NAME is not None and "X" in cls.NAME.value.split("_"):
            assert hints["value"] is int


@pytest.fixture(scope="module")
def telethon_table_errors(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The errors module generated from Telethon's errors.csv alone (as Telethon's are)."""
    schema = load_schema([corpus / "telegram" / "mtproto.tl"]).schema
    catalog = build_catalog([read_error_source(corpus / "errors" / "telethon-errors.csv")])
    files = build_package(
        schema,
        [],
        GenerationOptions(
            plan=PlanOptions(package="csverrors"), format_code=False, catalog=catalog
        ),
    )
    package = _write_and_import(files, tmp_path_factory.mktemp("csverrors"), "csverrors")
    return typing.cast(ModuleType, package.errors)


def test_messages_and_number_names_agree_with_telethons(telethon_table_errors: ModuleType) -> None:
    """Telethon 1.42 (telethon/errors/rpcerrorlist.py, generated by its own generator from the
    same errors.csv) fills the description's placeholder and names the attribute after it:
    str(FloodWaitError(request=None, capture=42)) is 'A wait of 42 seconds is required (caused
    by NoneType)' with .seconds == 42. Ours must say the same and use the same name."""
    rpcerrorlist = pytest.importorskip("telethon.errors.rpcerrorlist")
    compared = numbered = 0
    # Telethon gives one class to names its naming merges (EMAIL_UNCONFIRMED and its _X form,
    # TIMEOUT and Timeout): that class says the other error's message. Ours keep them apart.
    counts: dict[str, int] = {}
    for cls in [
        *rpcerrorlist.rpc_errors_dict.values(),
        *(c for _, c in rpcerrorlist.rpc_errors_re),
    ]:
        counts[cls.__name__] = counts.get(cls.__name__, 0) + 1
    merged = {n for n, c in rpcerrorlist.rpc_errors_dict.items() if counts[c.__name__] > 1}
    assert merged <= {"EMAIL_UNCONFIRMED", "TIMEOUT", "Timeout"}
    for name, theirs in rpcerrorlist.rpc_errors_dict.items():
        ours = telethon_table_errors.exception_for(theirs.code, name)
        if ours.NAME is None or name in merged:  # not in the corpus's errors.csv, or merged
            continue
        expected = str(theirs(request=None)).removesuffix(" (caused by NoneType)")
        assert ours.description == expected, name
        compared += 1
    for pattern, theirs_class in rpcerrorlist.rpc_errors_re:
        message = pattern.replace(r"(\d+)", "42")
        ours = telethon_table_errors.exception_for(theirs_class.code, message)
        theirs = theirs_class(request=None, capture=42)
        assert ours.NAME is not None, message
        assert ours.description == str(theirs).removesuffix(" (caused by NoneType)"), message
        attribute = re.findall(r"\{(\w+)\}", type(ours).DESCRIPTION)
        if attribute:
            assert getattr(ours, attribute[0]) == getattr(theirs, attribute[0]) == 42, message
            numbered += 1
    assert compared > 450 and numbered >= 15
