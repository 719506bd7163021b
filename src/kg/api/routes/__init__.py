"""One router module per resource."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter


def add_routes(
    router: APIRouter,
    path: str,
    endpoint: Callable[..., Any],
    methods: Sequence[str],
    **kwargs: Any,
) -> None:
    """Register one endpoint for several methods, each with its own OpenAPI operation id."""
    name = kwargs.pop("name", endpoint.__name__)
    summary = kwargs.pop("summary", None)
    for method in methods:
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            operation_id=f"{name}_{method.lower()}",
            summary=f"{summary} ({method})" if summary else None,
            **kwargs,
        )
