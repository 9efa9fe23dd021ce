"""``run.watch`` / ``run.unwatch``: log PyTorch gradients and parameters as histograms.

``_watch(run, ...)`` and ``_unwatch(run, ...)`` hold the logic (``wandb.sdk._watch`` /
``_unwatch`` in wandb); ``wandb.watch`` / ``wandb.unwatch`` are the active run's methods.
torch is imported only when a model is watched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wandb.sdk.wandb_run import Run

logger = logging.getLogger("wandb")

_LOG_VALUES = ("gradients", "parameters", "all", None)

class NotAModuleError(TypeError, ValueError):
    """A watched object is not a ``torch.nn.Module`` (``TypeError`` as wandb raises it,
    ``ValueError`` as wandb documents it)."""


#: Models watched in this process so far (``graph_<n>`` prefixes continue across runs).
_global_watch_idx = 0


def _torch_history(run: Any) -> Any:
    history = getattr(run, "_torch_history", None)
    if history is None:
        from wandb.integration.torch.wandb_torch import TorchHistory

        history = TorchHistory(run)
        run._torch_history = history
    return history


def _watch(
    run: "Run",
    models: Any,
    criterion: Any = None,
    log: str | None = "gradients",
    log_freq: int = 1000,
    idx: int | None = None,
    log_graph: bool = False,
) -> list:
    """Hook ``models`` so gradients and/or parameters are logged every ``log_freq`` batches.

    Returns the graphs recorded with ``log_graph`` (one per model).

    Raises:
        ValueError: ``log`` is not "gradients", "parameters", "all" or None.
        TypeError: a model is not a ``torch.nn.Module`` (also a ``ValueError``).
        wandb.Error: torch is not installed.
    """
    global _global_watch_idx

    telemetry = getattr(run, "_telemetry", None)
    if telemetry is not None:
        telemetry.set_feature("watch")
    logger.info("Watching")
    if log not in _LOG_VALUES:
        raise ValueError("log must be one of 'gradients', 'parameters', 'all', or None")
    log_parameters = log in ("parameters", "all")
    log_gradients = log in ("gradients", "all")
    if not isinstance(models, (tuple, list)):
        models = (models,)
    try:
        import torch
    except ImportError:
        from wandb.errors import Error

        raise Error("wandb.watch only works with pytorch, couldn't import torch.") from None
    for model in models:
        if not isinstance(model, torch.nn.Module):
            raise NotAModuleError(f"Expected a pytorch model (torch.nn.Module). Received {type(model)}")

    history = _torch_history(run)
    graphs = []
    prefix = ""
    if idx is None:
        idx = _global_watch_idx
    for offset, model in enumerate(models):
        global_idx = idx + offset
        _global_watch_idx += 1
        if global_idx > 0:
            prefix = f"graph_{global_idx}"
        if log_parameters:
            history.add_log_parameters_hook(model, prefix=prefix, log_freq=log_freq)
        if log_gradients:
            history.add_log_gradients_hook(model, prefix=prefix, log_freq=log_freq)
        if log_graph:
            graphs.append(history.hook_torch(model, criterion, graph_idx=global_idx))
    return graphs


def _unwatch(run: "Run", models: Any = None) -> None:
    """Remove the hooks of ``models`` (all hooks of the run when None)."""
    history = getattr(run, "_torch_history", None)
    if models:
        if not isinstance(models, (tuple, list)):
            models = (models,)
        for model in models:
            names = getattr(model, "_wandb_hook_names", None)
            if names is None:
                import wandb

                wandb.termwarn(f"{model} model has not been watched")
                continue
            if history is not None:
                for name in names:
                    history.unhook(name)
            delattr(model, "_wandb_hook_names")
    elif history is not None:
        history.unhook_all()


def watch(
    models: Any,
    criterion: Any = None,
    log: str | None = "gradients",
    log_freq: int = 1000,
    idx: int | None = None,
    log_graph: bool = False,
) -> list:
    """``run.watch`` on the active run; raises ``wandb.Error`` before ``wandb.init()``."""
    return _watch(_active_run("watch"), models, criterion, log, log_freq, idx, log_graph)


def unwatch(models: Any = None) -> None:
    """``run.unwatch`` on the active run; raises ``wandb.Error`` before ``wandb.init()``."""
    _unwatch(_active_run("unwatch"), models)


def _active_run(what: str) -> Any:
    import wandb

    run = getattr(wandb, "run", None)
    if run is None:
        raise wandb.Error(f"You must call wandb.init() before wandb.{what}()")
    return run
