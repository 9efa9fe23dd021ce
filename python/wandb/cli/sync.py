"""``wandb sync``: upload run directories (offline runs, crashed online runs) to the server.

Each run's transaction log (``run-<id>.wandb``) is read (a torn tail is skipped) and
replayed through the same Rust sender that online runs use; history offsets are
idempotent on the server, so syncing twice never duplicates rows. ``config.yaml`` and
``wandb-metadata.json`` are rebuilt from the log and uploaded with the other run files.
A synced log is marked with an empty ``run-<id>.wandb.synced`` file, as wandb does.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import os
import re
import shutil
from typing import Any, Iterable

WANDB_SUFFIX = ".wandb"
SYNCED_SUFFIX = ".synced"
#: seconds one run may take to upload
SYNC_TIMEOUT_S = 600.0


class LocalRun:
    """A run directory under ``./wandb`` and whether it was synced."""

    def __init__(self, path: str, synced: bool | None = None) -> None:
        self.path = path
        self.synced = synced
        name = os.path.basename(path)
        self.offline = name.startswith("offline-")
        try:
            stamp = name.split("run-", 1)[1].split("-")[0]
            self.datetime = datetime.datetime.strptime(stamp, "%Y%m%d_%H%M%S")
        except (IndexError, ValueError):
            self.datetime = datetime.datetime.fromtimestamp(os.path.getmtime(path))

    def __str__(self) -> str:
        return self.path


def _wandb_dir() -> str:
    return ".wandb" if os.path.exists(".wandb") else "wandb"


def get_runs(
    include_offline: bool = True,
    include_online: bool = True,
    include_synced: bool = False,
    include_unsynced: bool = True,
    exclude_globs: list[str] | None = None,
    include_globs: list[str] | None = None,
) -> tuple[LocalRun, ...]:
    """Run directories of ``./wandb`` filtered like wandb does (online runs count as synced)."""
    base = _wandb_dir()
    if not os.path.isdir(base):
        return ()
    names = sorted(os.listdir(base))
    dirs = [d for d in names if include_offline and d.startswith("offline-run-")]
    dirs += [d for d in names if include_online and d.startswith("run-")]
    dirs.sort()
    out = []
    for d in dirs:
        full = os.path.join(base, d)
        if not os.path.isdir(full):
            continue
        files = os.listdir(full)
        if exclude_globs:
            files = [f for f in files if not any(fnmatch.fnmatch(f, g) for g in exclude_globs)]
        if include_globs:
            files = [f for f in files if any(fnmatch.fnmatch(f, g) for g in include_globs)]
        for f in files:
            if not f.endswith(WANDB_SUFFIX):
                continue
            log = os.path.join(full, f)
            synced = os.path.exists(log + SYNCED_SUFFIX) or d.startswith("run-")
            if (synced and include_synced) or (not synced and include_unsynced):
                out.append(LocalRun(full, synced))
    return tuple(out)


def find_log(path: str) -> str:
    """The ``.wandb`` file of a run directory (or the file itself)."""
    if os.path.isfile(path):
        return path
    if os.path.isdir(path):
        logs = sorted(f for f in os.listdir(path) if f.endswith(WANDB_SUFFIX))
        if logs:
            return os.path.join(path, logs[0])
    from wandb.errors import UsageError

    raise UsageError(f"No transaction log (run-<id>.wandb) found in {path!r}")


def _settings() -> Any:
    from wandb.sdk import wandb_setup

    return wandb_setup.singleton().settings


def sync_one(
    path: str,
    *,
    run_id: str | None = None,
    project: str | None = None,
    entity: str | None = None,
    job_type: str | None = None,
    mark_synced: bool = True,
    timeout_s: float = SYNC_TIMEOUT_S,
    echo: Any = print,
) -> dict:
    """Sync one run (directory or ``.wandb`` file); returns the sender's status dict.

    Raises:
        CommError: the server could not be reached to create the run.
        UsageError: no transaction log at ``path`` or no API key.
    """
    from wandb.sdk import internal_core
    from wandb.sdk.online import queries, run_files, session

    log = find_log(path)
    state = run_files.LogState.read(log)
    run = state.run or {}
    settings = _settings()
    rid = run_id or run.get("run_id") or os.path.basename(log)[len("run-") : -len(WANDB_SUFFIX)]
    proj = project or run.get("project") or getattr(settings, "project", None) or "uncategorized"
    ent = entity or run.get("entity") or getattr(settings, "entity", None) or None
    _use_embedded_default(settings)
    key = session.api_key_for(settings)
    client = session.make_client(settings, key)
    try:
        if ent is None:
            try:
                viewer = client.execute(queries.VIEWER, operation="Viewer", timeout_s=10)
                ent = (viewer.get("viewer") or {}).get("entity")
            except Exception:  # noqa: BLE001 - the server substitutes the default entity
                ent = None
        config = dict(state.config)
        wandb_cfg = config.get("_wandb") if isinstance(config.get("_wandb"), dict) else {}
        import platform

        wandb_cfg = dict(wandb_cfg)
        wandb_cfg.setdefault(
            "t", session.telemetry_t(getattr(settings, "_wandb_version", "0.21.3"), platform.python_version())
        )
        config["_wandb"] = wandb_cfg
        variables = {
            "name": rid,
            "project": proj,
            "entity": ent,
            "config": json.dumps(run_files.wrap_config(config)),
            "displayName": run.get("display_name") or None,
            "groupName": run.get("run_group") or None,
            "jobType": job_type or run.get("job_type") or None,
            "notes": run.get("notes") or None,
            "tags": list(run.get("tags") or []),
            "host": run.get("host") or None,
            "sweep": run.get("sweep_id") or None,
        }
        data = client.execute(
            queries.UPSERT_BUCKET, variables, operation="UpsertBucket", timeout_s=60, retry_conflict=True
        )
        bucket = data["upsertBucket"]["bucket"]
        pinfo = bucket.get("project") or {}
        ent = (pinfo.get("entity") or {}).get("name") or ent or ""
        proj = pinfo.get("name") or proj
        rid = bucket.get("name") or rid
    finally:
        client.close()
    url = f"{_app_url(client.base_url)}/{ent}/{proj}/runs/{rid}"
    files_dir = os.path.join(os.path.dirname(os.path.abspath(log)), "files")
    run_files.write_run_files(files_dir, config, state.environments)
    sender = {
        "base_url": client.base_url,
        "api_key": key,
        "entity": ent,
        "project": proj,
        "run_id": rid,
        "files_dir": files_dir,
        "interval_ms": 200,
        "write_output_log": True,
    }
    artifact_errors = replay_artifacts(log, settings, key, ent, proj, rid, echo=echo)
    status = internal_core.sync_log(log, sender, timeout_s=timeout_s)
    if artifact_errors:
        status["artifact_errors"] = artifact_errors
        if status.get("complete"):
            status["complete"] = False
            status["error"] = artifact_errors[0]
    if status.get("complete"):
        echo(f"Syncing: {url} ... done.")
        if mark_synced:
            with open(log + SYNCED_SUFFIX, "w"):
                pass
    else:
        echo(f"Syncing: {url} ... failed: {status.get('error') or 'timed out'}")
    status["url"] = url
    return status


_HISTORY_RE = re.compile(r'^\{"num":\d+,"history":')


def replay_artifacts(log: str, settings: Any, api_key: str, entity: str, project: str, run_id: str,
                     echo: Any = print) -> list[str]:
    """Upload the artifacts a run's log records (``artifact`` records, in order) and record its
    ``use_artifact`` records; returns the errors (an artifact that fails is not committed).

    Saving is idempotent: an artifact already uploaded (same digest) is found, not duplicated.
    """
    import json as _json

    from wandb.sdk import internal_core
    from wandb.sdk.artifacts import artifact_saver
    from wandb.sdk.online import session

    errors: list[str] = []
    client = None
    step = None
    try:
        for _offset, text in internal_core.read_records(log):
            if _HISTORY_RE.match(text):
                rec = _json.loads(text).get("history") or {}
                step = int((rec.get("step") or {}).get("num") or 0) + 1
                continue
            if '"artifact"' not in text and '"use_artifact"' not in text:
                continue
            record = _json.loads(text)
            if client is None:
                client = session.make_client(settings, api_key)
            if "artifact" in record:
                art = record["artifact"]
                try:
                    artifact_saver.save_record(art, client=client, history_step=step, entity=entity,
                                               project=project, run_id=run_id)
                except Exception as e:  # noqa: BLE001 - reported; the run is not marked synced
                    errors.append(f"artifact {art.get('name')!r}: {e}")
                    echo(f"Could not upload artifact {art.get('name')!r}: {e}")
            elif "use_artifact" in record and (record["use_artifact"] or {}).get("id"):
                try:
                    artifact_saver.execute(client, artifact_saver.USE_ARTIFACT, {
                        "entityName": entity, "projectName": project, "runName": run_id,
                        "artifactID": record["use_artifact"]["id"]}, "UseArtifact")
                except Exception as e:  # noqa: BLE001
                    errors.append(f"use_artifact {record['use_artifact'].get('name')!r}: {e}")
    finally:
        if client is not None:
            client.close()
    return errors


def _use_embedded_default(settings: Any) -> None:
    """With no server configured, sync to the local server (the same one ``wandb.init`` uses),
    whatever mode the runs were written in."""
    from wandb.sdk import embedded

    probe = settings.model_copy()
    probe.mode = "online"
    local = embedded.use_for_init(probe)
    if local is not None:
        settings.base_url, settings.api_key = local


def _app_url(base_url: str) -> str:
    try:
        from wandb.sdk import settings_runtime

        return settings_runtime.app_url(base_url)
    except (ImportError, AttributeError):
        return base_url.rstrip("/")


def clean(runs: Iterable[LocalRun], older_than_hours: int) -> list[LocalRun]:
    """Runs (already filtered to synced ones) older than the given age; removed by the caller."""
    since = datetime.datetime.now() - datetime.timedelta(hours=older_than_hours)
    old = [r for r in runs if r.datetime < since]
    old.sort(key=lambda r: r.datetime)
    return old


def register(cli: Any) -> None:
    """Add the ``sync`` command to the click group ``cli``."""
    import click

    @cli.command(help="Upload an offline training directory to W&B")
    @click.argument("path", nargs=-1, type=click.Path(exists=True))
    @click.option("--id", "run_id", help="The run you want to upload to.")
    @click.option("--project", "-p", help="The project you want to upload to.")
    @click.option("--entity", "-e", help="The entity to scope to.")
    @click.option("--job_type", "job_type", help="Specifies the type of run for grouping related runs together.")
    @click.option("--include-globs", help="Comma separated list of globs to include.")
    @click.option("--exclude-globs", help="Comma separated list of globs to exclude.")
    @click.option("--include-online/--no-include-online", default=None, help="Include online runs")
    @click.option("--include-offline/--no-include-offline", default=None, help="Include offline runs")
    @click.option("--include-synced/--no-include-synced", default=None, help="Include synced runs")
    @click.option("--mark-synced/--no-mark-synced", default=True, help="Mark runs as synced")
    @click.option("--sync-all", is_flag=True, default=False, help="Sync all runs")
    @click.option("--clean", "do_clean", is_flag=True, default=False, help="Delete synced runs")
    @click.option("--clean-old-hours", default=24, type=int,
                  help="Delete runs created before this many hours. To be used alongside --clean flag.")
    @click.option("--clean-force", is_flag=True, default=False, help="Clean without confirmation prompt.")
    @click.option("--show", default=5, help="Number of runs to show")
    def sync(
        path: tuple, run_id: str | None, project: str | None, entity: str | None, job_type: str | None,
        include_globs: str | None, exclude_globs: str | None, include_online: bool | None,
        include_offline: bool | None, include_synced: bool | None, mark_synced: bool, sync_all: bool,
        do_clean: bool, clean_old_hours: int, clean_force: bool, show: int,
    ) -> None:
        import sys

        import wandb
        from wandb.errors import Error

        inc = include_globs.split(",") if include_globs else None
        exc = exclude_globs.split(",") if exclude_globs else None

        def select(synced_default: bool, unsynced: bool = True) -> tuple[LocalRun, ...]:
            return get_runs(
                include_online=True if include_online is None else include_online,
                include_offline=True if include_offline is None else include_offline,
                include_synced=synced_default if include_synced is None else include_synced,
                include_unsynced=unsynced,
                exclude_globs=exc,
                include_globs=inc,
            )

        def run_paths(paths: Iterable[str]) -> None:
            paths = list(paths)
            if run_id and len(paths) > 1:
                wandb.termerror("id can only be set for a single run.")
                sys.exit(1)
            failed = False
            for p in paths:
                try:
                    st = sync_one(p, run_id=run_id, project=project, entity=entity, job_type=job_type,
                                  mark_synced=mark_synced, echo=click.echo)
                    failed = failed or not st.get("complete")
                except Error as e:
                    wandb.termerror(f"{p}: {e}")
                    failed = True
            if failed:
                sys.exit(1)

        if sync_all:
            items = select(False)
            if not items:
                wandb.termerror("Nothing to sync.")
                return
            run_paths(str(r) for r in items)
        elif do_clean:
            if path:
                runs = [LocalRun(p) for p in path]
                if not clean_force:
                    click.confirm(click.style(f"Are you sure you want to remove {len(runs)} runs?", bold=True),
                                  abort=True)
                for r in runs:
                    shutil.rmtree(r.path)
                click.echo(click.style("Success!", fg="green"))
                return
            runs = list(select(True, unsynced=False))
            old = clean(runs, clean_old_hours)
            if not old:
                click.echo(click.style(f"No runs older than {clean_old_hours} hours found", fg="red"))
                return
            click.echo(f"Found {len(runs)} runs, {len(old)} are older than {clean_old_hours} hours")
            for r in old:
                click.echo(r.path)
            if not clean_force:
                click.confirm(click.style(f"Are you sure you want to remove {len(old)} runs?", bold=True),
                              abort=True)
            for r in old:
                shutil.rmtree(r.path)
            click.echo(click.style("Success!", fg="green"))
        elif path:
            run_paths(path)
        else:
            all_items = get_runs(include_online=True, include_offline=True, include_synced=True)
            to_sync = select(False)
            if to_sync:
                wandb.termlog(f"Number of runs to be synced: {len(to_sync)}")
                if show and show < len(to_sync):
                    wandb.termlog(f"Showing {show} runs to be synced:")
                for item in to_sync[: (show or len(to_sync))]:
                    wandb.termlog(f"  {item}")
            else:
                wandb.termlog("No runs to be synced.")
            synced = [r for r in all_items if r.synced]
            unsynced = [r for r in all_items if not r.synced]
            if synced:
                wandb.termlog(
                    f"NOTE: use {click.style('wandb sync --clean', fg='yellow')} to delete "
                    f"{len(synced)} synced runs from local directory."
                )
            if unsynced:
                wandb.termlog(
                    f"NOTE: use {click.style('wandb sync --sync-all', fg='yellow')} to sync "
                    f"{len(unsynced)} unsynced runs from local directory."
                )
