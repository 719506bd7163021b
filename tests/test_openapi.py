"""kg.api.openapi: the OpenAPI document is what the API does. Schemathesis generates
requests for every operation from ``/openapi.json`` (valid and invalid ones) and checks each
answer: never a server error, a documented status, a documented media type, a body that
matches the schema (errors: the one error body). The long run (>= 5,000 requests against a
real server) is ``bench/fuzz_api.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from kg.api import create_app
from kg.config import Settings
from kg.loading import load_curated
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXAMPLES = 15  # per operation and mode: 29 operations x 2 modes; the long run is the bench
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.negative_data_rejection,
    schemathesis.checks.positive_data_acceptance,
]


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[FastAPI]:
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    changed = Settings.model_validate(
        {**settings.model_dump(), "write_token": TOKEN, "warm_chains": False}
    )
    application = create_app(changed, store)
    with TestClient(application):  # runs the lifespan: the app's state is made
        yield application


@pytest.fixture(scope="module")
def api(app: FastAPI) -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_path(str(ROOT / "schemathesis.toml"))
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every documented operation (the document needs no store)."""
    doc = create_app(Settings(data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")).openapi()
    return [(m.upper(), path) for path, item in doc["paths"].items() for m in item]


@pytest.mark.parametrize(("method", "path"), _operations())
@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
def test_every_operation_answers_as_documented(
    api: schemathesis.BaseSchema, method: str, path: str, mode: schemathesis.GenerationMode
) -> None:
    operation = api[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=AUTH, checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        # Only when no request can break the schema (every parameter is any string):
        # a schema that forbids something always yields invalid requests.
        assert mode is schemathesis.GenerationMode.NEGATIVE


def test_no_validation_error_shape_is_documented(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in str(doc)
    for item in doc["paths"].values():
        for operation in item.values():
            responses = operation["responses"]
            assert "422" not in responses or operation["summary"].startswith(("Ingest", "Import"))
            for status, response in responses.items():
                if int(status) >= 400:
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorBody"


def test_named_queries_are_documented_as_sparql(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    ok = doc["paths"]["/api/queries/{name}"]["get"]["responses"]["200"]["content"]
    assert list(ok) == ["application/sparql-query"]
    r = client.get("/api/queries/example-partner-match")
    assert r.headers["content-type"].startswith("application/sparql-query")


def test_a_method_not_allowed_lists_every_method_of_the_path(client: TestClient) -> None:
    r = client.request("OPTIONS", "/id/graph/x")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    assert r.headers["allow"] == "GET, HEAD, POST, PUT, DELETE"
    assert client.request("PATCH", "/sparql").headers["allow"] == "GET, POST"
