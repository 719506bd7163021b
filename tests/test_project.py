"""Project-level promises: documented settings, a curated public API, runnable docstrings."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import kg
from kg.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_public_api_is_exactly_this() -> None:
    assert sorted(kg.__all__) == ["KGError", "Settings", "__version__"]


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented_in_the_readme(field: str) -> None:
    assert f"KG_{field.upper()}" in README, f"README does not document KG_{field.upper()}"


def test_readme_gives_the_two_commands() -> None:
    assert "make run" in README and "make test" in README


MODULES = sorted(m.name for m in pkgutil.walk_packages(kg.__path__, "kg."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, verbose=False, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_nothing_runs_at_import() -> None:
    """Importing every module opens no store and reads no settings (no global state)."""
    for name in MODULES:
        source = (ROOT / "src" / Path(*name.split("."))).with_suffix(".py")
        if not source.exists():
            source = ROOT / "src" / Path(*name.split(".")) / "__init__.py"
        text = source.read_text(encoding="utf-8")
        top_level = [
            line
            for line in text.splitlines()
            if re.match(r"^[a-z_]+\s*=\s*(Settings|open_store|create_app)\(", line)
        ]
        assert not top_level, (name, top_level)
