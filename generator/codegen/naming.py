"""Python names for TL names: classes, attributes, modules, and the reference's page files.
Pure functions, table-tested."""

from __future__ import annotations

import builtins
import keyword
import re
import sys
from collections.abc import Iterable, Sequence

from ..schema import local_name

# Names the generated classes use in annotations or as their object API: a field with one of
# these names gets a trailing underscore in Python (its wire/dict name stays the TL name).
RESERVED_ATTRIBUTES = frozenset(
    {"int", "str", "bytes", "bool", "float", "list", "object", "type", "self", "cls"}
    | {"to_bytes", "from_bytes", "to_dict", "from_dict", "to_json", "from_json", "read_result"}
    | {"CONSTRUCTOR_ID", "TL_NAME", "ERRORS", "BOTS_CAN_USE"}
)
# The root namespace's key wherever namespaces are keyed (class names, reference pages).
ROOT_MODULE = "_root"
_BUILTIN_NAMES = frozenset(dir(builtins))


def upper_camel(tl_name: str) -> str:
    """`auth.sentCode` -> `SentCode`, `p_q_inner_data_dc` -> `PQInnerDataDc`."""
    parts = local_name(tl_name).split("_")
    name = "".join(part[:1].upper() + part[1:] for part in parts if part)
    # A class named like a builtin (valueError -> ValueError) would replace it for the code of
    # its module (the flag checks raise ValueError): it gets an underscore.
    if name in _BUILTIN_NAMES:
        return name + "_"
    return escape_keyword(name or "_")


def class_name(tl_name: str) -> str:
    """The class of a constructor or function."""
    return upper_camel(tl_name)


def union_name(type_name: str) -> str:
    """The Union alias of an abstract TL type: `auth.SentCode` -> `SentCode`."""
    return upper_camel(type_name)


def base_class_name(type_name: str) -> str:
    """The runtime base class of an abstract TL type: `auth.SentCode` -> `TypeSentCode`."""
    return "Type" + upper_camel(type_name).rstrip("_")


def attribute_name(tl_name: str) -> str:
    """The Python attribute of a TL param: keywords, names the object API or annotations use, and
    leading underscores get a trailing underscore."""
    if tl_name.startswith("__"):
        # Python mangles `__name` inside a class body, parameters included: `f__name_`.
        return "f" + tl_name + "_"
    if keyword.iskeyword(tl_name):
        return tl_name + "_"
    if tl_name in RESERVED_ATTRIBUTES or tl_name.startswith("_"):
        return tl_name + "_"
    return tl_name


# Names the namespace packages (types/, functions/, base/) define besides their submodules.
_NAMESPACE_INIT_NAMES = frozenset({"TYPE_CHECKING"})


def module_name(namespace: str | None) -> str:
    """The module of a TL namespace: `auth` -> `auth`, and for the dotted namespaces of TON
    (`liteServer.debug.verbosity`) the dots become underscores: `liteServer_debug`. Keywords
    and the namespace packages' own names get a trailing underscore. Two namespaces that
    would share a module are refused by the planner (see check_unique_modules). The root
    namespace (None) gives its key ROOT_MODULE; its classes are packed into modules of their
    own (plan/root_modules.py)."""
    if namespace is None:
        return ROOT_MODULE
    name = escape_keyword(namespace.replace(".", "_"))
    return name + "_" if name in _NAMESPACE_INIT_NAMES else name


def check_unique_modules(namespaces: Iterable[str | None]) -> str | None:
    """A message naming two namespaces that map to one module, or None when none do."""
    seen: dict[str, str | None] = {}
    for namespace in sorted(set(namespaces), key=lambda n: n or ""):
        module = module_name(namespace)
        if module in seen:
            return (
                f"namespaces '{seen[module]}' and '{namespace}' would both be generated as "
                f"module '{module}': rename one of them"
            )
        seen[module] = namespace
    return None


# Names a namespace cannot take: the root namespace's key (its classes' names are made unique
# under it, its reference page is ns/_root.html) and dunder names (a folder's __init__,
# Python's own).
def module_name_problem(namespace: str) -> str | None:
    """Why a namespace cannot be a module of the generated package, or None."""
    module = module_name(namespace)
    if not module.isidentifier():
        return f"namespace '{namespace}' is not a Python identifier"
    if module == ROOT_MODULE:
        return f"namespace '{namespace}' is the name tlgen gives the root namespace"
    if module.startswith("__") and module.endswith("__"):
        return f"namespace '{namespace}' would be the generated module {module}.py, a name tlgen or Python uses"
    return None


