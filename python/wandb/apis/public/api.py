"""``wandb.Api``: query runs, projects and files on a W&B-compatible server."""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

from wandb.apis.public import queries
from wandb.apis.public._base import Attrs
from wandb.apis.public._gql import GraphQLClient, default_timeout, extra_headers
from wandb.apis.public.api_artifacts import ApiArtifactsMixin
from wandb.errors import AuthenticationError, CommError, UsageError

DEFAULT_BASE_URL = "https://api.wandb.ai"

# Backwards-compatible name: the client object behind ``api.client``.
RetryingClient = GraphQLClient


class User(Attrs):
    """The logged-in user (``api.viewer``): ``entity``, ``username``, ``email``, ``admin``,
    ``teams``, ``api_keys``."""

    def __init__(self, client: Any, attrs: dict[str, Any]) -> None:
        super().__init__(dict(attrs))
        self.client = client

    @property
    def teams(self) -> list[str]:
        """Names of the user's teams."""
        edges = ((self._attrs.get("teams") or {}).get("edges")) or []
        return [e["node"]["name"] for e in edges if e.get("node")]

    @property
    def api_keys(self) -> list[str]:
        """Names of the user's API keys."""
        edges = ((self._attrs.get("apiKeys") or {}).get("edges")) or []
        return [e["node"]["name"] for e in edges if e.get("node")]

    def __repr__(self) -> str:
        return f"<User {self._attrs.get('username') or self._attrs.get('email')}>"


def _settings_value(name: str) -> Any:
    """A value from the global settings (files and environment), None if unavailable."""
    try:
        from wandb.sdk import wandb_setup

        return getattr(wandb_setup.singleton().settings, name, None)
    except Exception:  # noqa: BLE001 - settings problems must not break the Api
        return None


def _netrc_key(base_url: str) -> Optional[str]:
    try:
        from wandb.sdk.lib.apikey import read_netrc_key

        return read_netrc_key(base_url)
    except Exception:  # noqa: BLE001
        return None


def _embedded_server(overrides: Dict[str, Any]) -> Optional[tuple]:
    """``(base_url, api_key)`` of the local server when no server or key is configured."""
    try:
        from wandb.sdk import embedded, wandb_setup

        settings = wandb_setup.singleton().settings
    except ImportError:  # pragma: no cover
        return None
    return embedded.use_for_api(settings, overrides)


