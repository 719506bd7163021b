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
        False, description="Refuse every write over HTTP, even when KG_WRITE_TOKEN is set."
    )
    write_token: SecretStr | None = Field(
        None,
        description="Bearer token for SPARQL Update and Graph Store writes; unset: writes are off.",
    )
    query_timeout: float = Field(
        30.0, gt=0, description="Seconds a query may run before it is stopped (503)."
    )
    max_results: int = Field(
        100_000,
        ge=1,
        description="Most rows (or triples) a query answer holds; more is cut and flagged.",
    )
    max_body_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest request body accepted (413 beyond)."
    )
    max_import_bytes: int = Field(
        512 * 1024 * 1024,
        ge=1024,
        description="Largest table POST /api/import accepts (413 beyond).",
    )
    max_query_bytes: int = Field(
        256 * 1024,
        ge=1024,
        description="Largest SPARQL query text accepted, in UTF-8 bytes (413 beyond).",
    )
    query_workers: int = Field(
        3,
        ge=0,
        le=32,
        description="Worker processes that run queries over an on-disk store (0: in-process, no hard stop).",
    )
    remote_allowlist: list[str] = Field(
        default_factory=list,
        description="IRIs (or prefixes ending in /) that SERVICE and LOAD may reach; empty: none.",
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS; empty: CORS is off."
    )
    warm_chains: bool = Field(
        True,
        description="Build every chain's match index in the background at start-up and after each write.",
    )
    index_path: Path | None = Field(
        None,
        description="Directory where chain indexes are kept per store revision, so a restart "
        "on an unchanged store loads them; default: beside the store, {store_path}-indexes.",
    )
    max_hops: int = Field(3, ge=0, le=6, description="Largest neighbourhood an export may ask for.")

    @field_validator("base_iri")
    @classmethod
    def _base_iri_is_absolute(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError("base_iri must be an absolute http(s) IRI ending with '/'")
        return value

    @field_validator("write_token")
    @classmethod
    def _token_is_strong(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("write_token must be at least 16 characters")
        return value

    @property
    def writable(self) -> bool:
        """Whether HTTP writes are on: a token is set and read-only is not forced."""
        return self.write_token is not None and not self.read_only

    @property
    def chain_index_dir(self) -> Path:
        """Where chain indexes are kept (``index_path``, else ``{store_path}-indexes``)."""
        return self.index_path or self.store_path.with_name(self.store_path.name + "-indexes")

    @property
    def id_base(self) -> str:
        """The prefix of every resource IRI: ``{base_iri}id/``."""
        return f"{self.base_iri}id/"
