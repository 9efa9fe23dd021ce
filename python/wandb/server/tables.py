"""SQL tables (SQLAlchemy Core), shared by SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# BigInteger primary keys autoincrement on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is needed.
PK = BigInteger().with_variant(Integer(), "sqlite")

schema_version = Table(
    "vireo_schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", Float, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("username", String(128), nullable=False, unique=True),
    Column("email", String(256)),
    Column("name", String(256)),
    Column("admin", Boolean, nullable=False, default=False),
    Column("created_at", Float, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("description", Text),
    Column("created_at", Float, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("is_team", Boolean, nullable=False, default=False),
    Column("created_at", Float, nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("entity_id", ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(256), nullable=False),
    Column("description", Text),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("entity_id", "name", name="uq_projects_entity_name"),
)

runs = Table(
    "runs",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(128), nullable=False),
    Column("display_name", String(512)),
    Column("description", Text),
    Column("notes", Text),
    Column("config", Text, nullable=False, default="{}"),
    Column("summary", Text, nullable=False, default="{}"),
    Column("system_metrics", Text, nullable=False, default="{}"),
    Column("tags", Text, nullable=False, default="[]"),
    Column("group_name", String(512)),
    Column("job_type", String(512)),
    Column("state", String(32), nullable=False, default="running"),
    Column("exit_code", Integer),
    Column("stopped", Boolean, nullable=False, default=False),
    Column("commit", String(128)),
    Column("host", String(512)),
    Column("program", Text),
    Column("repo", Text),
    Column("sweep_name", String(128)),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL")),
    Column("heartbeat_at", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("history_line_count", BigInteger, nullable=False, default=0),
    Column("events_line_count", BigInteger, nullable=False, default=0),
    Column("log_line_count", BigInteger, nullable=False, default=0),
    Column("history_keys", Text, nullable=False, default="{}"),
    Column("last_step", BigInteger),
    UniqueConstraint("project_id", "name", name="uq_runs_project_name"),
)

# One row per file_stream line, addressed by (run, line number): re-sending an offset overwrites.
history = Table(
    "history",
    metadata,
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("line", BigInteger, primary_key=True, autoincrement=False),
    Column("step", BigInteger),
    Column("data", Text, nullable=False),
    Index("ix_history_run_step", "run_id", "step"),
)

events = Table(
    "events",
    metadata,
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("line", BigInteger, primary_key=True, autoincrement=False),
    Column("data", Text, nullable=False),
)

console = Table(
    "console",
    metadata,
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("line", BigInteger, primary_key=True, autoincrement=False),
    Column("data", Text, nullable=False),
)

files = Table(
    "files",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(1024), nullable=False),
    Column("digest", String(64)),
    Column("size", BigInteger, nullable=False, default=0),
    Column("md5", String(32)),
    Column("mimetype", String(128)),
    Column("uploaded", Boolean, nullable=False, default=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("run_id", "name", name="uq_files_run_name"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("wait_duration_ms", BigInteger),
    Column("created_at", Float, nullable=False),
)

# ---- artifacts (migration 2) ----------------------------------------------------------------

artifact_types = Table(
    "artifact_types",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(256), nullable=False),
    Column("description", Text),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("project_id", "name", name="uq_artifact_types_project_name"),
)

# A collection is a sequence (versions of one artifact name) or a portfolio (link target).
artifact_collections = Table(
    "artifact_collections",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("type_id", ForeignKey("artifact_types.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(256), nullable=False),
    Column("kind", String(16), nullable=False, default="sequence"),
    Column("description", Text),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("project_id", "name", name="uq_artifact_collections_project_name"),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("collection_id", ForeignKey("artifact_collections.id", ondelete="CASCADE"), nullable=False),
    Column("version_index", Integer),
    Column("digest", String(128), nullable=False),
    Column("state", String(16), nullable=False, default="PENDING"),
    Column("description", Text),
    Column("metadata", Text),
    Column("run_id", ForeignKey("runs.id", ondelete="SET NULL")),
    Column("client_id", String(256)),
    Column("sequence_client_id", String(256)),
    Column("history_step", BigInteger),
    Column("ttl_seconds", BigInteger),
    Column("pending_aliases", Text, nullable=False, default="[]"),
    Column("manifest_md5", String(32)),
    Column("file_count", Integer, nullable=False, default=0),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Index("ix_artifacts_client_id", "client_id"),
)

artifact_aliases = Table(
    "artifact_aliases",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("collection_id", ForeignKey("artifact_collections.id", ondelete="CASCADE"), nullable=False),
    Column("artifact_id", ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("alias", String(256), nullable=False),
    UniqueConstraint("collection_id", "alias", name="uq_artifact_aliases_collection_alias"),
)

artifact_files = Table(
    "artifact_files",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("artifact_id", ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(1024), nullable=False),
    Column("md5", String(32), nullable=False),
    Column("birth_artifact_id", BigInteger, nullable=False),
    Column("size", BigInteger),  # migration 3; from the manifest at commit
    UniqueConstraint("artifact_id", "name", name="uq_artifact_files_artifact_name"),
    Index("ix_artifact_files_md5", "md5"),
)

artifact_manifests = Table(
    "artifact_manifests",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("artifact_id", ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(256), nullable=False),
    Column("kind", String(16), nullable=False, default="FULL"),
    Column("digest", String(128)),
    Column("created_at", Float, nullable=False),
)

artifact_usage = Table(
    "artifact_usage",
    metadata,
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("artifact_id", ForeignKey("artifacts.id", ondelete="CASCADE"), primary_key=True),
    Column("used_as", String(256)),
    Column("created_at", Float, nullable=False),
)

# ---- artifact links, tags, registries, multipart (migration 3) ------------------------------

# A version linked into a portfolio collection (a link target or a registry collection).
artifact_links = Table(
    "artifact_links",
    metadata,
    Column("id", PK, primary_key=True, autoincrement=True),
    Column("collection_id", ForeignKey("artifact_collections.id", ondelete="CASCADE"), nullable=False),
    Column("artifact_id", ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("version_index", Integer, nullable=False),
    Column("created_at", Float, nullable=False),
    UniqueConstraint("collection_id", "artifact_id", name="uq_artifact_links_collection_artifact"),
    UniqueConstraint("collection_id", "version_index", name="uq_artifact_links_collection_version"),
    Index("ix_artifact_links_artifact", "artifact_id"),
)

artifact_tags = Table(
    "artifact_tags",
    metadata,
    Column("artifact_id", ForeignKey("artifacts.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(256), primary_key=True),
)

collection_tags = Table(
    "collection_tags",
    metadata,
    Column("collection_id", ForeignKey("artifact_collections.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(256), primary_key=True),
)

# Settings of a registry project (``wandb-registry-<name>`` in an organization's entity).
registry_settings = Table(
    "registry_settings",
    metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("access", String(32), nullable=False, default="PRIVATE"),
    Column("allow_all_types", Boolean, nullable=False, default=True),
    Column("artifact_types", Text, nullable=False, default="[]"),
)

# Multipart uploads in progress: parts are stored as blobs keyed by their own MD5.
multipart_uploads = Table(
    "multipart_uploads",
    metadata,
    Column("upload_id", String(64), primary_key=True),
    Column("artifact_id", ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False),
    Column("md5", String(32), nullable=False),
    Column("parts", Text, nullable=False),
    Column("created_at", Float, nullable=False),
)

# One version number per collection: concurrent commits cannot both take vN.
ix_artifacts_collection_version = Index(
    "uq_artifacts_collection_version", artifacts.c.collection_id, artifacts.c.version_index, unique=True
)
