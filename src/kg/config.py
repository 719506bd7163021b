"""One settings object for the CLI, the API and the library.

Every field can be set by an environment variable with the ``KG_`` prefix
(``KG_STORE_PATH``, ``KG_PORT``, ...) and by the matching CLI option. Nothing is read
at import: call :class:`Settings` to build one.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BASE_IRI = "https://w3id.org/kg-industry/"


class Settings(BaseSettings):
    """kg configuration. Each field is documented in README.md (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="KG_", extra="forbid")

    store_path: Path = Field(
        Path("var/store"), description="Directory of the embedded pyoxigraph store."
    )
    data_dir: Path = Field(
        Path("data"), description="Directory holding sources/ and curated/ (the real data)."
    )
    ontology_dir: Path = Field(
        Path("ontology"), description="Directory holding kg.ttl and shapes.ttl."
    )
    host: str = Field("127.0.0.1", description="Address the HTTP server binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port the HTTP server listens on.")
    base_iri: str = Field(
        DEFAULT_BASE_IRI,
        description="Base of every IRI kg mints; resources live under {base_iri}id/.",
    )
    read_only: bool = Field(
        True, description="Refuse every write through the HTTP API (SPARQL Update included)."
    )
    write_token: SecretStr | None = Field(
        None, description="Bearer token that write endpoints will require (unused while read-only)."
    )
    query_timeout: float = Field(
        30.0, gt=0, description="Seconds an HTTP query may run before the request fails with 503."
    )
    max_hops: int = Field(3, ge=0, le=6, description="Largest neighbourhood an export may ask for.")

    @field_validator("base_iri")
    @classmethod
    def _base_iri_is_absolute(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError("base_iri must be an absolute http(s) IRI ending with '/'")
        return value

    @property
    def id_base(self) -> str:
        """The prefix of every resource IRI: ``{base_iri}id/``."""
        return f"{self.base_iri}id/"
