"""Process-wide W&B state: the ``wandb.setup()`` singleton, global settings, active runs,
and the ``wandb.run`` / ``wandb.log`` ... globals.

The singleton is fork-aware: in a forked child, ``singleton()`` makes a fresh one, so
a child never touches its parent's runs.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from typing import TYPE_CHECKING, Any, Union

from wandb.sdk.lib import wb_logging
from wandb.sdk.lib.preinit import PreInitCallable, PreInitObject

if TYPE_CHECKING:
    from wandb.sdk.wandb_run import Run
    from wandb.sdk.wandb_settings import Settings

__all__ = ["setup", "teardown", "singleton", "_setup", "_WandbSetup"]


class _EarlyLogger:
    """Keeps log calls in memory until a run's debug.log exists, then replays them."""

    def __init__(self) -> None:
        self._log: list[tuple[int, str, tuple, dict]] = []
        self._exception: list[tuple[str, tuple, dict]] = []
        self.warn = self.warning

    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log.append((logging.DEBUG, msg, args, kwargs))

    def info(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log.append((logging.INFO, msg, args, kwargs))

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log.append((logging.WARNING, msg, args, kwargs))

    def error(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log.append((logging.ERROR, msg, args, kwargs))

    def critical(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log.append((logging.CRITICAL, msg, args, kwargs))

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._exception.append((msg, args, kwargs))

    def log(self, level: int, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log.append((level, msg, args, kwargs))

    def _flush(self, new_logger: logging.Logger) -> None:
        for level, msg, args, kwargs in self._log:
            new_logger.log(level, msg, *args, **kwargs)
        for msg, args, kwargs in self._exception:
            new_logger.exception(msg, *args, **kwargs)
        self._log.clear()
        self._exception.clear()


Logger = Union[logging.Logger, _EarlyLogger]


class _WandbSetup:
    """The W&B library singleton (what ``wandb.setup()`` returns)."""

    def __init__(self, pid: int) -> None:
        wb_logging.configure_wandb_logger()
        self._pid = pid
        self._active_runs: list[Run] = []
        self._active_runs_lock = threading.Lock()
        self._sweep_config: dict | None = None
        self._logger: Logger = _EarlyLogger()
        self._settings: Settings | None = None
        self._settings_environ: dict[str, str] | None = None
        self._server: Any = None
        self._connection: Any = None

    # -- active runs -------------------------------------------------------------------
    def add_active_run(self, run: Run) -> None:
        """Record a newly started run."""
        with self._active_runs_lock:
            if run not in self._active_runs:
                self._active_runs.append(run)

    def remove_active_run(self, run: Run) -> None:
        """Forget a finished run (removing twice is fine)."""
        with self._active_runs_lock:
            try:
                self._active_runs.remove(run)
            except ValueError:
                pass

    @property
    def active_runs(self) -> list[Run]:
        """Runs started in this process and not finished yet, oldest first."""
        with self._active_runs_lock:
            self._active_runs = [r for r in self._active_runs if not _run_finished(r)]
            return list(self._active_runs)

    @property
    def most_recent_active_run(self) -> Run | None:
        """The most recently started run that is not finished, if any."""
        runs = self.active_runs
        return runs[-1] if runs else None

    def finish_all_active_runs(self, exit_code: int | None = None) -> None:
        """Finish every unfinished run (newest first)."""
        for run in reversed(self.active_runs):
            try:
                if exit_code is None:
                    run.finish()
                else:
                    run.finish(exit_code=exit_code)
            finally:
                self.remove_active_run(run)

    # -- settings ----------------------------------------------------------------------
    def did_environment_change(self) -> bool:
        """True when ``WANDB_*`` environment variables changed since settings were loaded."""
        if not self._settings_environ:
            return False
        skip = {"WANDB_SERVICE", "WANDB_KUBEFLOW_URL"}

        def wandb_vars(env: dict[str, str]) -> dict[str, str]:
            return {k: v for k, v in env.items() if k.startswith("WANDB_") and k not in skip}

        return wandb_vars(self._settings_environ) != wandb_vars(dict(os.environ))

    def _load_settings(self, *, system_settings_path: str | None, overrides: Settings | None) -> None:
        from wandb.sdk.wandb_settings import Settings

        import wandb

        settings = Settings()
        pid = os.getpid()
        self._logger.info(f"Current SDK version is {wandb.__version__}")
        self._logger.info(f"Configure stats pid to {pid}")
        _try_set(settings, "x_stats_pid", pid)
        if system_settings_path:
            settings.settings_system = system_settings_path
        elif not getattr(settings, "settings_system", None):
            from wandb.sdk.wandb_settings import default_settings_system

            settings.settings_system = default_settings_system()
        if getattr(settings, "settings_system", None):
            self._logger.info(f"Loading settings from {settings.settings_system}")
        _call_if_present(settings, "update_from_system_config_file")
        workspace = _safe_getattr(settings, "settings_workspace")
        if workspace:
            self._logger.info(f"Loading settings from {workspace}")
        _call_if_present(settings, "update_from_workspace_config_file")
        self._logger.info("Loading settings from environment variables")
        self._settings_environ = os.environ.copy()
        _call_if_present(settings, "update_from_env_vars", self._settings_environ)
        _call_if_present(settings, "update_from_system_environment")
        if overrides is not None:
            settings.update_from_settings(overrides)
        self._settings = settings
        try:
            wandb.termsetup(settings, None)
        except Exception:  # noqa: BLE001  (terminal setup must not break setup)
            pass

    def _update(self, settings: Settings | dict | None) -> None:
        if isinstance(settings, dict):
            from wandb.sdk.wandb_settings import Settings

            settings = Settings(**settings)
        if self._settings is None:
            system_path = getattr(settings, "settings_system", None) if settings else None
            self._load_settings(system_settings_path=system_path, overrides=settings)
        elif settings is not None:
            self._settings.update_from_settings(settings)

    @property
    def settings(self) -> Settings:
        """The global settings (loaded from files and environment on first use)."""
        if self._settings is None:
            self._load_settings(system_settings_path=None, overrides=None)
        assert self._settings is not None
        return self._settings

    @property
    def settings_if_loaded(self) -> Settings | None:
        """The global settings, or None if not loaded yet."""
        return self._settings

    def update_user_settings(self) -> None:
        """Refresh settings that come from the server (none without a server)."""
        self._server = None

    def _load_user_settings(self) -> dict[str, Any] | None:
        return None

    @property
    def viewer(self) -> dict[str, Any]:
        """The logged-in user as the server reports it (empty without a server)."""
        return {}

    def _get_entity(self) -> str | None:
        return self.viewer.get("entity")

    def _get_username(self) -> str | None:
        return self.viewer.get("username")

    def _get_teams(self) -> list[str]:
        return []

    @property
    def config(self) -> dict[str, Any]:
        """Config values from ``config_paths`` files (and the sweep parameter file)."""
        from wandb.sdk.lib import config_util

        sweep_path = _safe_getattr(self.settings, "sweep_param_path")
        if sweep_path:
            self._sweep_config = config_util.dict_from_config_file(sweep_path, must_exist=True)
        config: dict[str, Any] = {}
        for path in _safe_getattr(self.settings, "config_paths") or ():
            loaded = config_util.dict_from_config_file(path)
            if loaded:
                config.update(loaded)
        return config

    # -- logging -----------------------------------------------------------------------
    def _get_logger(self) -> Logger:
        return self._logger

    def _early_logger_flush(self, new_logger: logging.Logger) -> None:
        if self._logger is new_logger:
            return
        if isinstance(self._logger, _EarlyLogger):
            self._logger._flush(new_logger)
        self._logger = new_logger

    # -- service (Vireo runs in-process; kept for API compatibility) --------------------
    def ensure_service(self) -> None:
        """No separate service process in Vireo; kept for compatibility."""
        return None

    def _teardown(self, exit_code: int | None = None) -> None:
        self.finish_all_active_runs(exit_code=exit_code)


def _safe_getattr(obj: Any, name: str) -> Any:
    try:
        return getattr(obj, name)
    except Exception:  # noqa: BLE001  (computed settings may fail before setup ends)
        return None


def _try_set(obj: Any, name: str, value: Any) -> None:
    try:
        setattr(obj, name, value)
    except Exception:  # noqa: BLE001
        pass


def _call_if_present(obj: Any, name: str, *args: Any) -> None:
    fn = getattr(obj, name, None)
    if callable(fn):
        fn(*args)


def _run_finished(run: Any) -> bool:
    for attr in ("_is_finished", "_finished"):
        val = getattr(run, "__dict__", {}).get(attr)
        if isinstance(val, bool):
            return val
    return False


_singleton: _WandbSetup | None = None
_singleton_lock = threading.RLock()
_atexit_registered = False


def singleton() -> _WandbSetup:
    """The singleton of this process (created on first use; settings load lazily)."""
    return _setup(load_settings=False)


def _setup(
    settings: Settings | dict | None = None,
    start_service: bool = False,
    load_settings: bool = True,
) -> _WandbSetup:
    global _singleton, _atexit_registered
    if not load_settings and settings:
        raise ValueError("Cannot pass settings if load_settings is False.")
    pid = os.getpid()
    with _singleton_lock:
        if _singleton is None or _singleton._pid != pid:
            _singleton = _WandbSetup(pid=pid)
            if not _atexit_registered:
                atexit.register(_atexit_teardown)
                _atexit_registered = True
        if load_settings:
            with wb_logging.log_to_all_runs():
                _singleton._update(settings)
        return _singleton


def setup(settings: Settings | None = None) -> _WandbSetup:
    """Prepare W&B for use in this process and its children; returns the singleton.

    ``wandb.init()`` calls this implicitly. ``settings`` (a ``wandb.Settings`` or a
    dict) become the global defaults that later ``wandb.init()`` calls start from.
    """
    return _setup(settings=settings)


def teardown(exit_code: int | None = None) -> None:
    """Finish every run that is still active and free W&B's resources.

    Runs automatically at interpreter exit; call it yourself after ``wandb.setup()``
    in multiprocessing programs where exit hooks are unreliable.
    """
    global _singleton
    with _singleton_lock:
        current, _singleton = _singleton, None
    if current is not None and current._pid == os.getpid():
        with wb_logging.log_to_all_runs():
            current._teardown(exit_code=exit_code)


def _atexit_teardown() -> None:
    try:
        teardown()
    except Exception:  # noqa: BLE001  (never raise at interpreter exit)
        logging.getLogger("wandb").exception("error in wandb teardown at exit")


# ---------------------------------------------------------------------------------------
# Globals: wandb.run, wandb.config, wandb.summary, wandb.log ...


class _PreInitConfig(PreInitObject):
    """``wandb.config`` before ``wandb.init()``: any use raises ``wandb.Error``."""

    def __init__(self) -> None:
        super().__init__("wandb.config")


class _PreInitSummary(PreInitObject):
    """``wandb.summary`` before ``wandb.init()``: any use raises ``wandb.Error``."""

    def __init__(self) -> None:
        super().__init__("wandb.summary")


def _preinit_callable(name: str, attr: str) -> Any:
    """A placeholder for ``wandb.<attr>`` that raises until a run is active."""
    destination = None
    try:
        from wandb.sdk.wandb_run import Run

        destination = getattr(Run, attr, None)
    except Exception:  # noqa: BLE001  (docs only; Run may still be importing)
        destination = None
    return PreInitCallable(name, destination)


#: Functions bound from the active run: ``wandb.<name> = run.<name>``.
_RUN_METHODS = (
    "log",
    "save",
    "define_metric",
    "alert",
    "mark_preempting",
    "watch",
    "unwatch",
    "log_artifact",
    "use_artifact",
    "log_model",
    "use_model",
    "link_model",
    "log_code",
)


def _set_global_run(run: Run) -> None:
    """Make ``run`` the global run: ``wandb.run``, ``wandb.config``, ``wandb.log``..."""
    import wandb

    wandb.run = run
    wandb.config = run.config
    wandb.summary = run.summary
    for name in _RUN_METHODS:
        method = getattr(run, name, None)
        if method is not None:
            setattr(wandb, name, method)


def _clear_global_run(run: Run | None = None) -> None:
    """Unbind the globals (only if ``run`` is the global run, when given)."""
    import wandb

    if run is not None and getattr(wandb, "run", None) is not run:
        return
    wandb.run = None
    wandb.config = _PreInitConfig()
    wandb.summary = _PreInitSummary()
    for name in _RUN_METHODS:
        setattr(wandb, name, _preinit_callable(f"wandb.{name}", name))


def _finish(exit_code: int | None = None, quiet: bool | None = None) -> None:
    """Finish the global run (``wandb.finish``): upload remaining data, mark it done.

    Args:
        exit_code: 0 marks the run finished, anything else failed.
        quiet: Deprecated; use ``wandb.Settings(quiet=...)``.
    """
    import wandb

    run = getattr(wandb, "run", None)
    if run is None:
        return
    kwargs: dict[str, Any] = {}
    if exit_code is not None:
        kwargs["exit_code"] = exit_code
    if quiet is not None:
        kwargs["quiet"] = quiet
    run.finish(**kwargs)
