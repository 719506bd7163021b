"""Choosing a response format: the ``format`` parameter, else ``Accept``."""

from __future__ import annotations

from fastapi import Request

from kg.formats import Format, by_name, negotiate


def choose(
    request: Request,
    offered: tuple[Format, ...],
    format_name: str | None,
    default: Format | None = None,
) -> Format:
    if format_name:
        return by_name(format_name, offered)
    return negotiate(request.headers.get("accept"), offered, default)
