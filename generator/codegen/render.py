"""View models -> module texts, through the Jinja2 templates in templates/."""

from __future__ import annotations

import struct
from functools import cache

import jinja2

from ..resources import templates
from ..templating import template_environment
from .escape import docstring_text, python_string
from .plan import ModulePlan, PackagePlan
from .plan.refs import ENVELOPE_MODULE
from .plan.wire import BOOL_FALSE_ID, BOOL_TRUE_ID

_TITLES = {
    "types": "Constructors of the {ns}namespace.",
    "functions": "Requests (TL functions) of the {ns}namespace.",
    "base": "Abstract TL types of the {ns}namespace: runtime base classes and Union aliases.",
}


def _hex(value: int) -> str:
    return f"0x{value:08X}"


def _id_bytes(value: int) -> str:
    """A constructor id as the bytes literal of its little-endian encoding, quoted as black
    quotes it: double quotes, unless that needs more escapes than single quotes."""
    data = struct.pack("<I", value)
    text = repr(data)  # b'...' unless the bytes hold ' and no "
    if text.startswith('b"') or data.count(b'"') > data.count(b"'"):
        return text
    return 'b"' + text[2:-1].replace("\\'", "'").replace('"', '\\"') + '"'


@cache
def environment() -> jinja2.Environment:
    """The environment of the package's templates (templates/, which only this module renders),
    given the plan's filters and constants once."""
    env = template_environment("", html=False)
    env.globals.update(BOOL_TRUE_ID=BOOL_TRUE_ID, BOOL_FALSE_ID=BOOL_FALSE_ID)
    env.filters.update(pystr=python_string, hex=_hex, docline=docstring_text, id_bytes=_id_bytes)
    return env


def render_module(module: ModulePlan, header: str, package: str) -> str:
    """The text of one namespace module (unformatted); `package` is bound for annotations."""
    namespace = "root " if module.namespace is None else f"``{module.namespace}`` "
    return (
        environment()
        .get_template("module.py.j2")
        .render(
            module=module,
            header=header,
            package=package,
            up="..",
            title=_TITLES[module.kind].format(ns=namespace),
        )
    )


def render_package(plan: PackagePlan) -> dict[str, str]:
    """Every generated module's text (unformatted), by path inside the package."""
    env = environment()
    files = {m.path: render_module(m, plan.header, plan.package) for m in plan.modules}
    for init in plan.inits:
        files[init.path] = env.get_template("namespace_init.py.j2").render(
            init=init,
            header=plan.header,
            title=_TITLES[init.kind].format(ns="").replace(" namespace", " namespaces"),
        )
    if plan.wire.binary:
        files["__init__.py"] = env.get_template("package_init.py.j2").render(
            header=plan.header, layer=plan.layer
        )
        # Telegram's error tables: a TDLib package raises TDLib's errors (client.py).
        files["errors.py"] = env.get_template("errors.py.j2").render(
            header=plan.header, errors=plan.errors
        )
    else:
        files["__init__.py"] = env.get_template("package_init_tdjson.py.j2").render(
            header=plan.header, tdlib_version=plan.wire.tdlib_version
        )
    files["_package.py"] = env.get_template("package_names.py.j2").render(header=plan.header)
    files["_registry.py"] = env.get_template("registry.py.j2").render(
        header=plan.header,
        constructors=plan.constructors,
        functions=plan.functions,
        envelope=plan.envelope,
        bases=plan.bases,
    )
    for name in sorted(runtime_modules(plan.wire.binary)):
        files[name] = (templates() / "runtime" / name).read_text(encoding="utf-8")
    return files


# Runtime modules of one wire format only: Telegram's (the MTProto envelope, RPCError), and
# TDLib's (its JSON codec and client).
_BINARY_ONLY = frozenset({f"{ENVELOPE_MODULE}.py", "_rpcerror.py"})
_TDJSON_ONLY = frozenset({"_tdjson.py", "client.py"})


@cache
def runtime_modules(binary: bool | None = None) -> frozenset[str]:
    """The modules copied verbatim from templates/runtime/ (black's fixed points already):
    those of a binary package, of a TDLib JSON package, or (None) all of them."""
    runtime = templates().joinpath("runtime").iterdir()
    every = frozenset(entry.name for entry in runtime if entry.name.endswith(".py"))
    if binary is None:
        return every
    return every - (_TDJSON_ONLY if binary else _BINARY_ONLY)
