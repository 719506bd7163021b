"""One router module per resource."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter


def add_routes(
    router: APIRouter,
    path: str,
    endpoint: Callable[..., Any],
    methods: Sequence[str],
    per_method: Mapping[str, Mapping[str, Any]] | None = None,
    **kwargs: Any,
) -> None:
    """Register one endpoint for several methods, each with its own OpenAPI operation id;
    ``per_method`` adds route arguments for one method (its responses, its body)."""
    name = kwargs.pop("name", endpoint.__name__)
    summary = kwargs.pop("summary", None)
    for method in methods:
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            operation_id=f"{name}_{method.lower()}",
            summary=f"{summary} ({method})" if summary else None,
            **{**kwargs, **(per_method or {}).get(method, {})},
        )
