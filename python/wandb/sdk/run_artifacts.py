"""Artifact, model and code methods of ``Run`` (``log_artifact``, ``use_artifact``, ...).

``log_artifact`` finalizes the artifact and writes an ``artifact`` record into the run's
transaction log (so an offline or crashed run uploads it with ``wandb sync``). Online, the
upload runs in a background thread (the Rust transfer functions release the GIL) and the
call returns at once; ``artifact.wait()`` joins it.

The save handle given to the artifact (``artifact._set_save_handle(handle, client)`` or, without
that method, ``artifact._save_handle`` / ``artifact._client``) offers:

- ``handle.wait_or(timeout)`` -> an object with ``.response.log_artifact_response.artifact_id``
  and ``.error_message`` (the shape wandb's ``Artifact.wait`` reads); ``TimeoutError`` on timeout;
- ``handle.wait(timeout)`` -> the server artifact id (raises ``ValueError`` with the error);
- ``handle.done()``.
"""

from __future__ import annotations

import json
import os
import threading
from types import SimpleNamespace
from typing import Any, Callable

from wandb.sdk import run_files, run_messages
from wandb.sdk.run_properties import raise_if_finished

MAX_METADATA_KEYS = 100
_REGISTRY_PREFIX = "wandb-registry-"

ARTIFACT_TYPE_QUERY = """query ArtifactType($entityName: String, $projectName: String, $name: String!) {
  project(name: $projectName, entityName: $entityName) { artifact(name: $name) { artifactType { name } } }
}"""


# ------------------------------------------------------------------------------ helpers


def _artifact_cls() -> Any:
    from wandb.sdk.artifacts.artifact import Artifact

    return Artifact


def resolve_aliases(aliases: Any) -> list[str]:
    """``aliases`` (None, a str or an iterable) as a list that always holds ``latest``."""
    aliases = aliases or ["latest"]
    if isinstance(aliases, str):
        aliases = [aliases]
    try:
        items = list(aliases)
    except TypeError as e:
        raise ValueError("`aliases` must be Iterable or None") from e
    return list(dict.fromkeys(items + ["latest"]))


def validate_aliases(aliases: Any) -> list[str]:
    """Aliases as a list; ``/`` and ``:`` are not allowed (ValueError)."""
    items = [aliases] if isinstance(aliases, str) else list(aliases)
    if any(c in a for a in items for c in ("/", ":")):
        raise ValueError("Aliases must not contain any of the following characters: /, :")
    return items


def validate_tags(tags: Any) -> list[str]:
    """Tags as a de-duplicated list of ``[A-Za-z0-9]`` words joined by ``-``, ``_`` or spaces."""
    import re

    items = [tags] if isinstance(tags, str) else list(tags)
    pattern = re.compile(r"^[-\w]+( +[-\w]+)*$")
    if any(not isinstance(t, str) or not pattern.match(t) for t in items):
        raise ValueError(
            "Invalid tag(s).  Tags must only contain alphanumeric characters separated by hyphens, "
            "underscores, and/or spaces."
        )
    return list(dict.fromkeys(items))


def make_artifact_name_safe(name: str) -> str:
    """Artifact names keep ``[A-Za-z0-9_.-]``; longer than 128 characters -> middle elided."""
    import re

    cleaned = re.sub(r"[^a-zA-Z0-9_\-.]", "_", name)
    if len(cleaned) <= 128:
        return cleaned
    return cleaned[:63] + ".." + cleaned[-63:]


