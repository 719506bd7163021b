"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol test suites (``tests/w3c/``), run by
``bench/w3c.py`` against a live ``kg serve`` (a subprocess on a free port, fresh store,
write token set): every test passes. The summary is printed; a failure lists every
failing test and why.

The server runs as shipped: queries in worker processes, over snapshots of the store."""

from __future__ import annotations

import importlib.util
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("w3c", ROOT / "bench" / "w3c.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["w3c"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_w3c_protocol_and_graph_store_suites_pass(
    record_property: Callable[[str, object], None],
) -> None:
    w3c = _runner()
    token = secrets.token_hex(16)
    with w3c.kg_serve(token) as url:
        reports = w3c.run_suites(url, token)
    text = "\n".join(report.text() for report in reports)
    record_property("summary", text)  # printed at the end of the run (conftest.py)
    assert [(r.suite, r.passed, r.total) for r in reports] == [
        ("W3C SPARQL 1.1 Protocol", 34, 34),
        ("W3C SPARQL 1.1 Graph Store Protocol", 13, 13),
    ], text
