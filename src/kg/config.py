"""One settings object for the CLI, the API and the library.

Every field can be set by an environment variable with the ``KG_`` prefix
(``KG_STORE_PATH``, ``KG_PORT``, ...) and by the matching CLI option. Nothing is read
at import: call :class:`Settings` to build one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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
    backup_dir: Path = Field(
        Path("var/backups"),
        description="Directory a running server writes backups into (POST /api/backup).",
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
    max_body_triples: int = Field(
        100_000,
        ge=1,
        description="Most triples one Graph Store request body may hold (413 beyond).",
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
    query_memory: int = Field(
        2048,
        ge=0,
        description="MiB of memory a query or update may use in its worker process; beyond, it is stopped (503). 0: no cap.",
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
    warm_export_tables: bool = Field(
        True,
        description="Build the tables large GraphML, CSV, Parquet and Excel exports are written from "
        "(kg.export.tablecache) in the background at start-up and after each write "
        "(an embedded store on disk only); an export that finds them not built goes node by node.",
    )
    index_path: Path | None = Field(
        None,
        description="Directory where chain indexes are kept per store revision, so a restart "
        "on an unchanged store loads them; default: beside the store, {store_path}-indexes.",
    )
    warm_pages: bool = Field(
        True,
        description="Compute the counts, facets and indexes the pages read (home, search, review) in the background at start-up and after each write.",
    )
    home_region: str = Field(
        "place/heilongjiang",
        pattern=r"^([a-z]+/[a-z0-9][a-z0-9-]*|https?://\S+)$",
        description="The region the home page's chain form starts on: an entity key "
        "(place/harbin) or an IRI.",
    )
    max_hops: int = Field(3, ge=0, le=6, description="Largest neighbourhood an export may ask for.")
    export_timeout: float = Field(
        900.0,
        gt=0,
        description="Seconds an export download may take to write (its selection has the query time limit).",
    )
    store_url: str | None = Field(
        None,
        description="Base URL of a SPARQL 1.1 server that holds the store instead of the embedded one (e.g. http://127.0.0.1:7878); unset: the embedded store.",
    )
    store_query_url: str | None = Field(
        None, description="Its SPARQL query endpoint; unset: {store_url}/query (Oxigraph server)."
    )
    store_update_url: str | None = Field(
        None, description="Its SPARQL update endpoint; unset: {store_url}/update."
    )
    store_graph_store_url: str | None = Field(
        None,
        description="Its Graph Store Protocol endpoint, for bulk uploads; unset: {store_url}/store; empty: none (uploads go through SPARQL Update).",
    )
    store_user: str | None = Field(None, description="User name kg gives the SPARQL server.")
    store_password: SecretStr | None = Field(
        None, description="Password kg gives the SPARQL server (with KG_STORE_USER)."
    )
    store_auth: Literal["basic", "digest"] = Field(
        "basic", description="How the user and password are sent: HTTP basic or digest (Virtuoso)."
    )
    store_token: SecretStr | None = Field(
        None, description="Bearer token kg gives the SPARQL server (instead of a user)."
    )
    store_union_default_graph: Literal["parameter", "server"] = Field(
        "parameter",
        description="How kg's default graph (the union of all graphs) is asked for: Oxigraph's union-default-graph parameter, or the server's default graph already is the union.",
    )
    store_connect_timeout: float = Field(
        5.0, gt=0, description="Seconds to wait for a connection to the SPARQL server."
    )
    store_write_timeout: float = Field(
        600.0, gt=0, description="Seconds a write (update, upload) to the SPARQL server may take."
    )
    store_retries: int = Field(
        2,
        ge=0,
        le=10,
        description="Retries of a request the SPARQL server could not take (connection failed, 502-504).",
    )
    store_version_poll: float = Field(
        2.0,
        gt=0,
        description="Seconds between two reads of the version marker on the SPARQL server (writes by others show within this).",
    )

    @field_validator("base_iri")
    @classmethod
    def _base_iri_is_absolute(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError("base_iri must be an absolute http(s) IRI ending with '/'")
        return value

    @field_validator("query_memory")
    @classmethod
    def _memory_cap_is_workable(cls, value: int) -> int:
        if 0 < value < 256:
            raise ValueError("query_memory must be 0 (no cap) or at least 256 MiB")
        return value

    @field_validator("write_token")
    @classmethod
    def _token_is_strong(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("write_token must be at least 16 characters")
        return value

    @field_validator("store_url", "store_query_url", "store_update_url")
    @classmethod
    def _is_http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/") if value else value

    @field_validator("store_graph_store_url")
    @classmethod
    def _is_http_url_or_empty(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL, or empty for none")
        return value

    @property
    def remote(self) -> bool:
        """Whether the store is a SPARQL server (``KG_STORE_URL``) rather than embedded."""
        return bool(self.store_url)

    @property
    def store_location(self) -> str:
        """Where the store is, for messages: the server's URL or the directory."""
        return self.store_url if self.store_url else str(self.store_path)

    @property
    def writable(self) -> bool:
        """Whether HTTP writes are on: a token is set and read-only is not forced."""
        return self.write_token is not None and not self.read_only

    @property
    def chain_index_dir(self) -> Path:
        """Where chain indexes are kept (``index_path``, else ``{store_path}-indexes``)."""
        return self.index_path or self.store_path.with_name(self.store_path.name + "-indexes")

    @property
    def export_table_dir(self) -> Path:
        """Where the tables large exports are written from are kept, per store revision
        (:mod:`kg.export.tablecache`): beside the store, ``{store_path}-tables``."""
        return self.store_path.with_name(self.store_path.name + "-tables")

    @property
    def id_base(self) -> str:
        """The prefix of every resource IRI: ``{base_iri}id/``."""
        return f"{self.base_iri}id/"