def root_module_names(namespace_modules: Iterable[str], wanted: Sequence[str]) -> list[str]:
    """The stems of the root namespace's modules of one folder (root_module_stem), in order: a
    stem that a namespace's module (or an earlier root module) already has takes trailing
    underscores (`_message` -> `_message_`)."""
    taken = sorted(set(namespace_modules))
    return unique_names([*taken, *wanted])[len(taken) :]


def module_alias(kind: str, module: str) -> str:
    """The name a generated module imports another one (`types`/`functions`/`base`, module
    stem) under: `_base_auth`, `_types__message_media`, `_functions__init_connection`. The stem is kept
    whole, so the alias is unique because the stem is: within a folder, two namespaces never
    share a module (check_unique_modules) and the root namespace's modules step aside from
    every namespace's (root_module_names)."""
    return f"_{kind}_{module}"


def package_name_problem(package: str) -> str | None:
    """Why `package` cannot name the generated package, or None: it must be an identifier and
    must not hide a standard library module (the package itself imports struct, typing, re,
    enum, ...; `import types` anywhere would find it instead)."""
    if not package.isidentifier() or keyword.iskeyword(package):
        return f"--package {package!r} is not a Python identifier"
    if package in sys.stdlib_module_names or package in sys.builtin_module_names:
        return f"--package {package!r} would hide the standard library module {package}"
    return None


def _camel_words(tl_name: str) -> list[str]:
    """`MessageMedia` -> [message, media], `DataJSON` -> [data, json], `P_Q_inner_data` ->
    [p, q, inner, data]: a run of capitals is one word."""
    words = re.findall(r"[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z0-9]+", local_name(tl_name))
    return [w.lower() for w in words]


def page_file_name(name: str) -> str:
    """The file of a reference page (`tlgen docs`) of a definition, type or namespace."""
    return f"{name}.html"


def root_module_stem(tl_name: str) -> str:
    """The module stem a root-namespace item (a TL type, a request) names when it is the first
    of its module (plan/root_modules.py): `MessageMedia` -> `_message_media`. The leading
    underscore keeps these apart from namespaces' modules and Python keywords."""
    return "_" + "_".join(_camel_words(tl_name))


def escape_keyword(name: str) -> str:
    """A Python keyword gets a trailing underscore; other names stay."""
    return name + "_" if keyword.iskeyword(name) else name


def unique_names(wanted: Iterable[str]) -> list[str]:
    """Deduplicate in order: a later clash gets underscores until it is free."""
    taken: set[str] = set()
    result = []
    for name in wanted:
        while name in taken:
            name += "_"
        taken.add(name)
        result.append(name)
    return result


# Classes and enum names for the conventional RPC error codes.
CODE_NAMES = {
    303: ("SEE_OTHER", "SeeOtherError"),
    400: ("BAD_REQUEST", "BadRequestError"),
    401: ("UNAUTHORIZED", "UnauthorizedError"),
    403: ("FORBIDDEN", "ForbiddenError"),
    404: ("NOT_FOUND", "NotFoundError"),
    406: ("NOT_ACCEPTABLE", "NotAcceptableError"),
    420: ("FLOOD", "FloodError"),
    500: ("INTERNAL", "InternalServerError"),
}


def code_member_name(code: int) -> str:
    """ErrorCode member: 400 -> BAD_REQUEST, 503 -> CODE_503, -503 -> CODE_MINUS_503."""
    if code in CODE_NAMES:
        return CODE_NAMES[code][0]
    return f"CODE_MINUS_{-code}" if code < 0 else f"CODE_{code}"


def code_class_name(code: int) -> str:
    """The exception class of an error code: 400 -> BadRequestError, 503 -> Code503Error."""
    if code in CODE_NAMES:
        return CODE_NAMES[code][1]
    return f"CodeMinus{-code}Error" if code < 0 else f"Code{code}Error"


# The number of a patterned name, as in errortables/catalog.py: X, or X and its unit (XMIN).
_NUMBER_WORD = re.compile(r"^X(?=(?:MIN)?$)")


def _error_words(name: str) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z0-9]+", name) if w]


def error_member_name(name: str) -> str:
    """ErrorName member: FLOOD_WAIT_X -> FLOOD_WAIT_X, 2FA_CONFIRM_WAIT_X -> E2FA_CONFIRM_WAIT_X,
    free text "No workers running" -> NO_WORKERS_RUNNING."""
    member = "_".join(_error_words(name)).upper() or "UNNAMED"
    return "E" + member if member[0].isdigit() else member