class SaveHandle:
    """The background upload of one logged artifact (see the module docstring)."""

    def __init__(self, target: Callable[[], dict], name: str) -> None:
        self._target = target
        self.name = name
        self._done = threading.Event()
        self.artifact_id: str | None = None
        self.error: str | None = None
        self.server: dict | None = None

    def start(self) -> SaveHandle:
        """Run in its own thread (tests); runs use :class:`Uploader`."""
        threading.Thread(target=self._run, name=f"wandb-artifact-{self.name}", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            self.server = self._target()
            self.artifact_id = (self.server or {}).get("id")
            if not self.artifact_id:
                self.error = "the server returned no artifact id"
        except BaseException as e:  # noqa: BLE001 - reported through wait()
            self.error = str(e) or type(e).__name__
        finally:
            self._done.set()

    def done(self) -> bool:
        return self._done.is_set()

    def wait_or(self, timeout: float | None = None) -> Any:
        if not self._done.wait(timeout):
            raise TimeoutError("artifact upload did not finish in time")
        response = SimpleNamespace(artifact_id=self.artifact_id or "", error_message=self.error or "")
        return SimpleNamespace(response=SimpleNamespace(log_artifact_response=response))

    def wait(self, timeout: float | None = None) -> str:
        self.wait_or(timeout)
        if self.error:
            raise ValueError(self.error)
        return self.artifact_id or ""


class Uploader:
    """Runs a run's artifact saves on a few worker threads: saves of one artifact name run one
    after another in the order they were logged (so versions follow logging order), different
    names run in parallel. A table logged every step never piles up threads."""

    def __init__(self, workers: int = 4) -> None:
        self._workers = workers
        self._lock = threading.Lock()
        self._queues: dict[str, list[SaveHandle]] = {}
        self._ready: list[SaveHandle] = []
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._wake = threading.Condition(self._lock)

    def submit(self, handle: SaveHandle) -> None:
        with self._lock:
            queue = self._queues.setdefault(handle.name, [])
            queue.append(handle)
            if len(queue) == 1:  # nothing of this name in flight
                self._ready.append(handle)
                if self._idle:
                    self._wake.notify()
                elif len(self._threads) < self._workers:
                    t = threading.Thread(target=self._loop, name="wandb-artifact-upload", daemon=True)
                    self._threads.append(t)
                    t.start()

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._ready:
                    self._idle += 1
                    self._wake.wait()
                    self._idle -= 1
                handle = self._ready.pop(0)
            handle._run()
            with self._lock:
                queue = self._queues[handle.name]
                queue.pop(0)
                if queue:
                    self._ready.append(queue[0])
                else:
                    del self._queues[handle.name]


def attach_save_handle(artifact: Any, handle: SaveHandle, client: Any) -> None:
    """Give ``artifact`` its save handle and GraphQL client (wandb's ``_set_save_handle``)."""
    setter = getattr(artifact, "_set_save_handle", None)
    if callable(setter):
        setter(handle, client)
    else:
        artifact._save_handle = handle
        artifact._client = client


# ------------------------------------------------------------------------------ the mixin


class RunArtifacts:
    """Mixin: artifact, model and code methods of ``Run``."""

    offline: bool
    _settings: Any

    # -------------------------------------------------------------- clients
    def _artifact_api_key(self) -> str:
        online = getattr(self, "_online", None)
        if online is not None and getattr(online, "api_key", None):
            return online.api_key
        from wandb.sdk.online.session import api_key_for

        return api_key_for(self._settings)

    def _artifact_gql(self) -> Any:
        """The run's own GraphQL client for artifact saves (retries like the core's)."""
        client = getattr(self, "_artifacts_gql_client", None)
        if client is None:
            from wandb.sdk.online.session import make_client

            client = make_client(self._settings, self._artifact_api_key())
            self._artifacts_gql_client = client
        return client

    def _artifact_public_client(self) -> Any:
        """A public-API GraphQL client (what ``wandb.Api().client`` is) for logged artifacts."""
        client = getattr(self, "_artifacts_public_client", None)
        if client is None:
            from wandb.apis.public._gql import GraphQLClient, extra_headers

            import wandb

            base = (getattr(self._settings, "base_url", None) or "https://api.wandb.ai").rstrip("/")
            headers = {"User-Agent": f"W&B Public Client {wandb.__version__}", "Use-Admin-Privileges": "true",
                       **extra_headers()}
            client = GraphQLClient(f"{base}/graphql", self._artifact_api_key(), headers=headers)
            self._artifacts_public_client = client
        return client

    def _artifact_entity(self) -> str:
        online = getattr(self, "_online", None)
        return getattr(online, "entity", None) or getattr(self._settings, "entity", None) or ""

    def _artifact_project(self) -> str:
        online = getattr(self, "_online", None)
        return getattr(online, "project", None) or getattr(self, "project", None) or ""

    def _pending_artifact_saves(self) -> list[SaveHandle]:
        saves = getattr(self, "_artifact_saves", None)
        if saves is None:
            saves = []
            self._artifact_saves = saves
        return saves

    def _wait_for_artifacts(self, timeout: float | None = None) -> None:
        """Block until every background artifact upload of this run is done; print failures."""
        for handle in list(self._pending_artifact_saves()):
            if not handle.done():
                try:
                    handle.wait_or(timeout)
                except TimeoutError:
                    run_messages.termwarn(f"Artifact {handle.name!r} is still uploading; not waiting longer.")
                    continue
            if handle.error and not getattr(handle, "_reported", False):
                handle._reported = True  # type: ignore[attr-defined]
                run_messages.termerror(f"Artifact {handle.name!r} upload failed: {handle.error}")

    def _finish_artifacts(self, timeout: float | None = None) -> None:
        """Called by ``Run._finish`` before the stream is finished: wait for the background
        uploads (the run's files are still open on the server), then close the clients."""
        self._wait_for_artifacts(timeout)
        for attr in ("_artifacts_gql_client", "_artifacts_public_client"):
            client = getattr(self, attr, None)
            if client is not None and hasattr(client, "close"):
                try:
                    client.close()
                except Exception:  # noqa: BLE001
                    pass
            setattr(self, attr, None)

    # -------------------------------------------------------------- log
    @raise_if_finished
    def log_artifact(
        self,
        artifact_or_path: Any,
        name: str | None = None,
        type: str | None = None,  # noqa: A002
        aliases: list[str] | None = None,
        tags: list[str] | None = None,
    ) -> Any:
        """Declare an artifact as an output of a run.

        ``artifact_or_path`` is a ``wandb.Artifact`` or a path (file, directory or a
        reference URI like ``s3://bucket/path``); ``name`` defaults to
        ``run-<run id>-<basename>``; ``aliases`` default to ``["latest"]``.
        """
        return self._log_artifact(artifact_or_path, name=name, type=type, aliases=aliases, tags=tags)

    @raise_if_finished
    def upsert_artifact(
        self,
        artifact_or_path: Any,
        name: str | None = None,
        type: str | None = None,  # noqa: A002
        aliases: list[str] | None = None,
        distributed_id: str | None = None,
    ) -> Any:
        """Declare (or append to) a non-finalized artifact as output of a run.

        All processes that share ``distributed_id`` (default: the run's group) add to the same
        version; ``finish_artifact`` commits it.
        """
        distributed_id = self._distributed_id(distributed_id, "upsert")
        return self._log_artifact(artifact_or_path, name=name, type=type, aliases=aliases,
                                  distributed_id=distributed_id, finalize=False)

    @raise_if_finished
    def finish_artifact(
        self,
        artifact_or_path: Any,
        name: str | None = None,
        type: str | None = None,  # noqa: A002
        aliases: list[str] | None = None,
        distributed_id: str | None = None,
    ) -> Any:
        """Finish a non-finalized artifact as output of a run (commits the distributed version)."""
        distributed_id = self._distributed_id(distributed_id, "finish")
        return self._log_artifact(artifact_or_path, name=name, type=type, aliases=aliases,
                                  distributed_id=distributed_id, finalize=True)

    def _distributed_id(self, distributed_id: str | None, verb: str) -> str:
        """``distributed_id``, defaulting to the run's group (one of the two is required)."""
        if distributed_id is not None:
            return distributed_id
        group = getattr(self._settings, "run_group", None)
        if group is None:
            raise TypeError(f"Cannot {verb} artifact unless run is in a group or distributed_id is provided")
        return group

    def _prepare_artifact(self, artifact_or_path: Any, name: str | None, type: str | None,  # noqa: A002
                          aliases: Any) -> tuple[Any, list[str]]:
        Artifact = _artifact_cls()
        if isinstance(artifact_or_path, (str, os.PathLike)):
            path = os.fspath(artifact_or_path)
            name = name or f"run-{self.id}-{os.path.basename(path)}"  # type: ignore[attr-defined]
            artifact = Artifact(name, type or "unspecified")
            if os.path.isfile(path):
                artifact.add_file(path)
            elif os.path.isdir(path):
                artifact.add_dir(path)
            elif "://" in path:
                artifact.add_reference(path)
            else:
                raise ValueError("path must be a file, directory or externalreference like s3://bucket/path")
        else:
            artifact = artifact_or_path
        if not isinstance(artifact, Artifact):
            raise TypeError("You must pass an instance of wandb.Artifact or a valid file path to log_artifact")
        artifact.finalize()
        return artifact, resolve_aliases(aliases)

    def _log_artifact(
        self,
        artifact_or_path: Any,
        name: str | None = None,
        type: str | None = None,  # noqa: A002
        aliases: list[str] | None = None,
        tags: list[str] | None = None,
        distributed_id: str | None = None,
        finalize: bool = True,
        is_user_created: bool = False,
        use_after_commit: bool = False,
    ) -> Any:
        if getattr(self._settings, "anonymous", None) in ("allow", "must"):
            run_messages.termwarn("Artifacts logged anonymously cannot be claimed and expire after 7 days.")
        if not finalize and distributed_id is None:
            raise TypeError("Must provide distributed_id if artifact is not finalize")
        if aliases is not None:
            aliases = validate_aliases(aliases)
        if tags is not None:
            tags = validate_tags(tags)
        artifact, aliases = self._prepare_artifact(artifact_or_path, name, type, aliases)
        if len(getattr(artifact, "metadata", None) or {}) > MAX_METADATA_KEYS:
            raise ValueError(f"Artifact must not have more than {MAX_METADATA_KEYS} metadata keys.")
        artifact.distributed_id = distributed_id
        self._assert_can_log_artifact(artifact)
        if getattr(self, "_check_child", None) and self._check_child("log_artifact"):  # type: ignore[attr-defined]
            return artifact
        if getattr(self, "_stream", None) is None:  # disabled / not started: nothing to write
            return artifact
        from wandb.sdk import run_records
        from wandb.sdk.artifacts import artifact_saver

        record = artifact_saver.artifact_record(
            artifact, run_id=self.id, project=self._artifact_project(),  # type: ignore[attr-defined]
            entity=None if self.offline else self._artifact_entity(),
            aliases=aliases, tags=tags, finalize=finalize, distributed_id=distributed_id,
            user_created=is_user_created, use_after_commit=use_after_commit,
        )
        self._write(run_records.published(self.id, {"artifact": record}))  # type: ignore[attr-defined]
        if self.offline:
            return artifact
        history_step = getattr(self._stream, "step", None)  # type: ignore[attr-defined]
        client = self._artifact_gql()
        entity, project, run_id = self._artifact_entity(), self._artifact_project(), self.id  # type: ignore[attr-defined]

        def save() -> dict:
            return artifact_saver.save_record(json.loads(json.dumps(record)), client=client,
                                              history_step=history_step, entity=entity,
                                              project=project, run_id=run_id)

        handle = SaveHandle(save, record["name"])
        attach_save_handle(artifact, handle, self._artifact_public_client())
        saves = self._pending_artifact_saves()
        saves[:] = [h for h in saves if not h.done() or h.error]  # keep what finish must wait for / report
        saves.append(handle)
        uploader = getattr(self, "_artifact_uploader", None)
        if uploader is None:
            uploader = self._artifact_uploader = Uploader()
        uploader.submit(handle)
        return artifact

    def _assert_can_log_artifact(self, artifact: Any) -> None:
        if self.offline:
            return
        from wandb.errors import CommError

        entity, project = self._artifact_entity(), self._artifact_project()
        try:
            data = self._artifact_public_client().execute(
                ARTIFACT_TYPE_QUERY, {"entityName": entity, "projectName": project, "name": f"{artifact.name}:latest"}
            )
        except (CommError, OSError):
            return
        expected = ((((data or {}).get("project") or {}).get("artifact") or {}).get("artifactType") or {}).get("name")
        if expected is not None and artifact.type != expected:
            raise ValueError(
                f"Artifact {artifact.name} already exists with type '{expected}'; "
                f"cannot create another with type '{artifact.type}'"
            )
        src_entity = getattr(artifact, "_source_entity", None)
        if entity and src_entity and entity != src_entity:
            raise ValueError(
                f"Artifact {artifact.name} is owned by entity '{src_entity}'; it can't be moved to '{entity}'"
            )
        src_project = getattr(artifact, "_source_project", None)
        if project and src_project and project != src_project:
            raise ValueError(
                f"Artifact {artifact.name} exists in project '{src_project}'; it can't be moved to '{project}'"
            )

    # -------------------------------------------------------------- use
    @raise_if_finished
    def use_artifact(
        self,
        artifact_or_name: Any,
        type: str | None = None,  # noqa: A002
        aliases: list[str] | None = None,
        use_as: str | None = None,
    ) -> Any:
        """Declare an artifact as an input to a run; returns the logged ``Artifact``.

        ``artifact_or_name`` is ``[entity/][project/]name:alias|vN``, a logged artifact, or a
        draft ``wandb.Artifact`` (logged first). ``use_as`` is deprecated and ignored.
        """
        if self.offline:
            raise TypeError("Cannot use artifact when in offline mode.")
        if use_as is not None:
            telemetry = getattr(self, "_telemetry", None)
            if telemetry is not None:
                try:
                    telemetry.set_deprecated("run__use_artifact_use_as")
                except Exception:  # noqa: BLE001
                    pass
            run_messages.termwarn(
                "`use_as` argument is deprecated and does not affect the behaviour of `run.use_artifact`",
                repeat=False,
            )
        Artifact = _artifact_cls()
        from wandb.sdk.artifacts import artifact_saver

        if isinstance(artifact_or_name, str):
            artifact = self._fetch_artifact(artifact_or_name)
            if type is not None and type != artifact.type:
                raise ValueError(
                    f"Supplied type {type} does not match type {artifact.type} of artifact {artifact.name}"
                )
            self._record_use(artifact_saver, artifact.id)
        elif isinstance(artifact_or_name, Artifact) and artifact_or_name.is_draft():
            if aliases is None:
                aliases = []
            elif isinstance(aliases, str):
                aliases = [aliases]
            artifact = artifact_or_name
            self._log_artifact(artifact, aliases=aliases, is_user_created=True, use_after_commit=True)
            artifact.wait()
        elif isinstance(artifact_or_name, Artifact):
            artifact = artifact_or_name
            self._record_use(artifact_saver, artifact.id)
        else:
            raise ValueError(
                'You must pass an artifact name (e.g. "pedestrian-dataset:v1"), an instance of '
                "`wandb.Artifact`, or `wandb.Api().artifact()` to `use_artifact`"
            )
        if getattr(self, "_stream", None) is not None and not getattr(self, "_forked", False):
            from wandb.sdk import run_records

            self._write(run_records.published(self.id, {"use_artifact": {  # type: ignore[attr-defined]
                "id": artifact.id, "type": artifact.type, "name": artifact.name}}))
        return artifact

    def _record_use(self, artifact_saver: Any, artifact_id: str) -> None:
        artifact_saver.execute(
            self._artifact_gql(), artifact_saver.USE_ARTIFACT,
            {"entityName": self._artifact_entity(), "projectName": self._artifact_project(),
             "runName": self.id, "artifactID": artifact_id},  # type: ignore[attr-defined]
            "UseArtifact",
        )

    def _fetch_artifact(self, name: str) -> Any:
        """The logged artifact ``[entity/][project/]name:alias`` (ValueError when there is none)."""
        Artifact = _artifact_cls()
        from wandb.sdk.artifacts._paths import parse_artifact_path

        entity, project, art_name = parse_artifact_path(name, self._artifact_entity() or None,
                                                        self._artifact_project() or "uncategorized")
        if project.startswith(_REGISTRY_PREFIX):
            entity = self._org_entity(entity, name)
        if entity is None:
            raise ValueError(
                "Could not determine entity. Please include the entity as part of the artifact name path."
            )
        if ":" not in art_name:
            art_name += ":latest"
        for handle in list(self._pending_artifact_saves()):  # this run's own upload of it first
            if handle.name == art_name.split(":")[0] and not handle.done():
                handle.wait_or(None)
        client = self._artifact_public_client()
        from_name = getattr(Artifact, "_from_name", None)
        if callable(from_name):
            return from_name(entity=entity, project=project, name=art_name, client=client, enable_tracking=False)
        from wandb.sdk.artifacts._gql_fragments import ARTIFACT_FRAGMENT

        doc = (
            "query ArtifactByName($entityName: String!, $projectName: String!, $name: String!, "
            "$enableTracking: Boolean) { project(name: $projectName, entityName: $entityName) { "
            "artifact(name: $name, enableTracking: $enableTracking) { ...ArtifactFragment } } }"
            + ARTIFACT_FRAGMENT
        )
        data = client.execute(doc, {"entityName": entity, "projectName": project, "name": art_name,
                                    "enableTracking": False})
        proj = (data or {}).get("project")
        if proj is None:
            raise ValueError(f"project {project!r} not found under entity {entity!r}")
        attrs = proj.get("artifact")
        if attrs is None:
            raise ValueError(f"artifact {art_name!r} not found in '{entity}/{project}'")
        return Artifact._from_attrs(entity, project, art_name, attrs, client)

    def _org_entity(self, entity: str | None, path: str) -> str | None:
        """The organization entity that owns registry projects (FetchOrgEntityFromEntity)."""
        doc = ("query FetchOrgEntityFromEntity($entityName: String!) { entity(name: $entityName) { "
               "organization { name orgEntity { name } } } }")
        try:
            data = self._artifact_public_client().execute(doc, {"entityName": entity or ""})
        except Exception:  # noqa: BLE001 - servers without organizations: keep the entity
            return entity
        org = (((data or {}).get("entity") or {}).get("organization")) or {}
        return ((org.get("orgEntity") or {}).get("name")) or entity

    # -------------------------------------------------------------- link
    @raise_if_finished
    def link_artifact(self, artifact: Any, target_path: str, aliases: list[str] | None = None) -> Any:
        """Link ``artifact`` to a portfolio ``{portfolio}``, ``{project}/{portfolio}`` or
        ``{entity}/{project}/{portfolio}``; returns the linked artifact."""
        save_started = getattr(artifact, "_save_handle", None) is not None
        if artifact.is_draft() and not save_started:
            artifact = self._log_artifact(artifact)
        if self.offline:
            raise NotImplementedError
        if artifact.is_draft():
            artifact.wait()
        parts = target_path.split("/")
        if len(parts) > 3 or not parts[-1]:
            raise ValueError(f"Invalid target path: {target_path!r}")
        if len(parts) == 3:
            target = target_path
        elif len(parts) == 2:
            project = parts[0]
            if project.startswith(_REGISTRY_PREFIX):
                target = target_path
            else:
                target = f"{self._artifact_entity()}/{target_path}"
        else:
            target = f"{self._artifact_entity()}/{self._artifact_project()}/{parts[0]}"
        return artifact.link(target, aliases)

    # -------------------------------------------------------------- models
    @raise_if_finished
    def log_model(self, path: Any, name: str | None = None, aliases: list[str] | None = None) -> None:
        """Log the contents of ``path`` as an artifact of type ``model``."""
        self._log_artifact(artifact_or_path=path, name=name, type="model", aliases=aliases)

    @raise_if_finished
    def use_model(self, name: str) -> Any:
        """Download the model artifact ``name`` and return the path of its file(s)."""
        if self.offline:
            raise RuntimeError("`use_model` not supported in offline mode.")
        artifact = self.use_artifact(artifact_or_name=name)
        if "model" not in str(artifact.type.lower()):
            raise AssertionError(
                "You can only use this method for 'model' artifacts. For an artifact to be a 'model' "
                "artifact, its type property must contain the substring 'model'."
            )
        path = artifact.download()
        listing = os.listdir(path)
        if len(listing) == 1:
            return os.path.join(path, listing[0])
        return path

    @raise_if_finished
    def link_model(
        self,
        path: Any,
        registered_model_name: str,
        name: str | None = None,
        aliases: list[str] | None = None,
    ) -> Any:
        """Log a model artifact version and link it to ``registered_model_name`` in the
        ``model-registry`` project of the run's entity."""
        from wandb.errors import CommError

        if len(registered_model_name.split("/")) != 1:
            raise AssertionError(
                "Please provide only the name of the registered model. Do not append the entity or project name."
            )
        target_path = f"{self._artifact_entity()}/model-registry/{registered_model_name}"
        try:
            existing = self._fetch_artifact(f"{name}:latest")
            if "model" not in str(existing.type.lower()):
                raise AssertionError(
                    "You can only use this method for 'model' artifacts. For an artifact to be a 'model' "
                    "artifact, its type property must contain the substring 'model'."
                )
            artifact = self._log_artifact(artifact_or_path=path, name=name, type=existing.type)
        except (ValueError, CommError):
            artifact = self._log_artifact(artifact_or_path=path, name=name, type="model")
        return self.link_artifact(artifact=artifact, target_path=target_path, aliases=aliases)

    # -------------------------------------------------------------- code
    @raise_if_finished
    def log_code(
        self,
        root: str | None = ".",
        name: str | None = None,
        include_fn: Callable[..., bool] = run_files.default_include,
        exclude_fn: Callable[..., bool] = run_files.default_exclude,
    ) -> Any:
        """Save the current state of your code to an artifact of type ``code``.

        By default every ``.py`` file under ``root`` (relative to the working directory) is
        logged, except those under ``wandb/`` and ``.wandb/``; the artifact is named
        ``source-<project>-<program path>`` unless ``name`` is given.
        """
        s = self._settings
        if name is None:
            if getattr(s, "_jupyter", False):
                notebook = getattr(s, "notebook_name", None) or getattr(s, "x_jupyter_path", None)
                if notebook and str(notebook).startswith("fileId="):
                    notebook = getattr(s, "x_jupyter_name", None)
                label = f"{getattr(s, 'project', None)}-{notebook}"
            else:
                label = f"{getattr(s, 'project', None)}-{getattr(s, 'program_relpath', None)}"
            name = make_artifact_name_safe(f"source-{label}")
        files: list[tuple[str, str]] = []
        if root is not None:
            root_abs = os.path.abspath(root)
            for path in run_files.code_files(root_abs, include_fn, exclude_fn):
                files.append((path, os.path.relpath(path, root_abs)))
        tmp_code = getattr(s, "_tmp_code_dir", None)
        if tmp_code and os.path.isdir(tmp_code):
            for dirpath, _, names in os.walk(tmp_code):
                for fname in names:
                    path = os.path.join(dirpath, fname)
                    files.append((path, os.path.relpath(path, tmp_code)))
        if not files:
            run_messages.termwarn(
                "No relevant files were detected in the specified directory. No code will be logged to your run."
            )
            return None
        artifact = _internal_artifact(name, "code")
        for path, save_name in files:
            artifact.add_file(path, name=save_name)
        artifact = self._log_artifact(artifact)
        config = getattr(self, "_config", None)
        if config is not None and hasattr(config, "update"):
            try:
                config.update({"_wandb": {"code_path": artifact.name}}, allow_val_change=True)
            except TypeError:
                config.update({"_wandb": {"code_path": artifact.name}})
        return artifact


def _internal_artifact(name: str, type: str) -> Any:  # noqa: A002
    """An artifact of a reserved type (``code``, ``run_table``, ``job``) that users may not create."""
    try:
        from wandb.sdk.artifacts._internal_artifact import InternalArtifact

        return InternalArtifact(name, type)
    except ImportError:
        pass
    Artifact = _artifact_cls()
    try:
        return Artifact(name, type)
    except ValueError:
        art = Artifact(name, "placeholder")
        art._type = type
        return art


__all__ = ["RunArtifacts", "SaveHandle", "Uploader", "attach_save_handle", "resolve_aliases", "make_artifact_name_safe"]
