"""``wandb.init()``: start a run.

Steps: build the run's settings (global settings from ``wandb.setup`` < ``settings=``
< keyword arguments), log in for synced modes, pick the run id (explicit, resume
file, ``resume_from`` or random), build the config, then either return a disabled
run or create the run directory, construct ``Run(settings, config, ...)``, call
``run._start()`` and bind the ``wandb.*`` globals.
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import TYPE_CHECKING, Any, Literal, Sequence

from wandb.errors import UsageError
from wandb.sdk import wandb_login, wandb_setup
from wandb.sdk.lib import config_util, wb_logging
from wandb.sdk.lib.deprecate import deprecate
from wandb.sdk.lib.paths import StrPath

if TYPE_CHECKING:
    from wandb.sdk.wandb_run import Run
    from wandb.sdk.wandb_settings import Settings

__all__ = ["init"]

logger = logging.getLogger("wandb")


class _ConfigParts:
    """Initial config of a run, by source."""

    def __init__(self, base: dict[str, Any], sweep: dict[str, Any], launch: dict[str, Any]) -> None:
        self.base = base
        self.sweep = sweep
        self.launch = launch


def _termlog(msg: str) -> None:
    import wandb

    wandb.termlog(msg)


def _termwarn(msg: str, repeat: bool = True) -> None:
    import wandb

    wandb.termwarn(msg, repeat=repeat)


def _apply_kwargs(init_settings: Settings, kw: dict[str, Any]) -> None:
    """Copy ``init`` keyword arguments onto ``init_settings`` (the order matters for
    the cross-field checks: ``id`` before ``fork_from``/``resume_from``)."""
    mapping = (
        ("job_type", "run_job_type"),
        ("dir", "root_dir"),
        ("project", "project"),
        ("entity", "entity"),
        ("reinit", "reinit"),
        ("tags", "run_tags"),
        ("group", "run_group"),
        ("name", "run_name"),
        ("notes", "run_notes"),
        ("anonymous", "anonymous"),
        ("mode", "mode"),
        ("resume", "resume"),
        ("force", "force"),
        ("tensorboard", "sync_tensorboard"),
        ("sync_tensorboard", "sync_tensorboard"),
        ("save_code", "save_code"),
        ("id", "run_id"),
        ("fork_from", "fork_from"),
        ("resume_from", "resume_from"),
        ("allow_val_change", "allow_val_change"),
    )
    for arg, field in mapping:
        value = kw.get(arg)
        if value is None:
            continue
        if arg == "tags" and not isinstance(value, str):
            # A single string is one tag (the settings validator turns it into a tuple).
            try:
                value = tuple(value)
            except TypeError:
                raise UsageError(
                    f"Invalid value for `tags`: {value!r}. Pass a list of strings."
                ) from None
        if arg == "dir":
            value = os.fspath(value)
        if field == "allow_val_change" and field not in type(init_settings).model_fields:
            continue
        setattr(init_settings, field, value)


def _auto_project_name(program: str | None) -> str:
    """``<git repo name>[-<subdir>]`` when in a git checkout, else ``"uncategorized"``."""
    try:
        from wandb.sdk.settings_runtime import find_git_root

        root = find_git_root(os.getcwd())
    except Exception:  # noqa: BLE001  (project inference is best effort)
        root = None
    if not root:
        return "uncategorized"
    repo_name = os.path.basename(os.path.normpath(root))
    if program is None:
        return repo_name
    prog = program if os.path.isabs(program) else os.path.join(os.curdir, program)
    prog_dir = os.path.dirname(os.path.abspath(prog))
    if not prog_dir.startswith(os.path.normpath(root)):
        return repo_name
    sub = os.path.relpath(prog_dir, root)
    project = repo_name if sub == "." else f"{repo_name}-{sub}"
    return project.replace(os.sep, "_")


def _launch_config(settings: Settings) -> dict[str, Any]:
    """Config overrides handed to a run started by W&B Launch (``WANDB_CONFIG``...)."""
    if not getattr(settings, "launch", False):
        return {}
    raw = os.environ.get("WANDB_CONFIG")
    if raw is None:
        path = getattr(settings, "launch_config_path", None)
        if path and os.path.exists(path):
            with open(path) as f:
                return (json.load(f).get("overrides") or {}).get("run_config") or {}
        chunks, i = [], 0
        while f"WANDB_CONFIG_{i}" in os.environ:
            chunks.append(os.environ[f"WANDB_CONFIG_{i}"])
            i += 1
        raw = "".join(chunks) if chunks else None
    if raw is None:
        return {}
    try:
        loaded = json.loads(raw)
    except ValueError:
        _termwarn("Malformed WANDB_CONFIG, using original config")
        return {}
    return loaded if isinstance(loaded, dict) else {}


class _WandbInit:
    def __init__(self, wl: wandb_setup._WandbSetup) -> None:
        self._wl = wl
        self.deprecated: dict[str, str] = {}
        self.features: set[str] = set()
        self._dispose_log: Any = None

    @property
    def _logger(self) -> Any:
        return self._wl._get_logger()

    def maybe_login(self, init_settings: Settings) -> None:
        """Check credentials for synced modes (online, shared)."""
        run_settings = self._wl.settings.model_copy()
        run_settings.update_from_settings(init_settings)
        if run_settings._noop or run_settings._offline:
            return
        # Vireo embedded default: no base URL and no API key configured -> the local server.
        from wandb.sdk import embedded

        local = embedded.use_for_init(run_settings)
        if local is not None:
            init_settings.base_url, init_settings.api_key = local
            return
        wandb_login._login(
            anonymous=run_settings.anonymous,
            host=run_settings.base_url,
            force=run_settings.force,
            _disable_warning=True,
            _silent=run_settings.quiet or run_settings.silent,
        )

    def make_run_settings(self, init_settings: Settings) -> Settings:
        if self._wl.did_environment_change():
            _termwarn(
                "Changes to your `wandb` environment variables will be ignored because your"
                " `wandb` session has already started. For more information on how to modify"
                " your settings with `wandb.init()` arguments, please refer to the W&B docs.",
                repeat=False,
            )
        self._clear_run_path_if_sweep_or_launch(init_settings)
        settings = self._wl.settings.model_copy()
        settings.update_from_settings(init_settings)
        if settings.project is None:
            settings.project = _auto_project_name(settings.program)
        settings.x_start_time = time.time()
        if settings._shared and not settings.x_label:
            from wandb.sdk.lib import runid

            prefix = settings.host or ""
            label = runid.generate_id()
            settings.x_label = f"{prefix}-{label}" if prefix else label
        return settings

    def _clear_run_path_if_sweep_or_launch(self, init_settings: Settings) -> None:
        gs = self._wl.settings
        if gs.sweep_id:
            when = "when running a sweep"
        elif getattr(gs, "launch", False):
            when = "when running from a wandb launch context"
        else:
            return
        for key in ("project", "entity", "run_id"):
            value = getattr(init_settings, key)
            if value is not None:
                _termwarn(f"Ignoring {key} {value!r} {when}.")
                setattr(init_settings, key, None)

    def make_run_config(
        self,
        settings: Settings,
        config: Any,
        config_exclude_keys: Any,
        config_include_keys: Any,
    ) -> _ConfigParts:
        if config_exclude_keys:
            self.deprecated["init__config_exclude_keys"] = (
                "config_exclude_keys is deprecated. Use"
                " `config=wandb.helper.parse_config(config_object, exclude=('key',))` instead."
            )
        if config_include_keys:
            self.deprecated["init__config_include_keys"] = (
                "config_include_keys is deprecated. Use"
                " `config=wandb.helper.parse_config(config_object, include=('key',))` instead."
            )
        user = config_util.parse_config(
            config if config is not None else {},
            include=config_include_keys,
            exclude=config_exclude_keys,
        )
        base: dict[str, Any] = {}
        for k, v in self._wl.config.items():
            base.setdefault(k, v)
        for k, v in user.items():
            base.setdefault(k, v)
        sweep = dict(self._wl._sweep_config or {})
        launch = _launch_config(settings)
        internal = base.setdefault("_wandb", {})
        if settings.save_code and settings.program_relpath:
            from wandb.sdk.lib.paths import LogicalPath

            internal["code_path"] = LogicalPath(os.path.join("code", settings.program_relpath))
        moment = settings.fork_from or settings.resume_from
        if moment is not None:
            internal["branch_point"] = {"run_id": moment.run, "step": moment.value}
        return _ConfigParts(base=base, sweep=sweep, launch=launch)

    def previous_run_to_return(self, settings: Settings) -> Run | None:
        """Apply ``reinit`` when a run is already active; return it if it should be reused."""
        previous = self._wl.most_recent_active_run
        if previous is None:
            return None
        reinit = settings.reinit
        if reinit in (True, "finish_previous") or (reinit == "default" and settings._notebook):
            _termlog(f"Finishing previous runs because reinit is set to {reinit!r}.")
            self._wl.finish_all_active_runs()
            return None
        if reinit == "create_new":
            self._logger.info(
                "wandb.init() called while a run is active, and reinit is set to"
                " 'create_new', so continuing"
            )
            return None
        _termlog(
            "wandb.init() called while a run is active and reinit is set to"
            f" {reinit!r}, so returning the previous run."
        )
        return previous

    def start_run(self, settings: Settings, config: _ConfigParts) -> Run:
        from wandb.sdk import init_rundir
        from wandb.sdk.wandb_config import Config
        from wandb.sdk.wandb_run import Run

        if settings._shared:
            _termwarn(
                "The `shared` mode feature is experimental and may change. "
                "Please contact support@wandb.com for guidance and to report any issues."
            )
        if settings._offline and settings.resume:
            _termwarn(
                "`resume` will be ignored since W&B syncing is set to `offline`. "
                f"Starting a new run with run id {settings.run_id}."
            )
        # Online runs: `resume` is decided by the server (wandb.sdk.online, in Run._start).
        if not settings.resume and settings.resume_fname and os.path.exists(settings.resume_fname):
            try:
                os.remove(settings.resume_fname)
            except OSError:
                pass

        init_rundir.ensure_unique_sync_dir(settings)
        init_rundir.create_run_dirs(settings)
        dispose = init_rundir.open_run_logs(settings, self._wl)
        try:
            self._logger.info("calling init triggers")
            self._logger.info(
                f"wandb.init called with sweep_config: {config.sweep}\nconfig: {config.base}"
            )
            run_config = Config()
            run_config._set_settings(settings)
            run_config._update(config.base, allow_val_change=True, ignore_locked=True)
            # Sweep and launch values win over the script's and are locked against changes.
            if config.sweep:
                run_config.merge_locked(config.sweep, user="sweep", _allow_val_change=True)
            if config.launch:
                run_config.update_locked(config.launch, user="launch", _allow_val_change=True)
            run = Run(
                settings=settings,
                config=run_config,
                sweep_config=config.sweep or None,
                launch_config=config.launch or None,
            )
            _init_telemetry(run, settings, self.features)
            for feature, msg in self.deprecated.items():
                deprecate(field_name=feature, warning_message=msg, run=run)
            self._logger.info("starting run")
            run._start()
        except BaseException:
            dispose()
            raise
        _attach_log_disposer(run, dispose, self._wl)
        self._wl.add_active_run(run)
        if settings.reinit != "create_new":
            wandb_setup._set_global_run(run)
        self._logger.info("run started, returning control to user process")
        return run


def _init_telemetry(run: Any, settings: Settings, features: set[str]) -> None:
    """Turn on the init-time telemetry features (before ``_start`` writes the record)."""
    names = set(features)
    if settings._offline:
        names.add("offline")
    if settings._shared:
        names.add("shared_mode")
    if settings.sync_tensorboard:
        names.add("tensorboard_sync")
    tel = getattr(run, "_telemetry", None)
    if tel is not None and hasattr(tel, "set_feature") and names:
        try:
            tel.set_feature(*sorted(names))
        except Exception:  # noqa: BLE001  (telemetry must never break init)
            logger.exception("could not set init telemetry")


def _attach_log_disposer(run: Any, dispose: Any, wl: wandb_setup._WandbSetup) -> None:
    """When the run finishes: forget it as active and close its debug.log handler."""

    def on_finish(finished: Any = None) -> None:
        wl.remove_active_run(run)
        dispose()

    hooks = getattr(run, "_finish_hooks", None)
    if isinstance(hooks, list):
        hooks.append(on_finish)


def init(  # noqa: C901
    entity: str | None = None,
    project: str | None = None,
    dir: StrPath | None = None,
    id: str | None = None,
    name: str | None = None,
    notes: str | None = None,
    tags: Sequence[str] | None = None,
    config: dict[str, Any] | str | None = None,
    config_exclude_keys: list[str] | None = None,
    config_include_keys: list[str] | None = None,
    allow_val_change: bool | None = None,
    group: str | None = None,
    job_type: str | None = None,
    mode: Literal["online", "offline", "disabled", "shared"] | None = None,
    force: bool | None = None,
    anonymous: Literal["never", "allow", "must"] | None = None,
    reinit: (
        bool
        | Literal[
            None,
            "default",
            "return_previous",
            "finish_previous",
            "create_new",
        ]
    ) = None,
    resume: bool | Literal["allow", "never", "must", "auto"] | None = None,
    resume_from: str | None = None,
    fork_from: str | None = None,
    save_code: bool | None = None,
    tensorboard: bool | None = None,
    sync_tensorboard: bool | None = None,
    monitor_gym: bool | None = None,
    settings: Settings | dict[str, Any] | None = None,
) -> Run:
    r"""Start a new run to track and log to W&B.

    Returns a ``Run``; use it as a context manager or call ``run.finish()`` at the end.
    Run IDs must not contain any of the characters ``/ \ # ? % :``.

    Args:
        entity: User or team the run is logged to.
        project: Project name (inferred from the git repository, else "uncategorized").
        dir: Directory under which ``wandb/`` is created (default: current directory);
            created if missing.
        id: Unique run id, used for resuming (default: 8 random ``[a-z0-9]`` characters).
        name: Display name of the run.
        notes: Longer description of the run.
        tags: List of tags (strings of 1 to 64 characters).
        config: Hyperparameters: a dict, ``argparse.Namespace``, absl ``FLAGS`` or the
            path of a YAML file.
        config_exclude_keys: Deprecated. Keys of ``config`` to leave out.
        config_include_keys: Deprecated. Keys of ``config`` to keep (not with exclude).
        allow_val_change: Allow config values to change after they are set.
        group: Group name for related runs.
        job_type: Type of the run ("train", "eval"...).
        mode: "online" (default), "offline", "disabled" (all no-ops) or "shared".
        force: Require a login (no silent fall back).
        anonymous: "never", "allow" or "must".
        reinit: What to do when a run is already active: "default", "return_previous",
            "finish_previous" or "create_new" (several concurrent runs); booleans are
            deprecated (True = "finish_previous", False = "return_previous").
        resume: "allow", "never", "must" or "auto" (True = "auto", False = unset).
        resume_from: ``"<run_id>?_step=<n>"``: rewind a run to a step and continue it.
        fork_from: ``"<run_id>?_step=<n>"``: start a new run from a step of another.
        save_code: Save the main script with the run.
        tensorboard: Deprecated; use ``sync_tensorboard``.
        sync_tensorboard: Sync TensorBoard logs (not supported yet by Vireo; warns).
        monitor_gym: Log videos of Gym environments.
        settings: A ``wandb.Settings`` or dict of advanced settings.

    Returns:
        A ``Run`` object.

    Raises:
        Error: An unknown or internal error happened during initialization.
        AuthenticationError: Credentials were rejected.
        CommError: The server could not be reached.
        UsageError: The arguments were invalid.
    """
    from wandb.sdk.wandb_settings import Settings

    if isinstance(settings, dict):
        init_settings = Settings(**settings)
    elif isinstance(settings, Settings):
        init_settings = settings.model_copy()
    elif settings is None:
        init_settings = Settings()
    else:
        raise UsageError(
            f"Invalid value for `settings`: expected a wandb.Settings or a dict, got"
            f" {type(settings).__name__}."
        )
    _apply_kwargs(
        init_settings,
        dict(
            job_type=job_type, dir=dir, project=project, entity=entity, reinit=reinit,
            tags=tags, group=group, name=name, notes=notes, anonymous=anonymous, mode=mode,
            resume=resume, force=force, tensorboard=tensorboard,
            sync_tensorboard=sync_tensorboard, save_code=save_code, id=id,
            fork_from=fork_from, resume_from=resume_from, allow_val_change=allow_val_change,
        ),
    )  # fmt: skip

    wl: wandb_setup._WandbSetup | None = None
    try:
        wl = wandb_setup._setup()
        wi = _WandbInit(wl)
        if config is not None:
            wi.features.add("set_init_config")
        wi.maybe_login(init_settings)
        run_settings = wi.make_run_settings(init_settings)
        if isinstance(run_settings.reinit, bool):
            wi.deprecated["run__reinit_bool"] = (
                "Using a boolean value for 'reinit' is deprecated."
                " Use 'return_previous' or 'finish_previous' instead."
            )
        if not run_settings._noop:
            previous = wi.previous_run_to_return(run_settings)
            if previous is not None:
                return previous
        for attr, feature in (
            ("run_id", "set_init_id"), ("run_name", "set_init_name"),
            ("run_tags", "set_init_tags"), ("fork_from", "fork_mode"),
            ("resume_from", "rewind_mode"),
        ):  # fmt: skip
            if getattr(run_settings, attr, None) is not None:
                wi.features.add(feature)
        from wandb.sdk import init_resume

        init_resume.set_run_id(run_settings)
        with wb_logging.log_to_run(run_settings.run_id):
            parts = wi.make_run_config(
                run_settings, config, config_exclude_keys, config_include_keys
            )
            if run_settings._noop:
                from wandb.sdk.init_disabled import make_disabled_run

                return make_disabled_run(parts)
            from wandb.sdk.init_rundir import try_create_root_dir

            try_create_root_dir(run_settings)
            if run_settings.sync_tensorboard:
                _termwarn(
                    "sync_tensorboard is not supported yet by this wandb implementation;"
                    " TensorBoard logs will not be synced.",
                    repeat=False,
                )
            if monitor_gym:
                _termwarn(
                    "monitor_gym is not supported yet by this wandb implementation;"
                    " Gym videos will not be logged.",
                    repeat=False,
                )
            return wi.start_run(run_settings, parts)
    except KeyboardInterrupt:
        if wl is not None:
            wl._get_logger().warning("interrupted", exc_info=True)
        raise
    except Exception:
        if wl is not None:
            wl._get_logger().exception("error in wandb.init()")
        raise
