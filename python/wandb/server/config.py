"""Server configuration (CLI flags, env vars and defaults in one place)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

MiB = 1024 * 1024


@dataclass
class ServerConfig:
    """How one server instance runs.

    ``db_url``: SQLAlchemy URL; default ``sqlite:///<data_dir>/vireo.db``. ``postgresql://``
    URLs are mapped to the psycopg 3 driver. ``blob_store``: a directory (default
    ``<data_dir>/blobs``) or ``s3://bucket/prefix`` (endpoint from ``WANDB_SERVER_S3_ENDPOINT``
    or ``AWS_ENDPOINT_URL``). ``local_blobs``: offer same-host clients direct access to a local
    blob directory (``GET /vireo/local-store``); ``WANDB_SERVER_LOCAL_BLOBS=0`` also turns it off.
    """

    data_dir: str
    host: str = "127.0.0.1"
    port: int = 8080
    db_url: str | None = None
    blob_store: str | None = None
    max_graphql_bytes: int = 16 * MiB
    max_filestream_bytes: int = 64 * MiB
    max_upload_bytes: int = 64 * 1024 * MiB
    upload_url_ttl_s: int = 24 * 3600
    download_url_ttl_s: int = 3600
    crash_after_s: float = 300.0
    monitor_interval_s: float = 30.0
    public_url: str | None = None
    local_blobs: bool = True
    extra: dict = field(default_factory=dict)

    def resolved_db_url(self) -> str:
        url = self.db_url or os.environ.get("WANDB_SERVER_DB_URL") or ""
        if not url:
            return "sqlite:///" + os.path.join(os.path.abspath(self.data_dir), "vireo.db")
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url

    def resolved_blob_store(self) -> str:
        return self.blob_store or os.environ.get("WANDB_SERVER_BLOB_STORE") or os.path.join(
            os.path.abspath(self.data_dir), "blobs"
        )
