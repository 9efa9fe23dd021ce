"""The run object returned by ``wandb.init(mode="disabled")``.

It is a ``wandb.Run`` (and a ``wandb.sdk.lib.RunDisabled``) whose methods are cheap
no-ops: nothing is written, no thread starts. ``log`` updates a local summary dict,
``config`` is a real ``Config`` (so config errors still show up in tests),
``define_metric`` returns a ``Metric``, artifact calls return chainable no-ops.
"""

from __future__ import annotations

import tempfile
import time
from typing import Any

from wandb.sdk.lib import runid
from wandb.sdk.lib.disabled import ChainableNoOp, RunDisabled, SummaryDisabled

_disabled_cls: type | None = None


def _none(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _build_class() -> type:
    from wandb.sdk.wandb_run import Run

    def log(self: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(data, dict):
            self._disabled_summary.update(data)

    def finish(self: Any, exit_code: Any = None, quiet: Any = None) -> None:
        from wandb.sdk import wandb_setup

        wandb_setup._clear_global_run(self)
        object.__setattr__(self, "_disabled_finished", True)

    def define_metric(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            from wandb.sdk.wandb_metric import Metric

            return Metric(name)
        except Exception:  # noqa: BLE001  (a stand-in is fine in disabled mode)
            return ChainableNoOp()

    def log_artifact(self: Any, *args: Any, **kwargs: Any) -> Any:
        return ChainableNoOp()

    def enter(self: Any) -> Any:
        return self

    def exit(self: Any, exc_type: Any, exc: Any, tb: Any) -> bool:
        self.finish(exit_code=0 if exc_type is None else 1)
        return exc_type is None

    def getattr_(self: Any, name: str) -> Any:
        raise AttributeError(f"'Run' object has no attribute '{name}'")

    def repr_(self: Any) -> str:
        return f"<Run disabled id={self._disabled_id}>"

    def prop(attr: str) -> property:
        # Assignments (e.g. from Run.__init__) are ignored: the disabled objects stay.
        return property(lambda self: self.__dict__[attr], lambda self, value: None)

    ns: dict[str, Any] = {
        "__module__": Run.__module__,
        "__doc__": Run.__doc__,
        "__getattr__": getattr_,
        "__repr__": repr_,
        "__enter__": enter,
        "__exit__": exit,
        "log": log,
        "finish": finish,
        "join": finish,
        "_finish": _none,
        "define_metric": define_metric,
        "save": _false,
        "log_artifact": log_artifact,
        "upsert_artifact": log_artifact,
        "config": prop("_disabled_config"),
        "summary": prop("_disabled_summary"),
        "url": property(lambda self: None),
        "project_url": property(lambda self: None),
        "sweep_url": property(lambda self: None),
        "disabled": property(lambda self: True),
        "offline": property(lambda self: False),
        "step": property(lambda self: 0),
        "_start": _none,
    }
    for name in (
        "alert", "finish_artifact", "get_project_url", "get_sweep_url", "get_url",
        "link_artifact", "link_model", "use_artifact", "log_code", "log_model",
        "use_model", "mark_preempting", "restore", "status", "watch", "unwatch",
    ):  # fmt: skip
        ns[name] = _none
    return type("Run", (Run, RunDisabled), ns)


def make_disabled_run(config_parts: Any) -> Any:
    """Build the disabled run, bind it as ``wandb.run`` and return it."""
    global _disabled_cls
    from wandb.sdk import wandb_setup
    from wandb.sdk.wandb_config import Config
    from wandb.sdk.wandb_settings import Settings

    if _disabled_cls is None:
        _disabled_cls = _build_class()
    run_id = runid.generate_id()
    settings = Settings(
        mode="disabled",
        x_files_dir=tempfile.gettempdir(),
        run_id=run_id,
        run_tags=(),
        run_name=f"dummy-{run_id}",
        project="dummy",
        entity="dummy",
    )
    settings.x_start_time = time.time()
    config = Config()
    config._set_settings(settings)
    config.update(config_parts.sweep)
    config.update(config_parts.base)

    run = _disabled_cls.__new__(_disabled_cls)
    run.__dict__["_disabled_id"] = run_id
    run.__dict__["_disabled_config"] = config
    run.__dict__["_disabled_summary"] = SummaryDisabled()
    try:
        from wandb.sdk.wandb_run import Run

        Run.__init__(run, settings=settings, config=config)
    except Exception:  # noqa: BLE001  (a disabled run must never fail to build)
        run.__dict__.setdefault("_settings", settings)
    # Our properties read these; make sure Run.__init__ did not replace them.
    run.__dict__["_disabled_config"] = config
    run.__dict__["_disabled_summary"] = run.__dict__.get("_disabled_summary") or SummaryDisabled()
    wandb_setup._set_global_run(run)
    return run
