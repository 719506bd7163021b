"""Project-level promises: documented settings, a curated public API, runnable docstrings,
nothing done at import, type-ignores that say why."""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_public_api_is_exactly_what_the_package_holds() -> None:
    """``kg.__all__`` names every public member of the package, and nothing else (its
    submodules are not members: they are reached as ``kg.x``)."""
    members = {
        name
        for name, value in vars(kg).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert set(kg.__all__) == members | {"__version__"}
    assert len(kg.__all__) == len(set(kg.__all__))


def test_every_exported_name_exists() -> None:
    """A module's ``__all__`` lists only what it has (a renamed function leaves no stale
    export behind)."""
    stale = [
        f"{name}.{member}"
        for name in MODULES
        for member in getattr(importlib.import_module(name), "__all__", ())
        if not hasattr(importlib.import_module(name), member)
    ]
    assert not stale


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented_in_the_readme(field: str) -> None:
    assert f"KG_{field.upper()}" in README, f"README does not document KG_{field.upper()}"


def test_readme_gives_the_two_commands() -> None:
    assert "make run" in README and "make test" in README


MODULES = sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg.")) + ["kg"]


def _source(name: str) -> Path:
    path = (ROOT / "src" / Path(*name.split("."))).with_suffix(".py")
    return path if path.exists() else ROOT / "src" / Path(*name.split(".")) / "__init__.py"


def _has_examples(name: str) -> bool:
    """Whether a module's docstrings hold examples (``>>>`` lines not marked ``+SKIP``)."""
    lines = _source(name).read_text(encoding="utf-8").splitlines()
    return any(">>> " in line and "doctest: +SKIP" not in line for line in lines)


# The modules whose docstrings hold examples; each example must run.
WITH_EXAMPLES = [n for n in MODULES if _has_examples(n)]


def test_many_modules_document_themselves_by_example() -> None:
    assert len(WITH_EXAMPLES) >= 20, WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, attempted = doctest.testmod(module, verbose=False, optionflags=doctest.ELLIPSIS)
    assert attempted > 0, f"{name} has '>>> ' that doctest does not find"
    assert failures == 0


# Imports every kg module with traps set (after the third-party packages kg imports, whose
# own start-up is theirs): reading or listing a file, opening a store, making settings,
# starting a thread or a process at import is reported as ``module: what``.
_IMPORT_PROBE = r"""
import builtins, importlib, io, json, os, pkgutil, subprocess, sys, threading
third_party = json.loads(sys.argv[1])
for name in third_party:
    importlib.import_module(name)
import pyoxigraph, pydantic_settings
found = []
def trap(what, real):
    def wrapper(*args, **kwargs):
        frame = sys._getframe(1)
        while frame is not None:
            module = frame.f_globals.get("__name__", "")
            if module.startswith("kg") and frame.f_code.co_name == "<module>":
                found.append(f"{module}: {what} {args[:1]!r}")
                break
            frame = frame.f_back
        return real(*args, **kwargs)
    return wrapper
builtins.open = io.open = trap("open", io.open)
os.listdir = trap("listdir", os.listdir)
os.scandir = trap("scandir", os.scandir)
pyoxigraph.Store = trap("a store", pyoxigraph.Store)
pydantic_settings.BaseSettings.__init__ = trap("settings", pydantic_settings.BaseSettings.__init__)
threading.Thread.start = trap("a thread", threading.Thread.start)
subprocess.Popen.__init__ = trap("a process", subprocess.Popen.__init__)
import kg
for m in pkgutil.walk_packages(kg.__path__, "kg."):
    importlib.import_module(m.name)
print(json.dumps(found))
"""


def _third_party() -> list[str]:
    """The top-level packages kg's modules import (not kg, not the standard library)."""
    names: set[str] = set()
    for path in (ROOT / "src" / "kg").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return sorted(names - set(sys.stdlib_module_names) - {"kg", "__future__"})


def test_nothing_runs_at_import() -> None:
    """Importing every module reads no file, opens no store, makes no settings and starts
    no thread or process: all of that waits for a call."""
    probe = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, json.dumps(_third_party())],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(probe.stdout.splitlines()[-1]) == []


# Module-level state that outlives a call, each with why it is there. A new cache, table or
# singleton at module level fails the test below until it is argued for here.
MODULE_STATE = {
    "kg.entities.kind_of": "memo of a pure function of a type tuple (bounded)",
    "kg.export.tablecache.code_signature": "the row-making code's signature (its code and queries), made once",
    "kg.export.tables._kind": "memo of a pure function of a type list (bounded)",
    "kg.export.tables._labels": "memo of a pure function of a type list (bounded)",
    "kg.export.tables.curie": "memo of a pure function of an IRI (bounded)",
    "kg.export.tables.short_name": "memo of a pure function of an IRI (bounded)",
    "kg.formats._negotiate": "memo of a pure function of the Accept header",
    "kg.identity._load": "the identity rules of a data directory, read on first use",
    "kg.ingest.extract.lexicon.load": "a lexicon directory, read on first use",
    "kg.ingest.extract.values._PATTERNS": "compiled patterns, built on first use",
    "kg.ingest.pipeline._WORKER": "a worker process's reader, set by its initializer",
    "kg.ingest.text._converter": "the OpenCC converter, made on first use",
    "kg.ingest.text._simplified_already": "memo of a pure function of a character (GB 2312 or not)",
    "kg.match.cache.build_signature": "the build's signature (its code and queries), made once",
    "kg.match.index._cues": "the customer words (customer-words.csv beside it), read on first use",
    "kg.names._spell": "memo of a pure function: a name's pinyin spellings (bounded)",
    "kg.queries.get": "the named .rq files, read on first use",
    "kg.store.memo._SLOTS": "values computed once per store version (weakly keyed per store)",
    "kg.web.render.environment": "the one Jinja2 environment",
}
_CONTAINERS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}
_CONTAINERS |= {"WeakKeyDictionary", "WeakValueDictionary"}


def _module_state(name: str) -> list[str]:
    """Module-level names bound to an empty container (filled later: a cache) and
    module-level functions that memoize (``functools.cache`` / ``lru_cache``)."""
    found = []
    for node in ast.parse(_source(name).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            v = node.value
            empty = (isinstance(v, ast.Dict) and not v.keys) or (
                isinstance(v, ast.List | ast.Set) and not v.elts
            )
            if isinstance(v, ast.Call):
                func = v.func.attr if isinstance(v.func, ast.Attribute) else ast.unparse(v.func)
                empty = empty or (func in _CONTAINERS and not v.args and not v.keywords)
                empty = empty or func == "defaultdict"
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if empty:
                found += [f"{name}.{ast.unparse(t)}" for t in targets]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            "cache" in ast.unparse(d) for d in node.decorator_list
        ):
            found.append(f"{name}.{node.name}")
    return found


def test_module_level_state_is_known_and_argued_for() -> None:
    assert sorted(s for name in MODULES for s in _module_state(name)) == sorted(MODULE_STATE)


def test_every_type_ignore_says_which_error_and_why() -> None:
    """mypy runs in ``make test`` (unused ignores fail it); an ignore that stays names the
    error it silences and, after it, why the code is right anyway."""
    bare = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line and not re.search(r"# type: ignore\[[a-z, -]+\]  # \S", line)
    ]
    assert not bare, bare