class Api(ApiArtifactsMixin):
    """Query a W&B server (``https://api.wandb.ai`` unless configured otherwise).

    Args:
        overrides: ``base_url``, ``entity``, ``project`` defaults.
        timeout: HTTP timeout in seconds for each request (default 19, or
            ``WANDB_HTTP_TIMEOUT``).
        api_key: API key; otherwise ``WANDB_API_KEY``, the settings, or the netrc entry for
            the server's host. With no server and no key configured, the user's local
            Vireo server is used (started if needed; see ``wandb.sdk.embedded``).

    Raises:
        UsageError: no API key is configured.
        AuthenticationError: the server rejected the key.
    """

    _HTTP_TIMEOUT = 19

    def __init__(self, overrides: Optional[Dict[str, Any]] = None, timeout: Optional[int] = None,
                 api_key: Optional[str] = None, *, _session: Any = None,
                 _retry_seconds: Optional[float] = None) -> None:
        _overrides = dict(overrides or {})
        self.settings: dict[str, Any] = {
            "entity": os.environ.get("WANDB_ENTITY") or _settings_value("entity"),
            "project": os.environ.get("WANDB_PROJECT") or _settings_value("project"),
            "base_url": os.environ.get("WANDB_BASE_URL") or _settings_value("base_url")
            or DEFAULT_BASE_URL,
        }
        if "username" in _overrides and "entity" not in _overrides:
            _overrides["entity"] = _overrides["username"]
        self.settings.update(_overrides)
        self.settings["base_url"] = str(self.settings["base_url"] or DEFAULT_BASE_URL).rstrip("/")

        self._api_key = api_key
        key = self.api_key
        if not key:  # Vireo embedded default: nothing configured -> the user's local server
            local = _embedded_server(_overrides)
            if local is not None:
                self.settings["base_url"], self._api_key = local
                key = self._api_key
        if not key:
            raise UsageError(
                "api_key not configured (no-tty). call wandb.login(key=[your_api_key]) or set "
                "WANDB_API_KEY"
            )
        self._timeout = timeout if timeout is not None else default_timeout()
        headers = {
            "User-Agent": self.user_agent,
            "Use-Admin-Privileges": "true",
            **extra_headers(),
        }
        kwargs: dict[str, Any] = {}
        if _retry_seconds is not None:
            kwargs["retry_seconds"] = _retry_seconds
        self._client = GraphQLClient(
            f"{self.settings['base_url']}/graphql", key, timeout=self._timeout, headers=headers,
            session=_session, **kwargs,
        )
        self._viewer: Optional[User] = None
        self._default_entity: Optional[str] = None
        self._runs: dict[str, Any] = {}
        self._projects: dict[str, Any] = {}
        self._verify_login()
        try:
            _ = self.viewer
        except (ValueError, CommError):
            pass

    # -- credentials ------------------------------------------------------------------
    @property
    def api_key(self) -> Optional[str]:
        """The API key in use: ``api_key=``, ``WANDB_API_KEY``, settings, then netrc."""
        if self._api_key:
            return self._api_key
        key = (os.environ.get("WANDB_API_KEY") or _settings_value("api_key")
               or _netrc_key(self.settings["base_url"]))
        self._api_key = key or None
        return self._api_key

    @property
    def user_agent(self) -> str:
        """``W&B Public Client <version>``."""
        import wandb

        return f"W&B Public Client {wandb.__version__}"

    def _verify_login(self) -> None:
        base = self.settings["base_url"]
        res = self._client.execute(queries.VIEWER_ID)  # 401 -> AuthenticationError
        if not (res or {}).get("viewer"):
            raise AuthenticationError(
                f"API key verification failed for host {base}. Make sure your API key is valid."
            )

    # -- basics -----------------------------------------------------------------------
    @property
    def client(self) -> GraphQLClient:
        """The GraphQL client (``execute(query, variable_values)``)."""
        return self._client

    @property
    def viewer(self) -> User:
        """The logged-in user.

        Raises:
            ValueError: the server returned no viewer.
        """
        if self._viewer is None:
            viewer = (self._client.execute(queries.VIEWER) or {}).get("viewer")
            if viewer is None:
                raise ValueError(
                    "Unable to fetch user data from W&B, please verify your API key is valid."
                )
            self._viewer = User(self._client, viewer)
            self._default_entity = viewer.get("entity")
        return self._viewer

    @property
    def default_entity(self) -> Optional[str]:
        """The viewer's default entity."""
        if self._default_entity is None:
            res = self._client.execute(queries.DEFAULT_ENTITY) or {}
            self._default_entity = (res.get("viewer") or {}).get("entity")
        return self._default_entity

    def flush(self) -> None:
        """Forget cached runs so that the next ``run()`` / ``runs()`` refetches them."""
        self._runs = {}

    # -- paths ------------------------------------------------------------------------
    def _entity(self) -> Optional[str]:
        return self.settings.get("entity") or self.default_entity

    def _parse_project_path(self, path: Optional[str]) -> tuple[Optional[str], str]:
        if path is None:
            return self._entity(), self.settings.get("project") or "uncategorized"
        parts = path.strip("/ ").split("/")
        if len(parts) == 1:
            return self._entity(), parts[0]
        if len(parts) == 2:
            return parts[0], parts[1]
        raise ValueError(f"Invalid project path {path!r}: expected 'project' or 'entity/project'")

    def _parse_path(self, path: str) -> tuple[Optional[str], str, str]:
        """``entity/project/id``, ``entity/project/runs/id``, ``entity/project:id``,
        ``project/id`` or ``id`` -> (entity, project, run_id)."""
        cleaned = (path or "").strip("/ ").replace("/runs/", "/")
        parts = [p for p in cleaned.split("/") if p]
        if not parts:
            raise ValueError(f"Invalid run path {path!r}: expected 'entity/project/run_id'")
        last = parts[-1]
        if ":" in last:  # docker style entity/project:id
            head, run_id = last.rsplit(":", 1)
            parts = parts[:-1] + [head]
        else:
            run_id = last
            parts = parts[:-1]
        if len(parts) == 0:
            return self._entity(), self.settings.get("project") or "uncategorized", run_id
        if len(parts) == 1:
            return self._entity(), parts[0], run_id
        if len(parts) == 2:
            return parts[0], parts[1], run_id
        raise ValueError(f"Invalid run path {path!r}: expected 'entity/project/run_id'")

    # -- runs -------------------------------------------------------------------------
    def run(self, path: str = "") -> Any:
        """The run at ``entity/project/run_id`` (also ``entity/project/runs/run_id``,
        ``project/run_id`` with the default entity).

        Raises:
            ValueError: the run does not exist.
        """
        from wandb.apis.public.runs import Run

        if path not in self._runs:
            entity, project, run_id = self._parse_path(path)
            self._runs[path] = Run(self._client, entity, project, run_id)
        return self._runs[path]

    def runs(self, path: Optional[str] = None, filters: Optional[Dict[str, Any]] = None,
             order: str = "+created_at", per_page: int = 50, include_sweeps: bool = True) -> Any:
        """Runs of ``entity/project`` (lazy, paginated; ``len()`` is the server's count).

        ``filters`` is a MongoDB-style query (``{"state": "finished"}``,
        ``{"config.lr": 0.1}``, ``{"$and": [...]}``); ``order`` is ``[+-]created_at``,
        ``[+-]heartbeat_at``, ``config.<key>.value`` or ``summary_metrics.<key>``.
        """
        from wandb.apis.public.runs import Runs

        entity, project = self._parse_project_path(path)
        key = f"{path or ''}{filters or {}}{order}"
        if key not in self._runs:
            self._runs[key] = Runs(self._client, entity, project, filters=filters or {},
                                   order=order, per_page=per_page, include_sweeps=include_sweeps)
        return self._runs[key]

    def create_run(self, *, run_id: Optional[str] = None, project: Optional[str] = None,
                   entity: Optional[str] = None) -> Any:
        """Create an empty run (state ``running``) and return it."""
        from wandb.apis.public.runs import Run
        from wandb.sdk.lib.runid import generate_id

        res = self._client.execute(queries.RUN_CREATE, variable_values={
            "entity": entity or self._entity(),
            "project": project or self.settings.get("project") or "uncategorized",
            "name": run_id or generate_id(),
            "state": "running",
        })
        b = res["upsertBucket"]["bucket"]
        return Run(self._client, b["project"]["entity"]["name"], b["project"]["name"], b["name"], {
            "id": b["id"], "name": b["name"], "config": "{}", "systemMetrics": "{}",
            "summaryMetrics": "{}", "tags": [], "description": None, "notes": None,
            "state": "running",
        })

    # -- projects ---------------------------------------------------------------------
    def projects(self, entity: Optional[str] = None, per_page: int = 200) -> Any:
        """Projects of ``entity`` (default: the viewer's entity)."""
        from wandb.apis.public.projects import Projects

        entity = entity or self._entity()
        if entity is None:
            raise ValueError("entity must be passed as a parameter, or set in settings")
        if entity not in self._projects:
            self._projects[entity] = Projects(self._client, entity, per_page=per_page)
        return self._projects[entity]

    def project(self, name: str, entity: Optional[str] = None) -> Any:
        """The project ``name`` of ``entity`` (fields load lazily)."""
        from wandb.apis.public.projects import Project

        return Project(self._client, entity or self._entity(), name, {})

    def from_path(self, path: str) -> Any:
        """A project (``project``, ``entity/project``) or run (``entity/project/[runs/]id``)."""
        parts = path.strip("/ ").split("/")
        if len(parts) == 1:
            return self.project(parts[0])
        if len(parts) == 2:
            return self.project(parts[1], parts[0])
        if len(parts) == 3 or (len(parts) == 4 and parts[2].startswith("run")):
            return self.run(path)
        from wandb.errors import Error

        raise Error("Invalid path, should be TEAM/PROJECT/TYPE/ID where TYPE is runs")

    def __repr__(self) -> str:
        return f"<Api {self.settings['base_url']}>"
