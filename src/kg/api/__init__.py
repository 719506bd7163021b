"""The HTTP API: :func:`create_app` builds the FastAPI application from settings."""

from kg.api.app import create_app

__all__ = ["create_app"]
