"""``Run`` and ``Runs`` of the Public API."""

from __future__ import annotations

import json
import time
import urllib.parse
from typing import Any, Iterable, Mapping, Optional

from wandb.apis.public import queries
from wandb.apis.public._base import Attrs, SizedPaginator
from wandb.apis.public.artifacts import RunArtifactsMixin
from wandb.apis.public.history import HistoryScan, SampledHistoryScan, decode_row
from wandb.apis.public.summary import HTTPSummary

#: Config keys that wandb keeps out of ``Run.config`` (they land in ``rawconfig``).
WANDB_INTERNAL_KEYS = {"_wandb", "wandb_version"}
FINISHED_STATES = ("finished", "crashed", "failed")


def server_has_run_project_id(client: Any) -> bool:
    """Whether the server's ``Run`` type has ``projectId`` (``ProbeRunInput``; cached per client)."""
    cached = getattr(client, "_vireo_run_has_project_id", None)
    if cached is None:
        res = client.execute(queries.PROBE_RUN_INPUT) or {}
        fields = ((res.get("RunType") or {}).get("fields")) or []
        cached = "projectId" in [f.get("name") for f in fields if isinstance(f, dict)]
        try:
            client._vireo_run_has_project_id = cached
        except AttributeError:  # pragma: no cover - exotic clients
            pass
    return bool(cached)


def json_dict(value: Any) -> dict[str, Any]:
    """A JSONString field as a dict (None -> {})."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    if isinstance(value, (str, bytes, bytearray)):
        parsed = json.loads(value) if value else {}
        return parsed if isinstance(parsed, dict) else {}
    raise TypeError(f"Expected a dict or a JSON string, got {type(value).__name__}")


def split_config(config: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``{k: {"value": v}}`` -> (user config, raw config with ``_wandb`` and the user keys)."""
    user: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    for key, value in config.items():
        target = raw if key in WANDB_INTERNAL_KEYS else user
        target[key] = value["value"] if isinstance(value, dict) and "value" in value else value
    raw.update(user)
    return user, raw


