"""The README's examples run, and it documents every command and option of `kg`."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from fastapi.testclient import TestClient

from kg.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BASE = "http://127.0.0.1:8000"


def curl_commands() -> list[list[str]]:
    """Every read-only curl command in the README's shell blocks, as argument lists (the
    examples that write, with the token and a file of the reader's, are the tests of their
    routes: test_imports.py, test_sparql_endpoint.py)."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        for command in re.split(r"\n(?=curl |\.venv/|make )", block):
            if command.startswith("curl ") and "$KG_WRITE_TOKEN" not in command:
                commands.append(shlex.split(command))
    return commands


def run_curl(client: TestClient, args: list[str]):
    url = next(a for a in args if a.startswith(BASE))
    # curl sends a URL as it is written: Chinese in it is no valid HTTP (kg answers 400)
    assert url.isascii(), f"{url}: percent-encode (curl -G --data-urlencode)"
    headers, data = {}, []
    it = iter(args[1:])
    for arg in it:
        if arg == "-H":
            key, _, value = next(it).partition(": ")
            headers[key] = value
        elif arg in ("--data-urlencode", "-d"):
            key, _, value = next(it).partition("=")
            data.append((key, value))
    path = url[len(BASE) :]
    if "-G" in args or "-sG" in args:
        return client.get(path, params=data, headers=headers)
    if data:
        return client.post(path, data=dict(data), headers=headers)
    return client.get(path, headers=headers)


def test_the_readme_has_curl_examples() -> None:
    assert len(curl_commands()) >= 3


@pytest.mark.parametrize("args", curl_commands(), ids=lambda a: " ".join(a)[:60])
def test_curl_examples_work(client: TestClient, args: list[str]) -> None:
    response = run_curl(client, args)
    assert response.status_code == 200, response.text
    assert response.content


def test_first_query_finds_the_enterprises_with_their_sentences(client: TestClient) -> None:
    sparql_example = next(a for a in curl_commands() if f"{BASE}/sparql" in a)
    rows = run_curl(client, sparql_example).text.strip().splitlines()
    assert rows[0] == "org,name,sentence" and len(rows) == 5
    assert any("哈尔滨联合飞机" in row and "8月8日" in row for row in rows)


def test_match_example_matches_the_readme_excerpt(client: TestClient) -> None:
    match_example = next(a for a in curl_commands() if "航空航天及高端装备" in " ".join(a))
    first = run_curl(client, match_example).json()["candidates"][0]
    assert f'"label": "{first["label"]}"' in README
    assert f'"score": {first["score"]}' in README


def _commands() -> list[tuple[str, click.Command]]:
    assert isinstance(main, click.Group)
    return sorted(main.commands.items())


@pytest.mark.parametrize(
    ("name", "command"), _commands(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_command_and_option_is_in_the_readme(name: str, command: click.Command) -> None:
    assert f"kg {name}" in README
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(opt in README for opt in param.opts), f"kg {name} {param.opts}"


def test_global_options_are_in_the_readme() -> None:
    for param in main.params:
        if isinstance(param, click.Option) and param.name not in ("version",):
            assert any(opt in README for opt in param.opts), param.opts