def error_class_name(name: str, keep_x: bool = False) -> str:
    """PHONE_NUMBER_INVALID -> PhoneNumberInvalidError; FLOOD_WAIT_X -> FloodWaitError (the X
    segment is the number, carried as `.value`; kept as `X` when `keep_x`), ..._WAIT_XMIN ->
    ...WaitMinError; a name that would shadow a builtin (TimeoutError) gets an Rpc prefix."""
    words = [w if keep_x else _NUMBER_WORD.sub("", w) for w in _error_words(name)]
    words = [w for w in words if w] or ["Unnamed"]
    if len(words) > 1 and words[-1].lower() == "error":
        words.pop()
    camel = "".join(w[:1].upper() + w[1:].lower() for w in words) + "Error"
    if camel[0].isdigit() or camel in _BUILTIN_NAMES:
        camel = "Rpc" + camel
    return camel


def is_server_text(name: str) -> bool:
    """Whether an error name is free text ("Timeout", "No workers running") rather than an
    UPPER_SNAKE_CASE name."""
    return name != name.upper()


def error_class_names(names: Iterable[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """The exception class of every error name, by a rule that reads the whole set but never
    its order (docs/ARCHITECTURE.md §3):

    1. `error_class_name(name)`, with an Rpc prefix when that is a name in `taken` (the code
       classes);
    2. a patterned name whose class another name also gets keeps its X: EMAIL_UNCONFIRMED and
       EMAIL_UNCONFIRMED_X -> EmailUnconfirmedError and EmailUnconfirmedXError;
    3. free text whose class is still shared gets Text before Error: TIMEOUT and Timeout ->
       RpcTimeoutError and RpcTimeoutTextError;
    4. names still sharing a class (spellings that differ only in punctuation) are numbered
       from 2 in the sorted order of the names themselves."""
    reserved = frozenset(taken)

    def first(name: str) -> str:
        camel = error_class_name(name)
        return "Rpc" + camel if camel in reserved else camel

    def patterned(name: str) -> str:
        if "X" not in name.split("_"):
            return first(name)
        camel = error_class_name(name, keep_x=True)
        return "Rpc" + camel if camel in reserved else camel

    def text(name: str) -> str:
        camel = patterned(name)
        return camel[: -len("Error")] + "TextError" if is_server_text(name) else camel

    result = {name: first(name) for name in names}
    for rule in (patterned, text):
        for name in _shared(result):
            result[name] = rule(name)
    return _number_clashes(result, "Error", "{}{}Error")


def error_member_names(names: Iterable[str]) -> dict[str, str]:
    """The ErrorName member of every error name, independent of order: `error_member_name`;
    free text sharing a member gets `_TEXT` (TIMEOUT and Timeout -> TIMEOUT and TIMEOUT_TEXT);
    names still sharing one are numbered from 2 in sorted order."""
    result = {name: error_member_name(name) for name in names}
    for name in _shared(result):
        if is_server_text(name):
            result[name] += "_TEXT"
    return _number_clashes(result, "", "{}_{}")


def _shared(chosen: dict[str, str]) -> list[str]:
    """The names whose choice another name also has."""
    counts: dict[str, int] = {}
    for value in chosen.values():
        counts[value] = counts.get(value, 0) + 1
    return [name for name, value in chosen.items() if counts[value] > 1]


def _number_clashes(chosen: dict[str, str], suffix: str, numbered: str) -> dict[str, str]:
    groups: dict[str, list[str]] = {}
    for name in _shared(chosen):
        groups.setdefault(chosen[name], []).append(name)
    for value, members in groups.items():
        stem = value[: len(value) - len(suffix)]
        for index, name in enumerate(sorted(members)[1:], start=2):
            chosen[name] = numbered.format(stem, index)
    return chosen


def public_module(package: str, kind: str, namespace: str | None) -> str:
    """Where users import a class from: `tl.functions.auth`; the root namespace's names are
    served by the kind's package itself (`tl.types`)."""
    if namespace is None:
        return f"{package}.{kind}"
    return f"{package}.{kind}.{module_name(namespace)}"


def import_line(package: str, kind: str, namespace: str | None, name: str) -> str:
    """`from tl.functions.auth import ResendCode`."""
    return f"from {public_module(package, kind, namespace)} import {name}"