class Run(RunArtifactsMixin, Attrs):
    """A run read from the server: ``api.run("entity/project/run_id")``.

    ``id`` is the run ID, ``name`` / ``display_name`` the display name, ``storage_id`` the
    server's internal ID. Other GraphQL fields read as snake_case attributes (``job_type``,
    ``created_at``, ``heartbeat_at``, ``sweep_name`` ...).
    """

    def __init__(self, client: Any, entity: str, project: str, run_id: str,
                 attrs: Optional[Mapping[str, Any]] = None, include_sweeps: bool = True) -> None:
        super().__init__(dict(attrs or {}))
        self.client = client
        self._entity = entity
        self.project = project
        self._attrs["name"] = run_id
        self._include_sweeps = include_sweeps
        self.sweep = None
        self._summary: Optional[HTTPSummary] = None
        self._state = self._attrs.get("state", "not found")
        self._project_internal_id: Optional[int] = None
        self._is_loaded = False
        self.load(force=not attrs)

    # -- identity ---------------------------------------------------------------------
    @property
    def entity(self) -> str:
        """The entity that owns the run."""
        return self._entity

    @property
    def id(self) -> str:
        """The run ID (e.g. eight base-36 characters)."""
        return self._attrs.get("name")

    @id.setter
    def id(self, new_id: str) -> None:
        self._attrs["name"] = new_id

    @property
    def storage_id(self) -> Optional[str]:
        """The server's storage ID of the run."""
        return self._attrs.get("id")

    @property
    def name(self) -> Optional[str]:
        """The display name."""
        return self._attrs.get("displayName")

    @name.setter
    def name(self, value: str) -> None:
        self._attrs["displayName"] = value

    display_name = name

    @property
    def state(self) -> Optional[str]:
        """running, finished, failed, crashed, ..."""
        return self._state

    @property
    def path(self) -> list[str]:
        """``[entity, project, run_id]`` (URL-quoted)."""
        return [urllib.parse.quote_plus(str(p)) for p in (self.entity, self.project, self.id)]

    @property
    def url(self) -> str:
        """``{app_url}/{entity}/{project}/runs/{id}``."""
        e, p, r = self.path
        return f"{self.client.app_url}{e}/{p}/runs/{r}"

    @property
    def project_internal_id(self) -> Optional[int]:
        """The project's internal ID when the server provides it."""
        return self._project_internal_id

    # -- editable fields (sent by update()) ---------------------------------------------
    def _field(name: str, doc: str) -> property:  # type: ignore[misc]  # noqa: N805
        def get(self: "Run") -> Any:
            return self._attrs.get(name)

        def set_(self: "Run", value: Any) -> None:
            self._attrs[name] = value

        return property(get, set_, doc=doc)

    tags = _field("tags", "Tags of the run (a list of strings).")
    notes = _field("notes", "Notes of the run.")
    description = _field("description", "Description of the run.")
    group = _field("group", "Group of the run.")
    job_type = _field("jobType", "Job type of the run.")
    del _field

    @property
    def config(self) -> dict[str, Any]:
        """Hyperparameters, values unwrapped from ``{"value": v}``; ``_wandb`` is in ``rawconfig``."""
        return self._attrs.get("config", {})

    @config.setter
    def config(self, value: Mapping[str, Any]) -> None:
        self._attrs["config"] = dict(value)

    @property
    def rawconfig(self) -> dict[str, Any]:
        """Config including wandb's internal ``_wandb`` entry."""
        return self._attrs.get("rawconfig", {})

    @property
    def summary(self) -> HTTPSummary:
        """Summary metrics (dict-like); ``summary.update()`` persists changes."""
        if self._summary is None:
            self._summary = HTTPSummary(self, self.client, self._attrs.get("summaryMetrics") or {})
        return self._summary

    @property
    def system_metrics(self) -> dict[str, Any]:
        """The latest system metrics."""
        return self._attrs.get("systemMetrics", {})

    @property
    def json_config(self) -> str:
        """The config as the server stores it: ``{k: {"value": v, "desc": null}}`` JSON."""
        out: dict[str, Any] = {}
        if "_wandb" in self.rawconfig:
            out["_wandb"] = {"value": self.rawconfig["_wandb"], "desc": None}
        for k, v in self.config.items():
            out[k] = {"value": v, "desc": None}
        from wandb.apis.public.summary import dumps

        return dumps(out)

    # -- loading ----------------------------------------------------------------------
    def _exec(self, query: str, **kwargs: Any) -> dict[str, Any]:
        variables = {"entity": self.entity, "project": self.project, "name": self.id}
        variables.update(kwargs)
        return self.client.execute(query, variable_values=variables)

    def load(self, force: bool = False) -> dict[str, Any]:
        """Fetch the run's fields (``Run`` query) when ``force`` or not loaded yet."""
        if force or not self._attrs:
            self._is_loaded = False
            res = self._exec(queries.run_query(server_has_run_project_id(self.client)))
            run = ((res or {}).get("project") or {}).get("run")
            if run is None:
                raise ValueError(f"Could not find run {self}")
            self._attrs = dict(run)
            self._summary = None
        if not self._is_loaded:
            self._load_from_attrs()
            self._is_loaded = True
        return self._attrs

    def _load_from_attrs(self) -> None:
        a = self._attrs
        self._state = a.get("state")
        a["summaryMetrics"] = json_dict(a.get("summaryMetrics"))
        a["systemMetrics"] = json_dict(a.get("systemMetrics"))
        if a.get("projectId") is not None:
            self._project_internal_id = int(a["projectId"])
        hk = a.get("historyKeys")
        if isinstance(hk, (str, bytes)):
            a["historyKeys"] = json.loads(hk) if hk else None
        user, raw = split_config(json_dict(a.get("config")))
        a["config"] = user
        a["rawconfig"] = raw

    def wait_until_finished(self, poll_seconds: float = 5.0) -> None:
        """Poll the run's state (``RunState``) until it is finished, crashed or failed."""
        while True:
            res = self._exec(queries.RUN_STATE)
            state = (((res or {}).get("project") or {}).get("run") or {}).get("state")
            if state in FINISHED_STATES:
                self._attrs["state"] = state
                self._state = state
                return
            time.sleep(poll_seconds)

    # -- writing ----------------------------------------------------------------------
    def update(self) -> None:
        """Persist tags, notes, description, display name, config, group and job type, then
        the summary."""
        self._exec(
            queries.RUN_UPDATE,
            id=self.storage_id,
            tags=self.tags,
            description=self.description,
            notes=self.notes,
            display_name=self.display_name,
            config=self.json_config,
            groupName=self.group,
            jobType=self.job_type,
        )
        self.summary.update()

    save = update

    def delete(self, delete_artifacts: bool = False) -> None:
        """Delete the run on the server (``DeleteRun``)."""
        self.client.execute(
            queries.delete_run(bool(delete_artifacts)),
            variable_values={"id": self.storage_id, "deleteArtifacts": bool(delete_artifacts)},
        )

    # -- history ----------------------------------------------------------------------
    def _sampled_history(self, keys: list[str], x_axis: str = "_step",
                         samples: int = 500) -> list[dict[str, Any]]:
        spec = {"keys": [x_axis] + list(keys), "samples": samples}
        res = self._exec(queries.RUN_SAMPLED_HISTORY, specs=[json.dumps(spec)])
        sampled = (((res or {}).get("project") or {}).get("run") or {}).get("sampledHistory")
        return [decode_row(r) for r in ((sampled or [[]])[0] or [])]

    def _full_history(self, samples: int = 500, stream: str = "default") -> list[dict[str, Any]]:
        node = "history" if stream == "default" else "events"
        res = self._exec(queries.run_full_history(node), samples=samples)
        lines = (((res or {}).get("project") or {}).get("run") or {}).get(node) or []
        return [decode_row(line) for line in lines]

    def history(self, samples: int = 500, keys: Optional[list[str]] = None, x_axis: str = "_step",
                pandas: bool = True, stream: str = "default") -> Any:
        """Sampled history rows: a pandas DataFrame when ``pandas`` and pandas is importable,
        else a list of dicts. ``keys`` limits the columns (and rows to those having them all);
        ``stream="system"`` returns system metrics."""
        _check_keys(keys)
        if stream not in ("default", "system"):
            raise ValueError(f"stream must be 'default' or 'system', got {stream!r}")
        if keys and stream != "default":
            raise ValueError("stream must be 'default' when keys are given")
        if keys:
            rows = self._sampled_history(keys=keys, x_axis=x_axis, samples=samples)
        else:
            rows = self._full_history(samples=samples, stream=stream)
        if pandas:
            try:
                import pandas as pd
            except ImportError:
                import wandb

                wandb.termwarn("Unable to load pandas, call history with pandas=False")
                return rows
            return pd.DataFrame.from_records(rows)
        return rows

    @property
    def lastHistoryStep(self) -> int:  # noqa: N802 - wandb's name
        """The last logged ``_step`` (``RunHistoryKeys``; -1 when nothing was logged)."""
        res = self._exec(queries.RUN_HISTORY_KEYS)
        keys = (((res or {}).get("project") or {}).get("run") or {}).get("historyKeys")
        if isinstance(keys, (str, bytes)):
            keys = json.loads(keys) if keys else None
        if not isinstance(keys, dict) or keys.get("lastStep") is None:
            return -1
        return int(keys["lastStep"])

    def scan_history(self, keys: Optional[list[str]] = None, page_size: int = 1000,
                     min_step: Optional[int] = None, max_step: Optional[int] = None) -> Any:
        """Every history row (dicts), fetched ``page_size`` steps at a time.

        With ``keys``, only rows having all of them, holding only those keys.
        """
        _check_keys(keys)
        last = self.lastHistoryStep
        lo = 0 if min_step is None else int(min_step)
        hi = last + 1 if max_step is None or max_step > last else int(max_step)
        if keys is None:
            return HistoryScan(self.client, self, lo, hi, page_size)
        return SampledHistoryScan(self.client, self, keys, lo, hi, page_size)

    # -- files ------------------------------------------------------------------------
    def files(self, names: Optional[list[str]] = None, pattern: Optional[str] = None,
              per_page: int = 50) -> Any:
        """The run's files (lazy ``Files``); ``names`` exact names, or ``pattern`` (SQL LIKE)."""
        from wandb.apis.public.files import Files

        return Files(self.client, self, names or [], pattern=pattern, per_page=per_page)

    def file(self, name: str) -> Any:
        """The ``File`` called ``name``."""
        from wandb.apis.public.files import Files

        found = Files(self.client, self, [name])
        try:
            return found[0]
        except IndexError:
            raise ValueError(f"File {name!r} not found in run {'/'.join(self.path)}") from None

    @property
    def metadata(self) -> Optional[dict[str, Any]]:
        """Contents of ``wandb-metadata.json`` (None when missing)."""
        try:
            resp = self.client.get(self.file("wandb-metadata.json").url, timeout=5)
            return json.loads(resp.content)
        except Exception:  # noqa: BLE001 - missing or unreadable: None, as wandb does
            return None

    def __repr__(self) -> str:
        return f"<Run {'/'.join(self.path)} ({self.state})>"


def _check_keys(keys: Optional[Iterable[Any]]) -> None:
    if keys is None:
        return
    if not isinstance(keys, list):
        raise ValueError(f"keys must be a list of strings, got {type(keys).__name__}")
    if any(not isinstance(k, str) for k in keys):
        raise ValueError("keys must be a list of strings")


class Runs(SizedPaginator[Run]):
    """Lazy, paginated runs of a project: ``api.runs("entity/project", filters, order)``."""

    def __init__(self, client: Any, entity: str, project: str,
                 filters: Optional[Mapping[str, Any]] = None, order: str = "+created_at",
                 per_page: int = 50, include_sweeps: bool = True) -> None:
        self.entity = entity
        self.project = project
        self.filters = dict(filters or {})
        self.order = order or "+created_at"
        self._include_sweeps = include_sweeps
        self.query = queries.runs_query(server_has_run_project_id(client))
        super().__init__(client, {
            "project": project,
            "entity": entity,
            "order": self.order,
            "filters": json.dumps(self.filters),
        }, per_page)

    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        project = response.get("project")
        if project is None:
            raise ValueError(f"Could not find project {self.project}")
        return project.get("runs")

    def _convert(self, edges: list[dict[str, Any]]) -> list[Run]:
        return [
            Run(self.client, self.entity, self.project, e["node"]["name"], e["node"],
                include_sweeps=self._include_sweeps)
            for e in edges
        ]

    def _length(self) -> Optional[int]:
        project = (self.last_response or {}).get("project")
        if project is None:
            raise ValueError(f"Could not find project {self.project}")
        return project.get("runCount")

    def histories(self, samples: int = 500, keys: Optional[list[str]] = None,
                  x_axis: str = "_step", format: str = "default", stream: str = "default") -> Any:
        """Sampled history of every run, each row with a ``run_id`` key (``format``:
        "default" for a list of dicts, or "pandas")."""
        if format not in ("default", "pandas"):
            raise ValueError(f"Invalid format: {format!r}. Must be one of 'default', 'pandas'")
        rows: list[dict[str, Any]] = []
        for run in self:
            for row in run.history(samples=samples, keys=keys, x_axis=x_axis, pandas=False,
                                   stream=stream):
                row["run_id"] = run.id
                rows.append(row)
        if format == "pandas":
            import pandas as pd

            df = pd.DataFrame.from_records(rows)
            return df[sorted(df.columns)] if len(df.columns) else df
        return rows

    def __repr__(self) -> str:
        return f"<Runs {self.entity}/{self.project}>"
